package dev.pulmo.geometry;

import dev.pulmo.api.BoundingBox;
import dev.pulmo.geometry.internal.CentreTracer;
import dev.pulmo.geometry.internal.EdgeTracer;
import dev.pulmo.geometry.internal.RunTable;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;

/**
 * Mask → polygons along pixel edges (SPEC.md §3 pixel geometry); {@link #traceCentres} traces through pixel
 * centres instead, as OpenCV does.
 *
 * <p>Rules, chosen so that every result is a valid JTS geometry, its area equals the pixel count exactly and
 * {@link MaskRasterizer#rasterize} gives back the same mask:
 * <ul>
 *   <li>Foreground is 8-connected, background 4-connected: two pixels touching only at a corner are one
 *       component, and background that touches the outside only through a corner is a hole.</li>
 *   <li>One {@link TracedComponent} per 8-connected component, in the raster order of its first pixel. A
 *       component that is also 4-connected is one {@link Polygon} with its holes. A component that is not
 *       (some of its parts meet only at pixel corners) cannot be one valid polygon, its interior being
 *       disconnected at those corners, so it is a {@link MultiPolygon} of its 4-connected pieces, which touch
 *       at pixel corners.</li>
 *   <li>Holes may touch their shell or each other at a single pixel corner (valid in JTS); an island inside a
 *       hole that does not touch the ring is a separate component.</li>
 *   <li>Orientation: shells counter-clockwise, holes clockwise, as JTS's {@code Orientation.isCCW} and RFC 7946
 *       read coordinates (y up); on screen, with y down, shells appear clockwise. Only corners are kept, so
 *       collinear pixel edges form one segment.</li>
 * </ul>
 * Cost follows the number of foreground runs and the outline length, plus one pass over the packed bits.
 */
public final class MaskTracer {
    static final GeometryFactory FACTORY = new GeometryFactory();

    private MaskTracer() {
    }

    /** The exact pixel-edge polygons of every 8-connected component. */
    public static List<TracedComponent> trace(BinaryMask mask) {
        return trace(mask, TraceOptions.EXACT);
    }

    /**
     * The pixel-edge polygons of the components with at least {@code options.minimumAreaPixels()} pixels,
     * each simplified with {@code options.simplifyTolerancePixels()} by JTS's topology-preserving simplifier.
     * Simplification keeps each component valid; in the rare case where it lets two pieces of a component
     * overlap, the component is repaired with JTS's {@code GeometryFixer}. A simplified polygon's area no
     * longer equals {@link TracedComponent#areaPixels()}, which stays the pixel count.
     */
    public static List<TracedComponent> trace(BinaryMask mask, TraceOptions options) {
        RunTable runs = mask.runs();
        Polygon[] pieces = EdgeTracer.tracePieces(mask.words(), mask.width(), mask.height(), runs, FACTORY);
        int components = runs.componentCount8();
        List<List<Polygon>> piecesOfComponent = new ArrayList<>(components);
        for (int id = 0; id < components; id++) {
            piecesOfComponent.add(new ArrayList<>(1));
        }
        int lastPiece = -1;
        for (int i = 0; i < runs.size(); i++) {
            // Pieces are numbered in raster order of their first run, so a new piece id is always lastPiece + 1.
            if (runs.piece(i) > lastPiece) {
                lastPiece = runs.piece(i);
                piecesOfComponent.get(runs.component(i)).add(pieces[lastPiece]);
            }
        }
        long[] areas = runs.componentAreas();
        int[] boxes = runs.componentPixelBoxes();
        List<TracedComponent> result = new ArrayList<>(components);
        for (int id = 0; id < components; id++) {
            if (areas[id] < options.minimumAreaPixels()) {
                continue;
            }
            List<Polygon> parts = piecesOfComponent.get(id);
            Geometry geometry = parts.size() == 1 ? parts.get(0) : FACTORY.createMultiPolygon(parts.toArray(new Polygon[0]));
            if (options.simplifyTolerancePixels() > 0) {
                geometry = simplify(geometry, options.simplifyTolerancePixels());
            }
            BoundingBox bounds = BoundingBox.ofPixels(boxes[4 * id], boxes[4 * id + 1], boxes[4 * id + 2], boxes[4 * id + 3]);
            result.add(new TracedComponent(geometry, areas[id], bounds));
        }
        return List.copyOf(result);
    }

    /**
     * Every 4-connected piece of the mask in one valid {@link MultiPolygon} (pieces touch only at pixel
     * corners), same rules as {@link #trace(BinaryMask)}; empty for an empty mask.
     */
    public static MultiPolygon traceGeometry(BinaryMask mask) {
        RunTable runs = mask.runs();
        return FACTORY.createMultiPolygon(EdgeTracer.tracePieces(mask.words(), mask.width(), mask.height(), runs, FACTORY));
    }

    /**
     * Borders through pixel centres, the way OpenCV's {@code findContours(mask, RETR_CCOMP, CHAIN_APPROX_SIMPLE)}
     * traces them (Suzuki–Abe border following, 8-connected foreground): the outer border of every 8-connected
     * component in the raster order of its first pixel, then every hole border with the index of its component's
     * outer border. Component and hole counts, boxes and {@link CentreContour#area()} match OpenCV's
     * {@code contourArea}; the choice of start point and point order may differ from OpenCV's.
     */
    public static List<CentreContour> traceCentres(BinaryMask mask) {
        List<CentreContour> contours = new ArrayList<>();
        for (CentreTracer.Border border : CentreTracer.trace(mask.words(), mask.width(), mask.height())) {
            contours.add(new CentreContour(border.hole(), border.parent(), border.points()));
        }
        return List.copyOf(contours);
    }

    private static Geometry simplify(Geometry geometry, double tolerancePixels) {
        Geometry simplified = TopologyPreservingSimplifier.simplify(geometry, tolerancePixels);
        if (!simplified.isValid()) {
            simplified = GeometryFixer.fix(simplified);
        }
        if (simplified instanceof Polygon || simplified instanceof MultiPolygon) {
            return simplified;
        }
        // GeometryFixer may return a collection when pieces collapse; keep the original outline then.
        return geometry;
    }
}
