package dev.pulmo.cocojson.tool;

import java.util.List;

/**
 * One handle (vertex) of a drawn shape, as the tool writes it: {@code {"x", "y", "highlight", "active",
 * "lines"}}.
 *
 * @param point     the vertex, in pixel coordinates (SPEC.md §3)
 * @param highlight the tool's display flag (whether the handle is drawn highlighted)
 * @param active    the tool's editing flag (whether the handle is being dragged)
 * @param lines     the end points of the segments the tool drew from this handle, usually the next handle;
 *                  kept as written and not used for geometry (the handles alone define the shape)
 */
public record HandlePoint(ToolPoint point, boolean highlight, boolean active, List<ToolPoint> lines) {
    public HandlePoint {
        java.util.Objects.requireNonNull(point, "point");
        lines = List.copyOf(lines);
    }

    /** A plain handle with no flags and no lines. */
    public static HandlePoint of(double x, double y) {
        return new HandlePoint(new ToolPoint(x, y), false, false, List.of());
    }

    public double x() {
        return point.x();
    }

    public double y() {
        return point.y();
    }
}
