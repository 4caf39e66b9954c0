package dev.pulmo.plugin.chestct;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.Annotation;
import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Info;
import dev.pulmo.api.Segmentation;
import dev.pulmo.api.Severity;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.api.plugin.GeometryKind;
import dev.pulmo.api.plugin.ImageContext;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.api.plugin.SeriesContext;
import dev.pulmo.api.plugin.SeriesNodule;
import dev.pulmo.api.plugin.SeriesValidator;
import dev.pulmo.api.plugin.Validator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChestCtPluginTest {

    /** A hand-written image: header attributes by keyword and its lesions. */
    record Image(Map<String, String> header, List<Annotation> lesions) implements ImageContext {
        @Override public String file() { return "cct_P000001_2_37.dcm"; }
        @Override public CaseClass caseClass() { return CaseClass.MALIGNANT; }
        @Override public Optional<String> attribute(String keyword) { return Optional.ofNullable(header.get(keyword)); }
        @Override public Optional<AnnotationFile> annotations() {
            return Optional.of(new AnnotationFile(new Info("p", "1", "c", "d"), List.of(), List.of(), lesions));
        }
    }

    private final ModalityPlugin plugin = new ChestCtPlugin();

    private List<Finding> findings(Map<String, String> header, Annotation... lesions) {
        return plugin.validators().stream().flatMap(v -> v.validate(new Image(header, List.of(lesions))).stream()).toList();
    }

    @Test
    void isFoundOnThePlainClasspathAndExportsPolygons() {
        assertThat(ServiceLoader.load(ModalityPlugin.class).stream().map(p -> p.get().modality().code()))
                .containsExactly("CCT");
        assertThat(plugin.exportRule().geometry()).isEqualTo(GeometryKind.POLYGON);
    }

    @ParameterizedTest
    @CsvSource({"2, true", "2.0, true", "5, true", "10, true", "10.00, true", "1.99, false", "10.01, false",
            "0.625, false", "' 1.25 ', false"})
    void sliceThicknessMustBeTwoToTenMillimetres(String thickness, boolean passes) {
        List<Finding> found = findings(Map.of("SliceThickness", thickness));
        if (passes) {
            assertThat(found).isEmpty();
        } else {
            assertThat(found).singleElement().satisfies(f -> {
                assertThat(f.code()).isEqualTo("cct.slice-thickness-out-of-range");
                assertThat(f.severity()).isEqualTo(Severity.ERROR);
                assertThat(f.message()).contains("outside the guideline's 2-10 mm range");
            });
        }
    }

    @Test
    void aMalformedOrMissingThicknessIsReported() {
        assertThat(findings(Map.of("SliceThickness", "thin"))).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.message()).contains("'thin'");
        });
        assertThat(findings(Map.of())).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARNING));
    }

    @Test
    void noSliceOfALesionIsHeldToTheSizeRuleOnItsOwn() {
        // a 5 x 5 px malignant polygon at 0.7 mm/px (3.5 mm) may be a nodule's end slice: the image rules say nothing
        Map<String, String> header = Map.of("SliceThickness", "5", "PixelSpacing", "0.7\\0.7");
        assertThat(findings(header, polygon(1, 0, 0, 5, 5))).isEmpty();
    }

    /** A series as the SDK hands it to a rule that needs nodules. */
    private record Nodules(List<SeriesNodule> nodules) implements SeriesContext {
        @Override public String folder() { return "chest-ct/malignant/P1/2"; }
        @Override public CaseClass caseClass() { return CaseClass.MALIGNANT; }
        @Override public List<ImageContext> images() { return List.of(); }
    }

    @Test
    void aMalignantNoduleIsMeasuredOnItsLongAxisAgainstFourMillimetres() {
        SeriesValidator rule = plugin.seriesValidators().stream().filter(SeriesValidator::needsNodules).findFirst().orElseThrow();
        assertThat(rule.code()).isEqualTo("nodule.too-small");
        // 3.99 mm malignant (category 1) and 3.0 mm metastatic (category 2, malignant group) fail; 4.0 mm passes;
        // a 1 mm benign nodule (category 3) is not the rule's business
        List<Finding> found = rule.validate(new Nodules(List.of(new SeriesNodule(1, "3", "5", 3.99, 2, 30),
                new SeriesNodule(1, "7", "9", 4.0, 3, 40), new SeriesNodule(2, "11", "11", 3.0, 3, 9),
                new SeriesNodule(3, "12", "12", 1.0, 1, 1))));
        assertThat(found).hasSize(2).allSatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.code()).isEqualTo("nodule.too-small");
            assertThat(f.location().file()).isEqualTo("chest-ct/malignant/P1/2");
        });
        assertThat(found.get(0).message()).contains("images 3 to 5").contains("3.99 mm").contains("minimum of 4 mm");
        assertThat(found.get(1).message()).contains("category 2").contains("3 mm");
        assertThat(rule.validate(new Nodules(List.of()))).isEmpty();
    }

    private static Annotation polygon(int category, double x1, double y1, double x2, double y2) {
        Segmentation ring = Segmentation.of(x1, y1, x2, y1, x2, y2, x1, y2);
        return Annotation.builder().categoryId(category).bbox(ring.bounds()).segmentation(ring)
                .area(ring.bounds().area()).build();
    }

    @Test
    void rulesHaveStableDistinctCodes() {
        assertThat(plugin.validators()).extracting(Validator::code)
                .containsExactly("cct.slice-thickness-out-of-range");
        assertThat(plugin.seriesValidators()).extracting(SeriesValidator::code)
                .containsExactly("cct.slice-gap", "cct.slice-thickness-inconsistent", "nodule.too-small");
    }
}
