package dev.pulmo.geometry.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.AffineTransformation;

/**
 * Polygonal geometries on the pixel grid (integer coordinates, axis-parallel edges), as the tracer and the
 * annotation tool produce them. For these, set operations and validity reduce to exact pixel operations:
 * the even-odd fill of the rings covers whole pixels, and the tracer gives the one valid representation of a
 * pixel set. A geometry is proven valid when its rings, up to start vertex, direction, collinear vertices and
 * order, are exactly those the tracer gives for its own fill; otherwise nothing is concluded and the caller
 * falls back to JTS's check.
 */
public final class PixelAligned {
    /** Larger grids are left to JTS, to bound memory. */
    private static final long MAX_PIXELS = 1L << 24;

    private final List<double[]> rings;
    /** Number of rings of each polygon, shell first, in the order of {@link #rings}. */
    private final int[] ringsPerPolygon;
    private final int minX;
    private final int minY;
    private final int maxX;
    private final int maxY;

    private PixelAligned(List<double[]> rings, int[] ringsPerPolygon, int minX, int minY, int maxX, int maxY) {
        this.rings = rings;
        this.ringsPerPolygon = ringsPerPolygon;
        this.minX = minX;
        this.minY = minY;
        this.maxX = maxX;
        this.maxY = maxY;
    }

