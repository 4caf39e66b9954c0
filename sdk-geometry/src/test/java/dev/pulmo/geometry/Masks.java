package dev.pulmo.geometry;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Random;

/** Test helpers: masks drawn as text, random masks, and naive per-pixel references. */
final class Masks {
    private Masks() {
    }

    /** '#' is foreground, '.' background; one line per row. */
    static BinaryMask parse(String picture) {
        String[] lines = picture.strip().split("\n");
        int height = lines.length, width = lines[0].strip().length();
        byte[] samples = new byte[width * height];
        for (int r = 0; r < height; r++) {
            String line = lines[r].strip();
            for (int c = 0; c < width; c++) {
                samples[r * width + c] = (byte) (line.charAt(c) == '#' ? 1 : 0);
            }
        }
        return BinaryMask.fromBytes(samples, width, height);
    }

    static BinaryMask random(int width, int height, double density, long seed) {
        Random random = new Random(seed);
        byte[] samples = new byte[width * height];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (byte) (random.nextDouble() < density ? 1 : 0);
        }
        return BinaryMask.fromBytes(samples, width, height);
    }

    /** Number of 8-connected foreground components by flood fill, pixel by pixel. */
    static int naiveComponentCount8(BinaryMask mask) {
        return Arrays.stream(naiveLabels8(mask)).max().orElse(0);
    }

    /**
     * Pixel {@code r * width + c}'s 8-connected component, by flood fill: 1, 2, … in the raster order of each
     * component's first pixel; 0 for the background.
     */
    static int[] naiveLabels8(BinaryMask mask) {
        int w = mask.width(), h = mask.height();
        int[] label = new int[w * h];
        int count = 0;
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                if (!mask.get(c, r) || label[r * w + c] != 0) {
                    continue;
                }
                count++;
                ArrayDeque<int[]> queue = new ArrayDeque<>();
                queue.add(new int[] {c, r});
                label[r * w + c] = count;
                while (!queue.isEmpty()) {
                    int[] p = queue.poll();
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            int x = p[0] + dx, y = p[1] + dy;
                            if (mask.get(x, y) && label[y * w + x] == 0) {
                                label[y * w + x] = count;
                                queue.add(new int[] {x, y});
                            }
                        }
                    }
                }
            }
        }
        return label;
    }

    /** Column-major runs, background first, computed pixel by pixel. */
    static int[] naiveCocoCounts(BinaryMask mask) {
        int w = mask.width(), h = mask.height();
        int[] counts = new int[w * h + 1];
        int m = 0, run = 0;
        boolean value = false;
        for (int c = 0; c < w; c++) {
            for (int r = 0; r < h; r++) {
                if (mask.get(c, r) != value) {
                    counts[m++] = run;
                    run = 0;
                    value = !value;
                }
                run++;
            }
        }
        counts[m++] = run;
        return java.util.Arrays.copyOf(counts, m);
    }

    static BinaryMask naive(BinaryMask a, BinaryMask b, java.util.function.BiPredicate<Boolean, Boolean> rule) {
        byte[] samples = new byte[a.width() * a.height()];
        for (int r = 0; r < a.height(); r++) {
            for (int c = 0; c < a.width(); c++) {
                samples[r * a.width() + c] = (byte) (rule.test(a.get(c, r), b.get(c, r)) ? 1 : 0);
            }
        }
        return BinaryMask.fromBytes(samples, a.width(), a.height());
    }
}
