package dev.pulmo.geometry.internal;

import java.util.Arrays;

/**
 * The horizontal foreground runs of a bit-packed mask, in raster order, with their 4- and 8-connected
 * component labels. Run {@code i} covers columns [start(i), end(i)) of row(i). Labelling works on runs, not
 * pixels, so its cost follows the number of runs rather than the image size (the scan for runs reads one
 * word per 64 pixels).
 */
public final class RunTable {
    private final int height;
    private int size;
    private int[] starts;
    private int[] ends;
    private int[] rows;
    /** Runs of row r are [rowFirst[r], rowFirst[r+1]). */
    private final int[] rowFirst;
    private int[] piece4;
    private int[] component8;
    private int pieceCount;
    private int componentCount;

    private RunTable(int height, int capacity) {
        this.height = height;
        this.starts = new int[capacity];
        this.ends = new int[capacity];
        this.rows = new int[capacity];
        this.rowFirst = new int[height + 1];
    }

    /** Extracts the runs of {@code words} (layout of {@link BitRows}) and labels them. */
    public static RunTable of(long[] words, int width, int height) {
        RunTable table = new RunTable(height, 64);
        int stride = BitRows.wordsPerRow(width);
        for (int r = 0; r < height; r++) {
            table.rowFirst[r] = table.size;
            int base = r * stride;
            int first = 0;
            while (first < stride && words[base + first] == 0) { // most rows of a lesion mask are empty
                first++;
            }
            long carry = 0;
            int runStart = 0;
            for (int k = first; k < stride; k++) {
                long w = words[base + k];
                // A set bit in `toggles` marks a column whose value differs from the column before it.
                long toggles = w ^ (w << 1 | carry);
                carry = w >>> 63;
                while (toggles != 0) {
                    int bit = Long.numberOfTrailingZeros(toggles);
                    toggles &= toggles - 1;
                    int column = (k << 6) + bit;
                    if ((w >>> bit & 1L) != 0) {
                        runStart = column;
                    } else {
                        table.add(r, runStart, column);
                    }
                }
            }
            if (carry != 0) {
                table.add(r, runStart, width);
            }
        }
        table.rowFirst[height] = table.size;
        table.label();
        return table;
    }

    private void add(int row, int start, int end) {
        if (size == starts.length) {
            int capacity = size * 2;
            starts = Arrays.copyOf(starts, capacity);
            ends = Arrays.copyOf(ends, capacity);
            rows = Arrays.copyOf(rows, capacity);
        }
        starts[size] = start;
        ends[size] = end;
        rows[size] = row;
        size++;
    }

    private void label() {
        int[] parent4 = new int[size];
        int[] parent8 = new int[size];
        for (int i = 0; i < size; i++) {
            parent4[i] = i;
            parent8[i] = i;
        }
        for (int r = 1; r < height; r++) {
            int i = rowFirst[r - 1], iEnd = rowFirst[r];
            int j = rowFirst[r], jEnd = rowFirst[r + 1];
            while (i < iEnd && j < jEnd) {
                int lo = Math.max(starts[i], starts[j]);
                int hi = Math.min(ends[i], ends[j]);
                if (lo < hi) {
                    union(parent4, i, j);
                }
                // lo == hi: the runs meet only at a pixel corner, which 8-connectivity counts as touching.
                if (lo <= hi) {
                    union(parent8, i, j);
                }
                if (ends[i] < ends[j]) {
                    i++;
                } else if (ends[j] < ends[i]) {
                    j++;
                } else {
                    i++;
                    j++;
                }
            }
        }
        piece4 = new int[size];
        pieceCount = compact(parent4, piece4);
        component8 = new int[size];
        componentCount = compact(parent8, component8);
    }

    /** Replaces roots by dense ids 0..n-1 in the order the roots' first runs appear; returns n. */
    private int compact(int[] parent, int[] ids) {
        int[] idOfRoot = new int[size];
        Arrays.fill(idOfRoot, -1);
        int next = 0;
        for (int i = 0; i < size; i++) {
            int root = find(parent, i);
            if (idOfRoot[root] < 0) {
                idOfRoot[root] = next++;
            }
            ids[i] = idOfRoot[root];
        }
        return next;
    }

    /** Union-find: the root of {@code i}, halving the path on the way. */
    public static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    /** Union-find: joins the sets of {@code a} and {@code b}, the smaller index staying root. */
    public static void union(int[] parent, int a, int b) {
        int ra = find(parent, a), rb = find(parent, b);
        // The smaller index stays root so that ids follow raster order without extra work.
        if (ra < rb) {
            parent[rb] = ra;
        } else if (rb < ra) {
            parent[ra] = rb;
        }
    }

    public int size() {
        return size;
    }

    public int start(int run) {
        return starts[run];
    }

    public int end(int run) {
        return ends[run];
    }

    public int row(int run) {
        return rows[run];
    }

    /** Id (0-based, raster order) of the 4-connected piece holding {@code run}. */
    public int piece(int run) {
        return piece4[run];
    }

    public int pieceCount() {
        return pieceCount;
    }

    /** Run → id (0-based, raster order) of its 8-connected component; the array is shared, do not modify. */
    public int[] componentIds8() {
        return component8;
    }

    public int component(int run) {
        return component8[run];
    }

    public int componentCount8() {
        return componentCount;
    }

    /** Pixel count of each 8-connected component, by component id. */
    public long[] componentAreas() {
        long[] areas = new long[componentCount];
        for (int i = 0; i < size; i++) {
            areas[component8[i]] += ends[i] - starts[i];
        }
        return areas;
    }

    /**
     * Inclusive pixel box of each 8-connected component: {@code [minCol, minRow, maxCol, maxRow]} at
     * {@code 4 * id}.
     */
    public int[] componentPixelBoxes() {
        int[] boxes = new int[4 * componentCount];
        for (int id = 0; id < componentCount; id++) {
            boxes[4 * id] = Integer.MAX_VALUE;
            boxes[4 * id + 1] = Integer.MAX_VALUE;
            boxes[4 * id + 2] = -1;
            boxes[4 * id + 3] = -1;
        }
        for (int i = 0; i < size; i++) {
            int b = 4 * component8[i];
            boxes[b] = Math.min(boxes[b], starts[i]);
            boxes[b + 1] = Math.min(boxes[b + 1], rows[i]);
            boxes[b + 2] = Math.max(boxes[b + 2], ends[i] - 1);
            boxes[b + 3] = Math.max(boxes[b + 3], rows[i]);
        }
        return boxes;
    }

    /** Index of the first run of {@code row}; the runs of {@code row} are [firstRunOfRow(row), firstRunOfRow(row + 1)). */
    public int firstRunOfRow(int row) {
        return rowFirst[row];
    }

    /** Index of the run of {@code row} starting exactly at {@code column}, or -1. */
    public int runStartingAt(int row, int column) {
        int i = Arrays.binarySearch(starts, rowFirst[row], rowFirst[row + 1], column);
        return i >= 0 ? i : -1;
    }

    /** Index of the run of {@code row} ending exactly at {@code column} (exclusive end), or -1. */
    public int runEndingAt(int row, int column) {
        int i = Arrays.binarySearch(ends, rowFirst[row], rowFirst[row + 1], column);
        return i >= 0 ? i : -1;
    }

    /** Index of the run of {@code row} covering {@code column}, or -1. */
    public int runCovering(int row, int column) {
        int lo = rowFirst[row], hi = rowFirst[row + 1] - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (ends[mid] <= column) {
                lo = mid + 1;
            } else if (starts[mid] > column) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }
}
