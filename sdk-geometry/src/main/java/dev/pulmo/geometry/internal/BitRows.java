package dev.pulmo.geometry.internal;

/**
 * Layout of a bit-packed mask: 64 pixels per {@code long}, least significant bit first, every row starting on
 * a fresh word, bits past the width always 0.
 */
public final class BitRows {
    private BitRows() {
    }

    public static int wordsPerRow(int width) {
        return (width + 63) >>> 6;
    }

    /** Sets bits [from, to) of the row whose first word is at {@code base}. */
    public static void fill(long[] words, int base, int from, int to) {
        if (from >= to) {
            return;
        }
        int first = from >>> 6, last = (to - 1) >>> 6;
        long firstMask = -1L << from, lastMask = -1L >>> (63 - ((to - 1) & 63));
        if (first == last) {
            words[base + first] |= firstMask & lastMask;
            return;
        }
        words[base + first] |= firstMask;
        for (int k = first + 1; k < last; k++) {
            words[base + k] = -1L;
        }
        words[base + last] |= lastMask;
    }
}
