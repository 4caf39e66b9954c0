package dev.pulmo.api;

import java.util.Arrays;

/**
 * The guideline's flat {@code segmentation}: one ring {@code [x1, y1, x2, y2, …, xn, yn]} in pixel
 * coordinates (SPEC.md §3). The ring is not repeated at its end. A lesion with several parts or holes is
 * not representable here exactly; writers emit one annotation per connected part, outer ring only.
 *
 * <p>The values are held in a private copy; {@link #coordinates()} returns a fresh copy. The constructor
 * accepts any length, so that a reader can hold a malformed ring from a file and report it;
 * {@link #isWellFormed()} tells whether it has an even number of finite values and at least 3 points.
 */
public final class Segmentation {
    private final double[] coordinates;

    private Segmentation(double[] coordinates) {
        this.coordinates = coordinates;
    }

    /** A ring from its flat coordinates, copied. */
    public static Segmentation of(double... coordinates) {
        // Arrays.copyOf, not clone(), which JDK 17's client compiler calls through the VM
        return new Segmentation(Arrays.copyOf(coordinates, coordinates.length));
    }

    /** The empty segmentation. */
    public static Segmentation empty() {
        return new Segmentation(new double[0]);
    }

    /** A copy of the flat coordinates. */
    public double[] coordinates() {
        return Arrays.copyOf(coordinates, coordinates.length);
    }

    /** Number of values (twice the number of points when well formed). */
    public int size() {
        return coordinates.length;
    }

    /** The value at {@code index} in the flat list. */
    public double get(int index) {
        return coordinates[index];
    }

    public int pointCount() {
        return coordinates.length / 2;
    }

    /** An even number of finite values describing at least 3 points. */
    public boolean isWellFormed() {
        if (coordinates.length % 2 != 0 || coordinates.length < 6) {
            return false;
        }
        for (double v : coordinates) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** The ring's area by the shoelace formula (absolute value); 0 when not well formed. */
    public double polygonArea() {
        if (!isWellFormed()) {
            return 0;
        }
        double twice = 0;
        int n = pointCount();
        for (int i = 0; i < n; i++) {
            int j = (i + 1) % n;
            twice += coordinates[2 * i] * coordinates[2 * j + 1] - coordinates[2 * j] * coordinates[2 * i + 1];
        }
        return Math.abs(twice) / 2;
    }

    /** The smallest box containing every point; {@code null} when there are no points. */
    public BoundingBox bounds() {
        if (coordinates.length < 2) {
            return null;
        }
        double x1 = Double.POSITIVE_INFINITY, y1 = Double.POSITIVE_INFINITY;
        double x2 = Double.NEGATIVE_INFINITY, y2 = Double.NEGATIVE_INFINITY;
        for (int i = 0; i + 1 < coordinates.length; i += 2) {
            x1 = Math.min(x1, coordinates[i]);
            x2 = Math.max(x2, coordinates[i]);
            y1 = Math.min(y1, coordinates[i + 1]);
            y2 = Math.max(y2, coordinates[i + 1]);
        }
        return new BoundingBox(x1, y1, x2, y2);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Segmentation s && Arrays.equals(s.coordinates, coordinates);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(coordinates);
    }

    @Override
    public String toString() {
        return Arrays.toString(coordinates);
    }
}
