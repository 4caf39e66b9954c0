package dev.pulmo.cocojson.tool.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.cocojson.internal.JsonKinds;
import dev.pulmo.cocojson.internal.CappedFindings;
import dev.pulmo.cocojson.internal.LocatedTree;
import dev.pulmo.cocojson.tool.HandlePoint;
import dev.pulmo.cocojson.tool.ShapeOperation;
import dev.pulmo.cocojson.tool.ShapeStep;
import dev.pulmo.cocojson.tool.ToolAnnotation;
import dev.pulmo.cocojson.tool.ToolAnnotationData;
import dev.pulmo.cocojson.tool.ToolBox;
import dev.pulmo.cocojson.tool.ToolKind;
import dev.pulmo.cocojson.tool.ToolOption;
import dev.pulmo.cocojson.tool.ToolPoint;
import dev.pulmo.cocojson.tool.ToolShape;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Maps one located annotation object to the typed model, collecting every fault of the object (not only the
 * first) as findings. An object with any error gives no annotation. One instance per object.
 */
public final class AnnotationObjectMapper {
    private static final String[] HANDLES = {"handles", "handle"};
    private static final String[] BOX = {"boundingBox", "polyBoundingBox"};

    private final String file;
    private final LocatedTree tree;
    private final List<Finding> findings = new ArrayList<>();
    private boolean failed;

    private AnnotationObjectMapper(String file, LocatedTree tree) {
        this.file = file;
        this.tree = tree;
    }

    /** The annotation, if the object has no error; its findings (errors and warnings) go to {@code sink}. */
    public static Optional<ToolAnnotation> map(String file, LocatedTree tree, int imageIndex, CappedFindings sink) {
        AnnotationObjectMapper m = new AnnotationObjectMapper(file, tree);
        for (String duplicate : tree.duplicateMembers()) {
            sink.add(Finding.warning("tool.json.duplicate-member", m.at(duplicate),
                    "member appears twice in one object; the last value is used"));
        }
        Optional<ToolAnnotation> a = m.annotation(imageIndex);
        sink.addAll(m.findings);
        return m.failed ? Optional.empty() : a;
    }

    private Optional<ToolAnnotation> annotation(int imageIndex) {
        String p = tree.pointer();
        JsonNode n = tree.node();
        if (!n.isObject()) {
            typeError(p, "an annotation object", n);
            return Optional.empty();
        }
        JsonNode id = require(n, p, "id");
        Long idValue = null;
        if (id != null) {
            if (JsonKinds.isIntegral(id)) {
                idValue = id.longValue();
            } else {
                typeError(p + "/id", "an integer", id);
            }
        }
        ToolOption option = option(n.get("option"), p + "/option");
        JsonNode dataNode = require(n, p, "annotationData");
        ToolAnnotationData data = null;
        if (dataNode != null) {
            data = data(dataNode, p + "/annotationData");
        }
        if (failed) {
            return Optional.empty();
        }
        return Optional.of(new ToolAnnotation(imageIndex, idValue, option, data, at(p)));
    }

    private ToolOption option(JsonNode n, String p) {
        if (absent(n)) {
            return ToolOption.NONE;
        }
        if (!n.isObject()) {
            typeError(p, "an object", n);
            return ToolOption.NONE;
        }
        return new ToolOption(optionalString(n, p, "tag"), bool(n, p, "isCopyCheck", false), bool(n, p, "isSelected", false));
    }

    private ToolAnnotationData data(JsonNode n, String p) {
        if (!n.isObject()) {
            typeError(p, "an object", n);
            return null;
        }
        ToolShape shape = shape(n, p, "annotationData");
        List<ShapeStep> corrections = corrections(n.get("corrections"), p + "/corrections");
        List<ToolPoint> lines = points(n.get("lines"), p + "/lines");
        Optional<ToolBox> box = box(n, p);
        Optional<BigDecimal> area = area(n.get("area"), p + "/area");
        boolean visible = bool(n, p, "visible", true);
        boolean active = bool(n, p, "active", false);
        Optional<String> color = optionalString(n, p, "color");
        Optional<String> label = optionalString(n, p, "label");
        boolean invalidHandlePlacement = bool(n, p, "invalidHandlePlacement", false);
        boolean canComplete = bool(n, p, "canComplete", false);
        Optional<String> toolSaveColor = optionalString(n, p, "toolSaveColor");
        boolean save = bool(n, p, "save", false);
        Optional<String> status = optionalString(n, p, "status");
        if (invalidHandlePlacement) {
            findings.add(Finding.warning("tool.invalid-handle-placement", at(p + "/invalidHandlePlacement"),
                    "the tool flagged a handle as placed where it could not be"));
        }
        if (failed || shape == null) {
            return null;
        }
        return new ToolAnnotationData(visible, active, color, shape, corrections, lines, label, invalidHandlePlacement,
                canComplete, box, area, toolSaveColor, save, status);
    }

