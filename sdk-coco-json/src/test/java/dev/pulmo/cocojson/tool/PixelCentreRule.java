package dev.pulmo.cocojson.tool;

import java.util.List;

/**
 * The test's own rasteriser, independent of any code under test: pixel (c, r) belongs to a ring when its
 * centre (c + 0.5, r + 0.5) is inside by the even-odd crossing rule. The test shapes keep every pixel centre
 * off every edge, so the boundary convention never matters.
 */
final class PixelCentreRule {
    private PixelCentreRule() {
    }

    static boolean inside(double[] ring, double x, double y) {
        boolean in = false;
        int n = ring.length / 2;
        for (int i = 0, j = n - 1; i < n; j = i++) {
            double xi = ring[2 * i], yi = ring[2 * i + 1], xj = ring[2 * j], yj = ring[2 * j + 1];
            if ((yi > y) != (yj > y) && x < xj + (y - yj) * (xi - xj) / (yi - yj)) {
                in = !in;
            }
        }
        return in;
    }

    /** The region of {@code steps} as a width × height grid, folding Add (or) and Sub (and not) in order. */
    static boolean[][] region(List<ShapeStep> steps, int width, int height) {
        boolean[][] grid = new boolean[height][width];
        for (ShapeStep step : steps) {
            double[] ring = step.shape().flatRing();
            for (int r = 0; r < height; r++) {
                for (int c = 0; c < width; c++) {
                    boolean hit = inside(ring, c + 0.5, r + 0.5);
                    grid[r][c] = step.operation() == ShapeOperation.ADD ? grid[r][c] || hit : grid[r][c] && !hit;
                }
            }
        }
        return grid;
    }

    static int count(boolean[][] grid) {
        int n = 0;
        for (boolean[] row : grid) {
            for (boolean b : row) {
                n += b ? 1 : 0;
            }
        }
        return n;
    }
}
