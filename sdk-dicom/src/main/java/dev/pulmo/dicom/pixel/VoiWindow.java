package dev.pulmo.dicom.pixel;

/**
 * A VOI window, Window Center (0028,1050) and Window Width (0028,1051), applied with the linear
 * function of PS3.3 C.11.2.1.2.1 to modality values (after the {@link ModalityLut}):
 *
 * <pre>
 * if      x &lt;= c - 0.5 - (w - 1) / 2   then y = ymin
 * else if x &gt;  c - 0.5 + (w - 1) / 2   then y = ymax
 * else    y = ((x - (c - 0.5)) / (w - 1) + 0.5) × (ymax - ymin) + ymin
 * </pre>
 *
 * The annotation tool's "window level" (SPEC.md §10) is this centre/width pair.
 *
 * @param center window centre, in modality units (Hounsfield units for CT)
 * @param width  window width, in modality units; at least 1 as the standard requires
 */
public record VoiWindow(double center, double width) {
    /**
     * Lung window, centre −600 HU and width 1500 HU: the usual chest-CT lung setting (textbooks
     * quote centres −500 to −700 and widths 1200 to 1600; these are mid values).
     */
    public static final VoiWindow LUNG = new VoiWindow(-600, 1500);
    /** Mediastinal (soft tissue) window, centre 40 HU and width 400 HU. */
    public static final VoiWindow MEDIASTINUM = new VoiWindow(40, 400);

    /** @throws IllegalArgumentException when centre is not finite or width is below 1 */
    public VoiWindow {
        if (!Double.isFinite(center) || !Double.isFinite(width) || width < 1) {
            throw new IllegalArgumentException("window centre must be finite and width at least 1"
                    + " (PS3.3 C.11.2.1.2.1); got centre " + center + ", width " + width);
        }
    }

    /**
     * The window that maps {@code minValue} to black and {@code maxValue} to white (the span of an
     * image, for images that carry no window of their own).
     *
     * @param minValue smallest modality value
     * @param maxValue largest modality value, not below {@code minValue}
     * @return width {@code max - min + 1}, centre {@code (min + max) / 2 + 0.5}
     */
    public static VoiWindow spanning(double minValue, double maxValue) {
        if (!(maxValue >= minValue)) {
            throw new IllegalArgumentException("window span needs min <= max; got " + minValue + ", " + maxValue);
        }
        return new VoiWindow((minValue + maxValue) / 2 + 0.5, maxValue - minValue + 1);
    }

    /**
     * @param modalityValue x, a modality value
     * @param outputMin     ymin
     * @param outputMax     ymax
     * @return y of the linear function above, in [outputMin, outputMax]
     */
    public double apply(double modalityValue, double outputMin, double outputMax) {
        double lowerBound = center - 0.5 - (width - 1) / 2;
        double upperBound = center - 0.5 + (width - 1) / 2;
        if (modalityValue <= lowerBound) {
            return outputMin;
        }
        if (modalityValue > upperBound) {
            return outputMax;
        }
        // width > 1 here: for width 1 the two bounds coincide and one of the branches above is taken
        return ((modalityValue - (center - 0.5)) / (width - 1) + 0.5) * (outputMax - outputMin) + outputMin;
    }

    /**
     * @param modalityValue x, a modality value
     * @return y for ymin 0 and ymax 255, rounded half up to an integer grey level 0–255
     */
    public int toGrey8(double modalityValue) {
        return (int) Math.floor(apply(modalityValue, 0, 255) + 0.5);
    }
}
