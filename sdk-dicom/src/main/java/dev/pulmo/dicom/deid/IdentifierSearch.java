package dev.pulmo.dicom.deid;

import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomElement;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.VR;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Finds known identifiers of patients (hospital ids, names, birth dates) in text, in every string of a dataset at
 * every depth, and in the bytes of private and unknown values. It answers "does any of what we de-identified still
 * appear?", which the profile-based {@link ResidueScanner} cannot: a name typed into a kept free-text attribute, a
 * private tag, or a structured report is found here.
 *
 * <p>Matching is on a normal form of both sides: upper case, each run of characters that are neither letters nor
 * digits becomes one space, and a space between two digits is dropped, so {@code Hong^Gildong} matches
 * {@code HONG GILDONG} and {@code 1965-04-12} matches {@code 19650412}. An identifier edge that is a Latin letter or
 * a digit must not continue a run of the same class in the text ({@code LEE} is not found in {@code SLEEP}, nor
 * {@code 1234} in {@code 912345}); a Hangul edge may ({@code 홍길동님}). Identifiers shorter than 3 characters (2 for
 * Hangul) are ignored. All identifiers are searched at once (Aho–Corasick), so the cost does not grow with their number.
 */
public final class IdentifierSearch {

    /** What an identifier is, as a finding may name it without showing it. */
    public enum Kind {
        HOSPITAL_ID("a hospital id"), NAME("a name"), BIRTH_DATE("the birth date");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        /** @return e.g. "a name" */
        public String description() {
            return description;
        }
    }

    /**
     * One identifier of one patient.
     *
     * @param patient the patient's new (de-identified) id, so a finding can say whose it is without saying what
     * @param kind    what it is
     * @param value   the identifying value as it was in the source
     */
    public record Identifier(String patient, Kind kind, String value) {
        public Identifier {
            Objects.requireNonNull(patient, "patient");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(value, "value");
        }
    }

    /** An identifier found in a text, from {@code start} (inclusive) to {@code end} (exclusive). */
    public record Match(Identifier identifier, int start, int end) {
    }

    /** An identifier found in a dataset, at a path such as {@code (0040,A730)[0]/(0040,A160)}. */
    public record Located(String path, Identifier identifier) {
    }

    private static final int MAX_BINARY_SCAN_BYTES = 64 * 1024;

    private final List<Identifier> identifiers = new ArrayList<>();
    private final List<String> patterns = new ArrayList<>();
    private final List<Integer> patternOwner = new ArrayList<>();
    // Aho-Corasick automaton: node 0 is the root
    private final Map<Long, Integer> edges = new HashMap<>();
    private final List<Integer> fail = new ArrayList<>();
    private final List<int[]> outputs = new ArrayList<>();

    private IdentifierSearch(Collection<Identifier> all) {
        fail.add(0);
        outputs.add(new int[0]);
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (Identifier id : all) {
            identifiers.add(id);
            String normal = normalize(id.value()).text;
            for (String variant : new String[] {normal, normal.replace(" ", "")}) {
                if (long_enough(variant) && seen.putIfAbsent(variant + '\u0000' + id.patient() + id.kind(), 1) == null) {
                    patterns.add(variant);
                    patternOwner.add(identifiers.size() - 1);
                    insert(variant, patterns.size() - 1);
                }
            }
        }
        link();
    }

    /** @return a search for {@code identifiers} (values that are too short to search are left out) */
    public static IdentifierSearch of(Collection<Identifier> identifiers) {
        return new IdentifierSearch(identifiers);
    }

    /** @return true when there is nothing to search for */
    public boolean isEmpty() {
        return patterns.isEmpty();
    }

