package dev.pulmo.geometry.internal;

import java.util.Arrays;

/**
 * pycocotools' polygon rasterisation ({@code rleFrPoly} in {@code maskApi.c}), reproduced bit for bit: the
 * polygon is scaled by 5, its edges are walked densely with rounding of the C kind, the crossings with pixel
 * column centres are kept, and the RLE is built from them. C's conversion of a double to int truncates toward
 * zero and, on x86-64 (where pycocotools' reference results come from), gives INT_MIN for NaN and values out
 * of range; {@link #toCInt} does the same so that degenerate edges (a repeated point makes 0/0) behave alike.
 */
public final class CocoPolygonRaster {
    private static final double SCALE = 5;
    /** Upper bound on the densified boundary, to refuse absurd coordinates instead of exhausting memory. */
    public static final long MAX_BOUNDARY_POINTS = 1L << 27;

    private CocoPolygonRaster() {
    }

    /**
     * Counts of the polygon {@code xy = [x0, y0, x1, y1, …]} ({@code xy.length / 2} points, the closing edge
     * implied) on a {@code width × height} grid.
     *
     * @throws IllegalArgumentException when the densified boundary would exceed {@link #MAX_BOUNDARY_POINTS}
     */
    public static int[] countsOfPolygon(double[] xy, int width, int height) {
        int k = xy.length / 2;
        int[] x = new int[k + 1], y = new int[k + 1];
        for (int j = 0; j < k; j++) {
            x[j] = toCInt(SCALE * xy[2 * j] + .5);
            y[j] = toCInt(SCALE * xy[2 * j + 1] + .5);
        }
        x[k] = x[0];
        y[k] = y[0];
        long total = 0;
        for (int j = 0; j < k; j++) {
            total += Math.max(Math.abs((long) x[j] - x[j + 1]), Math.abs((long) y[j] - y[j + 1])) + 1;
        }
        if (total > MAX_BOUNDARY_POINTS) {
            throw new IllegalArgumentException("polygon boundary too long for COCO rasterisation: " + total
                    + " points at 5x scale (limit " + MAX_BOUNDARY_POINTS + ")");
        }
        int[] u = new int[(int) total], v = new int[(int) total];
        int m = 0;
        for (int j = 0; j < k; j++) {
            int xs = x[j], xe = x[j + 1], ys = y[j], ye = y[j + 1];
            int dx = Math.abs(xe - xs), dy = Math.abs(ys - ye);
            boolean flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
            if (flip) {
                int t = xs;
                xs = xe;
                xe = t;
                t = ys;
                ys = ye;
                ye = t;
            }
            double s = dx >= dy ? (double) (ye - ys) / dx : (double) (xe - xs) / dy;
            if (dx >= dy) {
                for (int d = 0; d <= dx; d++) {
                    int t = flip ? dx - d : d;
                    u[m] = t + xs;
                    v[m] = toCInt(ys + s * t + .5);
                    m++;
                }
            } else {
                for (int d = 0; d <= dy; d++) {
                    int t = flip ? dy - d : d;
                    v[m] = t + ys;
                    u[m] = toCInt(xs + s * t + .5);
                    m++;
                }
            }
        }
        // Keep the points where the boundary crosses a column centre, as (column, first row below) pairs.
        int points = m;
        long[] changes = new long[points + 1];
        int n = 0;
        for (int j = 1; j < points; j++) {
            if (u[j] != u[j - 1]) {
                double xd = u[j] < u[j - 1] ? u[j] : u[j] - 1;
                xd = (xd + .5) / SCALE - .5;
                if (Math.floor(xd) != xd || xd < 0 || xd > width - 1) {
                    continue;
                }
                double yd = v[j] < v[j - 1] ? v[j] : v[j - 1];
                yd = (yd + .5) / SCALE - .5;
                if (yd < 0) {
                    yd = 0;
                } else if (yd > height) {
                    yd = height;
                }
                yd = Math.ceil(yd);
                changes[n++] = (long) ((int) xd * height + (int) yd);
            }
        }
        changes[n++] = (long) height * width;
        Arrays.sort(changes, 0, n);
        long previous = 0;
        for (int j = 0; j < n; j++) {
            long t = changes[j];
            changes[j] -= previous;
            previous = t;
        }
        // Zero-length runs are folded: a change that cancels the previous one joins its neighbours.
        int[] counts = new int[n];
        int out = 0, j = 0;
        counts[out++] = (int) changes[j++];
        while (j < n) {
            if (changes[j] > 0) {
                counts[out++] = (int) changes[j++];
            } else {
                j++;
                if (j < n) {
                    counts[out - 1] += (int) changes[j++];
                }
            }
        }
        return Arrays.copyOf(counts, out);
    }

    /** C's {@code (int)} of a double as x86-64 computes it (cvttsd2si): truncation, INT_MIN if NaN or out of range. */
    static int toCInt(double value) {
        if (Double.isNaN(value) || value >= 2147483648.0 || value <= -2147483649.0) {
            return Integer.MIN_VALUE;
        }
        return (int) value;
    }
}
