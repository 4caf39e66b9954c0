package dev.pulmo.cocojson.tool;

import dev.pulmo.testing.SharedData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Severity;
import dev.pulmo.cocojson.GuidelineJsonException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading hand-written tool exports (SPEC.md §10): the well-formed structure, every fault, malformed JSON. */
class ToolJsonReaderTest {

    private static ToolImportResult read(String json) {
        return ToolJsonReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "inline.json");
    }

    @Test
    void readsEveryMemberOfTheWellFormedStructure() {
        ToolImportResult r = ToolJsonReader.read(ToolFiles.path("well-formed.json"));

        assertThat(r.findings()).isEmpty();
        assertThat(r.annotations()).extracting(ToolAnnotation::imageIndex, ToolAnnotation::id)
                .containsExactly(tuple(0, 0L), tuple(0, 1L), tuple(1, 0L), tuple(1, 7L));

        ToolAnnotation free = r.annotations().get(0);
        assertThat(free.option()).isEqualTo(new ToolOption(Optional.of("lesionA1"), false, true));
        ToolAnnotationData d = free.data();
        assertThat(d.visible()).isTrue();
        assertThat(d.active()).isFalse();
        assertThat(d.color()).contains("#f67081");
        assertThat(d.shape().tool()).isEqualTo(ToolKind.FREE);
        assertThat(d.shape().handles()).containsExactly(
                new HandlePoint(new ToolPoint(10.5, 20.25), true, true, List.of(new ToolPoint(30.5, 20.25))),
                new HandlePoint(new ToolPoint(30.5, 20.25), true, false, List.of(new ToolPoint(30.5, 40.75))),
                new HandlePoint(new ToolPoint(30.5, 40.75), false, false, List.of(new ToolPoint(10.5, 20.25))));
        assertThat(d.lines()).containsExactly(new ToolPoint(10.5, 20.25));
        assertThat(d.label()).contains("0");
        assertThat(d.invalidHandlePlacement()).isFalse();
        assertThat(d.canComplete()).isFalse();
        assertThat(d.boundingBox()).contains(new ToolBox(10.5, 20.25, 20, 20.5));
        assertThat(d.area()).contains(new BigDecimal("205.0"));
        assertThat(d.toolSaveColor()).contains("#f67081");
        assertThat(d.save()).isTrue();
        assertThat(d.status()).contains("pass");
        assertThat(d.corrections()).isEmpty();
        assertThat(free.location().file()).endsWith("well-formed.json");
        assertThat(free.location().pointer()).isEqualTo("/0/0");
        assertThat(free.location().line()).isEqualTo(3);
        assertThat(free.location().column()).isEqualTo(5);
    }

    @Test
    void acceptsTheAlternativeNamesAndForms() {
        ToolImportResult r = ToolJsonReader.read(ToolFiles.path("well-formed.json"));

        // "box" in lower case, handles as {"points": [...]}, "polyBoundingBox" wrapped in a one-element array
        ToolAnnotation box = r.annotations().get(1);
        assertThat(box.option()).isEqualTo(ToolOption.NONE);
        assertThat(box.data().shape().tool()).isEqualTo(ToolKind.BOX);
        assertThat(box.data().boundingBox()).contains(new ToolBox(40, 40, 12, 8));
        // handles at (52,48) and (40,40): the ring starts at the top-left corner whatever their order
        assertThat(box.data().shape().ring()).containsExactly(new ToolPoint(40, 40), new ToolPoint(52, 40),
                new ToolPoint(52, 48), new ToolPoint(40, 48));

        // "handle" (the guideline sample's name), area as a JSON number, "color": null treated as absent
        ToolAnnotation line = r.annotations().get(2);
        assertThat(line.data().shape().tool()).isEqualTo(ToolKind.LINE);
        assertThat(line.data().shape().handles()).hasSize(4);
        assertThat(line.data().area()).hasValueSatisfying(a -> assertThat(a).isEqualByComparingTo("12"));
        assertThat(line.data().color()).isEmpty();
        assertThat(line.data().save()).isFalse();
        assertThat(line.data().visible()).isTrue();
    }

    @Test
    void keepsCorrectionsInOrderAfterTheBaseShape() {
        ToolAnnotation corrected = ToolJsonReader.read(ToolFiles.path("well-formed.json")).annotations().get(3);

        assertThat(corrected.isUncorrected()).isFalse();
        assertThat(corrected.steps()).extracting(ShapeStep::operation, s -> s.shape().tool()).containsExactly(
                tuple(ShapeOperation.ADD, ToolKind.BOX),
                tuple(ShapeOperation.ADD, ToolKind.BOX),
                tuple(ShapeOperation.SUB, ToolKind.FREE),
                tuple(ShapeOperation.SUB, ToolKind.LINE));
        assertThat(corrected.steps().get(3).shape().flatRing()).containsExactly(14, 4, 16, 4, 14, 7);
    }

    @Test
    void aFileHoldingOneFlatListIsOneImage() {
        ToolImportResult r = read("""
                [{"id": 3, "annotationData": {"handles": [{"x": 0, "y": 0}, {"x": 1, "y": 0}, {"x": 1, "y": 1}]}},
                 {"id": 4, "annotationData": {"tool": "Box", "handles": [{"x": 0, "y": 0}, {"x": 1, "y": 1}]}}]
                """);
        assertThat(r.findings()).isEmpty();
        assertThat(r.annotations()).extracting(ToolAnnotation::imageIndex, ToolAnnotation::id)
                .containsExactly(tuple(0, 3L), tuple(0, 4L));
        assertThat(r.annotations().get(0).location().pointer()).isEqualTo("/0");
    }

    @Test
    void reportsEveryFaultyObjectWithPointerAndLineAndKeepsTheGoodOnes() {
        String file = "bad-types.json";
        ToolImportResult r = ToolJsonReader.read(ToolFiles.path(file));

        assertThat(r.annotations()).extracting(ToolAnnotation::id).containsExactly(0L, 8L);
        assertThat(r.annotations().get(1).data().shape().handles().get(0).point()).isEqualTo(new ToolPoint(2, 2));
        assertThat(r.hasErrors()).isTrue();
        assertThat(r.findings()).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.ERROR));
        assertThat(r.findings()).extracting(Finding::code, f -> f.location().pointer(), f -> f.location().line())
                .containsExactly(
                        tuple("tool.json.type", "/0/1/id", (long) ToolFiles.lineOf(file, "\"id\": \"one\"")),
                        tuple("tool.json.type", "/0/2/annotationData/handles/1/x", (long) ToolFiles.lineOf(file, "\"id\": 2,")),
                        tuple("tool.json.missing", "/0/2/annotationData/handles/1", (long) ToolFiles.lineOf(file, "\"id\": 2,")),
                        tuple("tool.kind-unknown", "/0/3/annotationData/tool", (long) ToolFiles.lineOf(file, "Circle")),
                        tuple("tool.area-invalid", "/0/3/annotationData/area", (long) ToolFiles.lineOf(file, "Circle")),
                        tuple("tool.json.missing", "/0/4", (long) ToolFiles.lineOf(file, "lesionC")),
                        tuple("tool.handles-count", "/0/5/annotationData/handles", (long) ToolFiles.lineOf(file, "\"id\": 5,")),
                        tuple("tool.operation-unknown", "/0/6/annotationData/corrections/0/operation",
                                (long) ToolFiles.lineOf(file, "Merge")),
                        tuple("tool.json.type", "/0/7/annotationData/visible", (long) ToolFiles.lineOf(file, "\"yes\"")),
                        tuple("tool.id-duplicate", "/0/9", (long) ToolFiles.lineOf(file, "{\"x\": 3, \"y\": 3}")),
                        tuple("tool.json.type", "/0/10", (long) ToolFiles.lineOf(file, "42")),
                        tuple("tool.image-form-mixed", "/1", (long) ToolFiles.lineOf(file, "\"id\": 10,")));
    }

    @Test
    void findingsNameTheColumnOfTheOffendingValueAndWhatWasExpected() {
        String file = "bad-types.json";
        ToolImportResult r = ToolJsonReader.read(ToolFiles.path(file));
        String line = ToolFiles.lines(file).get(ToolFiles.lineOf(file, "Circle") - 1);

        Finding unknownTool = r.findings().get(3);
        assertThat(unknownTool.location().column()).isEqualTo(line.indexOf("\"Circle\"") + 1);
        assertThat(unknownTool.message()).contains("\"Circle\"", "Line, Free or Box");

        Finding idType = r.findings().get(0);
        String idLine = ToolFiles.lines(file).get(ToolFiles.lineOf(file, "\"id\": \"one\"") - 1);
        assertThat(idType.location().column()).isEqualTo(idLine.indexOf("\"one\"") + 1);
        assertThat(idType.message()).contains("expected an integer", "\"one\"");
        assertThat(idType.toString()).contains("bad-types.json:" + idType.location().line() + ":" + idType.location().column());
    }

    @Test
    void malformedJsonThrowsNamingLineColumnAndWhatWasExpected() {
        String file = "malformed.json";
        int line = ToolFiles.lineOf(file, "} {");
        int column = ToolFiles.lines(file).get(line - 1).indexOf("} {") + 3;

        assertThatThrownBy(() -> ToolJsonReader.read(ToolFiles.path(file)))
                .isInstanceOfSatisfying(GuidelineJsonException.class, e -> {
                    assertThat(e.line()).isEqualTo(line);
                    assertThat(e.column()).isEqualTo(column);
                    assertThat(e.getMessage()).contains("malformed.json:" + line + ":" + column, "expecting comma");
                });
    }

    @Test
    void theGuidelinesGarbledSampleIsRejectedWhereItFirstBreaks() throws IOException {
        Path seed = SharedData.resolve("seed/000_d4867e4a423b9040.txt");
        String sample = Files.readAllLines(seed, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("[[{\"id\": 0, \"option\"")).findFirst().orElseThrow();
        // {"tag": "isCopyCheck": false — a second ':' where ',' or '}' must follow the value "isCopyCheck"
        int column = sample.indexOf("\"isCopyCheck\":") + "\"isCopyCheck\"".length() + 1;

        assertThatThrownBy(() -> read(sample))
                .isInstanceOfSatisfying(GuidelineJsonException.class, e -> {
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.column()).isEqualTo(column);
                    assertThat(e.getMessage()).contains("was expecting comma to separate Object entries");
                });
    }

    @Test
    void aDocumentThatIsNotAnArrayOrHasTrailingContentThrows() {
        assertThatThrownBy(() -> read("{\"annotations\": []}"))
                .isInstanceOf(GuidelineJsonException.class)
                .hasMessageContaining("inline.json:1:1")
                .hasMessageContaining("expected the tool's export: an array of per-image arrays of annotation objects, found an object");
        assertThatThrownBy(() -> read(""))
                .isInstanceOf(GuidelineJsonException.class).hasMessageContaining("found an empty document");
        assertThatThrownBy(() -> read("[] []"))
                .isInstanceOf(GuidelineJsonException.class).hasMessageContaining("inline.json:1:4")
                .hasMessageContaining("expected the end of the document");
    }

    @Test
    void duplicateMembersAndTheToolsOwnPlacementFlagAreWarnings() {
        ToolImportResult r = read("""
                [[{"id": 1, "id": 2, "annotationData": {"invalidHandlePlacement": true,
                   "handles": [{"x": 0, "y": 0}, {"x": 1, "y": 0}, {"x": 1, "y": 1}]}}]]
                """);
        assertThat(r.annotations()).extracting(ToolAnnotation::id).containsExactly(2L);
        assertThat(r.hasErrors()).isFalse();
        assertThat(r.findings()).extracting(Finding::code, f -> f.location().pointer()).containsExactly(
                tuple("tool.json.duplicate-member", "/0/0/id"),
                tuple("tool.invalid-handle-placement", "/0/0/annotationData/invalidHandlePlacement"));
    }
}
