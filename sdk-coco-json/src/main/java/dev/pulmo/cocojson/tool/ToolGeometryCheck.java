package dev.pulmo.cocojson.tool;

import dev.pulmo.api.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Data-quality check of a tool export: does the area and box the tool stated agree with the shape its
 * handles describe? Returns findings, never throws.
 *
 * <ul>
 *   <li>{@code tool.area-mismatch} (warning): the stated {@code area} differs from the polygon area of the
 *       handles (shoelace, square pixels) by more than the tolerance.</li>
 *   <li>{@code tool.bbox-mismatch} (warning): an edge of the stated box is further than the tolerance from
 *       the corresponding edge of the smallest box holding the handles.</li>
 * </ul>
 * Findings are located at the annotation object (file, pointer, line:column).
 * Without a geometry engine only uncorrected shapes can be measured here ({@link #check(ToolAnnotation)} skips
 * Add/Sub-corrected ones); a caller that has computed a corrected region's area and bounds passes them to
 * {@link #check(ToolAnnotation, double, ToolBox)}.
 *
 * @param areaRelativeTolerance allowed |stated − computed| / computed area (default 0.01)
 * @param areaAbsoluteTolerancePixels allowed |stated − computed| in square pixels whatever the relative
 *                                    difference, so that tiny shapes and rounding do not trip the check (default 0.5)
 * @param edgeTolerancePixels   allowed distance between a stated and a computed box edge (default 0.5)
 */
public record ToolGeometryCheck(double areaRelativeTolerance, double areaAbsoluteTolerancePixels,
                                double edgeTolerancePixels) {

    public static final ToolGeometryCheck DEFAULT = new ToolGeometryCheck(0.01, 0.5, 0.5);

    public ToolGeometryCheck {
        if (!(areaRelativeTolerance >= 0) || !(areaAbsoluteTolerancePixels >= 0) || !(edgeTolerancePixels >= 0)) {
            throw new IllegalArgumentException("tolerances must be non-negative numbers");
        }
    }

    /** Checks every annotation; see {@link #check(ToolAnnotation)}. */
    public List<Finding> check(List<ToolAnnotation> annotations) {
        List<Finding> findings = new ArrayList<>();
        annotations.forEach(a -> findings.addAll(check(a)));
        return findings;
    }

    /**
     * Checks an uncorrected annotation against its base shape's polygon area and handle bounds; returns no
     * findings for an Add/Sub-corrected one (its region needs polygon clipping).
     */
    public List<Finding> check(ToolAnnotation annotation) {
        if (!annotation.isUncorrected()) {
            return List.of();
        }
        ToolShape shape = annotation.data().shape();
        return check(annotation, shape.polygonAreaPixels(), shape.bounds());
    }

    /**
     * Checks the stated area and box against a region measured elsewhere.
     *
     * @param computedAreaPixels the region's area in square pixels
     * @param computedBounds     the region's bounds, pixel coordinates
     */
    public List<Finding> check(ToolAnnotation annotation, double computedAreaPixels, ToolBox computedBounds) {
        List<Finding> findings = new ArrayList<>();
        checkArea(annotation, computedAreaPixels).ifPresent(findings::add);
        checkBox(annotation, computedBounds).ifPresent(findings::add);
        return findings;
    }

    /** {@code tool.area-mismatch} when the stated area is further than the tolerance from {@code computedAreaPixels}. */
    public Optional<Finding> checkArea(ToolAnnotation annotation, double computedAreaPixels) {
        return annotation.data().area().flatMap(stated -> {
            double difference = Math.abs(stated.doubleValue() - computedAreaPixels);
            if (difference <= Math.max(areaAbsoluteTolerancePixels, areaRelativeTolerance * computedAreaPixels)) {
                return Optional.empty();
            }
            return Optional.of(Finding.warning("tool.area-mismatch", annotation.location(), String.format(Locale.ROOT,
                    "annotation %d: stated area %s px² but the shape encloses %.4f px² (difference %.4f)",
                    annotation.id(), stated.toPlainString(), computedAreaPixels, difference)));
        });
    }

    /** {@code tool.bbox-mismatch} when an edge of the stated box is further than the tolerance from {@code computedBounds}. */
    public Optional<Finding> checkBox(ToolAnnotation annotation, ToolBox computedBounds) {
        return annotation.data().boundingBox().flatMap(box -> {
            double worst = Math.max(
                    Math.max(Math.abs(box.left() - computedBounds.left()), Math.abs(box.top() - computedBounds.top())),
                    Math.max(Math.abs(box.right() - computedBounds.right()), Math.abs(box.bottom() - computedBounds.bottom())));
            if (worst <= edgeTolerancePixels) {
                return Optional.empty();
            }
            return Optional.of(Finding.warning("tool.bbox-mismatch", annotation.location(), String.format(Locale.ROOT,
                    "annotation %d: stated box left %.4f top %.4f width %.4f height %.4f but the shape spans "
                            + "left %.4f top %.4f width %.4f height %.4f (an edge is %.4f px off)",
                    annotation.id(), box.left(), box.top(), box.width(), box.height(), computedBounds.left(),
                    computedBounds.top(), computedBounds.width(), computedBounds.height(), worst)));
        });
    }
}
