package dev.pulmo.cocojson.internal;

import java.util.Arrays;

/**
 * A set of longs with open addressing over a primitive array: about 16 bytes per id instead of the ~60 of
 * a {@code HashSet<Long>}, so that the ids of a million annotations fit easily in a small heap.
 */
final class LongHashSet {
    private static final long EMPTY = Long.MIN_VALUE;

    private long[] slots = filled(16); // most files have a few annotations: a run per file allocated 8 KiB here
    private int size;
    private boolean hasEmptyMarker;

    private static long[] filled(int n) {
        long[] a = new long[n];
        Arrays.fill(a, EMPTY);
        return a;
    }

    int size() {
        return size;
    }

    /** Adds {@code v}; false when it was already there. */
    boolean add(long v) {
        if (v == EMPTY) {
            if (hasEmptyMarker) {
                return false;
            }
            hasEmptyMarker = true;
            size++;
            return true;
        }
        if ((size + 1) * 2 > slots.length) {
            grow();
        }
        if (!insert(slots, v)) {
            return false;
        }
        size++;
        return true;
    }

    private static boolean insert(long[] table, long v) {
        int mask = table.length - 1;
        int i = mix(v) & mask;
        while (table[i] != EMPTY) {
            if (table[i] == v) {
                return false;
            }
            i = (i + 1) & mask;
        }
        table[i] = v;
        return true;
    }

    private void grow() {
        long[] bigger = filled(slots.length * 2);
        for (long v : slots) {
            if (v != EMPTY) {
                insert(bigger, v);
            }
        }
        slots = bigger;
    }

    private static int mix(long v) {
        long h = v * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
