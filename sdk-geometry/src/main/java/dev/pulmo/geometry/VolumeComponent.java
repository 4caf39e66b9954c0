package dev.pulmo.geometry;

import dev.pulmo.api.BoundingBox;
import java.util.List;

/**
 * One 26-connected component of a stack of slices ({@link VolumeComponents}): a 3-D lesion, with what it covers
 * on each slice it touches. Coordinates are pixel coordinates (SPEC.md §3: pixel (c, r) covers
 * [c, c+1) × [r, r+1), so its centre is (c + 0.5, r + 0.5)) and slice indices of the stack as given.
 *
 * @param id 0-based, in the order of the components' first voxel (slice, then row, then column)
 * @param voxels number of voxels, at least 1
 * @param footprints the component on each slice it touches, by ascending slice
 */
public record VolumeComponent(int id, long voxels, List<Footprint> footprints) {

    /**
     * The part of a component on one slice.
     *
     * @param slice index of the slice in the stack
     * @param pixels number of pixels, at least 1
     * @param centreX mean x of the pixels' centres, in pixels
     * @param centreY mean y of the pixels' centres, in pixels
     * @param bounds smallest corner-form box holding the pixels, on pixel edges
     */
    public record Footprint(int slice, long pixels, double centreX, double centreY, BoundingBox bounds) {
    }

    public VolumeComponent {
        footprints = List.copyOf(footprints);
        if (footprints.isEmpty() || voxels < 1) {
            throw new GeometryException("a volume component has at least one voxel");
        }
    }

    /** The first slice the component touches. */
    public int firstSlice() {
        return footprints.get(0).slice();
    }

    /** The last slice the component touches. */
    public int lastSlice() {
        return footprints.get(footprints.size() - 1).slice();
    }

    /** The mean of the voxels' centres, {x, y, slice}: x and y in pixels, slice as a (fractional) slice index. */
    public double[] centroid() {
        double x = 0, y = 0, z = 0;
        for (Footprint f : footprints) {
            x += f.pixels() * f.centreX();
            y += f.pixels() * f.centreY();
            z += (double) f.pixels() * f.slice();
        }
        return new double[] {x / voxels, y / voxels, z / voxels};
    }
}
