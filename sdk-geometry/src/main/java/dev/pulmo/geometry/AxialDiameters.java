package dev.pulmo.geometry;

import dev.pulmo.geometry.internal.BitRows;
import java.util.Arrays;

/**
 * A lesion's long and short axis on one slice, in mm, as Lung-RADS and the Fleischner Society measure a nodule on an
 * axial image: the long axis is the longest distance between two points of the lesion (its maximum Feret diameter),
 * the short axis the longest chord of the lesion perpendicular to the long axis. The lesion is the union of its pixels'
 * squares (SPEC.md §3: pixel (c, r) covers [c, c+1) × [r, r+1)), so a one-pixel lesion measures its pixel's diagonal,
 * consistent with the box sizes of {@code MinimumLesionSize}; chords are taken on the lesion's convex hull (a caliper
 * reads across a notch). Pixels may be anisotropic: x is scaled by the column spacing, y by the row spacing.
 *
 * @param longAxisMm  the maximum Feret diameter, mm; 0 for an empty mask
 * @param shortAxisMm the longest chord perpendicular to the long axis, mm; 0 for an empty mask
 */
public record AxialDiameters(double longAxisMm, double shortAxisMm) {

    /**
     * Measures the foreground of {@code mask}.
     *
     * @param rowSpacingMm    distance between rows (DICOM PixelSpacing[0]), mm, finite and positive
     * @param columnSpacingMm distance between columns (DICOM PixelSpacing[1]), mm, finite and positive
     * @throws GeometryException when a spacing is not finite and positive
     */
    public static AxialDiameters of(BinaryMask mask, double rowSpacingMm, double columnSpacingMm) {
        Hull hull = new Hull(rowSpacingMm, columnSpacingMm);
        long[] words = mask.words();
        int stride = BitRows.wordsPerRow(mask.width());
        for (int r = 0; r < mask.height(); r++) {
            int first = -1, last = -1;
            for (int k = 0; k < stride; k++) {
                long w = words[r * stride + k];
                if (w != 0) {
                    if (first < 0) {
                        first = (k << 6) + Long.numberOfTrailingZeros(w);
                    }
                    last = (k << 6) + 63 - Long.numberOfLeadingZeros(w);
                }
            }
            if (first >= 0) {
                hull.row(r, first, last + 1);
            }
        }
        return hull.diameters();
    }

    /**
     * The corners of a lesion's pixel rows, given row by row in increasing order, then measured: the hull of the pixel
     * squares is the hull of each row's outer corners. {@link VolumeComponents#diameters} gives the rows of a component
     * from its runs, without making its mask.
     */
    static final class Hull {
        private final double rowSpacingMm;
        private final double columnSpacingMm;
        /** Each corner as its pixel column (high half) and row line (low half): sorted as longs, in (x, y) order. */
        private long[] corners = new long[64];
        private int size;

        /** @throws GeometryException when a spacing is not finite and positive */
        Hull(double rowSpacingMm, double columnSpacingMm) {
            if (!(rowSpacingMm > 0) || !(columnSpacingMm > 0) || Double.isInfinite(rowSpacingMm) || Double.isInfinite(columnSpacingMm)) {
                throw new GeometryException("pixel spacing must be two finite numbers of mm > 0, got " + rowSpacingMm + " \\ " + columnSpacingMm);
            }
            this.rowSpacingMm = rowSpacingMm;
            this.columnSpacingMm = columnSpacingMm;
        }

        /** Row {@code r} of the lesion: its first pixel column and the column after its last. */
        void row(int r, int first, int end) {
            if (size + 4 > corners.length) {
                corners = Arrays.copyOf(corners, corners.length * 2);
            }
            corners[size++] = corner(first, r);
            corners[size++] = corner(end, r);
            corners[size++] = corner(first, r + 1);
            corners[size++] = corner(end, r + 1);
        }

        private static long corner(int column, int rowLine) {
            return (long) column << 32 | rowLine;
        }

        AxialDiameters diameters() {
            return size == 0 ? new AxialDiameters(0, 0) : ofHull(convexHull());
        }

        /**
         * Andrew's monotone chain over the corners in (x, y) order, counter-clockwise from the lowest-leftmost corner;
         * the corners of pixel squares are never all on one line. With positive spacings, the order of (column, row
         * line) is that of (x, y), so the corners are sorted as primitive longs.
         */
        private double[][] convexHull() {
            long[] sorted = Arrays.copyOf(corners, size);
            Arrays.sort(sorted);
            int n = sorted.length;
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = (int) (sorted[i] >>> 32) * columnSpacingMm;
                y[i] = (int) sorted[i] * rowSpacingMm;
            }
            int[] hull = new int[2 * n];
            int k = 0;
            for (int i = 0; i < n; i++) {
                while (k >= 2 && cross(x, y, hull[k - 2], hull[k - 1], i) <= 0) {
                    k--;
                }
                hull[k++] = i;
            }
            for (int i = n - 2, lower = k + 1; i >= 0; i--) {
                while (k >= lower && cross(x, y, hull[k - 2], hull[k - 1], i) <= 0) {
                    k--;
                }
                hull[k++] = i;
            }
            double[][] vertices = new double[k - 1][];
            for (int j = 0; j < k - 1; j++) {
                vertices[j] = new double[] {x[hull[j]], y[hull[j]]};
            }
            return vertices;
        }

        private static double cross(double[] x, double[] y, int o, int a, int b) {
            return (x[a] - x[o]) * (y[b] - y[o]) - (y[a] - y[o]) * (x[b] - x[o]);
        }
    }

    /** The diameters of a convex polygon given counter-clockwise (or clockwise), at least three vertices. */
    private static AxialDiameters ofHull(double[][] hull) {
        int n = hull.length;
        double best = -1;
        int a = 0, b = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double d = Math.hypot(hull[j][0] - hull[i][0], hull[j][1] - hull[i][1]);
                if (d > best) {
                    best = d;
                    a = i;
                    b = j;
                }
            }
        }
        double ux = (hull[b][0] - hull[a][0]) / best, uy = (hull[b][1] - hull[a][1]) / best;
        // The chord length perpendicular to u is concave along u, so its maximum is at a vertex.
        double shortest = 0;
        for (double[] v : hull) {
            shortest = Math.max(shortest, chord(hull, ux, uy, ux * v[0] + uy * v[1]));
        }
        return new AxialDiameters(best, shortest);
    }

    /** The length of the hull's intersection with the line {p : u·p = t}. */
    private static double chord(double[][] hull, double ux, double uy, double t) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        int n = hull.length;
        for (int i = 0; i < n; i++) {
            double[] p = hull[i], q = hull[(i + 1) % n];
            double tp = ux * p[0] + uy * p[1] - t, tq = ux * q[0] + uy * q[1] - t;
            double eps = 1e-9;
            if (Math.abs(tp) <= eps) {
                double s = -uy * p[0] + ux * p[1];
                min = Math.min(min, s);
                max = Math.max(max, s);
            }
            if ((tp < -eps && tq > eps) || (tp > eps && tq < -eps)) {
                double f = tp / (tp - tq);
                double x = p[0] + f * (q[0] - p[0]), y = p[1] + f * (q[1] - p[1]);
                double s = -uy * x + ux * y;
                min = Math.min(min, s);
                max = Math.max(max, s);
            }
        }
        return max >= min ? max - min : 0;
    }
}
