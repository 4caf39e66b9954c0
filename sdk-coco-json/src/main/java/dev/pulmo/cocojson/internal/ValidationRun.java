package dev.pulmo.cocojson.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.pulmo.api.CategoryDefinition;
import dev.pulmo.api.CategoryTable;
import dev.pulmo.api.Finding;
import dev.pulmo.api.GuidelineDates;
import dev.pulmo.api.Location;
import dev.pulmo.api.Segmentation;
import dev.pulmo.api.plugin.AreaRule;
import dev.pulmo.api.plugin.ModalityCatalog;
import dev.pulmo.api.plugin.ModalityPlugin;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One validation of one document: receives the pieces from {@link SectionWalker} and collects findings.
 * Annotations are checked as they stream by when the images came first (the guideline's order); otherwise
 * the few facts their cross-checks need are kept until the end.
 */
public final class ValidationRun implements SectionWalker.Handler {

    private record ImageFacts(long width, long height, String modality) {
    }

    /** What an annotation's cross-checks against its image need. */
    private record PendingAnnotation(String pointer, Location location, long imageId, int categoryId, double[] bbox,
                                     double area, Segmentation segmentation, Location imageIdLocation,
                                     Location categoryLocation, Location bboxLocation, Location areaLocation) {
    }

    private final String file;
    private final ModalityCatalog catalog;
    private final double extentTolerance;
    private final double areaTolerance;
    private final CappedFindings findings;
    private final Set<String> sections = new HashSet<>();
    private final Map<Long, ImageFacts> images = new HashMap<>();
    private final Set<Integer> categoryIds = new HashSet<>();
    private final Map<String, Location> categorySupercategories = new HashMap<>();
    private final Set<String> imageModalities = new LinkedHashSet<>();
    private final LongHashSet annotationIds = new LongHashSet();
    private final List<PendingAnnotation> pending = new ArrayList<>();
    private boolean annotationsStarted;
    private boolean imagesBeforeAnnotations;

    public ValidationRun(String file, ModalityCatalog catalog, double extentTolerance, double areaTolerance) {
        this.file = file;
        this.findings = new CappedFindings(file);
        this.catalog = catalog;
        this.extentTolerance = extentTolerance;
        this.areaTolerance = areaTolerance;
    }

    public void add(Finding f) {
        record(f);
    }

    private void record(Finding f) {
        findings.add(f);
    }

    /** The findings, ending with {@code json.findings.omitted} when more than {@link CappedFindings#MAX_PER_FILE}. */
    public List<Finding> findings() {
        return findings.toList();
    }

    private Location at(LocatedTree t, String pointer) {
        JsonLocation l = t.locationOf(pointer);
        return l == null ? Location.of(file, pointer) : new Location(file, pointer, l.getLineNr(), l.getColumnNr());
    }

    private Location at(String pointer, JsonLocation l) {
        return l == null ? Location.of(file, pointer) : new Location(file, pointer, l.getLineNr(), l.getColumnNr());
    }

    private void error(String code, Location where, String message) {
        record(Finding.error(code, where, message));
    }

    // ---------------------------------------------------------------- walker callbacks

    @Override
    public void rootNotObject(JsonToken token, JsonLocation location) {
        error("json.root.not-object", at("", location),
                "the document must be an object with info, categories, images and annotations");
        sections.addAll(Schema.SECTIONS.keySet());
    }

    @Override
    public void unknownMember(String name, JsonLocation location) {
        record(Finding.warning("json.member.unknown", at("/" + LocatedTree.escape(name), location),
                "unknown top-level member '" + name + "' (expected info, categories, images, annotations)"));
    }

    @Override
    public void duplicateSection(String name, JsonLocation location) {
        error("json.section.duplicate", at("/" + name, location), "section '" + name + "' appears twice");
    }

    @Override
    public void section(String name, LocatedTree tree) {
        sections.add(name);
        if (!name.equals(SectionWalker.INFO)) {
            error("json.type", at(tree, tree.pointer()), "'" + name + "' must be an array, found " + JsonKinds.describe(tree.node()));
            return;
        }
        if (checkMembers(tree, Schema.INFO)) {
            checkDate(tree, "date_created");
        }
    }

    @Override
    public void arrayStart(String name, JsonLocation location) {
        if (name.equals(SectionWalker.ANNOTATIONS) && !annotationsStarted) {
            annotationsStarted = true;
            imagesBeforeAnnotations = sections.contains(SectionWalker.IMAGES);
        }
        sections.add(name);
    }

    @Override
    public void element(String name, int index, LocatedTree tree) {
        switch (name) {
            case SectionWalker.CATEGORIES -> category(tree);
            case SectionWalker.IMAGES -> image(tree);
            default -> annotation(tree);
        }
    }

    /**
     * A category table that was checked before and gave no finding stands for this document's, which was not walked:
     * its ids and modalities are recorded as {@link #element} would have recorded them, for the checks of the images
     * and annotations against it.
     */
    @Override
    public void knownCleanCategories(List<dev.pulmo.api.Category> table) {
        for (int i = 0; i < table.size(); i++) {
            dev.pulmo.api.Category c = table.get(i);
            categoryIds.add(c.id());
            categorySupercategories.putIfAbsent(c.supercategory(),
                    Location.of(file, "/" + SectionWalker.CATEGORIES + "/" + i + "/supercategory"));
        }
    }

    /** Checks that need the whole document. */
    public void finish() {
        for (String s : List.of(SectionWalker.INFO, SectionWalker.CATEGORIES, SectionWalker.IMAGES, SectionWalker.ANNOTATIONS)) {
            if (!sections.contains(s)) {
                error("json.section.missing", Location.of(file, ""), "required section '" + s + "' is missing");
            }
        }
        for (PendingAnnotation a : pending) {
            crossCheck(a);
        }
        pending.clear();
        for (Map.Entry<String, Location> e : categorySupercategories.entrySet()) {
            if (!imageModalities.isEmpty() && !imageModalities.contains(e.getKey())) {
                error("json.category.wrong-modality", e.getValue(), "categories of modality " + e.getKey()
                        + " in a file whose images are " + String.join(", ", imageModalities)
                        + ": the category table must be the images' modality's");
            }
        }
    }

    // ---------------------------------------------------------------- sections

    private void category(LocatedTree t) {
        if (!checkMembers(t, Schema.CATEGORY)) {
            return;
        }
        JsonNode n = t.node();
        int id = n.path("id").intValue();
        String p = t.pointer();
        if (validInteger(n, "id") && !categoryIds.add(id)) {
            error("json.id.duplicate", at(t, p + "/id"), "category id " + id + " appears twice");
        }
        if (!n.path("supercategory").isTextual()) {
            return;
        }
        String code = n.get("supercategory").textValue();
        categorySupercategories.putIfAbsent(code, at(t, p + "/supercategory"));
        Optional<ModalityPlugin> plugin = catalog.find(code);
        if (plugin.isEmpty()) {
            error("json.modality.unknown", at(t, p + "/supercategory"), unknownModality(code));
            return;
        }
        CategoryTable table = plugin.get().categoryTable();
        Optional<CategoryDefinition> def = validInteger(n, "id") ? table.byId(id) : Optional.empty();
        if (def.isEmpty()) {
            if (validInteger(n, "id")) {
                error("json.category.not-in-table", at(t, p + "/id"), "category id " + id + " is not in the " + code
                        + " table (ids " + ids(table) + ")");
            }
            return;
        }
        CategoryDefinition d = def.get();
        if (n.path("name").isTextual()) {
            String name = n.get("name").textValue();
            if (!name.equals(d.name())) {
                if (d.aliases().contains(name)) {
                    record(Finding.warning("json.category.name-alias", at(t, p + "/name"), "category " + id + " is named '"
                            + name + "', a misspelling in the guideline; the canonical name is '" + d.name() + "'"));
                } else {
                    error("json.category.name-mismatch", at(t, p + "/name"), "category " + id + " of " + code
                            + " is '" + d.name() + "' (" + d.englishName() + "), found '" + name + "'");
                }
            }
        }
        if (validInteger(n, "grp_id") && n.get("grp_id").intValue() != d.groupId()) {
            error("json.category.group-mismatch", at(t, p + "/grp_id"), "category " + id + " belongs to group "
                    + d.groupId() + " (" + d.groupName() + "), found " + n.get("grp_id").asText());
        }
        if (n.path("grp_name").isTextual() && !n.get("grp_name").textValue().equals(d.groupName())) {
            error("json.category.group-mismatch", at(t, p + "/grp_name"), "category " + id + " belongs to group '"
                    + d.groupName() + "', found '" + n.get("grp_name").textValue() + "'");
        }
    }

    private void image(LocatedTree t) {
        if (!checkMembers(t, Schema.IMAGE)) {
            return;
        }
        JsonNode n = t.node();
        String p = t.pointer();
        checkDate(t, "date_captured");
        String modality = n.path("modality").isTextual() ? n.get("modality").textValue() : null;
        if (modality != null) {
            imageModalities.add(modality);
            if (catalog.find(modality).isEmpty()) {
                error("json.modality.unknown", at(t, p + "/modality"), unknownModality(modality));
            }
        }
        if (validInteger(n, "id")) {
            long id = n.get("id").longValue();
            ImageFacts facts = new ImageFacts(validInteger(n, "width") ? n.get("width").longValue() : -1,
                    validInteger(n, "height") ? n.get("height").longValue() : -1, modality);
            if (images.putIfAbsent(id, facts) != null) {
                error("json.id.duplicate", at(t, p + "/id"), "image id " + id + " appears twice");
            }
        }
    }

    private void annotation(LocatedTree t) {
        if (!checkMembers(t, Schema.ANNOTATION)) {
            return;
        }
        JsonNode n = t.node();
        String p = t.pointer();
        if (validInteger(n, "id") && !annotationIds.add(n.get("id").longValue())) {
            error("json.id.duplicate", at(t, p + "/id"), "annotation id " + n.get("id").asText() + " appears twice");
        }
        if (validInteger(n, "iscrowd")) {
            long c = n.get("iscrowd").longValue();
            if (c != 0 && c != 1) {
                error("json.annotation.iscrowd", at(t, p + "/iscrowd"), "iscrowd must be 0 (single) or 1 (multiple), found " + c);
            }
        }
        double[] bbox = numbers(n.get("bbox"));
        if (bbox != null) {
            if (bbox.length != 4) {
                error("json.bbox.length", at(t, p + "/bbox"), "bbox must have 4 numbers [x1, y1, x2, y2], found " + bbox.length);
                bbox = null;
            } else if (!(bbox[2] > bbox[0]) || !(bbox[3] > bbox[1])) {
                error("json.bbox.degenerate", at(t, p + "/bbox"), "bbox [x1, y1, x2, y2] needs x1 < x2 and y1 < y2, found "
                        + java.util.Arrays.toString(bbox) + " (the guideline's box is in corner form, not COCO's [x, y, w, h])");
                bbox = null;
            }
        }
        double[] seg = numbers(n.get("segmentation"));
        Segmentation segmentation = null;
        if (seg != null) {
            if (seg.length % 2 != 0) {
                error("json.segmentation.odd-length", at(t, p + "/segmentation"),
                        "segmentation is a flat list of x, y pairs; found an odd number of values (" + seg.length + ")");
            } else if (seg.length < 6) {
                error("json.segmentation.too-few-points", at(t, p + "/segmentation"),
                        "segmentation needs at least 3 points, found " + seg.length / 2);
            } else {
                segmentation = Segmentation.of(seg);
            }
        }
        if (bbox != null) {
            checkExtent(t, n, "width", bbox[2] - bbox[0]);
            checkExtent(t, n, "height", bbox[3] - bbox[1]);
            if (segmentation != null) {
                var b = segmentation.bounds();
                double worst = Math.max(Math.max(Math.abs(b.x1() - bbox[0]), Math.abs(b.y1() - bbox[1])),
                        Math.max(Math.abs(b.x2() - bbox[2]), Math.abs(b.y2() - bbox[3])));
                if (worst > extentTolerance) {
                    record(Finding.warning("json.segmentation.bbox-mismatch", at(t, p + "/segmentation"),
                            "the segmentation's bounds " + b.toCorners() + " differ from the bbox by " + worst + " px (tolerance " + extentTolerance + ")"));
                }
            }
        }
        PendingAnnotation a = new PendingAnnotation(p, at(t, p),
                validInteger(n, "image_id") ? n.get("image_id").longValue() : Long.MIN_VALUE,
                validInteger(n, "category_id") ? n.get("category_id").intValue() : Integer.MIN_VALUE,
                bbox, n.path("area").isNumber() ? n.get("area").doubleValue() : Double.NaN, segmentation,
                at(t, p + "/image_id"), at(t, p + "/category_id"), at(t, p + "/bbox"), at(t, p + "/area"));
        if (imagesBeforeAnnotations) {
            crossCheck(a);
        } else {
            pending.add(a);
        }
    }

    /** Checks of an annotation against its image and the image's modality. */
    private void crossCheck(PendingAnnotation a) {
        if (a.imageId == Long.MIN_VALUE) {
            return;
        }
        ImageFacts image = images.get(a.imageId);
        if (image == null) {
            error("json.annotation.image-missing", a.imageIdLocation, "image_id " + a.imageId + " names no image of this file");
            return;
        }
        if (a.bbox != null && image.width > 0 && image.height > 0
                && (a.bbox[0] < 0 || a.bbox[1] < 0 || a.bbox[2] > image.width || a.bbox[3] > image.height)) {
            error("json.bbox.outside-image", a.bboxLocation, "bbox " + java.util.Arrays.toString(a.bbox)
                    + " is not within the image's " + image.width + " x " + image.height + " pixels");
        }
        Optional<ModalityPlugin> plugin = image.modality == null ? Optional.empty() : catalog.find(image.modality);
        if (plugin.isEmpty()) {
            if (a.categoryId != Integer.MIN_VALUE && !categoryIds.isEmpty() && !categoryIds.contains(a.categoryId)) {
                error("json.annotation.category-unknown", a.categoryLocation, "category_id " + a.categoryId + " is not in this file's categories");
            }
            return;
        }
        CategoryTable table = plugin.get().categoryTable();
        if (a.categoryId != Integer.MIN_VALUE && table.byId(a.categoryId).isEmpty()) {
            error("json.annotation.category-unknown", a.categoryLocation, "category_id " + a.categoryId
                    + " is not in the " + image.modality + " table (ids " + ids(table) + ")");
        }
        checkArea(a, plugin.get().exportRule().area());
    }

    private void checkArea(PendingAnnotation a, AreaRule rule) {
        if (Double.isNaN(a.area) || a.bbox == null) {
            return;
        }
        double boxArea = (a.bbox[2] - a.bbox[0]) * (a.bbox[3] - a.bbox[1]);
        switch (rule) {
            case BBOX -> {
                if (!close(a.area, boxArea)) {
                    error("json.annotation.area-mismatch", a.areaLocation, "area " + a.area + " differs from the bbox area "
                            + boxArea + " ((x2-x1)*(y2-y1), this modality's area rule)");
                }
            }
            case POLYGON -> {
                if (a.segmentation != null && !close(a.area, a.segmentation.polygonArea())) {
                    error("json.annotation.area-mismatch", a.areaLocation, "area " + a.area + " differs from the segmentation's polygon area "
                            + a.segmentation.polygonArea() + " (this modality's area rule)");
                }
            }
            case PIXELS -> {
                if (!(a.area > 0) || a.area > boxArea * (1 + areaTolerance) + 0.5) {
                    error("json.annotation.area-mismatch", a.areaLocation, "area " + a.area + " (a pixel count) must be positive and at most the bbox area " + boxArea);
                }
            }
        }
    }

    private boolean close(double actual, double expected) {
        return Math.abs(actual - expected) <= Math.max(0.5, Math.abs(expected) * areaTolerance);
    }

    private void checkExtent(LocatedTree t, JsonNode n, String member, double expected) {
        JsonNode v = n.get(member);
        if (v != null && v.isNumber() && Math.abs(v.doubleValue() - expected) > extentTolerance) {
            error("json.annotation.extent-mismatch", at(t, t.pointer() + "/" + member), member + " " + v.asText()
                    + " differs from the bbox's " + expected + " by more than " + extentTolerance + " px");
        }
    }

    private void checkDate(LocatedTree t, String member) {
        JsonNode v = t.node().get(member);
        if (v != null && v.isTextual() && GuidelineDates.parse(v.textValue()).isEmpty()) {
            error("json.date.format", at(t, t.pointer() + "/" + member), member + " '" + v.textValue()
                    + "' is not a date-time as yyyy-MM-dd HH-mm-ss (or HH:mm:ss)");
        }
    }

    // ---------------------------------------------------------------- generic member checks

    /** Type, presence, length and range of every member; false when the element is not an object at all. */
    private boolean checkMembers(LocatedTree t, List<Schema.Member> members) {
        JsonNode n = t.node();
        String p = t.pointer();
        if (!n.isObject()) {
            error("json.type", at(t, p), "expected an object, found " + JsonKinds.describe(n));
            return false;
        }
        for (String dup : t.duplicateMembers()) {
            error("json.member.duplicate", at(t, dup), "member appears twice in the same object");
        }
        for (Schema.Member m : members) {
            JsonNode v = n.get(m.name());
            if (v == null) {
                if (m.required()) {
                    error("json.required.missing", at(t, p), "required member '" + m.name() + "' is missing");
                }
                continue;
            }
            if (v.isNull()) {
                if (m.required()) {
                    error("json.required.null", at(t, member(p, m)), "required member '" + m.name() + "' is null");
                }
                continue;
            }
            checkValue(t, m, p, v);
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (Schema.find(members, name) == null) {
                record(Finding.warning("json.member.unknown", at(t, p + "/" + LocatedTree.escape(name)),
                        "unknown member '" + name + "'" + suggestion(name, members)));
            }
        }
        return true;
    }

    /** The member's pointer, made for a finding only (the objects of a file have tens of members each). */
    private static String member(String objectPointer, Schema.Member m) {
        return objectPointer + "/" + LocatedTree.escape(m.name());
    }

    /** @param p the pointer of the object holding the member */
    private void checkValue(LocatedTree t, Schema.Member m, String p, JsonNode v) {
        switch (m.type()) {
            case STRING -> {
                if (!v.isTextual()) {
                    typeError(t, m, member(p, m), v);
                } else if (m.maxCodePoints() > 0) {
                    String s = v.textValue();
                    int len = s.codePointCount(0, s.length());
                    if (len > m.maxCodePoints()) {
                        error("json.string.too-long", at(t, member(p, m)), "'" + m.name() + "' has " + len
                                + " characters, the guideline allows " + m.maxCodePoints());
                    }
                }
            }
            case INTEGER -> {
                if (!JsonKinds.isIntegral(v) || !v.canConvertToLong()) {
                    typeError(t, m, member(p, m), v);
                } else if (v.longValue() < m.min() || v.longValue() > m.max()) {
                    error("json.value.out-of-range", at(t, member(p, m)), "'" + m.name() + "' is " + v.asText() + ", allowed "
                            + range(m));
                }
            }
            case NUMBER -> {
                if (!v.isNumber()) {
                    typeError(t, m, member(p, m), v);
                }
            }
            case NUMBER_ARRAY -> {
                if (!v.isArray()) {
                    typeError(t, m, member(p, m), v);
                } else {
                    int i = 0;
                    for (JsonNode e : v) {
                        if (!e.isNumber()) {
                            error("json.type", at(t, member(p, m) + "/" + i), "'" + m.name() + "' must hold numbers, found "
                                    + JsonKinds.describe(e));
                        }
                        i++;
                    }
                }
            }
        }
    }

    private void typeError(LocatedTree t, Schema.Member m, String mp, JsonNode v) {
        error("json.type", at(t, mp), "'" + m.name() + "' must be " + m.type().description + ", found " + JsonKinds.describe(v));
    }

    private static String range(Schema.Member m) {
        if (m.max() == Long.MAX_VALUE || m.max() == Integer.MAX_VALUE) {
            return ">= " + m.min();
        }
        return m.min() + " to " + m.max();
    }

    private static String suggestion(String name, List<Schema.Member> members) {
        for (Schema.Member m : members) {
            if (m.name().replace(" ", "").replace("_", "").equalsIgnoreCase(name.replace(" ", "").replace("_", ""))) {
                return " (did you mean '" + m.name() + "'?)";
            }
        }
        return "";
    }

    private static boolean validInteger(JsonNode n, String member) {
        JsonNode v = n.get(member);
        return v != null && JsonKinds.isIntegral(v) && v.canConvertToLong();
    }

    /** The array's values when it is an array of numbers only; otherwise null (already reported). */
    private static double[] numbers(JsonNode v) {
        if (v == null || !v.isArray()) {
            return null;
        }
        double[] out = new double[v.size()];
        int i = 0;
        for (JsonNode e : v) { // a polygon's thousands of numbers: each element fetched once
            if (!e.isNumber()) {
                return null;
            }
            out[i++] = e.doubleValue();
        }
        return out;
    }

    private String unknownModality(String code) {
        return "modality '" + code + "' is not known to the loaded plugins (" + catalog.describeKnown() + ")";
    }

    private static String ids(CategoryTable table) {
        List<CategoryDefinition> c = table.categories();
        return c.isEmpty() ? "none" : c.get(0).id() + "-" + c.get(c.size() - 1).id();
    }
}
