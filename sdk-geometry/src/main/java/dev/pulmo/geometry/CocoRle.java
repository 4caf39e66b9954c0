package dev.pulmo.geometry;

import dev.pulmo.api.BoundingBox;
import dev.pulmo.geometry.internal.BitRows;
import dev.pulmo.geometry.internal.CocoPolygonRaster;
import dev.pulmo.geometry.internal.RleCodec;
import dev.pulmo.geometry.internal.RunTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A COCO run-length encoded mask, identical to pycocotools' ({@code pycocotools.mask}): runs in column-major
 * order, alternating background and foreground and starting with background (the first count may be 0), and
 * the compressed string form of COCO JSON's {@code "counts"}. Every operation gives the same counts, string,
 * area and box as pycocotools' {@code encode}, {@code decode}, {@code area}, {@code toBbox}, {@code merge},
 * {@code frPyObjects} (checked against pycocotools' own results in {@code testdata/coco/coco-oracle.json}).
 *
 * <p>Sizes are given as (width, height) like the rest of this package; COCO JSON's {@code "size"} is
 * {@code [height, width]}. COCO's pixel convention is the SDK's (SPEC.md §3): {@link #toBbox()} is
 * {@code [x, y, w, h]} on pixel edges, so {@code BoundingBox.fromCoco} converts it to corner form.
 * Immutable.
 */
public final class CocoRle {
    private final int width;
    private final int height;
    private final int[] counts;
    /** toBbox, computed once when first asked for (a race computes it twice, to the same value). */
    private volatile long[] box;

    private CocoRle(int width, int height, int[] counts) {
        this.width = width;
        this.height = height;
        this.counts = counts;
    }

    /**
     * pycocotools' {@code encode} of each 8-connected component of {@code mask} on its own, in the order of
     * {@link BinaryMask#components()} (raster order of their first pixel): a lesion's exact shape, holes kept, as
     * COCO wants one object per connected part. Memory: one mask of {@code mask}'s size at a time besides the runs.
     */
    public static List<CocoRle> encodeComponents(BinaryMask mask) {
        RunTable runs = mask.runs();
        int n = runs.componentCount8();
        // Runs of each component, in raster order: counting sort by component id.
        int[] first = new int[n + 1];
        for (int i = 0; i < runs.size(); i++) {
            first[runs.component(i) + 1]++;
        }
        for (int k = 0; k < n; k++) {
            first[k + 1] += first[k];
        }
        int[] order = new int[runs.size()];
        int[] cursor = Arrays.copyOf(first, n);
        for (int i = 0; i < runs.size(); i++) {
            order[cursor[runs.component(i)]++] = i;
        }
        int stride = BitRows.wordsPerRow(mask.width());
        long[] words = new long[stride * mask.height()];
        List<CocoRle> result = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            for (int j = first[k]; j < first[k + 1]; j++) {
                int run = order[j];
                BitRows.fill(words, runs.row(run) * stride, runs.start(run), runs.end(run));
            }
            // runs in raster order: the component's first run is on its top row, its last on its bottom row
            result.add(new CocoRle(mask.width(), mask.height(), RleCodec.encode(words, mask.width(), mask.height(),
                    runs.row(order[first[k]]), runs.row(order[first[k + 1] - 1]))));
            for (int j = first[k]; j < first[k + 1]; j++) {
                int base = runs.row(order[j]) * stride;
                Arrays.fill(words, base, base + stride, 0L);
            }
        }
        return List.copyOf(result);
    }

    /**
     * An RLE from uncompressed counts (COCO's {@code "counts": [..]} list).
     *
     * @throws GeometryException when a size is not positive, a count is negative, or the counts do not add up
     *     to {@code width * height}
     */
    public static CocoRle fromCounts(int[] counts, int width, int height) {
        BinaryMask.checkSize(width, height);
        long sum = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0) {
                throw new GeometryException("RLE count " + i + " is negative: " + counts[i]);
            }
            sum += counts[i];
        }
        requireTotal(sum, width, height);
        // Arrays.copyOf, not clone(), which JDK 17's client compiler calls through the VM
        return new CocoRle(width, height, Arrays.copyOf(counts, counts.length));
    }

    /**
     * An RLE from COCO's compressed {@code "counts"} string.
     *
     * @throws GeometryException when the string has a character outside '0'..'o', ends inside a number, or
     *     decodes to counts that are negative or do not add up to {@code width * height}
     */
    public static CocoRle fromCompressedString(String counts, int width, int height) {
        BinaryMask.checkSize(width, height);
        long[] error = new long[2];
        int[] values = RleCodec.countsOfCompressedString(counts, error);
        if (values == null && error[0] >= 0) {
            throw new GeometryException("RLE string: bad or unfinished group at character " + error[0]
                    + " (expected characters '0'..'o', last group without bit 0x20)");
        }
        if (values == null) {
            throw new GeometryException("RLE string decodes to count " + error[1] + " at run " + (-1 - error[0]));
        }
        long sum = 0;
        for (int v : values) {
            sum += v;
        }
        requireTotal(sum, width, height);
        return new CocoRle(width, height, values);
    }

    private static void requireTotal(long sum, int width, int height) {
        if (sum != (long) width * height) {
            throw new GeometryException("RLE counts add up to " + sum + ", expected width x height = "
                    + width + " x " + height + " = " + (long) width * height);
        }
    }

    /** pycocotools' {@code encode} of the mask. */
    public static CocoRle encode(BinaryMask mask) {
        return new CocoRle(mask.width(), mask.height(), RleCodec.encode(mask.words(), mask.width(), mask.height()));
    }

    /**
     * pycocotools' {@code merge(frPyObjects(polygons, height, width))}: each polygon {@code [x0, y0, x1, y1, …]}
     * rasterised by pycocotools' rule, then the union. As in pycocotools, when the first polygon has exactly 4
     * numbers every entry is taken as a box {@code [x, y, w, h]} ({@link #fromBbox}); an odd trailing number is
     * ignored.
     *
     * @throws GeometryException when there is no polygon, a coordinate is NaN or infinite, boxes are mixed with
     *     polygons, or a polygon is so
     *     large that its 5× densified boundary exceeds 2^27 points
     */
    public static CocoRle fromPolygons(List<double[]> polygons, int width, int height) {
        BinaryMask.checkSize(width, height);
        if (polygons.isEmpty()) {
            throw new GeometryException("frPyObjects needs at least one polygon");
        }
        boolean boxes = polygons.get(0).length == 4;
        CocoRle union = null;
        for (int i = 0; i < polygons.size(); i++) {
            double[] xy = polygons.get(i);
            requireFinite(xy, "polygon " + i);
            if (boxes && xy.length != 4) {
                throw new GeometryException("polygon " + i + " has " + xy.length + " numbers, but the first has 4, which"
                        + " makes every entry a box [x, y, w, h] as in pycocotools' frPyObjects");
            }
            CocoRle rle = boxes ? fromBbox(xy[0], xy[1], xy[2], xy[3], width, height) : fromPolygon(xy, width, height);
            union = union == null ? rle : union.union(rle);
        }
        return union;
    }

    /** pycocotools' {@code frPoly} of one polygon {@code [x0, y0, x1, y1, …]}, closing edge implied. */
    public static CocoRle fromPolygon(double[] xy, int width, int height) {
        BinaryMask.checkSize(width, height);
        requireFinite(xy, "polygon");
        try {
            return new CocoRle(width, height, CocoPolygonRaster.countsOfPolygon(xy, width, height));
        } catch (IllegalArgumentException e) {
            throw new GeometryException(e.getMessage(), e);
        }
    }

    /** pycocotools' {@code frBbox}: the box {@code [x, y, w, h]} rasterised as the polygon of its corners. */
    public static CocoRle fromBbox(double x, double y, double w, double h, int width, int height) {
        return fromPolygon(new double[] {x, y, x, y + h, x + w, y + h, x + w, y}, width, height);
    }

    /**
     * pycocotools' {@code merge}: the union of the RLEs, or their intersection when {@code intersect}.
     *
     * @throws GeometryException when the list is empty or the RLEs differ in size
     */
    public static CocoRle merge(List<CocoRle> rles, boolean intersect) {
        if (rles.isEmpty()) {
            throw new GeometryException("merge needs at least one RLE");
        }
        CocoRle first = rles.get(0);
        int[] counts = first.counts;
        for (CocoRle next : rles.subList(1, rles.size())) {
            if (next.width != first.width || next.height != first.height) {
                throw new GeometryException("merge: RLEs differ in size, " + first.width + " x " + first.height
                        + " vs " + next.width + " x " + next.height + " (width x height)");
            }
            counts = RleCodec.merge(counts, next.counts, intersect);
        }
        return new CocoRle(first.width, first.height, counts);
    }

    private CocoRle union(CocoRle other) {
        return merge(List.of(this, other), false);
    }

    /** The mask (pycocotools' {@code decode}). */
    public BinaryMask decode() {
        return new BinaryMask(width, height, RleCodec.decode(counts, width, height));
    }

    /** pycocotools' {@code area}: foreground pixel count. */
    public long area() {
        return RleCodec.area(counts);
    }

    /**
     * pycocotools' {@code toBbox}: {@code [x, y, w, h]} on pixel edges, all zeros when there is no foreground.
     * pycocotools' quirk is kept: when a foreground run continues from one column into the next, the box
     * spans the full height of the image.
     */
    public double[] toBbox() {
        long[] b = boxView();
        return new double[] {b[0], b[1], b[2], b[3]};
    }

    /** {@link #toBbox()} as computed, shared: callers in this package only read it. */
    long[] boxView() {
        long[] b = box;
        if (b == null) {
            b = RleCodec.toBbox(counts, width, height);
            box = b;
        }
        return b;
    }

    /** {@link #toBbox()} in the guideline's corner form; empty when there is no foreground. */
    public Optional<BoundingBox> bounds() {
        double[] box = toBbox();
        return area() == 0 ? Optional.empty() : Optional.of(BoundingBox.fromCoco(box[0], box[1], box[2], box[3]));
    }

    /** COCO JSON's compressed {@code "counts"} string (pycocotools' {@code rleToString}). */
    public String toCompressedString() {
        return RleCodec.toCompressedString(counts);
    }

    /** The counts themselves, for this package's operations that only read them. */
    int[] countsView() {
        return counts;
    }

    /** A copy of the uncompressed counts. */
    public int[] counts() {
        return Arrays.copyOf(counts, counts.length);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    private static void requireFinite(double[] xy, String what) {
        for (int i = 0; i < xy.length; i++) {
            if (!Double.isFinite(xy[i])) {
                throw new GeometryException(what + ": coordinate " + i + " is " + xy[i] + ", expected a finite number");
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CocoRle r && r.width == width && r.height == height && Arrays.equals(r.counts, counts);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return "CocoRle[" + width + " x " + height + ", " + toCompressedString() + "]";
    }
}
