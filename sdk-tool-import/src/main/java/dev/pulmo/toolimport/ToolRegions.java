package dev.pulmo.toolimport;

import dev.pulmo.api.Finding;
import dev.pulmo.cocojson.tool.ShapeOperation;
import dev.pulmo.cocojson.tool.ShapeStep;
import dev.pulmo.cocojson.tool.ToolAnnotation;
import dev.pulmo.cocojson.tool.ToolPoint;
import dev.pulmo.geometry.ShapeEdit;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * Builds a tool annotation's region: the polygon of each step's ring, folded in order with
 * {@link ShapeEdit#add} (Add) and {@link ShapeEdit#subtract} (Sub), starting from the empty region.
 *
 * <p>A freehand outline that crosses itself is not a valid polygon. It is read as what JTS's
 * {@link GeometryFixer} makes of it (for a figure-eight, its two lobes) and reported as
 * {@code tool.ring-invalid} (WARNING) with the place where it breaks; a ring that encloses nothing (all
 * handles on one line) contributes nothing. {@code tool.region-empty} (WARNING) says that the corrections
 * left nothing. Findings are located at the annotation object.
 */
public final class ToolRegions {
    private static final GeometryFactory FACTORY = new GeometryFactory();

    private ToolRegions() {
    }

    /** The region of {@code annotation}. */
    public static ToolRegion of(ToolAnnotation annotation) {
        List<Finding> findings = new ArrayList<>();
        Geometry region = FACTORY.createPolygon();
        List<ShapeStep> steps = annotation.steps();
        for (int i = 0; i < steps.size(); i++) {
            ShapeStep step = steps.get(i);
            Geometry shape = polygon(annotation, step, i, findings);
            region = step.operation() == ShapeOperation.ADD ? ShapeEdit.add(region, shape) : ShapeEdit.subtract(region, shape);
        }
        if (region.isEmpty()) {
            findings.add(Finding.warning("tool.region-empty", annotation.location(),
                    "annotation " + annotation.id() + ": after its corrections nothing is left of the shape"));
        }
        return new ToolRegion(annotation, region, findings);
    }

    private static Geometry polygon(ToolAnnotation annotation, ShapeStep step, int index, List<Finding> findings) {
        List<ToolPoint> ring = step.shape().ring();
        Coordinate[] coordinates = new Coordinate[ring.size() + 1];
        for (int i = 0; i < ring.size(); i++) {
            coordinates[i] = new Coordinate(ring.get(i).x(), ring.get(i).y());
        }
        coordinates[ring.size()] = coordinates[0].copy();
        Geometry polygon = FACTORY.createPolygon(coordinates);
        TopologyValidationError error = new IsValidOp(polygon).getValidationError();
        if (error == null) {
            return polygon;
        }
        String which = index == 0 ? "the base " + step.shape().tool().jsonName() + " shape"
                : "correction " + index + " (" + step.operation().jsonName() + " " + step.shape().tool().jsonName() + ")";
        Coordinate at = error.getCoordinate();
        findings.add(Finding.warning("tool.ring-invalid", annotation.location(), "annotation " + annotation.id() + ": "
                + which + " is not a simple polygon (" + error.getMessage()
                + (at == null ? "" : " at (" + at.x + ", " + at.y + ")") + "); read as its repaired form"));
        Geometry fixed = GeometryFixer.fix(polygon);
        return fixed instanceof Polygonal ? fixed : FACTORY.createPolygon();
    }
}
