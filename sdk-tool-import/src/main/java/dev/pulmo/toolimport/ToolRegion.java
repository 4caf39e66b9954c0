package dev.pulmo.toolimport;

import dev.pulmo.api.Finding;
import dev.pulmo.cocojson.tool.ToolAnnotation;
import dev.pulmo.cocojson.tool.ToolBox;
import dev.pulmo.geometry.BinaryMask;
import dev.pulmo.geometry.MaskRasterizer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygonal;

/**
 * The region of one tool annotation: its base shape with every Add/Sub correction applied in order.
 *
 * @param annotation the annotation
 * @param geometry   a valid JTS Polygon or MultiPolygon (possibly empty), pixel coordinates
 * @param findings   what had to be repaired on the way ({@link ToolRegions})
 */
public record ToolRegion(ToolAnnotation annotation, Geometry geometry, List<Finding> findings) {
    public ToolRegion {
        Objects.requireNonNull(annotation, "annotation");
        if (!(geometry instanceof Polygonal)) {
            throw new IllegalArgumentException("a region is a Polygon or MultiPolygon, got "
                    + (geometry == null ? "null" : geometry.getGeometryType()));
        }
        findings = List.copyOf(findings);
    }

    /** The region's area in square pixels (polygon area, not a pixel count). */
    public double areaPixels() {
        return geometry.getArea();
    }

    /** The smallest axis-aligned box holding the region; empty for an empty region. */
    public Optional<ToolBox> bounds() {
        if (geometry.isEmpty()) {
            return Optional.empty();
        }
        Envelope e = geometry.getEnvelopeInternal();
        return Optional.of(new ToolBox(e.getMinX(), e.getMinY(), e.getWidth(), e.getHeight()));
    }

    /**
     * The pixels of a {@code width} × {@code height} image whose centres are inside the region; parts outside
     * the image are clipped.
     *
     * @throws dev.pulmo.geometry.GeometryException when the size is not positive
     */
    public BinaryMask toMask(int width, int height) {
        return MaskRasterizer.rasterize(geometry, width, height);
    }
}
