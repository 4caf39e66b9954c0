package dev.pulmo.geometry;

import dev.pulmo.geometry.internal.PixelAligned;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/**
 * The annotation tool's corrections (SPEC.md §10): Add merges a shape into another, Sub cuts a shape out.
 * On geometries they are union and difference, whose results are valid Polygons or MultiPolygons (possibly
 * empty): computed exactly on pixels and traced back (same rules as {@link MaskTracer}) when both shapes lie on
 * the pixel grid (integer coordinates, axis-parallel edges, as traced outlines do), by JTS's robust overlay
 * (OverlayNG) otherwise. On masks they are pixel-wise OR and AND NOT. For polygons traced
 * from masks the two agree exactly: rasterising the geometric result gives the pixel-wise result.
 */
public final class ShapeEdit {
    private ShapeEdit() {
    }

    /** Add: the union of two polygonal geometries. @throws GeometryException when either is invalid */
    public static Geometry add(Geometry shape, Geometry added) {
        return overlay(MaskRasterizer.requireValidPolygonal(shape, "add (shape)"),
                MaskRasterizer.requireValidPolygonal(added, "add (added shape)"), shape, added, false);
    }

    /** Sub: {@code shape} minus {@code removed}. @throws GeometryException when either is invalid */
    public static Geometry subtract(Geometry shape, Geometry removed) {
        return overlay(MaskRasterizer.requireValidPolygonal(shape, "subtract (shape)"),
                MaskRasterizer.requireValidPolygonal(removed, "subtract (removed shape)"), shape, removed, true);
    }

    /** Pixel operations when both shapes lie on the pixel grid (exact there), JTS's overlay otherwise. */
    private static Geometry overlay(PixelAligned alignedA, PixelAligned alignedB, Geometry a, Geometry b, boolean subtract) {
        if (alignedA != null && alignedB != null) {
            Geometry result = PixelAligned.overlay(alignedA, alignedB, subtract, MaskTracer.FACTORY);
            if (result != null) {
                return result;
            }
        }
        return OverlayNGRobust.overlay(a, b, subtract ? OverlayNG.DIFFERENCE : OverlayNG.UNION);
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
