package dev.pulmo.cocojson.tool;

import java.util.Objects;

/** One step of building an annotation's region: {@code operation} applied with {@code shape}. */
public record ShapeStep(ShapeOperation operation, ToolShape shape) {
    public ShapeStep {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(shape, "shape");
    }
}
