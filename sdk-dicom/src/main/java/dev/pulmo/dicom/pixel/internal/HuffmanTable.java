package dev.pulmo.dicom.pixel.internal;

/**
 * Canonical Huffman codes of T.81 Annex C: a direct lookup of codes up to {@link #LOOKAHEAD} bits (entry =
 * length × 256 + value, 0 when longer), then the MAXCODE/VALPTR tables of F.2.2.3.
 */
final class HuffmanTable {
    static final int LOOKAHEAD = 9;
    final int[] lookup = new int[1 << LOOKAHEAD];
    final int[] maxCode = new int[18];
    final int[] valuePointer = new int[17];
    final int[] minCode = new int[17];
    final int[] values;

    private HuffmanTable(int[] values) {
        this.values = values;
    }

    /** @return the table, or null when the counts overflow the code space */
    static HuffmanTable of(int[] counts, int[] values) {
        HuffmanTable t = new HuffmanTable(values);
        int code = 0;
        int k = 0;
        for (int length = 1; length <= 16; length++) {
            t.valuePointer[length] = k;
            t.minCode[length] = code;
            for (int i = 0; i < counts[length]; i++, code++, k++) {
                if (code >= 1 << length) {
                    return null;
                }
                if (length <= LOOKAHEAD) {
                    int first = code << (LOOKAHEAD - length);
                    for (int fill = 0; fill < 1 << (LOOKAHEAD - length); fill++) {
                        t.lookup[first + fill] = length << 8 | values[k];
                    }
                }
            }
            t.maxCode[length] = counts[length] == 0 ? -1 : code - 1;
            code <<= 1;
        }
        t.maxCode[17] = Integer.MAX_VALUE;
        return t;
    }
}
