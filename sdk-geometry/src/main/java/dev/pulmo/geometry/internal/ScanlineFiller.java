package dev.pulmo.geometry.internal;

import java.util.Arrays;
import java.util.List;

/**
 * Fills rings by the even-odd rule at pixel centres: pixel (c, r) is set when its centre (c + 0.5, r + 0.5)
 * lies inside. A centre exactly on an edge counts as inside when the interior is to its right (+x) or below
 * (+y), so polygons that share an edge never both claim a pixel (the usual top-left rule): edges are taken
 * half-open in y ({@code y0 <= yc < y1}) and spans half-open in x ({@code xa <= xc < xb}).
 */
public final class ScanlineFiller {
    private ScanlineFiller() {
    }

    /**
     * Fills the rings (each {@code [x0, y0, x1, y1, …]}, closing edge implied) into a new packed mask of
     * {@code width × height}. Coordinates must be finite.
     */
    public static long[] fill(List<double[]> rings, int width, int height) {
        int[] crossingsPerRow = new int[height + 1];
        for (double[] ring : rings) {
            forEachCrossing(ring, height, (row, x) -> crossingsPerRow[row + 1]++);
        }
        for (int r = 0; r < height; r++) {
            crossingsPerRow[r + 1] += crossingsPerRow[r];
        }
        double[] xs = new double[crossingsPerRow[height]];
        int[] cursor = Arrays.copyOf(crossingsPerRow, height);
        for (double[] ring : rings) {
            forEachCrossing(ring, height, (row, x) -> xs[cursor[row]++] = x);
        }
        int stride = BitRows.wordsPerRow(width);
        long[] words = new long[stride * height];
        for (int r = 0; r < height; r++) {
            int from = crossingsPerRow[r], to = crossingsPerRow[r + 1];
            if (to - from < 2) {
                continue;
            }
            Arrays.sort(xs, from, to);
            for (int k = from; k + 1 < to; k += 2) {
                // c + 0.5 >= xa  and  c + 0.5 < xb
                double first = Math.ceil(xs[k] - 0.5), end = Math.ceil(xs[k + 1] - 0.5);
                int c0 = (int) Math.max(0, Math.min(width, first));
                int c1 = (int) Math.max(0, Math.min(width, end));
                BitRows.fill(words, r * stride, c0, c1);
            }
        }
        return words;
    }

    private interface CrossingSink {
        void accept(int row, double x);
    }

    private static void forEachCrossing(double[] ring, int height, CrossingSink sink) {
        int n = ring.length / 2;
        for (int i = 0; i < n; i++) {
            int j = i + 1 == n ? 0 : i + 1;
            double x0 = ring[2 * i], y0 = ring[2 * i + 1], x1 = ring[2 * j], y1 = ring[2 * j + 1];
            if (y0 == y1) {
                continue;
            }
            double yLow = Math.min(y0, y1), yHigh = Math.max(y0, y1);
            // rows whose centre r + 0.5 is in [yLow, yHigh)
            int rowFrom = (int) Math.max(0, Math.min(height, Math.ceil(yLow - 0.5)));
            int rowTo = (int) Math.max(0, Math.min(height, Math.ceil(yHigh - 0.5)));
            double slope = (x1 - x0) / (y1 - y0);
            for (int r = rowFrom; r < rowTo; r++) {
                sink.accept(r, x0 + (r + 0.5 - y0) * slope);
            }
        }
    }
}
