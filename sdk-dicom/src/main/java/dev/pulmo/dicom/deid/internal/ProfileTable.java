package dev.pulmo.dicom.deid.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * PS3.15 Table E.1-1 (the Basic Application Level Confidentiality Profile) as loaded from
 * {@code confidentiality_profile.tsv}, which {@code src/build/java/ProfileTableGenerator.java} makes from
 * {@code ../shared/dicom-standard/confidentiality_profile_attributes.json}.
 */
public final class ProfileTable {

    /** Column order of the option actions in the resource (the generator's {@code OPTIONS}). */
    public enum Option {
        RETAIN_PATIENT_CHARACTERISTICS, RETAIN_DEVICE_IDENTITY, RETAIN_INSTITUTION_IDENTITY, RETAIN_UIDS,
        RETAIN_LONGITUDINAL_FULL_DATES, RETAIN_LONGITUDINAL_MODIFIED_DATES, CLEAN_DESCRIPTORS,
        CLEAN_STRUCTURED_CONTENT, CLEAN_GRAPHICS, RETAIN_SAFE_PRIVATE
    }

    /**
     * One row: the basic profile's action code as the table writes it ({@code X/Z/D}, {@code X/Z/U*}, ...) and the
     * code under each option ({@code null} where the option does not name the attribute); {@code actions} is what
     * they resolve to under each set of options ({@link ProfileAction#resolve}).
     */
    public record Row(String tagPattern, String basicAction, String[] optionActions, String name, ProfileAction[] actions) {
        Row(String tagPattern, String basicAction, String[] optionActions, String name) {
            this(tagPattern, basicAction, optionActions, name,
                    ProfileAction.underEachOptionSet(basicAction, optionActions, name));
        }
    }

    private static final ProfileTable INSTANCE = load();

    private static final int MAX_REMEMBERED = 4096;
    /** Stands for "no row" in {@link #rangeRows}. */
    private static final Row NO_ROW = new Row("", "", new String[0], "", new ProfileAction[0]);

    private final Map<Integer, Row> exact;
    private final List<Row> ranges;
    /** The range look-ups made so far: datasets repeat the same few tags, and a look-up walks every range. */
    private final Map<Integer, Row> rangeRows = new java.util.concurrent.ConcurrentHashMap<>();
    private final Row privateRow;

    private ProfileTable(Map<Integer, Row> exact, List<Row> ranges, Row privateRow) {
        this.exact = exact;
        this.ranges = ranges;
        this.privateRow = privateRow;
    }

    public static ProfileTable standard() {
        return INSTANCE;
    }

    /** @return the row for a standard (even group) tag, looking at ranges such as {@code 60xx3000} last; or null */
    public Row row(int tag) {
        if (isPrivate(tag)) {
            return privateRow;
        }
        Row row = exact.get(tag);
        if (row != null) {
            return row;
        }
        Row found = rangeRows.get(tag);
        if (found == null) {
            String hex = java.util.HexFormat.of().toHexDigits(tag);
            found = ranges.stream().filter(r -> matches(r.tagPattern(), hex)).findFirst().orElse(NO_ROW);
            if (rangeRows.size() < MAX_REMEMBERED) { // a hostile file's million made-up tags must not fill the heap
                rangeRows.put(tag, found);
            }
        }
        return found == NO_ROW ? null : found;
    }

    /** @return every row whose tag is concrete (no range), in table order */
    public List<Row> concreteRows() {
        return List.copyOf(exact.values());
    }

    /** Odd groups are private (PS3.5 7.8.1); groups 0001, 0003, 0005, 0007 and FFFF are not allowed at all. */
    public static boolean isPrivate(int tag) {
        return ((tag >>> 16) & 1) == 1;
    }

    private static boolean matches(String pattern, String hex) {
        for (int i = 0; i < 8; i++) {
            char p = pattern.charAt(i);
            if (p != 'x' && p != hex.charAt(i)) {
                return false;
            }
        }
        // The standard's repeating groups 50xx and 60xx are the even groups 5000-501E and 6000-601E (PS3.5 7.6).
        int group = Integer.parseInt(hex.substring(0, 4), 16);
        return pattern.startsWith("50xx") || pattern.startsWith("60xx") ? (group & 0xFF) <= 0x1E : true;
    }

    private static ProfileTable load() {
        Map<Integer, Row> exact = new java.util.LinkedHashMap<>();
        List<Row> ranges = new ArrayList<>();
        Row privateRow = null;
        try (InputStream in = ProfileTable.class.getResourceAsStream("confidentiality_profile.tsv")) {
            if (in == null) {
                throw new IllegalStateException("resource confidentiality_profile.tsv is missing from sdk-dicom");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                String[] options = new String[Option.values().length];
                for (int i = 0; i < options.length; i++) {
                    options[i] = "-".equals(f[2 + i]) ? null : f[2 + i];
                }
                Row row = new Row(f[0], f[1], options, f[f.length - 1]);
                if (f[0].equals("odd")) {
                    privateRow = row;
                } else if (f[0].indexOf('x') >= 0) {
                    ranges.add(row);
                } else {
                    exact.put((int) Long.parseLong(f[0], 16), row);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read confidentiality_profile.tsv", e);
        }
        if (privateRow == null) {
            throw new IllegalStateException("confidentiality_profile.tsv has no row for private attributes");
        }
        return new ProfileTable(Map.copyOf(new HashMap<>(exact)), List.copyOf(ranges), privateRow);
    }
}
