package dev.pulmo.cocojson.tool;

/**
 * A point in pixel coordinates: (0,0) is the top-left corner of the top-left pixel, x to the right, y down
 * (SPEC.md §3). The tool writes fractional coordinates.
 */
public record ToolPoint(double x, double y) {
    public ToolPoint {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("point coordinates must be finite: (" + x + ", " + y + ")");
        }
    }
}