    /** The tool and handles of {@code n} (annotationData or one correction). */
    private ToolShape shape(JsonNode n, String p, String what) {
        ToolKind kind = ToolKind.FREE;
        JsonNode tool = n.get("tool");
        if (!absent(tool)) {
            if (!tool.isTextual()) {
                typeError(p + "/tool", "a string: Line, Free or Box", tool);
                kind = null;
            } else {
                kind = ToolKind.fromJsonName(tool.textValue()).orElse(null);
                if (kind == null) {
                    error("tool.kind-unknown", p + "/tool", "unknown drawing tool \"" + tool.textValue()
                            + "\", expected Line, Free or Box");
                }
            }
        }
        String handlesName = null;
        for (String name : HANDLES) {
            if (!absent(n.get(name))) {
                handlesName = name;
                break;
            }
        }
        if (handlesName == null) {
            error("tool.json.missing", p, what + " needs member 'handles' (the shape's points)");
            return null;
        }
        String hp = p + "/" + handlesName;
        JsonNode handlesNode = n.get(handlesName);
        if (handlesNode.isObject() && handlesNode.has("points")) {
            hp += "/points";
            handlesNode = handlesNode.get("points");
        }
        if (!handlesNode.isArray()) {
            typeError(hp, "an array of handle points (or an object with 'points')", handlesNode);
            return null;
        }
        List<HandlePoint> handles = new ArrayList<>();
        for (int i = 0; i < handlesNode.size(); i++) {
            handle(handlesNode.get(i), hp + "/" + i).ifPresent(handles::add);
        }
        if (kind == null || handles.size() != handlesNode.size()) {
            return null;
        }
        Optional<String> countProblem = ToolShape.handleCountProblem(kind, handles.size());
        if (countProblem.isPresent()) {
            error("tool.handles-count", hp, countProblem.get());
            return null;
        }
        return new ToolShape(kind, handles);
    }

    private Optional<HandlePoint> handle(JsonNode n, String p) {
        if (!n.isObject()) {
            typeError(p, "a handle point {\"x\": …, \"y\": …}", n);
            return Optional.empty();
        }
        Optional<ToolPoint> point = point(n, p);
        boolean highlight = bool(n, p, "highlight", false);
        boolean active = bool(n, p, "active", false);
        List<ToolPoint> lines = points(n.get("lines"), p + "/lines");
        return point.map(pt -> new HandlePoint(pt, highlight, active, lines));
    }

