package dev.pulmo.cocojson.tool;

import dev.pulmo.api.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One annotation object of the tool's JSON (SPEC.md §10).
 *
 * @param imageIndex 0-based index of the image's list in the file (0 for a file holding one flat list)
 * @param id         the tool's {@code id}, unique within its image
 * @param option     the {@code option} member
 * @param data       the {@code annotationData} member
 * @param location   where the object starts in the file (file, JSON Pointer, line:column)
 */
public record ToolAnnotation(int imageIndex, long id, ToolOption option, ToolAnnotationData data, Location location) {
    public ToolAnnotation {
        if (imageIndex < 0) {
            throw new IllegalArgumentException("imageIndex must not be negative, got " + imageIndex);
        }
        Objects.requireNonNull(option, "option");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(location, "location");
    }

    /**
     * How to build the region: the base shape as an {@link ShapeOperation#ADD} onto nothing, then every
     * correction in order. The region is the fold {@code ∅ ∪ base ± c1 ± c2 …}: union for Add, difference
     * for Sub.
     */
    public List<ShapeStep> steps() {
        List<ShapeStep> steps = new ArrayList<>(1 + data.corrections().size());
        steps.add(new ShapeStep(ShapeOperation.ADD, data.shape()));
        steps.addAll(data.corrections());
        return List.copyOf(steps);
    }

    /** True when the region is the base shape alone. */
    public boolean isUncorrected() {
        return data.corrections().isEmpty();
    }
}
