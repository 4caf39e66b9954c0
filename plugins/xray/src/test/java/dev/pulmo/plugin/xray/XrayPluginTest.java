package dev.pulmo.plugin.xray;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.Annotation;
import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.BoundingBox;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Info;
import dev.pulmo.api.Severity;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.api.plugin.ImageContext;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.api.plugin.Validator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class XrayPluginTest {

    /** A hand-written image: header attributes by keyword and its lesions. */
    record Image(Map<String, String> header, List<Annotation> lesions) implements ImageContext {
        @Override public String file() { return "xry_P000001_1_1.dcm"; }
        @Override public CaseClass caseClass() { return CaseClass.MALIGNANT; }
        @Override public Optional<String> attribute(String keyword) { return Optional.ofNullable(header.get(keyword)); }
        @Override public Optional<AnnotationFile> annotations() {
            return Optional.of(new AnnotationFile(new Info("p", "1", "c", "d"), List.of(), List.of(), lesions));
        }
    }

    private final ModalityPlugin plugin = new XrayPlugin();

    private List<Finding> findings(Map<String, String> header, Annotation... lesions) {
        return plugin.validators().stream().flatMap(v -> v.validate(new Image(header, List.of(lesions))).stream()).toList();
    }

    @Test
    void isFoundOnThePlainClasspath() {
        assertThat(ServiceLoader.load(ModalityPlugin.class).stream().map(p -> p.get().modality().code()))
                .containsExactly("XRY");
    }

    @Test
    void aPaImageWithALargeMalignantLesionPasses() {
        // 50 px at 0.143 mm/px = 7.15 mm
        assertThat(findings(Map.of("ViewPosition", "PA", "ImagerPixelSpacing", "0.143\\0.143"),
                Annotation.ofBox(1, 1, 1, BoundingBox.fromCorners(100, 100, 150, 140), "t"))).isEmpty();
    }

    @Test
    void anApImageIsRejected() {
        assertThat(findings(Map.of("ViewPosition", "AP "))).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("xry.view-not-pa");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.location().pointer()).isEqualTo("ViewPosition");
            assertThat(f.message()).contains("AP").contains("PA images only");
        });
    }

    @Test
    void aLateralViewIsRejectedAndAMissingViewIsAWarning() {
        assertThat(findings(Map.of("ViewPosition", "LL"))).singleElement()
                .satisfies(f -> assertThat(f.message()).contains("'LL'"));
        assertThat(findings(Map.of())).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARNING));
    }

    @Test
    void aSmallMalignantLesionIsMeasuredWithImagerPixelSpacing() {
        // 20 x 20 px at 0.143 mm/px = 2.86 mm < 4 mm; metastatic lesion (id 2) is in the malignant group
        assertThat(findings(Map.of("ViewPosition", "PA", "ImagerPixelSpacing", "0.143\\0.143"),
                Annotation.ofBox(1, 1, 2, BoundingBox.fromCorners(0, 0, 20, 20), "t")))
                .extracting(Finding::code).containsExactly("lesion.too-small");
    }

    @Test
    void rulesHaveStableDistinctCodes() {
        assertThat(plugin.validators()).extracting(Validator::code)
                .containsExactly("xry.view-not-pa", "lesion.too-small");
    }
}
