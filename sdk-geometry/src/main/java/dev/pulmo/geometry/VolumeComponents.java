package dev.pulmo.geometry;

import dev.pulmo.api.BoundingBox;
import dev.pulmo.geometry.internal.BitRows;
import dev.pulmo.geometry.internal.RunTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The 26-connected foreground components of a stack of equally sized slices: two voxels belong together when
 * they differ by at most one in column, row and slice (faces, edges and corners touch), as
 * {@code scipy.ndimage.label} with a 3×3×3 structure counts them. The 3-D connected components of nodules
 * (DESIGN.md): slices are taken in the order given, so the caller orders them along the series' normal, and
 * puts an empty slice between two stacks that must stay apart (e.g. at a gap in the series).
 *
 * <p>Labelling works on the slices' horizontal runs, not on voxels, so time and memory follow the number of
 * runs; a stack with more than {@link #MAX_RUNS} runs (noise, not lesions) is refused. The slices themselves are
 * not kept.
 */
public final class VolumeComponents {
    /** The most runs a stack may have, about 200 MiB of run tables. */
    public static final long MAX_RUNS = 1L << 23;

    private final int width;
    private final int height;
    private final RunTable[] slices;
    /** Runs of slice z are global runs [runOffset[z], runOffset[z + 1]). */
    private final int[] runOffset;
    private final int[] componentOfRun;
    private final List<VolumeComponent> components;

    private VolumeComponents(int width, int height, RunTable[] slices, int[] runOffset, int[] componentOfRun,
                             List<VolumeComponent> components) {
        this.width = width;
        this.height = height;
        this.slices = slices;
        this.runOffset = runOffset;
        this.componentOfRun = componentOfRun;
        this.components = components;
    }

    /**
     * One slice of a stack as labelling needs it: its size and its foreground runs, not its pixels. A caller that
     * gathers a stack slice by slice keeps these (a lesion's slice is a few KiB of runs; a 512 × 512 mask's pixels
     * are 32 KiB).
     */
    public static final class Slice {
        private final int width;
        private final int height;
        private final RunTable runs;

        private Slice(int width, int height, RunTable runs) {
            this.width = width;
            this.height = height;
            this.runs = runs;
        }

        /** The slice of {@code mask}'s foreground (its runs, found once per mask). */
        public static Slice of(BinaryMask mask) {
            return new Slice(mask.width(), mask.height(), mask.runs());
        }
    }

    /**
     * Labels the stack {@code slices} (slice index = list index).
     *
     * @throws GeometryException when the list is empty, the slices differ in size, or the stack has more than
     *     {@link #MAX_RUNS} runs
     */
    public static VolumeComponents label(List<BinaryMask> slices) {
        return labelSlices(slices.stream().map(Slice::of).toList()); // the stack's one empty slice is scanned once
    }

    /**
     * {@link #label} of slices gathered as {@link Slice}s.
     *
     * @throws GeometryException as {@link #label}
     */
    public static VolumeComponents labelSlices(List<Slice> slices) {
        if (slices.isEmpty()) {
            throw new GeometryException("a volume needs at least one slice");
        }
        int width = slices.get(0).width, height = slices.get(0).height;
        RunTable[] tables = new RunTable[slices.size()];
        int[] offset = new int[slices.size() + 1];
        long total = 0;
        for (int z = 0; z < tables.length; z++) {
            Slice s = slices.get(z);
            if (s.width != width || s.height != height) {
                throw new GeometryException("slice " + z + " is " + s.width + " x " + s.height + " but slice 0 is "
                        + width + " x " + height + " (width x height)");
            }
            tables[z] = s.runs;
            total += tables[z].size();
            if (total > MAX_RUNS) {
                throw new GeometryException("the volume has more than " + MAX_RUNS + " foreground runs by slice " + z
                        + ": too fragmented to be lesions");
            }
            offset[z + 1] = (int) total;
        }
        int[] parent = new int[(int) total];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        for (int z = 0; z < tables.length; z++) {
            RunTable t = tables[z];
            // Within a slice, 8-connectivity is the run table's own labelling: join each run to its component's first run.
            int[] firstOfComponent = new int[t.componentCount8()];
            Arrays.fill(firstOfComponent, -1);
            for (int i = 0; i < t.size(); i++) {
                int c = t.component(i);
                if (firstOfComponent[c] < 0) {
                    firstOfComponent[c] = i;
                } else {
                    RunTable.union(parent, offset[z] + firstOfComponent[c], offset[z] + i);
                }
            }
            if (z > 0) {
                joinSlices(tables[z - 1], offset[z - 1], t, offset[z], height, parent);
            }
        }
        int[] componentOfRun = new int[parent.length];
        int count = 0;
        int[] idOfRoot = new int[parent.length];
        Arrays.fill(idOfRoot, -1);
        for (int i = 0; i < parent.length; i++) {
            int root = RunTable.find(parent, i);
            if (idOfRoot[root] < 0) {
                idOfRoot[root] = count++;
            }
            componentOfRun[i] = idOfRoot[root];
        }
        return new VolumeComponents(width, height, tables, offset, componentOfRun, footprints(tables, offset, componentOfRun, count));
    }

    /** Runs of slice z touch runs of slice z−1 in the rows r−1, r, r+1 when their column spans overlap or meet at a corner. */
    private static void joinSlices(RunTable below, int belowOffset, RunTable above, int aboveOffset, int height, int[] parent) {
        for (int r = 0; r < height; r++) {
            int jFirst = above.firstRunOfRow(r), jEnd = above.firstRunOfRow(r + 1);
            if (jFirst == jEnd) {
                continue;
            }
            for (int rb = Math.max(0, r - 1); rb <= Math.min(height - 1, r + 1); rb++) {
                int i = below.firstRunOfRow(rb), iEnd = below.firstRunOfRow(rb + 1);
                int j = jFirst;
                while (i < iEnd && j < jEnd) {
                    if (Math.max(below.start(i), above.start(j)) <= Math.min(below.end(i), above.end(j))) {
                        RunTable.union(parent, belowOffset + i, aboveOffset + j);
                    }
                    if (below.end(i) < above.end(j)) {
                        i++;
                    } else if (above.end(j) < below.end(i)) {
                        j++;
                    } else {
                        i++;
                        j++;
                    }
                }
            }
        }
    }

    private static List<VolumeComponent> footprints(RunTable[] tables, int[] offset, int[] componentOfRun, int count) {
        long[] voxels = new long[count];
        List<List<VolumeComponent.Footprint>> perComponent = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            perComponent.add(new ArrayList<>(2));
        }
        for (int z = 0; z < tables.length; z++) {
            RunTable t = tables[z];
            // Components present on this slice, with pixels, sums of centres and box, in order of first run.
            int[] present = new int[Math.min(count, t.size())];
            int presentCount = 0;
            Map<Integer, Integer> slotOf = new HashMap<>();
            long[] pixels = new long[present.length];
            double[] sumX = new double[present.length], sumY = new double[present.length];
            int[] box = new int[4 * present.length];
            for (int i = 0; i < t.size(); i++) {
                int k = componentOfRun[offset[z] + i];
                Integer s = slotOf.get(k);
                if (s == null) {
                    s = presentCount++;
                    slotOf.put(k, s);
                    present[s] = k;
                    box[4 * s] = Integer.MAX_VALUE;
                    box[4 * s + 1] = Integer.MAX_VALUE;
                    box[4 * s + 2] = -1;
                    box[4 * s + 3] = -1;
                }
                long length = t.end(i) - t.start(i);
                pixels[s] += length;
                // The centres of columns start … end−1 are start+0.5 … end−0.5; their sum is length × (start+end)/2.
                sumX[s] += length * (t.start(i) + t.end(i)) / 2.0;
                sumY[s] += length * (t.row(i) + 0.5);
                box[4 * s] = Math.min(box[4 * s], t.start(i));
                box[4 * s + 1] = Math.min(box[4 * s + 1], t.row(i));
                box[4 * s + 2] = Math.max(box[4 * s + 2], t.end(i) - 1);
                box[4 * s + 3] = Math.max(box[4 * s + 3], t.row(i));
            }
            for (int s = 0; s < presentCount; s++) {
                int k = present[s];
                voxels[k] += pixels[s];
                perComponent.get(k).add(new VolumeComponent.Footprint(z, pixels[s], sumX[s] / pixels[s], sumY[s] / pixels[s],
                        BoundingBox.ofPixels(box[4 * s], box[4 * s + 1], box[4 * s + 2], box[4 * s + 3])));
            }
        }
        List<VolumeComponent> result = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            result.add(new VolumeComponent(k, voxels[k], perComponent.get(k)));
        }
        return List.copyOf(result);
    }

    /** The components, by id. */
    public List<VolumeComponent> components() {
        return components;
    }

    /** The number of components. */
    public int count() {
        return components.size();
    }

    /** The number of slices of the stack. */
    public int sliceCount() {
        return slices.length;
    }

    /**
     * The component holding voxel (column, row, slice), or -1 when it is background.
     *
     * @throws IndexOutOfBoundsException when the voxel is outside the stack
     */
    public int componentAt(int column, int row, int slice) {
        if (column < 0 || column >= width || row < 0 || row >= height || slice < 0 || slice >= slices.length) {
            throw new IndexOutOfBoundsException("voxel (" + column + ", " + row + ", " + slice + ") is outside the "
                    + width + " x " + height + " x " + slices.length + " stack");
        }
        int run = slices[slice].runCovering(row, column);
        return run < 0 ? -1 : componentOfRun[runOffset[slice] + run];
    }

    /**
     * {@link AxialDiameters#of} of {@link #mask(int, int) mask(id, slice)}, from the component's runs on the slice
     * (no mask is made).
     *
     * @throws IndexOutOfBoundsException when {@code id} or {@code slice} is out of range
     * @throws GeometryException         when a spacing is not finite and positive
     */
    public AxialDiameters diameters(int id, int slice, double rowSpacingMm, double columnSpacingMm) {
        if (id < 0 || id >= components.size()) {
            throw new IndexOutOfBoundsException("component " + id + " of " + components.size());
        }
        AxialDiameters.Hull hull = new AxialDiameters.Hull(rowSpacingMm, columnSpacingMm);
        RunTable t = slices[slice];
        int row = -1, first = 0, end = 0;
        for (int i = 0; i < t.size(); i++) { // runs in row order, then column order
            if (componentOfRun[runOffset[slice] + i] != id) {
                continue;
            }
            if (t.row(i) != row) {
                if (row >= 0) {
                    hull.row(row, first, end);
                }
                row = t.row(i);
                first = t.start(i);
            }
            end = t.end(i);
        }
        if (row >= 0) {
            hull.row(row, first, end);
        }
        return hull.diameters();
    }

    /**
     * The pixels of component {@code id} on slice {@code slice} (empty when it does not touch that slice).
     *
     * @throws IndexOutOfBoundsException when {@code id} or {@code slice} is out of range
     */
    public BinaryMask mask(int id, int slice) {
        if (id < 0 || id >= components.size()) {
            throw new IndexOutOfBoundsException("component " + id + " of " + components.size());
        }
        RunTable t = slices[slice];
        int stride = BitRows.wordsPerRow(width);
        long[] words = new long[stride * height];
        for (int i = 0; i < t.size(); i++) {
            if (componentOfRun[runOffset[slice] + i] == id) {
                BitRows.fill(words, t.row(i) * stride, t.start(i), t.end(i));
            }
        }
        return new BinaryMask(width, height, words);
    }
}
