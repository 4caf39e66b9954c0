package dev.pulmo.geometry;

import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/**
 * The annotation tool's corrections (SPEC.md §10): Add merges a shape into another, Sub cuts a shape out.
 * On geometries they are JTS's robust overlay (OverlayNG) union and difference, whose results are valid
 * Polygons or MultiPolygons (possibly empty); on masks they are pixel-wise OR and AND NOT. For polygons traced
 * from masks the two agree exactly: rasterising the geometric result gives the pixel-wise result.
 */
public final class ShapeEdit {
    private ShapeEdit() {
    }

    /** Add: the union of two polygonal geometries. @throws GeometryException when either is invalid */
    public static Geometry add(Geometry shape, Geometry added) {
        MaskRasterizer.requireValidPolygonal(shape, "add (shape)");
        MaskRasterizer.requireValidPolygonal(added, "add (added shape)");
        return OverlayNGRobust.overlay(shape, added, OverlayNG.UNION);
    }

    /** Sub: {@code shape} minus {@code removed}. @throws GeometryException when either is invalid */
    public static Geometry subtract(Geometry shape, Geometry removed) {
        MaskRasterizer.requireValidPolygonal(shape, "subtract (shape)");
        MaskRasterizer.requireValidPolygonal(removed, "subtract (removed shape)");
        return OverlayNGRobust.overlay(shape, removed, OverlayNG.DIFFERENCE);
    }

    /** Add on masks: pixel-wise OR. @throws GeometryException when the masks differ in size */
    public static BinaryMask add(BinaryMask shape, BinaryMask added) {
        return shape.or(added);
    }

    /** Sub on masks: pixel-wise AND NOT. @throws GeometryException when the masks differ in size */
    public static BinaryMask subtract(BinaryMask shape, BinaryMask removed) {
        return shape.andNot(removed);
    }
}
