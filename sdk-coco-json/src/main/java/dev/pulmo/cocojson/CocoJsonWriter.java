package dev.pulmo.cocojson;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.pulmo.cocojson.internal.JsonFactories;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Writes standard COCO JSON (cocodataset.org, "Data format"; what pycocotools' {@code COCO()}, detectron2 and
 * mmdetection read) incrementally, in bounded memory: {@code info}, {@code licenses} (empty), then categories, images
 * and annotations one at a time, in that order, then {@link #close()}. The one COCO writer of the SDK: dataset exports
 * and {@code pulmo mask2poly} both use it.
 *
 * <p>Boxes are COCO's {@code [x, y, width, height]}; segmentations are polygons ({@code [[x1, y1, x2, y2, …], …]}, one
 * ring per part) or pycocotools' compressed RLE ({@code {"size": [height, width], "counts": "…"}}). Numbers that are
 * whole are written as integers. An export whose annotations are made while its images are written can stage them in
 * a {@link #fragment} and copy it in with {@link #annotationsFrom}.
 */
public final class CocoJsonWriter implements Closeable {
    private enum Section { START, CATEGORIES, IMAGES, ANNOTATIONS, END }

    private final JsonGenerator g;
    private final boolean fragment;
    private Section section = Section.START;

    private CocoJsonWriter(OutputStream out, boolean fragment) {
        try {
            g = JsonFactories.FACTORY.createGenerator(out, JsonEncoding.UTF8);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            this.fragment = fragment;
            if (fragment) {
                g.writeStartArray();
                section = Section.ANNOTATIONS;
            } else {
                g.writeStartObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A COCO document to {@code out} (UTF-8), starting with {@code info} (its members in the given order) and an empty
     * {@code licenses}; closing the writer flushes {@code out} and does not close it.
     */
    public static CocoJsonWriter document(OutputStream out, Map<String, String> info) {
        CocoJsonWriter w = new CocoJsonWriter(out, false);
        try {
            w.g.writeObjectFieldStart("info");
            for (Map.Entry<String, String> e : info.entrySet()) {
                w.g.writeStringField(e.getKey(), e.getValue());
            }
            w.g.writeEndObject();
            w.g.writeArrayFieldStart("licenses");
            w.g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w;
    }

    /** A bare JSON array of annotations, to be copied into a document with {@link #annotationsFrom}. */
    public static CocoJsonWriter fragment(OutputStream out) {
        return new CocoJsonWriter(out, true);
    }

    public CocoJsonWriter category(int id, String name, String supercategory) {
        move(Section.CATEGORIES, "categories");
        try {
            g.writeStartObject();
            g.writeNumberField("id", id);
            g.writeStringField("name", name);
            g.writeStringField("supercategory", supercategory);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public CocoJsonWriter image(long id, String fileName, int width, int height) {
        move(Section.IMAGES, "images");
        try {
            g.writeStartObject();
            g.writeNumberField("id", id);
            g.writeStringField("file_name", fileName);
            g.writeNumberField("width", width);
            g.writeNumberField("height", height);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /**
     * An annotation with polygon segmentation.
     *
     * @param bbox  {@code [x, y, width, height]}
     * @param rings one flat ring {@code [x1, y1, …]} per part, first point not repeated
     */
    public CocoJsonWriter polygonAnnotation(long id, long imageId, int categoryId, double[] bbox, double area,
                                            List<double[]> rings) {
        startAnnotation(id, imageId, categoryId, bbox, area);
        try {
            g.writeArrayFieldStart("segmentation");
            for (double[] ring : rings) {
                g.writeStartArray();
                for (double v : ring) {
                    number(v);
                }
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** An annotation with pycocotools' compressed RLE segmentation of an image of {@code height × width}. */
    public CocoJsonWriter rleAnnotation(long id, long imageId, int categoryId, double[] bbox, double area,
                                        int height, int width, String counts) {
        startAnnotation(id, imageId, categoryId, bbox, area);
        try {
            g.writeObjectFieldStart("segmentation");
            g.writeArrayFieldStart("size");
            g.writeNumber(height);
            g.writeNumber(width);
            g.writeEndArray();
            g.writeStringField("counts", counts);
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private void startAnnotation(long id, long imageId, int categoryId, double[] bbox, double area) {
        if (bbox.length != 4) {
            throw new IllegalArgumentException("a COCO bbox has 4 numbers [x, y, width, height], got " + bbox.length);
        }
        move(Section.ANNOTATIONS, "annotations");
        try {
            g.writeStartObject();
            g.writeNumberField("id", id);
            g.writeNumberField("image_id", imageId);
            g.writeNumberField("category_id", categoryId);
            g.writeNumberField("iscrowd", 0);
            g.writeFieldName("area");
            number(area);
            g.writeArrayFieldStart("bbox");
            for (double v : bbox) {
                number(v);
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies the annotations of a {@link #fragment} (a JSON array of annotation objects) into this document.
     *
     * @throws UncheckedIOException when the fragment cannot be read or is not an array
     */
    public CocoJsonWriter annotationsFrom(InputStream fragmentJson) {
        move(Section.ANNOTATIONS, "annotations");
        try (JsonParser p = JsonFactories.FACTORY.createParser(fragmentJson)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("an annotations fragment is a JSON array");
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
                g.copyCurrentStructure(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the staged annotations: " + e.getMessage(), e);
        }
        return this;
    }

    private void number(double v) throws IOException {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("COCO numbers are finite, got " + v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            g.writeNumber((long) v);
        } else {
            g.writeNumber(v);
        }
    }

    /** Closes the sections still open (empty ones are written, so a document always has all five members). */
    private void move(Section to, String name) {
        if (to.ordinal() < section.ordinal()) {
            throw new IllegalStateException(name + " after " + section.name().toLowerCase(java.util.Locale.ROOT) + ": COCO sections go categories,"
                    + " images, annotations");
        }
        try {
            while (section != to) {
                if (section != Section.START) {
                    g.writeEndArray();
                }
                section = Section.values()[section.ordinal() + 1];
                g.writeArrayFieldStart(section.name().toLowerCase(java.util.Locale.ROOT));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (section == Section.END) {
            return;
        }
        try {
            if (fragment) {
                g.writeEndArray();
            } else {
                move(Section.ANNOTATIONS, "annotations");
                g.writeEndArray();
                g.writeEndObject();
            }
            section = Section.END;
            g.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
