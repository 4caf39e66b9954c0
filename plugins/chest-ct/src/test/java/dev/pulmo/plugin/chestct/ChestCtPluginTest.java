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
    void aMalignantPolygonUnderFourMillimetresIsTooSmall() {
        // a 5 x 7 px polygon at 0.7 mm/px: 4.9 mm -> passes; 5 x 5 px: 3.5 mm -> too small
        Map<String, String> header = Map.of("SliceThickness", "5", "PixelSpacing", "0.7\\0.7");
        Annotation big = polygon(1, 0, 0, 5, 7);
        Annotation small = polygon(1, 0, 0, 5, 5);
        Annotation smallBenign = polygon(3, 0, 0, 1, 1);
        assertThat(findings(header, big, smallBenign)).isEmpty();
        assertThat(findings(header, big, small)).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("lesion.too-small");
            assertThat(f.location().pointer()).isEqualTo("/annotations/1");
        });
    }

    private static Annotation polygon(int category, double x1, double y1, double x2, double y2) {
        Segmentation ring = Segmentation.of(x1, y1, x2, y1, x2, y2, x1, y2);
        return Annotation.builder().categoryId(category).bbox(ring.bounds()).segmentation(ring)
                .area(ring.bounds().area()).build();
    }

    @Test
    void rulesHaveStableDistinctCodes() {
        assertThat(plugin.validators()).extracting(Validator::code)
                .containsExactly("cct.slice-thickness-out-of-range", "lesion.too-small");
    }
}
