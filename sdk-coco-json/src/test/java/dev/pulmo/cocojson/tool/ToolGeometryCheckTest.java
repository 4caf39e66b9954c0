package dev.pulmo.cocojson.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.Severity;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The tool's stated area and box against its handles; the region of Add/Sub-corrected shapes. */
class ToolGeometryCheckTest {

    @Test
    void shoelaceAreaAndBoundsOfTheHandles() {
        ToolAnnotation triangle = ToolJsonReader.read(ToolFiles.path("well-formed.json")).annotations().get(0);
        // right triangle with legs 20 (x 10.5..30.5) and 20.5 (y 20.25..40.75): 20 * 20.5 / 2
        assertThat(triangle.data().shape().polygonAreaPixels()).isEqualTo(205.0);
        assertThat(triangle.data().shape().bounds()).isEqualTo(new ToolBox(10.5, 20.25, 20, 20.5));
    }

    @Test
    void aConsistentExportGivesNoFinding() {
        List<ToolAnnotation> annotations = ToolJsonReader.read(ToolFiles.path("well-formed.json")).annotations();
        assertThat(ToolGeometryCheck.DEFAULT.check(annotations)).isEmpty();
    }

    @Test
    void reportsAreaAndBoxDisagreementsBeyondTheTolerance() {
        ToolImportResult r = ToolJsonReader.read(ToolFiles.path("quality.json"));
        assertThat(r.findings()).isEmpty();

        List<Finding> findings = ToolGeometryCheck.DEFAULT.check(r.annotations());

        // id 0: 0.4 px² and 0.25 px off, within tolerance; id 3: 10,000 of 2,000,000 px² is 0.5 %, within 1 %;
        // id 4: Sub-corrected, not measurable without polygon clipping
        assertThat(findings).extracting(Finding::severity, Finding::code, f -> f.location().pointer()).containsExactly(
                tuple(Severity.WARNING, "tool.area-mismatch", "/1"),
                tuple(Severity.WARNING, "tool.bbox-mismatch", "/2"));
        assertThat(findings.get(0).message()).contains("stated area 250 px²", "205.0000 px²", "difference 45.0000");
        assertThat(findings.get(1).message()).contains("width 30.0000", "width 20.0000", "10.0000 px off");
        assertThat(findings.get(0).location().line()).isEqualTo(ToolFiles.lineOf("quality.json", "\"id\": 1,"));
    }

    @Test
    void tolerancesAreConfigurable() {
        List<ToolAnnotation> annotations = ToolJsonReader.read(ToolFiles.path("quality.json")).annotations();
        ToolGeometryCheck strict = new ToolGeometryCheck(0, 0.1, 0.1);
        assertThat(strict.check(annotations)).extracting(Finding::code, f -> f.location().pointer()).containsExactly(
                tuple("tool.area-mismatch", "/0"),
                tuple("tool.bbox-mismatch", "/0"),
                tuple("tool.area-mismatch", "/1"),
                tuple("tool.bbox-mismatch", "/2"),
                tuple("tool.area-mismatch", "/3"));
    }

    @Test
    void aCorrectedRegionIsCheckedAgainstMeasuresGivenByTheCaller() {
        ToolAnnotation corrected = ToolJsonReader.read(ToolFiles.path("quality.json")).annotations().get(4);
        // 10 x 10 box minus its 5 x 5 top-left quarter: 75 px², still spanning the whole 10 x 10 box
        List<Finding> findings = ToolGeometryCheck.DEFAULT.check(corrected, 75, new ToolBox(0, 0, 10, 10));
        assertThat(findings).extracting(Finding::code).containsExactly("tool.area-mismatch");
        assertThat(findings.get(0).message()).contains("stated area 100", "75.0000 px²");
    }

    @Test
    void addAndSubCorrectionsGiveTheHandCountedRegion() {
        ToolAnnotation corrected = ToolJsonReader.read(ToolFiles.path("well-formed.json")).annotations().get(3);
        boolean[][] region = PixelCentreRule.region(corrected.steps(), 20, 16);

        // Box 2..12 (100 px) + Add box x 12..16, y 4..8 (16 px) − Sub square 4..10 (36 px) − Sub triangle
        // (14,4) (16,4) (14,7), whose pixel centres (14.5,4.5), (15.5,4.5), (14.5,5.5) are inside: 3 px.
        assertThat(PixelCentreRule.count(region)).isEqualTo(100 + 16 - 36 - 3);
        assertThat(region[4][14]).isFalse();
        assertThat(region[5][15]).isTrue();
        assertThat(region[7][15]).isTrue();
        assertThat(region[5][5]).isFalse();
        assertThat(region[2][2]).isTrue();
        assertThat(region[3][12]).isFalse();
        // the same corrections in the other order (cut first, then add back) cover the cut square's pixels
        List<ShapeStep> reversed = List.of(corrected.steps().get(0), corrected.steps().get(2), corrected.steps().get(3),
                corrected.steps().get(1));
        assertThat(PixelCentreRule.count(PixelCentreRule.region(reversed, 20, 16))).isEqualTo(100 - 36 + 16);
        // stated area 77 = the region's polygon area (100 + 16 − 36 − 3); stated box = the region's span
        assertThat(corrected.data().area()).hasValueSatisfying(a -> assertThat(a).isEqualByComparingTo("77"));
        assertThat(ToolGeometryCheck.DEFAULT.check(corrected, 77, new ToolBox(2, 2, 14, 10))).isEmpty();
    }

    @Test
    void modelValuesCheckTheirInvariants() {
        HandlePoint h = HandlePoint.of(0, 0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ToolShape(ToolKind.BOX, List.of(h, h, h)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exactly 2");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ToolShape(ToolKind.FREE, List.of(h, h)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 3");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ToolBox(0, 0, -1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ToolAnnotation(-1, 0, ToolOption.NONE,
                        ToolAnnotationData.of(new ToolShape(ToolKind.BOX, List.of(h, HandlePoint.of(1, 1))), List.of()),
                        Location.NONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new ToolBox(1, 2, 3, 4).toBoundingBox().toCorners()).containsExactly(1.0, 2.0, 4.0, 6.0);
        assertThat(new ToolOption(Optional.of("t"), true, false).tag()).contains("t");
    }
}
