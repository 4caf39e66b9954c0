package dev.pulmo.dicom.pixel;

/**
 * The linear Modality LUT of PS3.3 C.11.1: output = slope × stored value + intercept, from Rescale
 * Slope (0028,1053) and Rescale Intercept (0028,1052). For CT the output is in Hounsfield units.
 *
 * @param slope     Rescale Slope; finite and not zero
 * @param intercept Rescale Intercept; finite
 */
public record ModalityLut(double slope, double intercept) {
    /** Slope 1, intercept 0: what applies when the dataset has no rescale attributes. */
    public static final ModalityLut IDENTITY = new ModalityLut(1, 0);

    /** @throws IllegalArgumentException when slope or intercept is not finite or slope is 0 */
    public ModalityLut {
        if (!Double.isFinite(slope) || slope == 0 || !Double.isFinite(intercept)) {
            throw new IllegalArgumentException(
                    "rescale slope must be finite and non-zero, intercept finite; got slope " + slope
                            + ", intercept " + intercept);
        }
    }

    /**
     * @param storedValue a stored pixel value as {@link Frame#sample} returns it
     * @return the modality value, e.g. Hounsfield units
     */
    public double apply(long storedValue) {
        return slope * storedValue + intercept;
    }
}
