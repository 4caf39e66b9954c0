package dev.pulmo.geometry;

import org.locationtech.jts.geom.Geometry;

/**
 * Intersection over union |A ∩ B| / |A ∪ B|, in [0, 1] and symmetric; the agreement measure of the second
 * quality check (SPEC.md §7). Two empty shapes agree perfectly: their IoU is 1.
 */
public final class Iou {
    private Iou() {
    }

    /** IoU of two masks, pixel by pixel. @throws GeometryException when the masks differ in size */
    public static double of(BinaryMask a, BinaryMask b) {
        return Overlap.of(a, b).iou();
    }

    /**
     * IoU of two polygonal geometries by exact area (JTS overlay).
     *
     * @throws GeometryException when either is not a valid Polygon or MultiPolygon (see
     *     {@link MaskRasterizer#rasterize(Geometry, int, int)})
     */
    public static double of(Geometry a, Geometry b) {
        return Overlap.of(a, b).iou();
    }

    /**
     * IoU of a mask and a geometry on the mask's pixel grid: the geometry is first rasterised to the mask's size
     * by {@link MaskRasterizer#rasterize(Geometry, int, int)} (pixel centres inside).
     *
     * @throws GeometryException when the geometry is not a valid Polygon or MultiPolygon
     */
    public static double of(BinaryMask mask, Geometry geometry) {
        return Overlap.of(mask, geometry).iou();
    }
}
