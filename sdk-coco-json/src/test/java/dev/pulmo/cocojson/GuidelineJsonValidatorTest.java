package dev.pulmo.cocojson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Severity;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every rule of SPEC.md §3, for each modality: the hand-written valid sample gives no finding, and each
 * single edit of it gives exactly the findings (code @ pointer) that the spec predicts.
 */
class GuidelineJsonValidatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final GuidelineJsonValidator VALIDATOR = GuidelineJsonValidator.of(Samples.CATALOG);

    /** One edit of a valid file and the findings it must give, as "code @ pointer". */
    record Case(String name, Consumer<ObjectNode> edit, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static ObjectNode obj(ObjectNode root, String pointer) {
        return (ObjectNode) root.at(pointer);
    }

    private static ArrayNode arr(ObjectNode root, String pointer) {
        return (ArrayNode) root.at(pointer);
    }

    /** The rules, written from SPEC.md §3; the same for every modality unless a modality is named. */
    static List<Case> cases(String modality) {
        List<Case> c = new ArrayList<>();
        c.add(new Case("required member missing", r -> obj(r, "/info").remove("version"),
                List.of("json.required.missing @ /info")));
        c.add(new Case("required member null", r -> obj(r, "/images/0").putNull("file_name"),
                List.of("json.required.null @ /images/0/file_name")));
        c.add(new Case("id of the wrong type", r -> obj(r, "/annotations/0").put("id", "1"),
                List.of("json.type @ /annotations/0/id")));
        c.add(new Case("bbox not an array", r -> obj(r, "/annotations/0").put("bbox", "[1,2,3,4]"),
                List.of("json.type @ /annotations/0/bbox")));
        c.add(new Case("patient id of 8 characters", r -> obj(r, "/images/0").put("patient_id", "A1234567"),
                List.of("json.string.too-long @ /images/0/patient_id")));
        c.add(new Case("50 Hangul syllables are 50 characters, not 150 bytes",
                r -> obj(r, "/info").put("description", "폐".repeat(50)), List.of()));
        c.add(new Case("51 Hangul syllables are too many", r -> obj(r, "/info").put("description", "폐".repeat(51)),
                List.of("json.string.too-long @ /info/description")));
        c.add(new Case("image width 0", r -> obj(r, "/images/0").put("width", 0),
                List.of("json.value.out-of-range @ /images/0/width")));
        c.add(new Case("grp_id 3", r -> obj(r, "/categories/0").put("grp_id", 3),
                List.of("json.value.out-of-range @ /categories/0/grp_id", "json.category.group-mismatch @ /categories/0/grp_id")));
        c.add(new Case("unknown modality", r -> obj(r, "/images/0").put("modality", "MRI"),
                List.of("json.modality.unknown @ /images/0/modality", "json.category.wrong-modality @ /categories/0/supercategory")));
        c.add(new Case("unknown modality: category_id checked against the file's own categories", r -> {
            obj(r, "/images/0").put("modality", "MRI");
            obj(r, "/annotations/0").put("category_id", 99);
        }, List.of("json.modality.unknown @ /images/0/modality", "json.category.wrong-modality @ /categories/0/supercategory",
                "json.annotation.category-unknown @ /annotations/0/category_id")));
        c.add(new Case("category_id outside the table", r -> obj(r, "/annotations/0").put("category_id", 99),
                List.of("json.annotation.category-unknown @ /annotations/0/category_id")));
        c.add(new Case("annotation of no image", r -> obj(r, "/annotations/0").put("image_id", 7),
                List.of("json.annotation.image-missing @ /annotations/0/image_id")));
        c.add(new Case("duplicate annotation id", r -> arr(r, "/annotations").add(r.at("/annotations/0").deepCopy()),
                List.of("json.id.duplicate @ /annotations/" + ("CCT".equals(modality) ? 2 : 1) + "/id")));
        c.add(new Case("duplicate image id", r -> arr(r, "/images").add(r.at("/images/0").deepCopy()),
                List.of("json.id.duplicate @ /images/1/id")));
        c.add(new Case("duplicate category id", r -> arr(r, "/categories").add(r.at("/categories/0").deepCopy()),
                List.of("json.id.duplicate @ /categories/" + ("PCT".equals(modality) ? 4 : 9) + "/id")));
        c.add(new Case("iscrowd 2", r -> obj(r, "/annotations/0").put("iscrowd", 2),
                List.of("json.annotation.iscrowd @ /annotations/0/iscrowd")));
        c.add(new Case("bbox with x2 < x1 (COCO's w,h taken for corners)", r -> {
            ArrayNode b = arr(r, "/annotations/0/bbox");
            double x1 = b.get(0).doubleValue();
            b.set(0, b.get(2).doubleValue());
            b.set(2, x1);
        }, List.of("json.bbox.degenerate @ /annotations/0/bbox")));
        c.add(new Case("bbox wider than the image", r -> obj(r, "/images/0")
                .put("width", (long) r.at("/annotations/0/bbox/2").doubleValue() - 1),
                "CCT".equals(modality) // the sample's second lesion lies further right, so it is outside too
                        ? List.of("json.bbox.outside-image @ /annotations/0/bbox", "json.bbox.outside-image @ /annotations/1/bbox")
                        : List.of("json.bbox.outside-image @ /annotations/0/bbox")));
        c.add(new Case("bbox of 3 numbers", r -> arr(r, "/annotations/0/bbox").remove(3),
                List.of("json.bbox.length @ /annotations/0/bbox")));
        c.add(new Case("segmentation of odd length", r -> arr(r, "/annotations/0/segmentation").add(1.0),
                List.of("json.segmentation.odd-length @ /annotations/0/segmentation")));
        c.add(new Case("segmentation of 2 points", r -> {
            ArrayNode s = arr(r, "/annotations/0/segmentation");
            while (s.size() > 4) {
                s.remove(4);
            }
        }, List.of("json.segmentation.too-few-points @ /annotations/0/segmentation")));
        c.add(new Case("width inconsistent with the bbox", r -> obj(r, "/annotations/0")
                .put("width", r.at("/annotations/0/width").doubleValue() + 2),
                List.of("json.annotation.extent-mismatch @ /annotations/0/width")));
        c.add(new Case("width within the tolerance", r -> obj(r, "/annotations/0")
                .put("width", r.at("/annotations/0/width").doubleValue() + 0.25), List.of()));
        c.add(new Case("area inconsistent with the bbox", r -> obj(r, "/annotations/0")
                .put("area", r.at("/annotations/0/area").doubleValue() * 2),
                List.of("json.annotation.area-mismatch @ /annotations/0/area")));
        c.add(new Case("date with slashes", r -> obj(r, "/images/0").put("date_captured", "2019/07/21 14:03:55"),
                List.of("json.date.format @ /images/0/date_captured")));
        c.add(new Case("date that does not exist", r -> obj(r, "/info").put("date_created", "2021-02-30 10-00-00"),
                List.of("json.date.format @ /info/date_created")));
        c.add(new Case("date with colons is accepted", r -> obj(r, "/info").put("date_created", "2021-05-03 10:20:30"), List.of()));
        c.add(new Case("unknown member", r -> obj(r, "/annotations/0").put("colour", "red"),
                List.of("json.member.unknown @ /annotations/0/colour")));
        c.add(new Case("supercategory_name may be absent", r -> obj(r, "/categories/0").remove("supercategory_name"), List.of()));
        c.add(new Case("section missing", r -> r.remove("annotations"), List.of("json.section.missing @ ")));
        c.add(new Case("name of another category", r -> obj(r, "/categories/0")
                .put("name", "PCT".equals(modality) ? "양성_림프절" : "양성"),
                List.of("json.category.name-mismatch @ /categories/0/name")));
        if ("PCT".equals(modality)) {
            c.add(new Case("guideline's misspelling 악성 림프절성", r -> obj(r, "/categories/0").put("name", "악성 림프절성"),
                    List.of("json.category.name-alias @ /categories/0/name")));
            c.add(new Case("guideline's misspelling 양성 림프절성", r -> obj(r, "/categories/2").put("name", "양성 림프절성"),
                    List.of("json.category.name-alias @ /categories/2/name")));
        } else {
            c.add(new Case("guideline's misspelling 섬유유화반흔", r -> obj(r, "/categories/3").put("name", "섬유유화반흔"),
                    List.of("json.category.name-alias @ /categories/3/name")));
            c.add(new Case("guideline's misspelling 흉막삼출", r -> obj(r, "/categories/7").put("name", "흉막삼출"),
                    List.of("json.category.name-alias @ /categories/7/name")));
        }
        c.add(new Case("category table of another modality", r -> {
            ArrayNode cats = arr(r, "/categories");
            cats.removeAll();
            String other = "PCT".equals(modality) ? "CCT" : "PCT";
            read(other.equals("CCT") ? Samples.CCT : Samples.PCT).get("categories").forEach(cats::add);
        }, List.of("json.category.wrong-modality @ /categories/0/supercategory")));
        return c;
    }

    static Stream<Arguments> everyRuleForEveryModality() {
        return Stream.of("XRY", "CCT", "PCT").flatMap(m -> cases(m).stream().map(c -> Arguments.of(m, c)));
    }

    private static Path sample(String modality) {
        return switch (modality) {
            case "XRY" -> Samples.XRY;
            case "CCT" -> Samples.CCT;
            default -> Samples.PCT;
        };
    }

    private static ObjectNode read(Path p) {
        try {
            return (ObjectNode) JSON.readTree(p.toFile());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> codesAndPointers(List<Finding> findings) {
        return findings.stream().map(f -> f.code() + " @ " + f.location().pointer()).toList();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("everyRuleForEveryModality")
    void eachEditGivesExactlyTheFindingsTheSpecPredicts(String modality, Case c) throws Exception {
        ObjectNode root = read(sample(modality));
        c.edit().accept(root);
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        List<Finding> findings = VALIDATOR.validate(new ByteArrayInputStream(bytes), "case.json");
        assertThat(codesAndPointers(findings)).containsExactlyInAnyOrderElementsOf(c.expected());
        for (Finding f : findings) {
            assertThat(f.location().file()).isEqualTo("case.json");
            if (!f.location().pointer().isEmpty()) {
                assertThat(f.location().line()).as("line of %s", f).isPositive();
                assertThat(f.location().column()).as("column of %s", f).isPositive();
            }
        }
    }

    /** The sample with the case's edit, as the lenient reader reads it; the test is skipped when the edit leaves none. */
    private static dev.pulmo.api.AnnotationFile editedModel(String modality, Case c) throws Exception {
        ObjectNode root = read(sample(modality));
        c.edit().accept(root);
        Optional<dev.pulmo.api.AnnotationFile> model = VALIDATOR.validateAndRead(JSON.writeValueAsBytes(root), "case.json").model();
        assumeTrue(model.isPresent(), "the edit leaves no model");
        return model.get();
    }

    /**
     * A model (what convert checks before writing) gets the findings its written text gets, for every edit the lenient
     * reader can still read into a model: the first model with a clean category table has the table checked alone,
     * later ones (the second round, and the other edits of the modality) take it as clean without walking it, and the
     * checks of images and annotations against the table (ids, the images' modality) hold either way.
     */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("everyRuleForEveryModality")
    void aModelGetsTheFindingsOfItsWrittenText(String modality, Case c) throws Exception {
        dev.pulmo.api.AnnotationFile model = editedModel(modality, c);
        byte[] text = GuidelineJson.toJson(model).getBytes(StandardCharsets.UTF_8);
        List<String> expected = VALIDATOR.validate(text, "case.json").stream()
                .map(f -> f.severity() + " " + f.code() + " @ " + f.location().pointer() + ": " + f.message()).toList();
        for (int round = 0; round < 2; round++) {
            assertThat(VALIDATOR.validate(model, "case.json").stream()
                    .map(f -> f.severity() + " " + f.code() + " @ " + f.location().pointer() + ": " + f.message()).toList())
                    .as("round %d", round).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    /**
     * A file whose category table is, byte for byte, a table found clean before (our writer's text, as in every file
     * convert writes) has the table skipped, not walked: the findings (with line and column, also of a finding about
     * the table itself, for which the file is walked again) and the model are those of a validator that never saw
     * the table, for every edit the writer keeps, twice (the second time with the edit's own table known when clean).
     */
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("everyRuleForEveryModality")
    void aKnownCleanTableIsSkippedWithTheSameFindingsAndModel(String modality, Case c) throws Exception {
        byte[] text = GuidelineJson.toJson(editedModel(modality, c)).getBytes(StandardCharsets.UTF_8);
        GuidelineJsonValidator.Checked expected = GuidelineJsonValidator.of(Samples.CATALOG).validateAndRead(text, "case.json");

        GuidelineJsonValidator warm = GuidelineJsonValidator.of(Samples.CATALOG);
        byte[] clean = GuidelineJson.toJson(GuidelineJsonReader.lenient().read(sample(modality))).getBytes(StandardCharsets.UTF_8);
        assertThat(warm.validateAndRead(clean, "clean.json").findings()).isEmpty();
        for (int round = 0; round < 2; round++) {
            GuidelineJsonValidator.Checked checked = warm.validateAndRead(text, "case.json");
            assertThat(checked.findings()).as("round %d", round).isEqualTo(expected.findings());
            assertThat(checked.model()).as("round %d", round).isEqualTo(expected.model());
        }
    }

    /** The edited samples and documents the reader refuses at different places: malformed, not an object, a section twice. */
    static Stream<Arguments> documentsForOneParse() {
        Stream<Arguments> edits = Stream.of("XRY", "CCT", "PCT").flatMap(m -> cases(m).stream().map(c -> {
            ObjectNode root = read(sample(m));
            c.edit().accept(root);
            try {
                return Arguments.of(m + ": " + c.name(), JSON.writeValueAsString(root));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));
        String valid = read(Samples.CCT).toString();
        return Stream.concat(edits, Stream.of(
                Arguments.of("malformed", valid.substring(0, valid.length() / 2)),
                Arguments.of("not an object", "[1, 2]"),
                Arguments.of("info twice", valid.replaceFirst("\\{", "{\"info\": {},")),
                Arguments.of("categories an object", valid.replaceFirst("\"categories\"\\s*:\\s*\\[", "\"categories\": {\"a\": [")
                        .replaceFirst("],\\s*\"images\"", "]}, \"images\""))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documentsForOneParse")
    void oneParseGivesTheValidatorsFindingsAndTheLenientReadersModel(String name, String document) {
        byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
        GuidelineJsonValidator.Checked checked = VALIDATOR.validateAndRead(bytes, "case.json");
        assertThat(checked.findings()).isEqualTo(VALIDATOR.validate(bytes, "case.json"));
        dev.pulmo.api.AnnotationFile expected;
        try {
            expected = GuidelineJsonReader.lenient().read(new ByteArrayInputStream(bytes), "case.json");
        } catch (GuidelineJsonException e) {
            expected = null;
        }
        assertThat(checked.model().orElse(null)).isEqualTo(expected);
    }

    @ParameterizedTest
    @MethodSource("dev.pulmo.cocojson.GuidelineJsonReadWriteTest#samples")
    void theHandWrittenSamplesAreValid(Path sample) {
        assertThat(VALIDATOR.validate(sample)).isEmpty();
    }

    /** A small valid X-ray file up to its first annotation's members before the bbox, which starts line 6. */
    private static final String ANNOTATION_ON_LINE_5 = "{\"info\": {\"description\": \"d\", \"version\": \"v\", \"contributor\": \"c\", \"date_created\": \"2021-01-01 00-00-00\"},\n"
                + "\"categories\": [],\n"
                + "\"images\": [{\"id\": 1, \"file_name\": \"f\", \"patient_id\": \"p\", \"series_id\": \"1\", \"image_id\": \"1\", \"width\": 10,"
                + " \"height\": 10, \"date_captured\": \"2021-01-01 00-00-00\", \"modality\": \"XRY\", \"manufacturer\": \"m\", \"manufacturer ModelName\": \"n\"}],\n"
                + "\"annotations\": [\n  {\"id\": 1, \"image_id\": 1, \"category_id\": 1, \"iscrowd\": 0, \"area\": 4.0,\n";

    @Test
    void findingsGiveTheLineAndColumnOfTheOffendingValue() {
        String text = ANNOTATION_ON_LINE_5
                + "   \"bbox\": [2.0, 2.0, 1.0, 4.0], \"toolname\": \"t\", \"segmentation\": [0, 0, 1, 0, 1, 1], \"width\": 2.0, \"height\": 2.0}]}";
        List<Finding> findings = VALIDATOR.validate(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t.json");
        assertThat(findings).extracting(f -> f.code() + " " + f.location())
                .containsExactly("json.bbox.degenerate t.json:6:12 /annotations/0/bbox");
        assertThat(findings.get(0).severity()).isEqualTo(Severity.ERROR);
    }

    /** An array element's finding names the element's own line and column (kept per element, not per array). */
    @Test
    void aFindingAboutAnArrayElementGivesTheElementsLineAndColumn() {
        String text = ANNOTATION_ON_LINE_5
                + "   \"bbox\": [1.0, 1.0, 3.0, 3.0], \"toolname\": \"t\", \"segmentation\": [1, 1,\n"
                + "      3, [1],\n"
                + "      3, 3, 1,\n"
                + "         \"x\"], \"width\": 2.0, \"height\": 2.0}]}";
        List<Finding> findings = VALIDATOR.validate(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "t.json");
        // the string "x" is element 7 on line 9, column 10; the nested array [1] element 3 on line 7, column 10
        assertThat(findings).extracting(f -> f.code() + " " + f.location())
                .contains("json.type t.json:9:10 /annotations/0/segmentation/7", "json.type t.json:7:10 /annotations/0/segmentation/3");
    }

    @Test
    void malformedJsonIsAFindingWithLineAndColumn() {
        String text = "{\n  \"info\": {\n    \"description\": \"x\"\n  \"version\": 1}\n}";
        List<Finding> findings = VALIDATOR.validate(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "m.json");
        assertThat(findings).hasSize(1);
        assertThat(findings.get(0).code()).isEqualTo("json.malformed");
        assertThat(findings.get(0).location().line()).isEqualTo(4);
        assertThat(findings.get(0).location().column()).isEqualTo(3);
    }

    @Test
    void rootThatIsNotAnObject() {
        List<Finding> findings = VALIDATOR.validate(new ByteArrayInputStream("[1, 2]".getBytes(StandardCharsets.UTF_8)), "a.json");
        assertThat(codesAndPointers(findings)).containsExactly("json.root.not-object @ ");
    }

    @Test
    void annotationsBeforeImagesAreStillCrossChecked() throws Exception {
        ObjectNode root = read(Samples.XRY);
        ObjectNode reordered = JSON.createObjectNode();
        reordered.set("annotations", root.get("annotations"));
        reordered.set("info", root.get("info"));
        reordered.set("categories", root.get("categories"));
        reordered.set("images", root.get("images"));
        ((ObjectNode) reordered.at("/annotations/0")).put("image_id", 5);
        List<Finding> findings = VALIDATOR.validate(new ByteArrayInputStream(JSON.writeValueAsBytes(reordered)), "r.json");
        assertThat(codesAndPointers(findings)).containsExactly("json.annotation.image-missing @ /annotations/0/image_id");
    }

    @Test
    void anUnreadableFileIsAFindingNotAnException() {
        List<Finding> findings = VALIDATOR.validate(Path.of("does/not/exist.json"));
        assertThat(findings).extracting(Finding::code).containsExactly("file.unreadable");
    }

    @Test
    void theDuplicateMemberOfAnObjectIsReported() {
        String text = new String(JSON.valueToTree(read(Samples.XRY)).toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)
                .replace("\"iscrowd\":0", "\"iscrowd\":0,\"iscrowd\":0");
        List<Finding> findings = VALIDATOR.validate(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "d.json");
        assertThat(codesAndPointers(findings)).containsExactly("json.member.duplicate @ /annotations/0/iscrowd");
    }

}
