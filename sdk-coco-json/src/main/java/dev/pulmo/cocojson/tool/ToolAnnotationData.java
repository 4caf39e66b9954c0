package dev.pulmo.cocojson.tool;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The annotation object's {@code annotationData} member (SPEC.md §10), typed. Members the tool writes only
 * for its own display ({@code visible}, {@code active}, {@code highlight}, {@code lines}, {@code canComplete})
 * are kept as written; the region is {@link #shape()} followed by {@link #corrections()}.
 *
 * @param visible                whether the tool shows the annotation
 * @param active                 whether the annotation was being edited when saved
 * @param color                  display colour as written, e.g. {@code #f67081}
 * @param shape                  the base shape: tool and handles
 * @param corrections            Add/Sub corrections in the order they were applied
 * @param lines                  the tool's {@code lines} member (segment end points), as written
 * @param label                  the tool's {@code label}
 * @param invalidHandlePlacement the tool's own flag that a handle was placed where it could not be
 * @param canComplete            the tool's flag that the outline could still be closed
 * @param boundingBox            the box the tool stated, pixel coordinates
 * @param area                   the area the tool stated, square pixels, parsed exactly from its string
 * @param toolSaveColor          colour of the saved annotation
 * @param save                   whether the annotation was saved
 * @param status                 the review status as written, e.g. {@code pass}
 */
public record ToolAnnotationData(boolean visible, boolean active, Optional<String> color, ToolShape shape,
                                 List<ShapeStep> corrections, List<ToolPoint> lines, Optional<String> label,
                                 boolean invalidHandlePlacement, boolean canComplete, Optional<ToolBox> boundingBox,
                                 Optional<BigDecimal> area, Optional<String> toolSaveColor, boolean save,
                                 Optional<String> status) {
    public ToolAnnotationData {
        Objects.requireNonNull(color, "color");
        Objects.requireNonNull(shape, "shape");
        corrections = List.copyOf(corrections);
        lines = List.copyOf(lines);
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(boundingBox, "boundingBox");
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(toolSaveColor, "toolSaveColor");
        Objects.requireNonNull(status, "status");
    }

    /** A drawn shape with every optional member absent and the flags at their defaults. */
    public static ToolAnnotationData of(ToolShape shape, List<ShapeStep> corrections) {
        return new ToolAnnotationData(true, false, Optional.empty(), shape, corrections, List.of(), Optional.empty(),
                false, false, Optional.empty(), Optional.empty(), Optional.empty(), false, Optional.empty());
    }
}
