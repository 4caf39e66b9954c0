package dev.pulmo.plugin.petct;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.Finding;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PetCtPluginTest {

    /** A hand-written image header. */
    record Image(Map<String, String> header) implements ImageContext {
        @Override public String file() { return "pct_P000001_3_120.dcm"; }
        @Override public CaseClass caseClass() { return CaseClass.MALIGNANT; }
        @Override public Optional<String> attribute(String keyword) { return Optional.ofNullable(header.get(keyword)); }
        @Override public Optional<AnnotationFile> annotations() { return Optional.empty(); }
    }

    private final ModalityPlugin plugin = new PetCtPlugin();

    private List<Finding> findings(Map<String, String> header) {
        return plugin.validators().stream().flatMap(v -> v.validate(new Image(header)).stream()).toList();
    }

    @Test
    void isFoundOnThePlainClasspathWithMasksForMalignantCasesOnly() {
        assertThat(ServiceLoader.load(ModalityPlugin.class).stream().map(p -> p.get().modality().code()))
                .containsExactly("PCT");
        assertThat(plugin.classesWithMasks()).containsExactly(CaseClass.MALIGNANT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.840.10008.5.1.4.1.1.128", "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.5.1.4.1.1.130"})
    void originalPetAndCtImagesPass(String sopClass) {
        // PET Image, CT Image, Enhanced PET Image Storage
        assertThat(findings(Map.of("SOPClassUID", sopClass, "ImageType", "ORIGINAL\\PRIMARY"))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.840.10008.5.1.4.1.1.7", "1.2.840.10008.5.1.4.1.1.7\0", "1.2.840.10008.5.1.4.1.1.7.4"})
    void secondaryCaptureScreenshotsAreRejected(String sopClass) {
        assertThat(findings(Map.of("SOPClassUID", sopClass))).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("pct.secondary-capture");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.location().pointer()).isEqualTo("SOPClassUID");
            assertThat(f.message()).contains("Secondary Capture").contains("screenshot");
        });
    }

    @Test
    void aConversionTypeBetraysAScreenshotWhateverTheClass() {
        assertThat(findings(Map.of("SOPClassUID", "1.2.840.10008.5.1.4.1.1.128", "ConversionType", "WSD")))
                .singleElement().satisfies(f -> assertThat(f.message()).contains("'WSD'"));
    }

    @Test
    void prefixesOfSecondaryCaptureUidsAreNotConfused() {
        // 1.2.840.10008.5.1.4.1.1.77.1.1 (VL Endoscopic) starts with ...1.1.7 but is not secondary capture
        assertThat(findings(Map.of("SOPClassUID", "1.2.840.10008.5.1.4.1.1.77.1.1"))).isEmpty();
        assertThat(plugin.validators()).extracting(Validator::code).containsExactly("pct.secondary-capture");
    }
}
