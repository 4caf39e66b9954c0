package dev.pulmo.geometry;

import dev.pulmo.api.BoundingBox;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;

/**
 * One 8-connected foreground component of a mask as a polygon (see {@link MaskTracer} for the rules).
 *
 * @param geometry a {@link Polygon} when the component is 4-connected, otherwise a {@link MultiPolygon} of its
 *     4-connected pieces, which touch one another only at pixel corners; valid in JTS's sense
 * @param areaPixels number of foreground pixels of the component
 * @param bounds the component's box on pixel edges, corner form (SPEC.md §3)
 */
public record TracedComponent(Geometry geometry, long areaPixels, BoundingBox bounds) {
    public TracedComponent {
        if (!(geometry instanceof Polygon || geometry instanceof MultiPolygon)) {
            throw new GeometryException("a traced component is a Polygon or MultiPolygon, got "
                    + (geometry == null ? "null" : geometry.getGeometryType()));
        }
        if (areaPixels < 1 || bounds == null) {
            throw new GeometryException("a traced component has at least one pixel and a box");
        }
    }

    /** Area of {@link #geometry()} in square pixels; equals {@link #areaPixels()} unless simplified. */
    public double polygonArea() {
        return geometry.getArea();
    }
}
