package dev.pulmo.dataset;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.BoundingBox;
import dev.pulmo.api.GuidelineDates;
import dev.pulmo.api.ImageRecord;
import dev.pulmo.api.Info;
import dev.pulmo.api.plugin.ExportRule;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.cocojson.CocoJsonWriter;
import dev.pulmo.cocojson.GuidelineJson;
import dev.pulmo.geometry.BinaryMask;
import dev.pulmo.geometry.MaskTracer;
import dev.pulmo.geometry.TraceOptions;
import dev.pulmo.geometry.TracedComponent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/**
 * One mask's lesions as polygons in a file ({@code pulmo mask2poly}): pixel-edge outlines of every 8-connected
 * component ({@link MaskTracer}), with holes, in pixel coordinates ((0,0) is the top-left corner of the top-left
 * pixel).
 *
 * <ul>
 *   <li>{@link Format#GEOJSON}: a FeatureCollection, one Feature per component (Polygon, or MultiPolygon of its
 *       4-connected parts) with properties {@code pixel_area}, {@code polygon_area} and {@code bbox}
 *       {@code [x1, y1, x2, y2]}.</li>
 *   <li>{@link Format#COCO}: standard COCO ({@link CocoJsonWriter}), one image, one annotation per component with
 *       {@code bbox} {@code [x, y, w, h]}, one outer ring per 4-connected part (COCO polygons hold no holes) and
 *       {@code area} = pixel count.</li>
 *   <li>{@link Format#GUIDELINE}: the dataset's JSON (SPEC.md §3) through the modality's export rule
 *       ({@link MaskExporter}, the one the main job uses).</li>
 * </ul>
 */
public final class MaskPolygons {

    /** The output formats. */
    public enum Format { GEOJSON, COCO, GUIDELINE }

    private static final JsonFactory JSON = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private MaskPolygons() {
    }

    /**
     * Writes {@code mask}'s lesions to {@code out} (UTF-8; flushed, not closed).
     *
     * @param fileName   the mask's file name, written as the image's {@code file_name} (COCO, guideline)
     * @param options    simplification and minimum component area (GeoJSON, COCO)
     * @param plugin     the modality whose categories and export rule apply (guideline; may be null otherwise)
     * @param rule       the export rule to apply (guideline): the plugin's, or one with other simplification or area
     * @param categoryId every annotation's category (COCO, guideline)
     */
    public static void write(BinaryMask mask, String fileName, Format format, TraceOptions options, ModalityPlugin plugin,
                             ExportRule rule, int categoryId, OutputStream out) {
        try {
            switch (format) {
                case GEOJSON -> geoJson(MaskTracer.trace(mask, options), out);
                case COCO -> coco(fileName, mask, MaskTracer.trace(mask, options), categoryId, out);
                case GUIDELINE -> GuidelineJson.write(guideline(fileName, mask, plugin, rule, categoryId), out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void geoJson(List<TracedComponent> components, OutputStream out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("type", "FeatureCollection");
            g.writeArrayFieldStart("features");
            for (TracedComponent component : components) {
                Geometry geometry = component.geometry();
                g.writeStartObject();
                g.writeStringField("type", "Feature");
                g.writeObjectFieldStart("geometry");
                g.writeStringField("type", geometry.getGeometryType());
                g.writeFieldName("coordinates");
                if (geometry instanceof Polygon polygon) {
                    polygon(g, polygon);
                } else {
                    g.writeStartArray();
                    for (int k = 0; k < geometry.getNumGeometries(); k++) {
                        polygon(g, (Polygon) geometry.getGeometryN(k));
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
                BoundingBox box = component.bounds();
                g.writeObjectFieldStart("properties");
                g.writeNumberField("pixel_area", component.areaPixels());
                g.writeFieldName("polygon_area");
                number(g, component.polygonArea());
                g.writeArrayFieldStart("bbox");
                number(g, box.x1());
                number(g, box.y1());
                number(g, box.x2());
                number(g, box.y2());
                g.writeEndArray();
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
        out.flush();
    }

    private static void polygon(JsonGenerator g, Polygon polygon) throws IOException {
        g.writeStartArray();
        ring(g, polygon.getExteriorRing());
        for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
            ring(g, polygon.getInteriorRingN(h));
        }
        g.writeEndArray();
    }

    /** A closed GeoJSON ring: first point repeated at the end (RFC 7946 3.1.6). */
    private static void ring(JsonGenerator g, LineString ring) throws IOException {
        g.writeStartArray();
        for (Coordinate c : ring.getCoordinates()) {
            g.writeStartArray();
            number(g, c.x);
            number(g, c.y);
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    private static void number(JsonGenerator g, double v) throws IOException {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            g.writeNumber((long) v);
        } else {
            g.writeNumber(v);
        }
    }

    private static void coco(String fileName, BinaryMask mask, List<TracedComponent> components, int categoryId,
                             OutputStream out) {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("description", "pulmo mask2poly: " + fileName);
        CocoJsonWriter w = CocoJsonWriter.document(out, info);
        w.category(categoryId, "lesion", "lesion");
        w.image(1, fileName, mask.width(), mask.height());
        long id = 0;
        for (TracedComponent component : components) {
            List<double[]> rings = new ArrayList<>();
            Geometry geometry = component.geometry();
            for (int k = 0; k < geometry.getNumGeometries(); k++) {
                Coordinate[] shell = ((Polygon) geometry.getGeometryN(k)).getExteriorRing().getCoordinates();
                double[] flat = new double[2 * (shell.length - 1)];
                for (int p = 0; p < shell.length - 1; p++) {
                    flat[2 * p] = shell[p].x;
                    flat[2 * p + 1] = shell[p].y;
                }
                rings.add(flat);
            }
            w.polygonAnnotation(++id, 1, categoryId, component.bounds().toCoco(), component.areaPixels(), rings);
        }
        w.close();
    }

    /** SPEC.md §3 through the modality's export rule, as the main job writes it. */
    private static AnnotationFile guideline(String fileName, BinaryMask mask, ModalityPlugin plugin, ExportRule rule,
                                            int categoryId) {
        MaskExporter.Result r = MaskExporter.export(mask, rule, 1, categoryId, 1, "pulmo mask2poly", fileName);
        ImageRecord image = ImageRecord.builder().id(1).fileName(fileName).width(mask.width()).height(mask.height())
                .modality(plugin.modality().code()).build();
        Info info = new Info("pulmo mask2poly", "1.0", "pulmo", GuidelineDates.format(LocalDateTime.now().withNano(0)));
        return new AnnotationFile(info, plugin.categoryTable().toJsonCategories(), List.of(image), r.annotations());
    }
}
