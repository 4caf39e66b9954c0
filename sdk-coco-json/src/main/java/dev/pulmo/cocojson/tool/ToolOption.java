package dev.pulmo.cocojson.tool;

import java.util.Optional;

/**
 * The annotation object's {@code option} member.
 *
 * @param tag       the lesion's label in the tool, e.g. {@code lesionA1}, if written
 * @param copyCheck the tool's {@code isCopyCheck} flag (whether the annotation was copied from another slice)
 * @param selected  the tool's {@code isSelected} flag
 */
public record ToolOption(Optional<String> tag, boolean copyCheck, boolean selected) {
    public static final ToolOption NONE = new ToolOption(Optional.empty(), false, false);

    public ToolOption {
        java.util.Objects.requireNonNull(tag, "tag");
    }
}