    private List<ShapeStep> corrections(JsonNode n, String p) {
        if (absent(n)) {
            return List.of();
        }
        if (!n.isArray()) {
            typeError(p, "an array of corrections", n);
            return List.of();
        }
        List<ShapeStep> steps = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            String cp = p + "/" + i;
            JsonNode c = n.get(i);
            if (!c.isObject()) {
                typeError(cp, "a correction {\"operation\": \"Add\"|\"Sub\", \"tool\": …, \"handles\": […]}", c);
                continue;
            }
            ShapeOperation op = null;
            JsonNode opNode = require(c, cp, "operation");
            if (opNode != null) {
                if (!opNode.isTextual()) {
                    typeError(cp + "/operation", "a string: Add or Sub", opNode);
                } else {
                    op = ShapeOperation.fromJsonName(opNode.textValue()).orElse(null);
                    if (op == null) {
                        error("tool.operation-unknown", cp + "/operation", "unknown correction \"" + opNode.textValue()
                                + "\", expected Add or Sub");
                    }
                }
            }
            ToolShape shape = shape(c, cp, "a correction");
            if (op != null && shape != null) {
                steps.add(new ShapeStep(op, shape));
            }
        }
        return steps;
    }

    private List<ToolPoint> points(JsonNode n, String p) {
        if (absent(n)) {
            return List.of();
        }
        if (!n.isArray()) {
            typeError(p, "an array of points", n);
            return List.of();
        }
        List<ToolPoint> points = new ArrayList<>();
        for (int i = 0; i < n.size(); i++) {
            JsonNode e = n.get(i);
            if (!e.isObject()) {
                typeError(p + "/" + i, "a point {\"x\": …, \"y\": …}", e);
            } else {
                point(e, p + "/" + i).ifPresent(points::add);
            }
        }
        return points;
    }

    private Optional<ToolPoint> point(JsonNode n, String p) {
        Double x = number(n, p, "x");
        Double y = number(n, p, "y");
        return x == null || y == null ? Optional.empty() : Optional.of(new ToolPoint(x, y));
    }

    private Optional<ToolBox> box(JsonNode n, String p) {
        String name = null;
        for (String candidate : BOX) {
            if (!absent(n.get(candidate))) {
                name = candidate;
                break;
            }
        }
        if (name == null) {
            return Optional.empty();
        }
        String bp = p + "/" + name;
        JsonNode b = n.get(name);
        if (b.isArray() && b.size() == 1) {
            // the guideline's sample wraps the box in a one-element array
            b = b.get(0);
            bp += "/0";
        }
        if (!b.isObject()) {
            typeError(bp, "a box {\"left\", \"top\", \"width\", \"height\"}", b);
            return Optional.empty();
        }
        Double left = number(b, bp, "left");
        Double top = number(b, bp, "top");
        Double width = number(b, bp, "width");
        Double height = number(b, bp, "height");
        if (left == null || top == null || width == null || height == null) {
            return Optional.empty();
        }
        if (width < 0 || height < 0) {
            error("tool.bbox-invalid", bp, "box width and height must not be negative, found " + width + " x " + height);
            return Optional.empty();
        }
        return Optional.of(new ToolBox(left, top, width, height));
    }

    private Optional<BigDecimal> area(JsonNode n, String p) {
        if (absent(n)) {
            return Optional.empty();
        }
        BigDecimal value;
        if (n.isNumber()) {
            value = n.decimalValue();
        } else if (n.isTextual()) {
            try {
                value = new BigDecimal(n.textValue().trim());
            } catch (NumberFormatException e) {
                error("tool.area-invalid", p, "area must be a decimal number written as a string, found "
                        + JsonKinds.describe(n));
                return Optional.empty();
            }
        } else {
            typeError(p, "a decimal string such as \"823.82\"", n);
            return Optional.empty();
        }
        if (value.signum() < 0) {
            error("tool.area-invalid", p, "area must not be negative, found " + value.toPlainString());
            return Optional.empty();
        }
        return Optional.of(value);
    }

    // ---------------------------------------------------------------- typed members

    private JsonNode require(JsonNode n, String p, String name) {
        JsonNode v = n.get(name);
        if (absent(v)) {
            error("tool.json.missing", p, "required member '" + name + "' is missing");
            return null;
        }
        return v;
    }

    private Double number(JsonNode n, String p, String name) {
        JsonNode v = require(n, p, name);
        if (v == null) {
            return null;
        }
        if (!v.isNumber()) {
            typeError(p + "/" + name, "a number", v);
            return null;
        }
        double d = v.doubleValue();
        if (!Double.isFinite(d)) {
            error("tool.json.type", p + "/" + name, "expected a finite number, found " + v.asText());
            return null;
        }
        return d;
    }

    private boolean bool(JsonNode n, String p, String name, boolean absentValue) {
        JsonNode v = n.get(name);
        if (absent(v)) {
            return absentValue;
        }
        if (!v.isBoolean()) {
            typeError(p + "/" + name, "true or false", v);
            return absentValue;
        }
        return v.booleanValue();
    }

    private Optional<String> optionalString(JsonNode n, String p, String name) {
        JsonNode v = n.get(name);
        if (absent(v)) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            typeError(p + "/" + name, "a string", v);
            return Optional.empty();
        }
        return Optional.of(v.textValue());
    }

    private static boolean absent(JsonNode v) {
        return v == null || v.isNull();
    }

    // ---------------------------------------------------------------- findings

    private void typeError(String p, String expected, JsonNode found) {
        error("tool.json.type", p, "expected " + expected + ", found " + JsonKinds.describe(found));
    }

    private void error(String code, String p, String message) {
        failed = true;
        findings.add(Finding.error(code, at(p), message));
    }

    private Location at(String pointer) {
        JsonLocation l = tree.locationOf(pointer);
        return l == null ? Location.of(file, pointer) : new Location(file, pointer, l.getLineNr(), l.getColumnNr());
    }
}
