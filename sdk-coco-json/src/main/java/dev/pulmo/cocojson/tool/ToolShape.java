package dev.pulmo.cocojson.tool;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One drawn shape: the tool that drew it and its handles. Its region is the polygon {@link #ring()}.
 *
 * @param tool    how it was drawn
 * @param handles the handles in drawing order: at least 3 for {@link ToolKind#LINE} and {@link ToolKind#FREE},
 *                exactly 2 (opposite corners, any order) for {@link ToolKind#BOX}
 */
public record ToolShape(ToolKind tool, List<HandlePoint> handles) {
    public ToolShape {
        Objects.requireNonNull(tool, "tool");
        handles = List.copyOf(handles);
        Optional<String> problem = handleCountProblem(tool, handles.size());
        if (problem.isPresent()) {
            throw new IllegalArgumentException(problem.get());
        }
    }

    /**
     * Why {@code count} handles cannot make a {@code tool} shape — a box needs exactly 2, a polygon at least 3 —
     * or empty when they can.
     */
    public static Optional<String> handleCountProblem(ToolKind tool, int count) {
        boolean box = tool == ToolKind.BOX;
        if (box ? count == 2 : count >= 3) {
            return Optional.empty();
        }
        return Optional.of(tool.jsonName() + " needs " + (box ? "exactly 2" : "at least 3") + " handles, found " + count);
    }

    /**
     * The outline as an implicitly closed ring (the first point is not repeated at the end), in pixel
     * coordinates: the handles of a polygon in order; the four corners of a box, clockwise on screen from the
     * top-left one.
     */
    public List<ToolPoint> ring() {
        if (tool != ToolKind.BOX) {
            List<ToolPoint> ring = new ArrayList<>(handles.size());
            handles.forEach(h -> ring.add(h.point()));
            return List.copyOf(ring);
        }
        ToolBox b = bounds();
        return List.of(new ToolPoint(b.left(), b.top()), new ToolPoint(b.right(), b.top()),
                new ToolPoint(b.right(), b.bottom()), new ToolPoint(b.left(), b.bottom()));
    }

    /** {@link #ring()} as a flat {@code [x0, y0, x1, y1, …]} array (a fresh copy), the form rasterisers take. */
    public double[] flatRing() {
        List<ToolPoint> ring = ring();
        double[] xy = new double[ring.size() * 2];
        for (int i = 0; i < ring.size(); i++) {
            xy[2 * i] = ring.get(i).x();
            xy[2 * i + 1] = ring.get(i).y();
        }
        return xy;
    }

    /**
     * The area enclosed by {@link #ring()} in square pixels, by the shoelace formula (absolute value, so the
     * winding direction does not matter). For a self-intersecting ring this is the signed sum of its lobes,
     * not the covered area.
     */
    public double polygonAreaPixels() {
        List<ToolPoint> ring = ring();
        double twiceArea = 0;
        for (int i = 0; i < ring.size(); i++) {
            ToolPoint a = ring.get(i);
            ToolPoint b = ring.get((i + 1) % ring.size());
            twiceArea += a.x() * b.y() - b.x() * a.y();
        }
        return Math.abs(twiceArea) / 2;
    }

    /** The smallest axis-aligned box holding every handle. */
    public ToolBox bounds() {
        double minX = Double.POSITIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (HandlePoint h : handles) {
            minX = Math.min(minX, h.x());
            minY = Math.min(minY, h.y());
            maxX = Math.max(maxX, h.x());
            maxY = Math.max(maxY, h.y());
        }
        return new ToolBox(minX, minY, maxX - minX, maxY - minY);
    }
}
