package dev.pulmo.plugin.chestct;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Severity;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.api.plugin.ImageContext;
import dev.pulmo.api.plugin.SeriesContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The chest CT series rules on hand-made series: positions worked out by hand, not by the rule's own arithmetic. */
class SeriesRulesTest {

    private record Slice(String file, Map<String, String> header) implements ImageContext {
        @Override public CaseClass caseClass() { return CaseClass.MALIGNANT; }
        @Override public Optional<String> attribute(String keyword) { return Optional.ofNullable(header.get(keyword)); }
        @Override public Optional<AnnotationFile> annotations() { return Optional.empty(); }
    }

    private record Series(List<ImageContext> images) implements SeriesContext {
        @Override public String folder() { return "chest-ct/malignant/P1/2"; }
        @Override public CaseClass caseClass() { return CaseClass.MALIGNANT; }
    }

    private static final String AXIAL = "1\\0\\0\\0\\1\\0";

    private static Slice slice(int seq, String orientation, double x, double y, double z, String thickness) {
        Map<String, String> h = new HashMap<>();
        h.put("ImageOrientationPatient", orientation);
        h.put("ImagePositionPatient", String.format(Locale.ROOT, "%s\\%s\\%s", x, y, z));
        if (thickness != null) {
            h.put("SliceThickness", thickness);
        }
        return new Slice("cct_P1_2_" + seq + ".dcm", h);
    }

    /** Axial slices at the given z, in the order given (the file order need not be the spatial order). */
    private static List<ImageContext> axial(double... z) {
        List<ImageContext> out = new ArrayList<>();
        for (int i = 0; i < z.length; i++) {
            out.add(slice(i + 1, AXIAL, -170, -170, z[i], "5"));
        }
        return out;
    }

    private static List<Finding> gaps(List<ImageContext> images) {
        return new SliceSpacing().validate(new Series(images));
    }

    @Test
    void aCompleteSeriesInAnyOrderHasNoGap() {
        assertThat(gaps(axial(-100, -95, -90, -85, -80))).isEmpty();
        assertThat(gaps(axial(-80, -100, -90, -85, -95))).isEmpty();
    }

    @Test
    void oneMissingSliceIsAGapBetweenItsNeighbours() {
        // 5 mm apart, the slice at -90 is missing: -95 -> -85 is 10 mm, about one slice
        List<Finding> f = gaps(axial(-100, -95, -85, -80, -75));
        assertThat(f).singleElement().satisfies(g -> {
            assertThat(g.severity()).isEqualTo(Severity.ERROR);
            assertThat(g.code()).isEqualTo("cct.slice-gap");
            assertThat(g.location().file()).isEqualTo("cct_P1_2_3.dcm");
            assertThat(g.message()).contains("a gap of 10 mm between cct_P1_2_2.dcm and this slice")
                    .contains("spacing is 5 mm").contains("about 1 slice(s) missing");
        });
        // three missing in a short series: the median of the distances would be the gap itself
        assertThat(gaps(axial(0, 5, 25))).singleElement().extracting(Finding::message).asString()
                .contains("a gap of 20 mm").contains("about 3 slice(s) missing");
    }

    @Test
    void positionsAreMeasuredAlongTheSliceNormalOfAnObliqueSeries() {
        // rows along x, columns tilted 30 degrees in y-z: normal n = (0, -sin 30, cos 30) = (0, -0.5, 0.8660254)
        String oblique = "1\\0\\0\\0\\0.8660254\\0.5";
        List<ImageContext> images = new ArrayList<>();
        double[] along = {0, 3, 6, 12, 15}; // the slice at 9 mm is missing
        for (int i = 0; i < along.length; i++) {
            // position = along * n, plus an in-plane offset (along the column direction) that must not count
            double y = -0.5 * along[i] + 0.8660254 * 40;
            double z = 0.8660254 * along[i] + 0.5 * 40;
            images.add(slice(i + 1, oblique, -170, y, z, "3"));
        }
        assertThat(gaps(images)).singleElement().extracting(Finding::message).asString()
                .contains("a gap of 6 mm").contains("spacing is 3 mm");
        // the same slices without the gap: none
        images.remove(3);
        images.remove(3);
        assertThat(gaps(images)).isEmpty();
    }

    @Test
    void feetFirstSeriesDescendingInZAreMeasuredTheSameWay() {
        assertThat(gaps(axial(50, 45, 40, 35))).isEmpty();
        assertThat(gaps(axial(50, 45, 35, 30))).singleElement().extracting(Finding::message).asString().contains("gap of 10 mm");
    }

    @Test
    void twoSlicesAtOnePositionAndAnOtherOrientationAreErrors() {
        assertThat(gaps(axial(0, 5, 5, 10))).singleElement().satisfies(f ->
                assertThat(f.message()).contains("at the same position (5 mm along the normal) as"));
        List<ImageContext> tilted = new ArrayList<>(axial(0, 5, 10));
        tilted.add(slice(4, "1\\0\\0\\0\\0.8660254\\0.5", -170, -170, 15, "5"));
        assertThat(gaps(tilted)).singleElement().satisfies(f -> {
            assertThat(f.location().file()).isEqualTo("cct_P1_2_4.dcm");
            assertThat(f.message()).contains("orientation").contains("cannot be compared");
        });
    }

    @Test
    void slicesWithoutPositionsAreAWarningAndShortSeriesAreNotJudged() {
        List<ImageContext> images = new ArrayList<>(axial(0, 5, 10));
        images.add(new Slice("cct_P1_2_9.dcm", Map.of("SliceThickness", "5")));
        assertThat(gaps(images)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.message()).contains("1 slice(s) without ImagePositionPatient");
        });
        assertThat(gaps(axial(0, 50))).isEmpty();
    }

    @Test
    void oneSeriesHasOneSliceThickness() {
        List<ImageContext> images = new ArrayList<>(axial(0, 5, 10));
        images.add(slice(4, AXIAL, -170, -170, 15, "5.000"));
        assertThat(new SliceThicknessConsistency().validate(new Series(images))).isEmpty();
        images.add(slice(5, AXIAL, -170, -170, 20, "2.5"));
        images.add(slice(6, AXIAL, -170, -170, 25, null));
        assertThat(new SliceThicknessConsistency().validate(new Series(images))).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("cct.slice-thickness-inconsistent");
            assertThat(f.location().file()).isEqualTo("cct_P1_2_5.dcm");
            assertThat(f.message()).contains("2.5 mm but 5 mm in cct_P1_2_1.dcm");
        });
    }

    @Test
    void thePluginDeclaresItsRulesAndWhatTheyRead() {
        ChestCtPlugin plugin = new ChestCtPlugin();
        assertThat(plugin.seriesValidators()).extracting(v -> v.code())
                .containsExactly("cct.slice-gap", "cct.slice-thickness-inconsistent", "nodule.too-small");
        assertThat(plugin.seriesValidators().get(0).attributes()).containsExactlyInAnyOrder("ImagePositionPatient", "ImageOrientationPatient");
        assertThat(plugin.seriesValidators().get(1).attributes()).containsExactly("SliceThickness");
        // the size rule reads no header attribute: it sees the series' 3-D nodules
        assertThat(plugin.seriesValidators().get(2).attributes()).isEmpty();
        assertThat(plugin.seriesValidators()).extracting(v -> v.needsNodules()).containsExactly(false, false, true);
    }
}
