package dev.pulmo.cocojson.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pulmo.api.Annotation;
import dev.pulmo.api.BoundingBox;
import dev.pulmo.api.Category;
import dev.pulmo.api.ImageRecord;
import dev.pulmo.api.Info;
import dev.pulmo.api.Segmentation;
import dev.pulmo.cocojson.GuidelineJsonException;
import java.util.Iterator;
import java.util.List;

/**
 * Maps located subtrees to the typed model, failing at the first member that is missing or of the wrong
 * type with a {@link GuidelineJsonException} naming file, pointer and line:column. Limits (lengths,
 * ranges, consistency) are the validator's business, not the reader's: a file that breaks them can still
 * be read and reported.
 */
public final class ModelMapper {
    private final String file;
    private final boolean rejectUnknownMembers;

    public ModelMapper(String file, boolean rejectUnknownMembers) {
        this.file = file;
        this.rejectUnknownMembers = rejectUnknownMembers;
    }

    public Info info(LocatedTree t) {
        JsonNode n = object(t, Schema.INFO);
        return new Info(string(t, n, "description"), string(t, n, "version"), string(t, n, "contributor"),
                string(t, n, "date_created"));
    }

    public Category category(LocatedTree t) {
        JsonNode n = object(t, Schema.CATEGORY);
        JsonNode superName = n.get("supercategory_name");
        return new Category(string(t, n, "supercategory"),
                superName == null || superName.isNull() ? null : string(t, n, "supercategory_name"),
                (int) integer(t, n, "grp_id"), string(t, n, "grp_name"), (int) integer(t, n, "id"),
                string(t, n, "name"));
    }

    public ImageRecord image(LocatedTree t) {
        JsonNode n = object(t, Schema.IMAGE);
        return ImageRecord.builder()
                .id(integer(t, n, "id"))
                .fileName(string(t, n, "file_name"))
                .patientId(string(t, n, "patient_id"))
                .seriesId(string(t, n, "series_id"))
                .imageId(string(t, n, "image_id"))
                .width(integer(t, n, "width"))
                .height(integer(t, n, "height"))
                .dateCaptured(string(t, n, "date_captured"))
                .modality(string(t, n, "modality"))
                .manufacturer(string(t, n, "manufacturer"))
                .manufacturerModelName(string(t, n, "manufacturer ModelName"))
                .build();
    }

    public Annotation annotation(LocatedTree t) {
        JsonNode n = object(t, Schema.ANNOTATION);
        // members are read in the guideline's order, so the first problem reported is the first in that order
        long id = integer(t, n, "id");
        long imageId = integer(t, n, "image_id");
        int categoryId = (int) integer(t, n, "category_id");
        int iscrowd = (int) integer(t, n, "iscrowd");
        double area = number(t, n, "area");
        double[] box = numbers(t, n, "bbox");
        if (box.length != 4) {
            throw error(t, t.pointer() + "/bbox", "bbox must have 4 numbers [x1, y1, x2, y2], found " + box.length);
        }
        String toolname = string(t, n, "toolname");
        double[] segmentation = numbers(t, n, "segmentation");
        return new Annotation(id, imageId, categoryId, iscrowd, area, new BoundingBox(box[0], box[1], box[2], box[3]),
                toolname, Segmentation.of(segmentation), number(t, n, "width"), number(t, n, "height"));
    }

    private JsonNode object(LocatedTree t, List<Schema.Member> members) {
        JsonNode n = t.node();
        if (!n.isObject()) {
            throw error(t, t.pointer(), "expected an object, found " + JsonKinds.describe(n));
        }
        if (!t.duplicateMembers().isEmpty()) {
            throw error(t, t.duplicateMembers().get(0), "member appears twice");
        }
        if (rejectUnknownMembers) {
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (Schema.find(members, name) == null) {
                    throw error(t, t.pointer() + "/" + LocatedTree.escape(name), "unknown member '" + name + "'");
                }
            }
        }
        return n;
    }

    private JsonNode required(LocatedTree t, JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            throw error(t, t.pointer() + (v == null ? "" : "/" + LocatedTree.escape(name)),
                    "required member '" + name + "' is " + (v == null ? "missing" : "null"));
        }
        return v;
    }

    private String string(LocatedTree t, JsonNode n, String name) {
        JsonNode v = required(t, n, name);
        if (!v.isTextual()) {
            throw typeError(t, name, v, Schema.Type.STRING);
        }
        return v.textValue();
    }

    private long integer(LocatedTree t, JsonNode n, String name) {
        JsonNode v = required(t, n, name);
        if (!JsonKinds.isIntegral(v) || !v.canConvertToLong()) {
            throw typeError(t, name, v, Schema.Type.INTEGER);
        }
        return v.longValue();
    }

    private double number(LocatedTree t, JsonNode n, String name) {
        JsonNode v = required(t, n, name);
        if (!v.isNumber()) {
            throw typeError(t, name, v, Schema.Type.NUMBER);
        }
        return v.doubleValue();
    }

    private double[] numbers(LocatedTree t, JsonNode n, String name) {
        JsonNode v = required(t, n, name);
        if (!v.isArray()) {
            throw typeError(t, name, v, Schema.Type.NUMBER_ARRAY);
        }
        double[] out = new double[v.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode e = v.get(i);
            if (!e.isNumber()) {
                throw error(t, t.pointer() + "/" + LocatedTree.escape(name) + "/" + i,
                        "expected a number, found " + JsonKinds.describe(e));
            }
            out[i] = e.doubleValue();
        }
        return out;
    }

    private GuidelineJsonException typeError(LocatedTree t, String name, JsonNode v, Schema.Type expected) {
        return error(t, t.pointer() + "/" + LocatedTree.escape(name),
                "'" + name + "' must be " + expected.description + ", found " + JsonKinds.describe(v));
    }

    private GuidelineJsonException error(LocatedTree t, String pointer, String problem) {
        JsonLocation l = t.locationOf(pointer);
        return new GuidelineJsonException(file, pointer, l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(),
                problem, null);
    }
}