    /** @return every identifier found in {@code text}, with its span in {@code text}, leftmost first */
    public List<Match> find(String text) {
        List<Match> out = new ArrayList<>();
        if (text == null || text.isEmpty() || patterns.isEmpty()) {
            return out;
        }
        Normal n = normalize(text);
        String t = n.text;
        int node = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            while (node != 0 && !edges.containsKey(key(node, c))) {
                node = fail.get(node);
            }
            node = edges.getOrDefault(key(node, c), 0);
            for (int p : outputs.get(node)) {
                String pattern = patterns.get(p);
                int start = i - pattern.length() + 1;
                if (bounded(t, start, i + 1, pattern)) {
                    out.add(new Match(identifiers.get(patternOwner.get(p)), n.originalStart[start], n.originalEnd[i]));
                }
            }
        }
        out.sort((a, b) -> a.start() != b.start() ? Integer.compare(a.start(), b.start()) : Integer.compare(b.end(), a.end()));
        return out;
    }

    /**
     * Replaces every identifier found in {@code text} (the longest at each place; overlaps are merged into the first).
     *
     * @param replacement what an identifier becomes, e.g. the new id for a hospital id and {@code *} for the rest
     */
    public String replace(String text, Function<Identifier, String> replacement) {
        List<Match> matches = find(text);
        if (matches.isEmpty()) {
            return text;
        }
        StringBuilder sb = new StringBuilder();
        int at = 0;
        for (Match m : matches) {
            if (m.start() < at) {
                continue;
            }
            sb.append(text, at, m.start()).append(replacement.apply(m.identifier()));
            at = m.end();
        }
        return sb.append(text.substring(at)).toString();
    }

    /**
     * Searches every value of {@code dataset} at every depth: text values (all text VRs but UI, whose values are
     * replaced anyway and whose digits would match ids by chance), and the bytes of binary values of private or UN
     * elements up to 64 KiB (as Latin-1 and as UTF-8). Pixel Data is not searched.
     */
    public List<Located> scan(DicomDataset dataset) {
        List<Located> out = new ArrayList<>();
        if (!patterns.isEmpty()) {
            scan(dataset, "", out);
        }
        return out;
    }

    private void scan(DicomDataset dataset, String prefix, List<Located> out) {
        for (DicomElement e : dataset.elements()) {
            String path = prefix + Tag.toString(e.tag());
            if (e.vr() == VR.SQ) {
                List<DicomDataset> items = e.items();
                for (int i = 0; i < items.size(); i++) {
                    scan(items.get(i), path + "[" + i + "]/", out);
                }
                continue;
            }
            for (String text : texts(e)) {
                for (Match m : find(text)) {
                    out.add(new Located(path, m.identifier()));
                }
            }
        }
    }

    private static List<String> texts(DicomElement e) {
        VR vr = e.vr();
        int group = e.tag() >>> 16;
        if (group == 0x7FE0 || e.isEmpty() || vr == VR.UI) {
            return List.of();
        }
        try {
            if (vr.isText()) {
                return List.of(String.join("\\", e.strings().stream().map(s -> s == null ? "" : s).toList()));
            }
            boolean privateOrUnknown = (group & 1) == 1 || vr == VR.UN;
            if (privateOrUnknown && e.encapsulated().isEmpty() && e.valueLength() <= MAX_BINARY_SCAN_BYTES) {
                byte[] bytes = e.bytes();
                return List.of(new String(bytes, StandardCharsets.ISO_8859_1), new String(bytes, StandardCharsets.UTF_8));
            }
        } catch (DicomException | IllegalArgumentException ex) {
            // an undecodable value says nothing we can search; the residue scanner reports structure
        }
        return List.of();
    }

    // ---------------------------------------------------------------------------------------------- normal form

    /** The normal form of a text and, per character of it, the span of the original it came from. */
    private record Normal(String text, int[] originalStart, int[] originalEnd) {
    }

    private static Normal normalize(String s) {
        StringBuilder a = new StringBuilder(s.length());
        List<int[]> spans = new ArrayList<>(s.length());
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (Character.isLetterOrDigit(cp)) {
                String upper = new String(Character.toChars(cp)).toUpperCase(Locale.ROOT);
                for (int k = 0; k < upper.length(); k++) {
                    a.append(upper.charAt(k));
                    spans.add(new int[] {i, next});
                }
            } else if (a.length() > 0 && a.charAt(a.length() - 1) != ' ') {
                a.append(' ');
                spans.add(new int[] {i, next});
            }
            i = next;
        }
        // drop a space between two digits: 1965-04-12 reads as 19650412
        StringBuilder b = new StringBuilder(a.length());
        List<int[]> kept = new ArrayList<>(a.length());
        for (int k = 0; k < a.length(); k++) {
            char c = a.charAt(k);
            if (c == ' ' && k > 0 && k + 1 < a.length() && isDigit(a.charAt(k - 1)) && isDigit(a.charAt(k + 1))) {
                continue;
            }
            b.append(c);
            kept.add(spans.get(k));
        }
        int[] start = new int[kept.size()];
        int[] end = new int[kept.size()];
        for (int k = 0; k < kept.size(); k++) {
            start[k] = kept.get(k)[0];
            end[k] = kept.get(k)[1];
        }
        return new Normal(b.toString().strip(), start, end);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLatinLetter(char c) {
        return c >= 'A' && c <= 'Z';
    }

    private static boolean isHangul(char c) {
        return c >= 0xAC00 && c <= 0xD7A3 || c >= 0x1100 && c <= 0x11FF || c >= 0x3130 && c <= 0x318F;
    }

    private static boolean long_enough(String pattern) {
        boolean hangul = pattern.chars().anyMatch(c -> isHangul((char) c));
        return pattern.codePointCount(0, pattern.length()) >= (hangul ? 2 : 3);
    }

    /** A Latin or digit edge of the pattern must not continue a run of the same class in the text. */
    private static boolean bounded(String text, int start, int end, String pattern) {
        char first = pattern.charAt(0);
        char last = pattern.charAt(pattern.length() - 1);
        if (start > 0 && sameClass(first, text.charAt(start - 1))) {
            return false;
        }
        return end >= text.length() || !sameClass(last, text.charAt(end));
    }

    private static boolean sameClass(char edge, char neighbour) {
        return isDigit(edge) && isDigit(neighbour) || isLatinLetter(edge) && isLatinLetter(neighbour);
    }

    // ---------------------------------------------------------------------------------------------- automaton

    private static long key(int node, char c) {
        return ((long) node << 16) | c;
    }

    private void insert(String pattern, int index) {
        int node = 0;
        for (int i = 0; i < pattern.length(); i++) {
            long k = key(node, pattern.charAt(i));
            Integer next = edges.get(k);
            if (next == null) {
                next = fail.size();
                fail.add(0);
                outputs.add(new int[0]);
                edges.put(k, next);
            }
            node = next;
        }
        int[] old = outputs.get(node);
        int[] grown = java.util.Arrays.copyOf(old, old.length + 1);
        grown[old.length] = index;
        outputs.set(node, grown);
    }

    private void link() {
        Map<Integer, List<Map.Entry<Character, Integer>>> children = new HashMap<>();
        for (Map.Entry<Long, Integer> e : edges.entrySet()) {
            int parent = (int) (e.getKey() >>> 16);
            char c = (char) (e.getKey() & 0xFFFF);
            children.computeIfAbsent(parent, k -> new ArrayList<>()).add(Map.entry(c, e.getValue()));
        }
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (Map.Entry<Character, Integer> e : children.getOrDefault(0, List.of())) {
            fail.set(e.getValue(), 0);
            queue.add(e.getValue());
        }
        while (!queue.isEmpty()) {
            int node = queue.poll();
            for (Map.Entry<Character, Integer> e : children.getOrDefault(node, List.of())) {
                int child = e.getValue();
                int f = fail.get(node);
                while (f != 0 && !edges.containsKey(key(f, e.getKey()))) {
                    f = fail.get(f);
                }
                Integer target = edges.get(key(f, e.getKey()));
                int link = target == null || target == child ? 0 : target;
                fail.set(child, link);
                int[] own = outputs.get(child);
                int[] inherited = outputs.get(link);
                if (inherited.length > 0) {
                    int[] merged = java.util.Arrays.copyOf(own, own.length + inherited.length);
                    System.arraycopy(inherited, 0, merged, own.length, inherited.length);
                    outputs.set(child, merged);
                }
                queue.add(child);
            }
        }
    }
}
