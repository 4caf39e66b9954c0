package dev.pulmo.dicom.pixel.internal.j2k;

/**
 * A decoded JPEG 2000 image: one plane per component, each the component's samples in row-major order
 * (signed values for signed components), after the inverse component transform and DC level shift.
 *
 * @param width          image width on the reference grid after resolution reduction (Xsiz − XOsiz, reduced)
 * @param height         image height likewise
 * @param planes         one plane per component
 * @param planeWidths    each plane's width (differs from {@code width} for subsampled components)
 * @param planeHeights   each plane's height
 * @param precision      bits per sample of each component (SIZ)
 * @param signed         whether each component is signed (SIZ)
 * @param componentTransform 0 none, 1 RCT or ICT was applied to components 0 to 2 (COD), in the first tile
 * @param reversible     whether component 0 of the first tile uses the reversible 5/3 wavelet
 */
public record J2kImage(int width, int height, int[][] planes, int[] planeWidths, int[] planeHeights,
        int[] precision, boolean[] signed, int componentTransform, boolean reversible) {
    /** @return the number of components */
    public int components() {
        return planes.length;
    }
}
