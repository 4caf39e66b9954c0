package dev.pulmo.example.mammography;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.Annotation;
import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.BoundingBox;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Info;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.api.plugin.ImageContext;
import dev.pulmo.api.plugin.ModalityPlugin;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class MammographyPluginTest {

    /** A hand-written image: header attributes by keyword and its lesions. */
    record Image(Map<String, String> header, List<Annotation> lesions) implements ImageContext {
        @Override public String file() { return "mmg_P000001_1_1.dcm"; }
        @Override public CaseClass caseClass() { return CaseClass.MALIGNANT; }
        @Override public Optional<String> attribute(String keyword) { return Optional.ofNullable(header.get(keyword)); }
        @Override public Optional<AnnotationFile> annotations() {
            return Optional.of(new AnnotationFile(new Info("p", "1", "c", "d"), List.of(), List.of(), lesions));
        }
    }

    private static List<String> codes(Map<String, String> header, Annotation... lesions) {
        return new MammographyPlugin().validators().stream()
                .flatMap(v -> v.validate(new Image(header, List.of(lesions))).stream()).map(Finding::code).toList();
    }

    @Test
    void isFoundByServiceLoader() {
        assertThat(ServiceLoader.load(ModalityPlugin.class).stream().map(p -> p.get().modality().code()))
                .containsExactly("MMG");
    }

    @Test
    void acceptsStandardViewsAndRejectsOthers() {
        assertThat(codes(Map.of("ViewPosition", "CC"))).isEmpty();
        assertThat(codes(Map.of("ViewPosition", "MLO "))).isEmpty();
        assertThat(codes(Map.of("ViewPosition", "ML"))).containsExactly("mmg.view-not-standard");
        assertThat(codes(Map.of())).containsExactly("mmg.view-not-standard");
    }

    @Test
    void malignantCalcificationsUnderTwoMillimetresAreTooSmall() {
        // 20 px at 0.085 mm/px = 1.7 mm < 2 mm; 30 px = 2.55 mm passes
        Map<String, String> header = Map.of("ViewPosition", "CC", "ImagerPixelSpacing", "0.085\\0.085");
        assertThat(codes(header, Annotation.ofBox(1, 1, 2, BoundingBox.fromCorners(0, 0, 20, 20), "t")))
                .containsExactly("lesion.too-small");
        assertThat(codes(header, Annotation.ofBox(1, 1, 2, BoundingBox.fromCorners(0, 0, 30, 20), "t"))).isEmpty();
    }
}
