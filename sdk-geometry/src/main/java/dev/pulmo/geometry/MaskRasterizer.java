package dev.pulmo.geometry;

import dev.pulmo.api.BoundingBox;
import dev.pulmo.geometry.internal.PixelAligned;
import dev.pulmo.geometry.internal.ScanlineFiller;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * Polygons and boxes → masks.
 *
 * <p>Rule: pixel (c, r) is foreground when its centre (c + 0.5, r + 0.5) is inside the shape. A centre lying
 * exactly on the boundary counts as inside when the shape's interior is to its right or below it (left and top
 * edges inclusive, right and bottom edges exclusive), so two shapes sharing an edge never both claim a pixel.
 * For a polygon traced along pixel edges ({@link MaskTracer}) this gives back exactly the traced pixels.
 * Parts outside the image are clipped. Coordinates are pixel coordinates (SPEC.md §3).
 *
 * <p>For pycocotools' own rasterisation (COCO training pipelines) use {@link #rasterizeLikePycocotools}, which
 * follows a different rule and does not reproduce this one.
 */
public final class MaskRasterizer {
    private MaskRasterizer() {
    }

    /**
     * The pixels whose centres are inside {@code geometry}, a {@link Polygon} or {@code MultiPolygon} (an empty
     * geometry gives an empty mask).
     *
     * @throws GeometryException when the geometry is not polygonal, or not valid in JTS's sense (for instance a
     *     self-intersecting ring, or a NaN or infinite coordinate); the message gives JTS's validation error and
     *     its location. To rasterise a faulty polygon, repair it first, e.g. with JTS's
     *     {@code GeometryFixer.fix(geometry)}, and rasterise the repaired shape.
     */
    public static BinaryMask rasterize(Geometry geometry, int width, int height) {
        BinaryMask.checkSize(width, height);
        requireValidPolygonal(geometry, "rasterize");
        return fill(geometry, width, height);
    }

    /**
     * As {@link #rasterize(Geometry, int, int)} without JTS's validity check, which costs several times the fill
     * itself: for geometries known to be valid, such as those of {@link MaskTracer} or of JTS overlay results.
     * The rings are filled by the even-odd rule as given; for an invalid geometry the result is that fill, which
     * is not a meaningful answer, so check unknown input with {@link #rasterize(Geometry, int, int)}.
     *
     * @throws GeometryException when the geometry is not a Polygon or MultiPolygon or has a non-finite coordinate
     */
    public static BinaryMask rasterizeKnownValid(Geometry geometry, int width, int height) {
        BinaryMask.checkSize(width, height);
        if (!(geometry instanceof Polygonal)) {
            throw new GeometryException("rasterizeKnownValid: expected a Polygon or MultiPolygon, got "
                    + (geometry == null ? "null" : geometry.getGeometryType()));
        }
        return fill(geometry, width, height);
    }

    private static BinaryMask fill(Geometry geometry, int width, int height) {
        List<double[]> rings = new ArrayList<>();
        for (int i = 0; i < geometry.getNumGeometries(); i++) {
            Polygon polygon = (Polygon) geometry.getGeometryN(i);
            if (polygon.isEmpty()) {
                continue;
            }
            rings.add(flat(polygon.getExteriorRing()));
            for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
                rings.add(flat(polygon.getInteriorRingN(h)));
            }
        }
        return new BinaryMask(width, height, ScanlineFiller.fill(rings, width, height));
    }

    /**
     * The pixels whose centres are inside {@code box} (same rule: pixel (c, r) for x1 ≤ c + 0.5 &lt; x2 and
     * y1 ≤ r + 0.5 &lt; y2). A box on pixel edges, such as [c, r, c+1, r+1], covers exactly its pixels.
     */
    public static BinaryMask rasterize(BoundingBox box, int width, int height) {
        BinaryMask.checkSize(width, height);
        if (!box.isProper()) {
            return BinaryMask.empty(width, height);
        }
        double[] ring = {box.x1(), box.y1(), box.x2(), box.y1(), box.x2(), box.y2(), box.x1(), box.y2()};
        return new BinaryMask(width, height, ScanlineFiller.fill(List.of(ring), width, height));
    }

    /**
     * pycocotools' {@code decode(merge(frPyObjects(polygons, height, width)))}, bit for bit: see
     * {@link CocoRle#fromPolygons}.
     */
    public static BinaryMask rasterizeLikePycocotools(List<double[]> polygons, int width, int height) {
        return CocoRle.fromPolygons(polygons, width, height).decode();
    }

    /**
     * Throws unless {@code geometry} is a valid Polygon or MultiPolygon. Geometries on the pixel grid (integer
     * coordinates, axis-parallel edges) are proven valid by comparing them with the tracer's outline of their
     * own fill, far cheaper than JTS's check; anything not proven that way goes to JTS's {@code IsValidOp}.
     *
     * @return the pixel-grid form of the geometry when it has one, for exact pixel operations; else null
     */
    static PixelAligned requireValidPolygonal(Geometry geometry, String operation) {
        if (!(geometry instanceof Polygonal)) {
            throw new GeometryException(operation + ": expected a Polygon or MultiPolygon, got "
                    + (geometry == null ? "null" : geometry.getGeometryType()));
        }
        PixelAligned aligned = PixelAligned.of(geometry);
        if (aligned != null && aligned.provenValid()) {
            return aligned;
        }
        TopologyValidationError error = new IsValidOp(geometry).getValidationError();
        if (error != null) {
            throw new GeometryException(operation + ": invalid " + geometry.getGeometryType() + ": "
                    + error.getMessage() + " at " + error.getCoordinate()
                    + " (repair it first, e.g. with JTS GeometryFixer.fix)");
        }
        return null;
    }

    private static double[] flat(LineString ring) {
        CoordinateSequence sequence = ring.getCoordinateSequence();
        int n = sequence.size() - 1; // the closing point repeats the first
        double[] xy = new double[2 * n];
        for (int i = 0; i < n; i++) {
            xy[2 * i] = sequence.getX(i);
            xy[2 * i + 1] = sequence.getY(i);
            if (!Double.isFinite(xy[2 * i]) || !Double.isFinite(xy[2 * i + 1])) {
                throw new GeometryException("rasterize: point " + i + " of a ring is (" + xy[2 * i] + ", " + xy[2 * i + 1]
                        + "), expected finite coordinates");
            }
        }
        return xy;
    }
}
