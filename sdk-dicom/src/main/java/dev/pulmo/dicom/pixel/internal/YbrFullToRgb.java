package dev.pulmo.dicom.pixel.internal;

/**
 * YBR_FULL to RGB as libjpeg converts JPEG's YCbCr ({@code jdcolor.c}, {@code ycc_rgb_convert}): the inverse of
 * the equations of PS3.3 C.7.6.3.1.2 (Y = .299 R + .587 G + .114 B, Cb = −.1687 R − .3313 G + .5 B + 128,
 * Cr = .5 R − .4187 G − .0813 B + 128), R = Y + 1.402 Cr', G = Y − .34414 Cb' − .71414 Cr', B = Y + 1.772 Cb'
 * (Cb' = Cb − 128), in libjpeg's 16-bit fixed point with its roundings, clamped. So a JPEG frame converted here equals
 * what dcmtk's {@code dcmdjpeg}, Pillow and GDCM write; pydicom's floating-point {@code convert_color_space} may
 * differ by one level.
 */
public final class YbrFullToRgb {
    private static final int SCALE_BITS = 16;
    private static final long ONE_HALF = 1L << (SCALE_BITS - 1);
    private static final long FIX_1_40200 = fix(1.40200);
    private static final long FIX_1_77200 = fix(1.77200);
    private static final long FIX_0_71414 = fix(0.71414);
    private static final long FIX_0_34414 = fix(0.34414);

    private YbrFullToRgb() {
    }

    /**
     * @param ybr 8-bit Y, Cb, Cr triples
     * @return R, G, B triples, a new array
     */
    public static int[] convert(int[] ybr) {
        return convert(ybr, 8);
    }

    /**
     * @param ybr       Y, Cb, Cr triples of {@code precision} bits (chroma centred on {@code 2^(precision-1)})
     * @param precision bits per sample, e.g. 12 for 12-bit JPEG
     * @return R, G, B triples, a new array
     */
    public static int[] convert(int[] ybr, int precision) {
        int[] rgb = new int[ybr.length];
        for (int i = 0; i + 2 < ybr.length; i += 3) {
            convertOne(ybr[i], ybr[i + 1], ybr[i + 2], precision, rgb, i, i + 1, i + 2);
        }
        return rgb;
    }

    /**
     * Converts three component planes in place.
     *
     * @param planes    Y, Cb and Cr planes, which become R, G and B
     * @param precision bits per sample (8 or 12)
     */
    static void convertPlanes(int[][] planes, int precision) {
        int[] y = planes[0];
        int[] cb = planes[1];
        int[] cr = planes[2];
        int[] out = new int[3];
        for (int i = 0; i < y.length; i++) {
            convertOne(y[i], cb[i], cr[i], precision, out, 0, 1, 2);
            y[i] = out[0];
            cb[i] = out[1];
            cr[i] = out[2];
        }
    }

    private static void convertOne(int y, int cb, int cr, int precision, int[] out, int r, int g, int b) {
        int max = (1 << precision) - 1;
        long cbOffset = cb - (1L << (precision - 1));
        long crOffset = cr - (1L << (precision - 1));
        out[r] = clamp(y + (int) ((FIX_1_40200 * crOffset + ONE_HALF) >> SCALE_BITS), max);
        out[g] = clamp(y + (int) ((-FIX_0_34414 * cbOffset + ONE_HALF - FIX_0_71414 * crOffset) >> SCALE_BITS), max);
        out[b] = clamp(y + (int) ((FIX_1_77200 * cbOffset + ONE_HALF) >> SCALE_BITS), max);
    }

    private static long fix(double x) {
        return (long) (x * (1L << SCALE_BITS) + 0.5);
    }

    private static int clamp(int value, int max) {
        return Math.max(0, Math.min(max, value));
    }
}
