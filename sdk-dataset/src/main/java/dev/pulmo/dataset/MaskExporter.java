package dev.pulmo.dataset;

import dev.pulmo.api.Annotation;
import dev.pulmo.api.BoundingBox;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.Segmentation;
import dev.pulmo.api.plugin.ExportRule;
import dev.pulmo.api.plugin.GeometryKind;
import dev.pulmo.geometry.BinaryMask;
import dev.pulmo.geometry.MaskTracer;
import dev.pulmo.geometry.TraceOptions;
import dev.pulmo.geometry.TracedComponent;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

/**
 * Applies a modality's {@link ExportRule} to one category's mask of one image: the step from a binary mask to
 * guideline annotations (SPEC.md §3).
 *
 * <ul>
 *   <li>A lesion is an 8-connected component of the mask (see {@link MaskTracer}).</li>
 *   <li>{@link GeometryKind#BOX}: one annotation per lesion, its bbox the component's pixel-edge box and its
 *       segmentation the box's four corners.</li>
 *   <li>{@link GeometryKind#POLYGON}: one annotation per polygon, outer ring only, because the guideline's flat
 *       {@code segmentation} holds one ring. A lesion whose pixels touch only diagonally somewhere is several
 *       polygons (one per 4-connected piece) and so several annotations; holes are not representable. Both
 *       are reported as INFO findings ({@code convert.lesion-split}, {@code convert.holes-dropped}); the exact
 *       shape stays in the binary mask. Rings are written as JTS orders a shell: counter-clockwise with y up,
 *       which is clockwise on screen, without repeating the first point.</li>
 *   <li>{@code area} follows the rule's {@link dev.pulmo.api.plugin.AreaRule}; {@code width}/{@code height}
 *       are the bbox's.</li>
 * </ul>
 */
public final class MaskExporter {

    /** The annotations for one mask and what the conversion had to say about them. */
    public record Result(List<Annotation> annotations, List<Finding> notes) {
        public Result {
            annotations = List.copyOf(annotations);
            notes = List.copyOf(notes);
        }
    }

    private MaskExporter() {
    }

    /**
     * @param firstId    the id of the first annotation made; the following ones count up from it
     * @param source     the mask's file, named in the notes
     */
    public static Result export(BinaryMask mask, ExportRule rule, long imageId, int categoryId, long firstId,
                                String toolname, String source) {
        List<TracedComponent> lesions = MaskTracer.trace(mask,
                new TraceOptions(rule.geometry() == GeometryKind.POLYGON ? rule.simplifyTolerancePixels() : 0,
                        rule.minComponentAreaPixels()));
        List<Annotation> out = new ArrayList<>();
        List<Finding> notes = new ArrayList<>();
        long id = firstId;
        for (TracedComponent lesion : lesions) {
            if (rule.geometry() == GeometryKind.BOX) {
                BoundingBox b = lesion.bounds();
                out.add(annotation(id++, imageId, categoryId, toolname, b, b.toSegmentation(), area(rule, b, b.area(), lesion.areaPixels())));
                continue;
            }
            Geometry g = lesion.geometry();
            if (g.getNumGeometries() > 1) {
                notes.add(Finding.info("convert.lesion-split", Location.ofFile(source), "a lesion of category " + categoryId
                        + " at " + lesion.bounds().toCorners() + " touches itself only diagonally; written as "
                        + g.getNumGeometries() + " polygons (the mask keeps it whole)"));
            }
            int holes = 0;
            for (int i = 0; i < g.getNumGeometries(); i++) {
                Polygon p = (Polygon) g.getGeometryN(i);
                holes += p.getNumInteriorRing();
                Segmentation ring = ring(p);
                BoundingBox b = ring.bounds();
                out.add(annotation(id++, imageId, categoryId, toolname, b, ring, area(rule, b, ring.polygonArea(),
                        g.getNumGeometries() == 1 ? lesion.areaPixels() : Math.round(p.getArea()))));
            }
            if (holes > 0) {
                notes.add(Finding.info("convert.holes-dropped", Location.ofFile(source), "a lesion of category " + categoryId
                        + " at " + lesion.bounds().toCorners() + " has " + holes + (holes == 1 ? " hole" : " holes")
                        + "; the guideline's segmentation keeps the outer ring only (the mask keeps the holes)"));
            }
        }
        return new Result(out, notes);
    }

    /**
     * Whether the export rule keeps a lesion of {@code areaPixels} pixels: specks below the plugin's minimum area are
     * left out of the JSON ({@link #export} has the tracer apply this), and every export that reads masks leaves them
     * out too.
     */
    public static boolean keeps(ExportRule rule, long areaPixels) {
        return areaPixels >= rule.minComponentAreaPixels();
    }

    private static double area(ExportRule rule, BoundingBox box, double polygonArea, long pixels) {
        return switch (rule.area()) {
            case BBOX -> box.area();
            case POLYGON -> polygonArea;
            case PIXELS -> pixels;
        };
    }

    private static Annotation annotation(long id, long imageId, int categoryId, String toolname, BoundingBox b,
                                         Segmentation s, double area) {
        return new Annotation(id, imageId, categoryId, 0, area, b, toolname, s, b.width(), b.height());
    }

    /** The shell's corners, first point not repeated. */
    private static Segmentation ring(Polygon p) {
        Coordinate[] c = p.getExteriorRing().getCoordinates();
        double[] flat = new double[(c.length - 1) * 2];
        for (int i = 0; i < c.length - 1; i++) {
            flat[2 * i] = c[i].x;
            flat[2 * i + 1] = c[i].y;
        }
        return Segmentation.of(flat);
    }
}
