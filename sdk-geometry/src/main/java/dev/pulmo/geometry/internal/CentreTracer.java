package dev.pulmo.geometry.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Border following through pixel centres in the manner of Suzuki and Abe (1985), the algorithm behind OpenCV's
 * {@code findContours}: 8-connected foreground, 4-connected background, one outer border per 8-connected
 * component (started at its first pixel in raster order) and one hole border per hole (started at the
 * foreground pixel left of the hole's first pixel), points reduced to the ends of straight horizontal,
 * vertical and diagonal stretches as {@code CHAIN_APPROX_SIMPLE} does.
 */
public final class CentreTracer {
    // 8 neighbours in clockwise screen order (y down): E, SE, S, SW, W, NW, N, NE.
    private static final int[] DX = {1, 1, 0, -1, -1, -1, 0, 1};
    private static final int[] DY = {0, 1, 1, 1, 0, -1, -1, -1};
    private static final int EAST = 0, WEST = 4;

    /** One border: pixel indices (c, r) of its points, its kind and, for a hole, the index of its outer border. */
    public record Border(boolean hole, int parent, int[] points) {
    }

    private final long[] words;
    private final int width;
    private final int height;
    private final int stride;
    private int[] buffer = new int[256];

    private CentreTracer(long[] words, int width, int height) {
        this.words = words;
        this.width = width;
        this.height = height;
        this.stride = BitRows.wordsPerRow(width);
    }

    /** Outer borders in component order, each followed later by the holes that name it as parent. */
    public static List<Border> trace(long[] words, int width, int height) {
        return new CentreTracer(words, width, height).traceAll();
    }

    private List<Border> traceAll() {
        RunTable runs = RunTable.of(words, width, height);
        List<Border> borders = new ArrayList<>();
        int[] outerOfComponent = new int[runs.componentCount8()];
        int seen = 0;
        for (int i = 0; i < runs.size() && seen < outerOfComponent.length; i++) {
            if (runs.component(i) == seen) {
                outerOfComponent[seen++] = borders.size();
                borders.add(new Border(false, -1, follow(runs.start(i), runs.row(i), WEST)));
            }
        }
        long[] background = new long[words.length];
        long lastWordMask = -1L >>> (63 - ((width - 1) & 63));
        for (int r = 0; r < height; r++) {
            for (int k = 0; k < stride; k++) {
                background[r * stride + k] = ~words[r * stride + k] & (k == stride - 1 ? lastWordMask : -1L);
            }
        }
        RunTable gaps = RunTable.of(background, width, height);
        boolean[] reachesBorder = new boolean[gaps.pieceCount()];
        for (int i = 0; i < gaps.size(); i++) {
            if (gaps.row(i) == 0 || gaps.row(i) == height - 1 || gaps.start(i) == 0 || gaps.end(i) == width) {
                reachesBorder[gaps.piece(i)] = true;
            }
        }
        int lastPiece = -1;
        for (int i = 0; i < gaps.size(); i++) {
            int piece = gaps.piece(i);
            if (piece > lastPiece) {
                lastPiece = piece;
                if (!reachesBorder[piece]) {
                    int c = gaps.start(i) - 1, r = gaps.row(i);
                    int parent = outerOfComponent[runs.component(runs.runCovering(r, c))];
                    borders.add(new Border(true, parent, follow(c, r, EAST)));
                }
            }
        }
        return borders;
    }

    /**
     * Follows the border through (c, r) whose background neighbour lies in direction {@code backgroundSide};
     * returns the simplified points as {c0, r0, c1, r1, …}.
     */
    private int[] follow(int startC, int startR, int backgroundSide) {
        int first = -1;
        for (int k = 0; k < 8; k++) {
            int d = (backgroundSide + k) & 7;
            if (foreground(startC + DX[d], startR + DY[d])) {
                first = d;
                break;
            }
        }
        if (first < 0) {
            return new int[] {startC, startR};
        }
        int firstC = startC + DX[first], firstR = startR + DY[first];
        int count = 0;
        int c = startC, r = startR;
        int toPrevious = first; // direction from the current pixel to the previous one in the walk
        while (true) {
            count = append(count, c, r);
            int next = -1;
            for (int k = 1; k <= 8; k++) {
                int d = (toPrevious - k) & 7; // counter-clockwise, starting after the previous pixel
                if (foreground(c + DX[d], r + DY[d])) {
                    next = d;
                    break;
                }
            }
            int nextC = c + DX[next], nextR = r + DY[next];
            if (nextC == startC && nextR == startR && c == firstC && r == firstR) {
                break;
            }
            c = nextC;
            r = nextR;
            toPrevious = (next + 4) & 7;
        }
        return simplify(count / 2);
    }

    private int append(int count, int c, int r) {
        if (count + 2 > buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        buffer[count] = c;
        buffer[count + 1] = r;
        return count + 2;
    }

    /** Keeps the points where the chain changes direction (all of them for borders of one or two points). */
    private int[] simplify(int n) {
        if (n <= 2) {
            return Arrays.copyOf(buffer, 2 * n);
        }
        int[] kept = new int[2 * n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            int p = (i + n - 1) % n, q = (i + 1) % n;
            int inX = buffer[2 * i] - buffer[2 * p], inY = buffer[2 * i + 1] - buffer[2 * p + 1];
            int outX = buffer[2 * q] - buffer[2 * i], outY = buffer[2 * q + 1] - buffer[2 * i + 1];
            if (inX != outX || inY != outY) {
                kept[m++] = buffer[2 * i];
                kept[m++] = buffer[2 * i + 1];
            }
        }
        return Arrays.copyOf(kept, m);
    }

    private boolean foreground(int c, int r) {
        if (c < 0 || r < 0 || c >= width || r >= height) {
            return false;
        }
        return (words[r * stride + (c >>> 6)] >>> c & 1L) != 0;
    }
}
