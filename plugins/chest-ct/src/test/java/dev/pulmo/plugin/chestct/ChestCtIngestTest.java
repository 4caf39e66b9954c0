package dev.pulmo.plugin.chestct;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Severity;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.api.plugin.ImageContext;
import dev.pulmo.api.plugin.IngestRules;
import dev.pulmo.api.plugin.SeriesContext;
import dev.pulmo.api.plugin.SourceSeries;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Chest CT routing and exclusions on hand-made series; every expected code is the guideline's rule, by hand. */
class ChestCtIngestTest {
    private static final IngestRules RULES = new ChestCtPlugin().ingestRules().orElseThrow();
    private static final String CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2";

    private record Slice(String file, Map<String, String> header) implements ImageContext {
        @Override public CaseClass caseClass() { return CaseClass.BENIGN; }
        @Override public Optional<String> attribute(String keyword) { return Optional.ofNullable(header.get(keyword)); }
        @Override public Optional<AnnotationFile> annotations() { return Optional.empty(); }
    }

    private record Series(List<ImageContext> images) implements SeriesContext {
        @Override public String folder() { return "src/1.2.3"; }
        @Override public CaseClass caseClass() { return CaseClass.BENIGN; }
    }

    private record Source(Map<String, String> first, Set<String> studyModalities) implements SourceSeries {
        @Override public String folder() { return "src/1.2.3"; }
        @Override public int size() { return 1; }
        @Override public Optional<String> attribute(String keyword) { return Optional.ofNullable(first.get(keyword)); }
    }

    /** Axial slices at z = 0, -step, -2 step, ... of the given thickness; {@code extra} is put in every header. */
    private static List<ImageContext> series(int n, double step, String thickness, Map<String, String> extra) {
        List<ImageContext> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, String> h = new HashMap<>(Map.of("Modality", "CT", "SOPClassUID", CT_IMAGE,
                    "ImageType", "ORIGINAL\\PRIMARY\\AXIAL", "ImageOrientationPatient", "1\\0\\0\\0\\1\\0",
                    "ImagePositionPatient", "-150\\-150\\" + (-i * step), "SliceThickness", thickness));
            h.putAll(extra);
            out.add(new Slice("src/s" + i, h));
        }
        return out;
    }

    private static List<String> errorCodes(List<ImageContext> images) {
        return RULES.exclusions(new Series(images)).stream().filter(f -> f.severity() == Severity.ERROR)
                .map(Finding::code).distinct().toList();
    }

    @Test
    void routesCtSeriesOfStudiesWithoutPet() {
        assertThat(RULES.routes(new Source(Map.of("Modality", "CT"), Set.of("CT")))).isTrue();
        assertThat(RULES.routes(new Source(Map.of("Modality", "CT"), Set.of("CT", "PT")))).isFalse();
        assertThat(RULES.routes(new Source(Map.of("Modality", "PT"), Set.of("CT", "PT")))).isFalse();
        assertThat(RULES.routes(new Source(Map.of("Modality", "DX"), Set.of("DX")))).isFalse();
        assertThat(RULES.attributes()).contains("SliceThickness", "ImagePositionPatient", "ImageType", "BodyPartExamined");
    }

    @Test
    void aCompleteFiveMillimetreChestSeriesIsKept() {
        assertThat(RULES.exclusions(new Series(series(10, 5, "5", Map.of("BodyPartExamined", "CHEST"))))).isEmpty();
    }

    @Test
    void thicknessOutsideTwoToTenMillimetresIsExcludedOnceForTheSeries() {
        List<Finding> thin = RULES.exclusions(new Series(series(8, 1, "1", Map.of())));
        assertThat(thin).extracting(Finding::code).containsExactly(SliceThicknessRange.CODE);
        assertThat(thin.get(0).message()).contains("1 mm").contains("8 of the series' 8 images");
        assertThat(errorCodes(series(8, 12, "12", Map.of()))).containsExactly(SliceThicknessRange.CODE);
        assertThat(errorCodes(series(8, 10, "10", Map.of()))).isEmpty();
        assertThat(errorCodes(series(8, 2, "2", Map.of()))).isEmpty();
    }

    @Test
    void gapsDuplicatesLocalizersScreenshotsAndOtherBodyPartsAreExcluded() {
        List<ImageContext> gap = new ArrayList<>(series(10, 5, "5", Map.of()));
        gap.remove(4);
        assertThat(errorCodes(gap)).containsExactly(SliceSpacing.CODE);
        List<ImageContext> duplicate = new ArrayList<>(series(6, 5, "5", Map.of()));
        duplicate.add(series(6, 5, "5", Map.of()).get(2));
        assertThat(errorCodes(duplicate)).containsExactly(SliceSpacing.CODE);
        assertThat(errorCodes(series(2, 0, "5", Map.of("ImageType", "ORIGINAL\\PRIMARY\\LOCALIZER"))))
                .containsExactly(ChestCtIngest.LOCALIZER);
        assertThat(errorCodes(series(1, 0, "5", Map.of("SOPClassUID", "1.2.840.10008.5.1.4.1.1.7"))))
                .containsExactly(ChestCtIngest.NOT_A_CT_IMAGE);
        assertThat(errorCodes(series(5, 5, "5", Map.of("BodyPartExamined", "HEAD")))).containsExactly(ChestCtIngest.BODY_PART);
    }
}
