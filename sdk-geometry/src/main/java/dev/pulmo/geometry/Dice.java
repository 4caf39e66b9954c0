package dev.pulmo.geometry;

import org.locationtech.jts.geom.Geometry;

/**
 * Dice coefficient 2 |A ∩ B| / (|A| + |B|), in [0, 1] and symmetric (SPEC.md §7). Two empty shapes give 1.
 * Same inputs and rules as {@link Iou}; Dice = 2 IoU / (1 + IoU).
 */
public final class Dice {
    private Dice() {
    }

    /** Dice of two masks, pixel by pixel. @throws GeometryException when the masks differ in size */
    public static double of(BinaryMask a, BinaryMask b) {
        return Overlap.of(a, b).dice();
    }

    /** Dice of two polygonal geometries by exact area. @throws GeometryException when either is invalid */
    public static double of(Geometry a, Geometry b) {
        return Overlap.of(a, b).dice();
    }

    /** Dice of a mask and a geometry rasterised to the mask's grid. @throws GeometryException when invalid */
    public static double of(BinaryMask mask, Geometry geometry) {
        return Overlap.of(mask, geometry).dice();
    }
}
