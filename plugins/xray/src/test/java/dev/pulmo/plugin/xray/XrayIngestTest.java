package dev.pulmo.plugin.xray;

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

/** Chest X-ray routing and exclusions: DX/CR taken, PA kept, AP and lateral left out, by hand. */
class XrayIngestTest {
    private static final IngestRules RULES = new XrayPlugin().ingestRules().orElseThrow();

    private record Image(Map<String, String> header) implements ImageContext {
        @Override public String file() { return "src/x1"; }
        @Override public CaseClass caseClass() { return CaseClass.NORMAL; }
        @Override public Optional<String> attribute(String keyword) { return Optional.ofNullable(header.get(keyword)); }
        @Override public Optional<AnnotationFile> annotations() { return Optional.empty(); }
    }

    private record Series(List<ImageContext> images) implements SeriesContext {
        @Override public String folder() { return "src"; }
        @Override public CaseClass caseClass() { return CaseClass.NORMAL; }
    }

    private record Source(String modality) implements SourceSeries {
        @Override public String folder() { return "src"; }
        @Override public int size() { return 1; }
        @Override public Optional<String> attribute(String keyword) {
            return keyword.equals("Modality") ? Optional.of(modality) : Optional.empty();
        }
        @Override public Set<String> studyModalities() { return Set.of(modality); }
    }

    private static List<String> errors(Map<String, String> changes) {
        Map<String, String> h = new HashMap<>(Map.of("Modality", "DX", "SOPClassUID", "1.2.840.10008.5.1.4.1.1.1.1",
                "ViewPosition", "PA", "BodyPartExamined", "CHEST"));
        h.putAll(changes);
        return RULES.exclusions(new Series(List.of(new Image(h)))).stream().filter(f -> f.severity() == Severity.ERROR)
                .map(Finding::code).toList();
    }

    @Test
    void routesDxAndCrOnly() {
        assertThat(RULES.routes(new Source("DX"))).isTrue();
        assertThat(RULES.routes(new Source("CR"))).isTrue();
        assertThat(RULES.routes(new Source("CT"))).isFalse();
        assertThat(RULES.routes(new Source("SR"))).isFalse();
    }

    @Test
    void paChestIsKeptApLateralOtherBodyPartsAndScreenshotsAreNot() {
        assertThat(errors(Map.of())).isEmpty();
        assertThat(errors(Map.of("SOPClassUID", "1.2.840.10008.5.1.4.1.1.1"))).isEmpty();
        assertThat(errors(Map.of("ViewPosition", "AP"))).containsExactly(ChestPaView.CODE);
        assertThat(errors(Map.of("ViewPosition", "LL"))).containsExactly(ChestPaView.CODE);
        assertThat(errors(Map.of("BodyPartExamined", "HAND"))).containsExactly(XrayIngest.BODY_PART);
        assertThat(errors(Map.of("SOPClassUID", "1.2.840.10008.5.1.4.1.1.7"))).containsExactly(XrayIngest.NOT_A_RADIOGRAPH);
    }
}
