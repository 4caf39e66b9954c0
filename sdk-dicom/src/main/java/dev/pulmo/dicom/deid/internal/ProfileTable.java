package dev.pulmo.dicom.deid.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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

    /** The rows of concrete tags, by tag: looked up by binary search, without boxing (every element of every header). */
    private final int[] exactTags;
    private final Row[] exactRows;
    private final List<Range> ranges;
    private final Row privateRow;

    /**
     * A row whose tag has {@code x} digits (such as {@code 60xx3000}): the tags whose digits under {@code mask} are
     * {@code value}; in the repeating groups 50xx and 60xx, only 5000-501E and 6000-601E (PS3.5 7.6).
     */
    private record Range(int mask, int value, boolean repeatingGroup, Row row) {
        static Range of(Row row) {
            String pattern = row.tagPattern();
            int mask = 0;
            int value = 0;
            for (int i = 0; i < 8; i++) {
                char c = pattern.charAt(i);
                mask <<= 4;
                value <<= 4;
                if (c != 'x') {
                    mask |= 0xF;
                    value |= Character.digit(c, 16);
                }
            }
            return new Range(mask, value, pattern.startsWith("50xx") || pattern.startsWith("60xx"), row);
        }

        boolean matches(int tag) {
            return (tag & mask) == value && (!repeatingGroup || (tag >>> 16 & 0xFF) <= 0x1E);
        }
    }

    private ProfileTable(Map<Integer, Row> exact, List<Range> ranges, Row privateRow) {
        exactTags = exact.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        exactRows = new Row[exactTags.length];
        for (int i = 0; i < exactTags.length; i++) {
            exactRows[i] = exact.get(exactTags[i]);
        }
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
        int i = Arrays.binarySearch(exactTags, tag);
        if (i >= 0) {
            return exactRows[i];
        }
        for (Range r : ranges) {
            if (r.matches(tag)) {
                return r.row();
            }
        }
        return null;
    }

    /** Odd groups are private (PS3.5 7.8.1); groups 0001, 0003, 0005, 0007 and FFFF are not allowed at all. */
    public static boolean isPrivate(int tag) {
        return ((tag >>> 16) & 1) == 1;
    }

    private static ProfileTable load() {
        Map<Integer, Row> exact = new java.util.LinkedHashMap<>();
        List<Range> ranges = new ArrayList<>();
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
                    ranges.add(Range.of(row));
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
        return new ProfileTable(exact, List.copyOf(ranges), privateRow);
    }
}
