package dev.pulmo.geometry.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;

/**
 * Follows the pixel edges between foreground and background (crack following) and returns one polygon per
 * 4-connected foreground piece, with its holes.
 *
 * <p>Every ring is walked with the foreground on the walker's right on screen (y down), so shells come out
 * counter-clockwise and holes clockwise in JTS's y-up reading. Only corners are kept. At a saddle vertex (two
 * foreground pixels touching only at that corner) the walk joins the two pixels when they belong to the same
 * 4-connected piece and keeps them apart otherwise; with that rule no ring touches itself, so each piece is a
 * valid JTS polygon whose holes may touch its shell or each other at single points.
 *
 * <p>Every ring has vertical edges and every vertical edge is the left or right end of a run, so walking from
 * each run end not yet visited finds every ring exactly once.
 */
public final class EdgeTracer {
    // Directions in clockwise screen order: right, down, left, up.
    private static final int[] DX = {1, 0, -1, 0};
    private static final int[] DY = {0, 1, 0, -1};
    private static final int DOWN = 1, UP = 3;
    // Offsets from a vertex to the pixel ahead-right, ahead-left and behind-right of the walker.
    private static final int[] AHEAD_RIGHT_X = {0, -1, -1, 0}, AHEAD_RIGHT_Y = {0, 0, -1, -1};
    private static final int[] AHEAD_LEFT_X = {0, 0, -1, -1}, AHEAD_LEFT_Y = {-1, 0, 0, -1};
    private static final int[] BEHIND_RIGHT_X = {-1, -1, 0, 0}, BEHIND_RIGHT_Y = {0, -1, -1, 0};

    private final long[] words;
    private final int width;
    private final int height;
    private final int stride;
    private final RunTable runs;
    private final boolean[] leftVisited;
    private final boolean[] rightVisited;
    private int[] ringBuffer = new int[256];

    private EdgeTracer(long[] words, int width, int height, RunTable runs) {
        this.words = words;
        this.width = width;
        this.height = height;
        this.stride = BitRows.wordsPerRow(width);
        this.runs = runs;
        this.leftVisited = new boolean[runs.size()];
        this.rightVisited = new boolean[runs.size()];
    }

    /** Polygons of the 4-connected pieces of the mask, indexed by {@link RunTable#piece} id. */
    public static Polygon[] tracePieces(long[] words, int width, int height, RunTable runs, GeometryFactory factory) {
        return new EdgeTracer(words, width, height, runs).trace(factory);
    }

    private Polygon[] trace(GeometryFactory factory) {
        int pieces = runs.pieceCount();
        LinearRing[] shells = new LinearRing[pieces];
        List<List<LinearRing>> holes = new ArrayList<>(pieces);
        for (int p = 0; p < pieces; p++) {
            holes.add(null);
        }
        for (int i = 0; i < runs.size(); i++) {
            for (int side = 0; side < 2; side++) {
                boolean left = side == 0;
                if (left ? leftVisited[i] : rightVisited[i]) {
                    continue;
                }
                int corners = left ? walk(runs.start(i), runs.row(i) + 1, UP) : walk(runs.end(i), runs.row(i), DOWN);
                LinearRing ring = factory.createLinearRing(toCoordinates(corners));
                int piece = runs.piece(i);
                if (twiceSignedArea(corners) > 0) {
                    shells[piece] = ring;
                } else {
                    if (holes.get(piece) == null) {
                        holes.set(piece, new ArrayList<>(2));
                    }
                    holes.get(piece).add(ring);
                }
            }
        }
        Polygon[] polygons = new Polygon[pieces];
        for (int p = 0; p < pieces; p++) {
            List<LinearRing> h = holes.get(p);
            polygons[p] = factory.createPolygon(shells[p], h == null ? null : h.toArray(new LinearRing[0]));
        }
        return polygons;
    }

    /** Walks one ring from the start of a vertical edge; leaves its corners in ringBuffer, returns their count. */
    private int walk(int startX, int startY, int startDirection) {
        int count = 0;
        int x = startX, y = startY, d = startDirection;
        markVisited(x, y, d);
        x += DX[d];
        y += DY[d];
        while (true) {
            int next = nextDirection(x, y, d);
            if (next != d) {
                if (count + 2 > ringBuffer.length) {
                    ringBuffer = Arrays.copyOf(ringBuffer, ringBuffer.length * 2);
                }
                ringBuffer[count++] = x;
                ringBuffer[count++] = y;
            }
            if (x == startX && y == startY && next == startDirection) {
                return count / 2;
            }
            markVisited(x, y, next);
            x += DX[next];
            y += DY[next];
            d = next;
        }
    }

    private int nextDirection(int x, int y, int d) {
        boolean aheadRight = foreground(x + AHEAD_RIGHT_X[d], y + AHEAD_RIGHT_Y[d]);
        boolean aheadLeft = foreground(x + AHEAD_LEFT_X[d], y + AHEAD_LEFT_Y[d]);
        if (aheadRight) {
            return aheadLeft ? (d + 3) & 3 : d;
        }
        if (!aheadLeft) {
            return (d + 1) & 3;
        }
        // Saddle: the pixel behind-right and the one ahead-left touch only at this vertex.
        int behindX = x + BEHIND_RIGHT_X[d], behindY = y + BEHIND_RIGHT_Y[d];
        int aheadX = x + AHEAD_LEFT_X[d], aheadY = y + AHEAD_LEFT_Y[d];
        boolean samePiece = runs.piece(runs.runCovering(behindY, behindX)) == runs.piece(runs.runCovering(aheadY, aheadX));
        return samePiece ? (d + 3) & 3 : (d + 1) & 3;
    }

    private void markVisited(int x, int y, int direction) {
        if (direction == UP) {
            leftVisited[runs.runStartingAt(y - 1, x)] = true;
        } else if (direction == DOWN) {
            rightVisited[runs.runEndingAt(y, x)] = true;
        }
    }

    private boolean foreground(int c, int r) {
        if (c < 0 || r < 0 || c >= width || r >= height) {
            return false;
        }
        return (words[r * stride + (c >>> 6)] >>> c & 1L) != 0;
    }

    private Coordinate[] toCoordinates(int corners) {
        Coordinate[] coordinates = new Coordinate[corners + 1];
        for (int k = 0; k < corners; k++) {
            coordinates[k] = new Coordinate(ringBuffer[2 * k], ringBuffer[2 * k + 1]);
        }
        coordinates[corners] = new Coordinate(ringBuffer[0], ringBuffer[1]);
        return coordinates;
    }

    /** Shoelace sum over the corners in ringBuffer: positive for a shell, negative for a hole. */
    private long twiceSignedArea(int corners) {
        long sum = 0;
        for (int k = 0; k < corners; k++) {
            int next = (k + 1) % corners;
            sum += (long) ringBuffer[2 * k] * ringBuffer[2 * next + 1] - (long) ringBuffer[2 * next] * ringBuffer[2 * k + 1];
        }
        return sum;
    }
}
