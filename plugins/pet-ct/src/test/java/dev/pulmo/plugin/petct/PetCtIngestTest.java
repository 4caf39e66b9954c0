package dev.pulmo.plugin.petct;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Severity;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.api.plugin.ImageContext;
import dev.pulmo.api.plugin.IngestRules;
import dev.pulmo.api.plugin.SeriesContext;
import dev.pulmo.api.plugin.SourceSeries;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** PET-CT routing (PT of a study with CT) and exclusions (screenshots, non-PET objects), by hand. */
class PetCtIngestTest {
    private static final IngestRules RULES = new PetCtPlugin().ingestRules().orElseThrow();
    private static final String PET = "1.2.840.10008.5.1.4.1.1.128";
    private static final String SC = "1.2.840.10008.5.1.4.1.1.7";

    private record Image(Map<String, String> header) implements ImageContext {
        @Override public String file() { return "src/p1"; }
        @Override public CaseClass caseClass() { return CaseClass.MALIGNANT; }
        @Override public Optional<String> attribute(String keyword) { return Optional.ofNullable(header.get(keyword)); }
        @Override public Optional<AnnotationFile> annotations() { return Optional.empty(); }
    }

    private record Series(List<ImageContext> images) implements SeriesContext {
        @Override public String folder() { return "src"; }
        @Override public CaseClass caseClass() { return CaseClass.MALIGNANT; }
    }

    private record Source(String modality, String sopClass, Set<String> studyModalities) implements SourceSeries {
        @Override public String folder() { return "src"; }
        @Override public int size() { return 3; }
        @Override public Optional<String> attribute(String keyword) {
            return Optional.ofNullable(Map.of("Modality", modality, "SOPClassUID", sopClass).get(keyword));
        }
    }

    private static List<String> errors(Map<String, String> changes) {
        Map<String, String> h = new HashMap<>(Map.of("Modality", "PT", "SOPClassUID", PET));
        h.putAll(changes);
        return RULES.exclusions(new Series(List.of(new Image(h), new Image(h)))).stream()
                .filter(f -> f.severity() == Severity.ERROR).map(Finding::code).toList();
    }

    @Test
    void routesThePetSeriesOfPetCtStudiesAndTheirScreenshots() {
        assertThat(RULES.routes(new Source("PT", PET, Set.of("PT", "CT")))).isTrue();
        assertThat(RULES.routes(new Source("PT", PET, Set.of("PT")))).as("a PET-only study").isFalse();
        assertThat(RULES.routes(new Source("CT", "1.2.840.10008.5.1.4.1.1.2", Set.of("PT", "CT")))).isFalse();
        assertThat(RULES.routes(new Source("OT", SC, Set.of("PT", "CT", "OT")))).isTrue();
        assertThat(RULES.routes(new Source("OT", SC, Set.of("CT", "OT")))).isFalse();
    }

    @Test
    void petImagesAreKeptScreenshotsAndOtherObjectsAreNot() {
        assertThat(errors(Map.of())).isEmpty();
        assertThat(errors(Map.of("SOPClassUID", SC))).containsExactly(NotSecondaryCapture.CODE);
        assertThat(errors(Map.of("ConversionType", "WSD"))).containsExactly(NotSecondaryCapture.CODE);
        assertThat(errors(Map.of("SOPClassUID", "1.2.840.10008.5.1.4.1.1.88.22"))).containsExactly(PetCtIngest.NOT_A_PET_IMAGE);
        assertThat(errors(Map.of("ImageType", "ORIGINAL\\PRIMARY\\LOCALIZER"))).containsExactly(PetCtIngest.LOCALIZER);
    }
}
