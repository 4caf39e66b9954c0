package dev.pulmo.geometry;

/**
 * A border traced through pixel centres as OpenCV's {@code findContours(mask, RETR_CCOMP, CHAIN_APPROX_SIMPLE)}
 * does (see {@link MaskTracer#traceCentres}): for users who compare with OpenCV. Not a polygon in the SDK's
 * sense: a one-pixel component is a single point, a one-pixel line doubles back on itself, and the area runs
 * through the centres of the border pixels, so it is smaller than the pixel count (a w × h rectangle has
 * (w-1)(h-1)).
 *
 * @param hole true for a hole border, false for the outer border of an 8-connected component
 * @param parentIndex for a hole, the index of its component's outer border in the list; -1 for an outer border
 * @param pixelIndices the points as OpenCV reports them, pixel column and row {@code [c0, r0, c1, r1, …]}; in the
 *     SDK's coordinates (SPEC.md §3) the point (c, r) is the pixel centre (c + 0.5, r + 0.5), see {@link #coordinates()}
 */
public record CentreContour(boolean hole, int parentIndex, int[] pixelIndices) {
    public CentreContour {
        if (pixelIndices.length < 2 || pixelIndices.length % 2 != 0) {
            throw new GeometryException("a contour has at least one point, given as column and row pairs; got "
                    + pixelIndices.length + " numbers");
        }
        pixelIndices = pixelIndices.clone();
    }

    @Override
    public int[] pixelIndices() {
        return pixelIndices.clone();
    }

    public int pointCount() {
        return pixelIndices.length / 2;
    }

    /** The points in SDK pixel coordinates, {@code [c0 + 0.5, r0 + 0.5, …]}. */
    public double[] coordinates() {
        double[] xy = new double[pixelIndices.length];
        for (int i = 0; i < xy.length; i++) {
            xy[i] = pixelIndices[i] + 0.5;
        }
        return xy;
    }

    /** Area enclosed by the points (shoelace, absolute value): OpenCV's {@code contourArea}. */
    public double area() {
        long twice = 0;
        int n = pointCount();
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            twice += (long) pixelIndices[2 * i] * pixelIndices[2 * j + 1] - (long) pixelIndices[2 * j] * pixelIndices[2 * i + 1];
        }
        return Math.abs(twice) / 2.0;
    }
}
