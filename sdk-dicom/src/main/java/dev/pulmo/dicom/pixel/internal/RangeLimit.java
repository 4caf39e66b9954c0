package dev.pulmo.dicom.pixel.internal;

/**
 * libjpeg's post-IDCT range-limit table ({@code prepare_range_limit_table} in {@code jdmaster.c}), indexed by the
 * inverse DCT's output {@code v} masked with {@code 4·2^P − 1}: {@code v + 2^(P−1)} clamped to {@code 0..2^P − 1}
 * for {@code v} within {@code ±2^(P+1)}, and wrapping beyond, as libjpeg does for data no encoder produces.
 */
final class RangeLimit {
    private static final int[] EIGHT_BIT = build(8);
    private static final int[] TWELVE_BIT = build(12);

    private RangeLimit() {
    }

    /** @param precision 8 or 12 */
    static int[] of(int precision) {
        return precision == 8 ? EIGHT_BIT : TWELVE_BIT;
    }

    private static int[] build(int precision) {
        int max = (1 << precision) - 1;
        int center = 1 << (precision - 1);
        int size = 4 * (max + 1);
        int[] table = new int[size];
        for (int index = 0; index < size; index++) {
            // the table libjpeg builds, read at CENTERJSAMPLE + index
            int x = center + index;
            if (x <= max) {
                table[index] = x;
            } else if (x < 2 * (max + 1) + center) {
                table[index] = max;
            } else if (x < 4 * (max + 1)) {
                table[index] = 0;
            } else {
                table[index] = x - 4 * (max + 1);
            }
        }
        return table;
    }
}