    /** The geometry's rings when it is a non-empty Polygon or MultiPolygon on the pixel grid, else null. */
    public static PixelAligned of(Geometry geometry) {
        List<double[]> rings = new ArrayList<>();
        int[] ringsPerPolygon = new int[geometry.getNumGeometries()];
        double minX = Double.POSITIVE_INFINITY, minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < geometry.getNumGeometries(); i++) {
            if (!(geometry.getGeometryN(i) instanceof Polygon polygon) || polygon.isEmpty()) {
                return null;
            }
            ringsPerPolygon[i] = polygon.getNumInteriorRing() + 1;
            for (int h = -1; h < polygon.getNumInteriorRing(); h++) {
                CoordinateSequence sequence = (h < 0 ? polygon.getExteriorRing() : polygon.getInteriorRingN(h)).getCoordinateSequence();
                int n = sequence.size();
                double[] xy = new double[2 * n];
                for (int k = 0; k < n; k++) {
                    double x = sequence.getX(k), y = sequence.getY(k);
                    if (x != Math.rint(x) || y != Math.rint(y) || Math.abs(x) > 1e9 || Math.abs(y) > 1e9) {
                        return null; // also rejects NaN and infinities, which JTS then reports
                    }
                    if (k > 0 && x != xy[2 * k - 2] && y != xy[2 * k - 1]) {
                        return null; // a slanted edge
                    }
                    xy[2 * k] = x;
                    xy[2 * k + 1] = y;
                    minX = Math.min(minX, x);
                    minY = Math.min(minY, y);
                    maxX = Math.max(maxX, x);
                    maxY = Math.max(maxY, y);
                }
                rings.add(xy);
            }
        }
        if (rings.isEmpty() || (maxX - minX) * (maxY - minY) > MAX_PIXELS || maxX == minX || maxY == minY) {
            return null;
        }
        return new PixelAligned(rings, ringsPerPolygon, (int) minX, (int) minY, (int) maxX, (int) maxY);
    }

    /** True when the geometry is certainly valid in JTS's sense; false means "not proven", not "invalid". */
    public boolean provenValid() {
        int width = maxX - minX, height = maxY - minY;
        long[] words = fill(minX, minY, width, height);
        RunTable runs = RunTable.of(words, width, height);
        Polygon[] canonical = EdgeTracer.tracePieces(words, width, height, runs, new GeometryFactory());
        List<long[]> expected = new ArrayList<>();
        for (Polygon polygon : canonical) {
            List<long[]> polygonRings = new ArrayList<>();
            for (int h = -1; h < polygon.getNumInteriorRing(); h++) {
                CoordinateSequence s = (h < 0 ? polygon.getExteriorRing() : polygon.getInteriorRingN(h)).getCoordinateSequence();
                double[] xy = new double[2 * s.size()];
                for (int k = 0; k < s.size(); k++) {
                    xy[2 * k] = s.getX(k) + minX;
                    xy[2 * k + 1] = s.getY(k) + minY;
                }
                polygonRings.add(canonicalRing(xy));
            }
            expected.add(polygonKey(polygonRings));
        }
        List<long[]> actual = new ArrayList<>();
        int next = 0;
        for (int count : ringsPerPolygon) {
            List<long[]> polygonRings = new ArrayList<>();
            for (int r = 0; r < count; r++) {
                long[] ring = canonicalRing(rings.get(next++));
                if (ring == null) {
                    return false;
                }
                polygonRings.add(ring);
            }
            actual.add(polygonKey(polygonRings));
        }
        if (expected.size() != actual.size()) {
            return false;
        }
        expected.sort(Arrays::compare);
        actual.sort(Arrays::compare);
        for (int i = 0; i < expected.size(); i++) {
            if (!Arrays.equals(expected.get(i), actual.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Shell, then the holes in sorted order, each ring followed by a separator no coordinate can take. */
    private static long[] polygonKey(List<long[]> shellThenHoles) {
        List<long[]> holes = new ArrayList<>(shellThenHoles.subList(1, shellThenHoles.size()));
        holes.sort(Arrays::compare);
        int length = 0;
        for (long[] ring : shellThenHoles) {
            length += ring.length + 1;
        }
        long[] key = new long[length];
        int at = 0;
        List<long[]> ordered = new ArrayList<>(shellThenHoles.size());
        ordered.add(shellThenHoles.get(0));
        ordered.addAll(holes);
        for (long[] ring : ordered) {
            System.arraycopy(ring, 0, key, at, ring.length);
            at += ring.length;
            key[at++] = Long.MIN_VALUE;
        }
        return key;
    }

    /**
     * Union ({@code subtract == false}) or difference of two pixel-aligned geometries known to be valid, computed
     * on the pixels of their joint extent and traced back; null when the joint extent is too large.
     */
    public static Geometry overlay(PixelAligned a, PixelAligned b, boolean subtract, GeometryFactory factory) {
        int minX = Math.min(a.minX, b.minX), minY = Math.min(a.minY, b.minY);
        int width = Math.max(a.maxX, b.maxX) - minX, height = Math.max(a.maxY, b.maxY) - minY;
        if ((long) width * height > MAX_PIXELS) {
            return null;
        }
        long[] wordsA = a.fill(minX, minY, width, height), wordsB = b.fill(minX, minY, width, height);
        for (int i = 0; i < wordsA.length; i++) {
            wordsA[i] = subtract ? wordsA[i] & ~wordsB[i] : wordsA[i] | wordsB[i];
        }
        RunTable runs = RunTable.of(wordsA, width, height);
        Polygon[] pieces = EdgeTracer.tracePieces(wordsA, width, height, runs, factory);
        Geometry result = pieces.length == 0 ? factory.createPolygon()
                : pieces.length == 1 ? pieces[0] : factory.createMultiPolygon(pieces);
        return AffineTransformation.translationInstance(minX, minY).transform(result);
    }

    /** Area of the intersection of two valid pixel-aligned geometries, or -1 when the joint extent is too large. */
    public static long intersectionArea(PixelAligned a, PixelAligned b) {
        int minX = Math.min(a.minX, b.minX), minY = Math.min(a.minY, b.minY);
        int width = Math.max(a.maxX, b.maxX) - minX, height = Math.max(a.maxY, b.maxY) - minY;
        if ((long) width * height > MAX_PIXELS) {
            return -1;
        }
        long[] wordsA = a.fill(minX, minY, width, height), wordsB = b.fill(minX, minY, width, height);
        long area = 0;
        for (int i = 0; i < wordsA.length; i++) {
            area += Long.bitCount(wordsA[i] & wordsB[i]);
        }
        return area;
    }

    private long[] fill(int originX, int originY, int width, int height) {
        List<double[]> shifted = new ArrayList<>(rings.size());
        for (double[] ring : rings) {
            double[] xy = new double[ring.length];
            for (int k = 0; k < ring.length; k += 2) {
                xy[k] = ring[k] - originX;
                xy[k + 1] = ring[k + 1] - originY;
            }
            shifted.add(xy);
        }
        return ScanlineFiller.fill(shifted, width, height);
    }

    /**
     * The ring's corners (closing point dropped, repeated points and vertices between two edges of the same
     * direction removed), starting at the smallest corner and running towards the smaller of its two neighbours;
     * null for a ring of fewer than 4 corners, which no valid ring has.
     */
    private static long[] canonicalRing(double[] closed) {
        int n = closed.length / 2 - 1;
        long[] points = new long[2 * n];
        int m = 0;
        for (int k = 0; k < n; k++) {
            long x = (long) closed[2 * k], y = (long) closed[2 * k + 1];
            if (m == 0 || x != points[m - 2] || y != points[m - 1]) {
                points[m++] = x;
                points[m++] = y;
            }
        }
        if (m >= 2 && points[0] == points[m - 2] && points[1] == points[m - 1]) {
            m -= 2;
        }
        int count = m / 2;
        long[] corners = new long[m];
        int c = 0;
        for (int k = 0; k < count; k++) {
            int p = (k + count - 1) % count, q = (k + 1) % count;
            long inX = Long.signum(points[2 * k] - points[2 * p]), inY = Long.signum(points[2 * k + 1] - points[2 * p + 1]);
            long outX = Long.signum(points[2 * q] - points[2 * k]), outY = Long.signum(points[2 * q + 1] - points[2 * k + 1]);
            if (inX != outX || inY != outY) {
                corners[c++] = points[2 * k];
                corners[c++] = points[2 * k + 1];
            }
        }
        int k = c / 2;
        if (k < 4) {
            return null;
        }
        int start = 0;
        for (int i = 1; i < k; i++) {
            if (corners[2 * i] < corners[2 * start] || (corners[2 * i] == corners[2 * start] && corners[2 * i + 1] < corners[2 * start + 1])) {
                start = i;
            }
        }
        int next = (start + 1) % k, previous = (start + k - 1) % k;
        boolean forward = corners[2 * next] < corners[2 * previous]
                || (corners[2 * next] == corners[2 * previous] && corners[2 * next + 1] < corners[2 * previous + 1]);
        long[] canonical = new long[2 * k];
        for (int i = 0; i < k; i++) {
            int j = forward ? (start + i) % k : (start - i + k) % k;
            canonical[2 * i] = corners[2 * j];
            canonical[2 * i + 1] = corners[2 * j + 1];
        }
        return canonical;
    }
}
