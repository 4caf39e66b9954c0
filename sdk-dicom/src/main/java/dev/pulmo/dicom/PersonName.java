package dev.pulmo.dicom;

/**
 * One value of a PN element: its three component groups (PS3.5 6.2.1.1), each a {@code ^}-separated string of
 * family name, given name, middle name, prefix, suffix. Absent groups are empty strings.
 *
 * @param alphabetic  single-byte representation
 * @param ideographic ideographic representation (e.g. Kanji, Hanja)
 * @param phonetic    phonetic representation (e.g. Hiragana, Hangul)
 */
public record PersonName(String alphabetic, String ideographic, String phonetic) {

    public PersonName {
        alphabetic = alphabetic == null ? "" : alphabetic;
        ideographic = ideographic == null ? "" : ideographic;
        phonetic = phonetic == null ? "" : phonetic;
    }

    /** @return the name parsed from its DICOM form {@code alphabetic=ideographic=phonetic} */
    public static PersonName parse(String value) {
        String[] groups = value.split("=", -1);
        return new PersonName(groups[0], groups.length > 1 ? groups[1] : "", groups.length > 2 ? groups[2] : "");
    }

    /** @return the number of groups up to the last non-empty one (0 for an empty name) */
    public int groupCount() {
        return !phonetic.isEmpty() ? 3 : !ideographic.isEmpty() ? 2 : !alphabetic.isEmpty() ? 1 : 0;
    }

    /** @return the DICOM form, groups up to the last non-empty one joined with {@code =} */
    @Override
    public String toString() {
        return switch (groupCount()) {
            case 3 -> alphabetic + "=" + ideographic + "=" + phonetic;
            case 2 -> alphabetic + "=" + ideographic;
            default -> alphabetic;
        };
    }
}
