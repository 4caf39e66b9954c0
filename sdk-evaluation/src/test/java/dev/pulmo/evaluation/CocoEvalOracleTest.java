package dev.pulmo.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulmo.testing.SharedData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * {@code ../shared/testdata/eval}: pycocotools' own COCOeval results ({@code expected.json}, made by pycocotools
 * 2.0.11 built from source) on a ground truth and results files that set every trap COCOeval has. Our numbers must
 * equal them to 1e-12: the 12 stats, per category, per modality, and the precision and recall arrays.
 */
class CocoEvalOracleTest {
    private static final double TOLERANCE = 1e-12;
    private static JsonNode expected;
    private static CocoFiles.GroundTruth groundTruth;

    @BeforeAll
    static void load() throws IOException {
        Path dir = SharedData.resolve("testdata/eval");
        expected = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
        groundTruth = CocoFiles.readGroundTruth(dir.resolve("gt.json"));
    }

    private static Path results(IouType type) {
        return SharedData.resolve("testdata/eval").resolve(expected.get("files").get(type.cocoName()).asText());
    }

    private static void assertClose(double[] actual, JsonNode expectedValues, String what) {
        assertThat(actual).as(what).hasSize(expectedValues.size());
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i]).as(what + "[" + i + "]").isCloseTo(expectedValues.get(i).asDouble(), offset(TOLERANCE));
        }
    }

    @Test
    void parametersAreNumpysExactDoubles() {
        CocoParams p = CocoParams.defaults();
        JsonNode params = expected.get("params");
        double[] iou = p.iouThresholds(), rec = p.recallThresholds();
        for (int i = 0; i < iou.length; i++) {
            assertThat(iou[i]).isEqualTo(params.get("iouThrs").get(i).asDouble());
        }
        assertThat(rec).hasSize(params.get("recThrs").size());
        for (int i = 0; i < rec.length; i++) {
            assertThat(rec[i]).as("recThrs[%d]", i).isEqualTo(params.get("recThrs").get(i).asDouble());
        }
        assertThat(p.maxDetections()).containsExactly(1, 10, 100);
        for (int a = 0; a < 4; a++) {
            assertThat(p.areaRanges().get(a).min()).isEqualTo(params.get("areaRng").get(a).get(0).asDouble());
            assertThat(p.areaRanges().get(a).max()).isEqualTo(params.get("areaRng").get(a).get(1).asDouble());
            assertThat(p.areaRanges().get(a).label()).isEqualTo(params.get("areaRngLbl").get(a).asText());
        }
    }

    @ParameterizedTest
    @EnumSource(IouType.class)
    void statsPerCategoryPerModalityAndArraysEqualPycocotools(IouType type) {
        CocoFiles.Results results = CocoFiles.readResults(results(type), groundTruth, type);
        assertThat(results.detections()).isEqualTo(expected.get("contents").get("detections").asLong());
        CocoEvaluator evaluator = CocoFiles.evaluate(groundTruth, results, type, CocoParams.defaults());
        CocoSummary all = evaluator.summarize();
        JsonNode e = expected.get(type.cocoName());
        assertClose(all.stats(), e.get("stats"), type + " stats");

        List<CocoSummary.CategorySummary> perCategory = all.perCategory();
        assertThat(perCategory).hasSize(e.get("per_category").size());
        for (int k = 0; k < perCategory.size(); k++) {
            JsonNode c = e.get("per_category").get(k);
            CocoSummary.CategorySummary s = perCategory.get(k);
            assertThat(s.category().id()).isEqualTo(c.get("category_id").asInt());
            assertThat(s.category().name()).isEqualTo(c.get("name").asText());
            assertThat(s.groundTruths()).as("gt of %s", s.category()).isEqualTo(c.get("gt").asLong());
            assertThat(s.crowds()).as("crowd of %s", s.category()).isEqualTo(c.get("crowd").asLong());
            assertClose(s.stats(), c.get("stats"), type + " category " + s.category().id());
        }

        JsonNode precision = e.get("precision_area_all_maxdets_100");
        for (int t = 0; t < 10; t++) {
            for (int r = 0; r < 101; r++) {
                for (int k = 0; k < perCategory.size(); k++) {
                    assertThat(all.precision(t, r, k, 0, 2)).as("%s precision[%d][%d][%d]", type, t, r, k)
                            .isCloseTo(precision.get(t).get(r).get(k).asDouble(), offset(TOLERANCE));
                }
            }
        }
        JsonNode recall = e.get("recall");
        for (int t = 0; t < 10; t++) {
            for (int k = 0; k < perCategory.size(); k++) {
                for (int a = 0; a < 4; a++) {
                    for (int m = 0; m < 3; m++) {
                        assertThat(all.recall(t, k, a, m)).as("%s recall[%d][%d][%d][%d]", type, t, k, a, m)
                                .isCloseTo(recall.get(t).get(k).get(a).get(m).asDouble(), offset(TOLERANCE));
                    }
                }
            }
        }

        Map<String, Set<Long>> byModality = groundTruth.images().stream().collect(Collectors.groupingBy(CocoImage::modality,
                Collectors.mapping(CocoImage::id, Collectors.toSet())));
        e.get("per_modality").fields().forEachRemaining(m -> {
            Set<Long> ids = byModality.get(m.getKey());
            CocoSummary s = evaluator.summarize(ids::contains);
            assertThat(s.images()).isEqualTo(m.getValue().get("images").asInt());
            assertClose(s.stats(), m.getValue().get("stats"), type + " " + m.getKey());
        });
    }
}
