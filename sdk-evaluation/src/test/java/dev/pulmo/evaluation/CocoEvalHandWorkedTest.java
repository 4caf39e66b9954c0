package dev.pulmo.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small cases worked by hand from COCOeval's rules (cocoeval.py), one rule each, so that a slip shows which rule
 * broke: tie order across images, crowd regions, categories without ground truth or without detections, the
 * detection limit per image and category, IoU exactly at a threshold, area from the file.
 */
class CocoEvalHandWorkedTest {
    private static final CocoParams DEFAULTS = CocoParams.defaults();
    private static final List<CocoCategory> CATEGORIES = List.of(new CocoCategory(1, "a"), new CocoCategory(2, "b"),
            new CocoCategory(3, "c"));

    /**
     * Precision tp / (tp + fp + eps) of a run without false positives: 1 / (1 + 2^-52) = 1 - 2^-52, which is what
     * pycocotools reports for a perfect detector (its means print as 1.000).
     */
    private static final double PERFECT = 1 - Math.ulp(1.0);

    @TempDir
    Path dir;

    private static void assertStats(double[] actual, double... expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as(CocoSummary.STAT_NAMES.get(i)).isCloseTo(expected[i], offset(1e-15));
        }
    }

    private static CocoImage image(long id) {
        return new CocoImage(id, "img" + id + ".dcm", 200, 200, "CCT");
    }

    private static GroundTruthObject gt(long id, int category, double x, double y, double w, double h) {
        return new GroundTruthObject(id, category, false, w * h, new double[] {x, y, w, h}, null);
    }

    private static Detection dt(long id, int category, double score, double x, double y, double w, double h) {
        return new Detection(id, category, score, w * h, new double[] {x, y, w, h}, null);
    }

    @Test
    void tiesAcrossImagesAreOrderedByImageIdNotByArrival() {
        CocoEvaluator e = CocoEvaluator.create(CATEGORIES, IouType.BBOX, DEFAULTS);
        // image 2 (added first) holds the true positive, image 1 the false positive, both at score 0.5
        e.add(image(2), List.of(gt(1, 1, 0, 0, 10, 10)), List.of(dt(1, 1, 0.5, 0, 0, 10, 10)));
        e.add(image(1), List.of(gt(2, 1, 0, 0, 10, 10)), List.of(dt(2, 1, 0.5, 100, 100, 10, 10)));
        // order FP (image 1) then TP (image 2): recall [0, .5], precision [0, .5] -> .5 up to recall .5, then 0:
        // 51 recall points of .5 and 50 of 0 at every IoU threshold.
        double[] stats = e.summarize().stats();
        assertThat(stats[0]).isEqualTo(255.0 / 1010);
        assertThat(stats[1]).isEqualTo(25.5 / 101);
        assertThat(stats[8]).isEqualTo(0.5);
    }

    @Test
    void tiesWithinAnImageKeepFileOrder() {
        CocoEvaluator e = CocoEvaluator.create(CATEGORIES, IouType.BBOX, DEFAULTS);
        // both detections at 0.5; the first in file order is the false positive, and maxDets 1 keeps only it
        e.add(image(1), List.of(gt(1, 1, 0, 0, 10, 10)),
                List.of(dt(1, 1, 0.5, 100, 100, 10, 10), dt(2, 1, 0.5, 0, 0, 10, 10)));
        double[] stats = e.summarize().stats();
        assertThat(stats[6]).as("AR1").isZero();
        assertThat(stats[7]).as("AR10").isEqualTo(1.0);
        // FP then TP: recall [0, 1], precision [0, .5] -> .5 at every recall point
        assertThat(stats[0]).as("AP").isEqualTo(0.5);
    }

    @Test
    void crowdRegionsAbsorbDetectionsAndAreNotCounted() {
        CocoEvaluator e = CocoEvaluator.create(CATEGORIES, IouType.BBOX, DEFAULTS);
        GroundTruthObject lesion = gt(1, 1, 0, 0, 10, 10);
        GroundTruthObject crowd = new GroundTruthObject(2, 1, true, 1600, new double[] {50, 50, 40, 40}, null);
        // two detections inside the crowd region (IoU = intersection / detection area = 1), then the lesion
        e.add(image(1), List.of(lesion, crowd), List.of(dt(1, 1, 0.9, 60, 60, 10, 10), dt(2, 1, 0.8, 70, 70, 10, 10),
                dt(3, 1, 0.7, 0, 0, 10, 10)));
        CocoSummary s = e.summarize();
        // both crowd detections ignored, the lesion found: precision 1 at every recall; the lesion (area 100) is small;
        // no medium or large ground truth -> -1; AR1 sees only the first detection, which is ignored -> recall 0
        assertStats(s.stats(), PERFECT, PERFECT, PERFECT, PERFECT, -1, -1, 0, 1, 1, 1, -1, -1);
        assertThat(s.perCategory().get(0).groundTruths()).isEqualTo(1);
        assertThat(s.perCategory().get(0).crowds()).isEqualTo(1);
    }

    @Test
    void categoryWithoutGroundTruthIsLeftOutAndOneWithoutDetectionsCountsZero() {
        CocoEvaluator e = CocoEvaluator.create(CATEGORIES, IouType.BBOX, DEFAULTS);
        e.add(image(1), List.of(gt(1, 1, 0, 0, 10, 10), gt(2, 2, 50, 50, 10, 10)),
                List.of(dt(1, 1, 0.9, 0, 0, 10, 10), dt(2, 3, 0.9, 50, 50, 10, 10)));
        e.add(image(2), List.of(), List.of()); // an image with neither
        CocoSummary s = e.summarize();
        assertThat(s.perCategory().get(0).stats()[0]).isEqualTo(PERFECT);
        assertThat(s.perCategory().get(1).stats()[0]).isZero();
        assertThat(s.perCategory().get(2).stats()[0]).isEqualTo(-1.0);
        assertThat(s.stats()[0]).as("mean of categories 1 and 2 only").isCloseTo(PERFECT / 2, offset(1e-15));
        assertThat(s.images()).isEqualTo(2);
    }

    @Test
    void theDetectionLimitIsPerImageAndCategory() {
        CocoEvaluator e = CocoEvaluator.create(CATEGORIES, IouType.BBOX, DEFAULTS);
        // category 1: a false positive above its true positive; category 2: one true positive at a lower score
        e.add(image(1), List.of(gt(1, 1, 0, 0, 10, 10), gt(2, 2, 50, 50, 10, 10)),
                List.of(dt(1, 1, 0.9, 100, 100, 10, 10), dt(2, 1, 0.8, 0, 0, 10, 10), dt(3, 2, 0.1, 50, 50, 10, 10)));
        // AR1: category 1 keeps only its false positive (recall 0), category 2 its true positive (recall 1)
        assertThat(e.summarize().stats()[6]).isEqualTo(0.5);
    }

    @Test
    void iouExactlyAtAThresholdMatches() {
        CocoEvaluator e = CocoEvaluator.create(CATEGORIES, IouType.BBOX, DEFAULTS);
        // [0,0,20,10] against [0,0,10,10]: IoU 100 / 200 = 0.5 exactly, a match at 0.5 only
        e.add(image(1), List.of(gt(1, 1, 0, 0, 10, 10)), List.of(dt(1, 1, 0.9, 0, 0, 20, 10)));
        double[] stats = e.summarize().stats();
        assertThat(stats[1]).as("AP50").isCloseTo(PERFECT, offset(1e-15));
        assertThat(stats[2]).as("AP75").isZero();
        assertThat(stats[0]).as("AP: one threshold of ten").isCloseTo(PERFECT / 10, offset(1e-15));
    }

    @Test
    void areaRangeComesFromTheAreaFieldAndIsClosed() {
        CocoEvaluator e = CocoEvaluator.create(CATEGORIES, IouType.BBOX, DEFAULTS);
        // a 10x10 box whose area field says 1024: small and medium both (closed ranges), never large
        GroundTruthObject g = new GroundTruthObject(1, 1, false, 1024, new double[] {0, 0, 10, 10}, null);
        e.add(image(1), List.of(g), List.of(dt(1, 1, 0.9, 0, 0, 10, 10)));
        double[] stats = e.summarize().stats();
        assertThat(stats[3]).as("APs").isEqualTo(PERFECT);
        assertThat(stats[4]).as("APm").isEqualTo(PERFECT);
        assertThat(stats[5]).as("APl").isEqualTo(-1.0);
    }

    @Test
    void resultsFileNumbersResultsAndNamesProblemsByPointer() throws IOException {
        Path gt = dir.resolve("gt.json");
        Files.writeString(gt, """
                {"images": [{"id": 7, "file_name": "a/x.dcm", "width": 100, "height": 100}],
                 "categories": [{"id": 1, "name": "lesion"}],
                 "annotations": [{"id": 1, "image_id": 7, "category_id": 1, "iscrowd": 0, "area": 100,
                                  "bbox": [0, 0, 10, 10], "segmentation": [[0, 0, 10, 0, 10, 10, 0, 10]]}]}
                """);
        CocoFiles.GroundTruth truth = CocoFiles.readGroundTruth(gt);
        Path pred = dir.resolve("pred.json");
        Files.writeString(pred, """
                [{"file_name": "x.dcm", "category_id": 1, "bbox": [0, 0, 10, 10], "score": 0.9},
                 {"image_id": 7, "category_id": 5, "bbox": [0, 0, 10, 10], "score": 0.9}]
                """);
        CocoFiles.Results results = CocoFiles.readResults(pred, truth, IouType.SEGM);
        assertThat(results.unknownCategory()).isEqualTo(1);
        assertThat(results.of(7)).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo(1);
            assertThat(d.area()).isEqualTo(100);
        });
        assertThat(CocoFiles.evaluate(truth, results, IouType.SEGM, DEFAULTS).summarize().stats()[0]).isEqualTo(PERFECT);

        Files.writeString(pred, """
                [{"image_id": 7, "category_id": 1, "bbox": [0, 0, 10, 10], "score": 0.9},
                 {"image_id": 8, "category_id": 1, "bbox": [0, 0, 10, 10], "score": 0.9}]
                """);
        assertThatThrownBy(() -> CocoFiles.readResults(pred, truth, IouType.BBOX)).isInstanceOf(EvaluationException.class)
                .hasMessageContaining("pred.json /1/image_id: image 8 is not in the ground truth");
        Files.writeString(pred, """
                [{"image_id": 7, "category_id": 1, "bbox": [0, 0, 10], "score": 0.9}]
                """);
        assertThatThrownBy(() -> CocoFiles.readResults(pred, truth, IouType.BBOX)).isInstanceOf(EvaluationException.class)
                .hasMessageContaining("/0/bbox").hasMessageContaining("4 numbers");
        Files.writeString(pred, "[{\"image_id\": 7, \"category_id\": 1, \"bbox\": [0, 0, 10, 10], \"score\": 0.9},");
        assertThatThrownBy(() -> CocoFiles.readResults(pred, truth, IouType.BBOX)).isInstanceOf(EvaluationException.class)
                .hasMessageContaining("pred.json:1:").hasMessageContaining("not valid JSON");
        Files.writeString(gt, """
                {"images": [{"id": 7, "width": 100, "height": 100}], "categories": [{"id": 1}],
                 "annotations": [{"id": 1, "image_id": 7, "category_id": 1, "bbox": [0, 0, 10, 10]}]}
                """);
        assertThatThrownBy(() -> CocoFiles.readGroundTruth(gt)).isInstanceOf(EvaluationException.class)
                .hasMessageContaining("gt.json /annotations/0: annotation 1 has no \"area\"");
    }
}
