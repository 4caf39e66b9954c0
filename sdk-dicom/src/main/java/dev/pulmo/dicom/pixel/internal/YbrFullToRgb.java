package dev.pulmo.dicom.pixel.internal;

/**
 * YBR_FULL to RGB: the inverse of the equations of PS3.3 C.7.6.3.1.2 (Y = .299 R + .587 G + .114 B,
 * Cb = −.1687 R − .3313 G + .5 B + 128, Cr = .5 R − .4187 G − .0813 B + 128), rounded half up and
 * clamped to 0–255, as JFIF (and pydicom's convert_color_space) do.
 */
public final class YbrFullToRgb {
    private static final double RED_FROM_CR = 1.402;
    private static final double GREEN_FROM_CB = 0.114 * 1.772 / 0.587;
    private static final double GREEN_FROM_CR = 0.299 * 1.402 / 0.587;
    private static final double BLUE_FROM_CB = 1.772;

    private YbrFullToRgb() {
    }

    /**
     * @param ybr Y, Cb, Cr triples
     * @return R, G, B triples, a new array
     */
    public static int[] convert(int[] ybr) {
        int[] rgb = new int[ybr.length];
        for (int i = 0; i + 2 < ybr.length; i += 3) {
            double y = ybr[i];
            double cb = ybr[i + 1] - 128.0;
            double cr = ybr[i + 2] - 128.0;
            rgb[i] = clampToByte(y + RED_FROM_CR * cr);
            rgb[i + 1] = clampToByte(y - GREEN_FROM_CB * cb - GREEN_FROM_CR * cr);
            rgb[i + 2] = clampToByte(y + BLUE_FROM_CB * cb);
        }
        return rgb;
    }

    private static int clampToByte(double value) {
        return (int) Math.max(0, Math.min(255, Math.floor(value + 0.5)));
    }
}
