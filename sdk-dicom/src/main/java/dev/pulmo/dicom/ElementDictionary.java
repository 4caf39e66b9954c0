package dev.pulmo.dicom;

import dev.pulmo.dicom.internal.DictionaryTable;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Look-ups in the standard data dictionary (PS3.6 Table 6-1 and 7-1, PS3.7 command elements), generated from
 * {@code ../shared/dicom-standard/data_dictionary.tsv}: tag to VR, VM, keyword and name, and keyword to tag.
 * Repeating groups ({@code 50xx}, {@code 60xx}, ...) match any even group in their range. Private tags are not in
 * the dictionary.
 */
public final class ElementDictionary {

    private ElementDictionary() {
    }

    /**
     * One dictionary row.
     *
     * @param tagPattern 8 hex digits, {@code x} for any digit in repeating groups (e.g. {@code 60xx3000})
     * @param vr         the VR as the standard writes it: one code ({@code "PN"}), an ambiguous choice
     *                   ({@code "US or SS"}, {@code "OB or OW"}), or {@code "NONE"} for item delimiters
     * @param vm         value multiplicity, e.g. {@code "1"}, {@code "1-n"}, {@code "3"}
     * @param keyword    the keyword (empty for retired blanks)
     * @param name       the attribute name
     * @param retired    true when the standard retired the attribute
     */
    public record Entry(String tagPattern, String vr, String vm, String keyword, String name, boolean retired) {

        /** @return the VR when the dictionary gives exactly one, otherwise empty (ambiguous or NONE) */
        public Optional<VR> singleVr() {
            return Optional.ofNullable(VR.fromCode(vr));
        }
    }

    /** @return the entry for {@code tag}, empty for private and unknown tags */
    public static Optional<Entry> entry(int tag) {
        return Optional.ofNullable(DictionaryTable.entry(tag));
    }

    /** @return the tag with this keyword (e.g. {@code "PatientID"} gives {@code 0x00100020}), or empty */
    public static OptionalInt tagOf(String keyword) {
        Integer tag = DictionaryTable.tagOf(keyword);
        return tag == null ? OptionalInt.empty() : OptionalInt.of(tag);
    }

    /** @return the keyword of {@code tag}, or the empty string for private and unknown tags */
    public static String keywordOf(int tag) {
        Entry e = DictionaryTable.entry(tag);
        return e == null ? "" : e.keyword();
    }
}
