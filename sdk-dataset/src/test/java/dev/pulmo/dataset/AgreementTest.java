package dev.pulmo.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.pulmo.api.Annotation;
import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.BoundingBox;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Info;
import dev.pulmo.api.Segmentation;
import dev.pulmo.cocojson.GuidelineJson;
import dev.pulmo.dataset.Agreement.ImageScore;
import dev.pulmo.dataset.Agreement.Metric;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scores worked out by hand from box and polygon areas. */
class AgreementTest {
    private static final Info INFO = new Info("d", "1", "c", "2021-01-01 00-00-00");

    private static Annotation box(long id, int category, double x1, double y1, double x2, double y2) {
        return Annotation.ofBox(id, 1, category, BoundingBox.fromCorners(x1, y1, x2, y2), "t");
    }

    private static AnnotationFile file(Annotation... a) {
        return new AnnotationFile(INFO, List.of(), List.of(), List.of(a));
    }

    @Test
    void ninetyPercentIouPassesAtTheGuidelinesThreshold() {
        // 10x10 against 10x9 inside it: IoU 90/100, Dice 180/190
        AnnotationFile t = file(box(1, 1, 0, 0, 10, 10));
        AnnotationFile e = file(box(7, 1, 0, 0, 10, 9));
        ImageScore iou = new Agreement(Metric.IOU, 0.9).compare("a", t, e, new ArrayList<>());
        assertThat(iou.score()).isCloseTo(0.9, within(1e-12));
        assertThat(iou.passed()).isTrue();
        assertThat(iou.lesions()).containsExactly(new Agreement.LesionScore(1, 1L, 7L, iou.score()));
        ImageScore dice = new Agreement(Metric.DICE, 0.9).compare("a", t, e, new ArrayList<>());
        assertThat(dice.score()).isCloseTo(180.0 / 190, within(1e-12));
    }

    @Test
    void aShiftedOutlineFailsAndAMissedLesionScoresZero() {
        AnnotationFile t = file(box(1, 1, 0, 0, 10, 10));
        AnnotationFile e = file(box(1, 1, 5, 0, 15, 10), box(2, 3, 20, 20, 30, 30));
        ImageScore s = new Agreement(Metric.IOU, 0.9).compare("b", t, e, new ArrayList<>());
        // category 1: |∩| 50, |∪| 150; category 3: |∩| 0, |∪| 100 -> 50 / 250
        assertThat(s.score()).isCloseTo(0.2, within(1e-12));
        assertThat(s.passed()).isFalse();
        assertThat(s.lesions()).extracting(Agreement.LesionScore::score).containsExactly(50.0 / 150, 0.0);
        assertThat(s.lesions().get(1).traineeId()).isNull();
    }

    @Test
    void lesionsAreMatchedWithinTheirCategoryByBestOverlap() {
        AnnotationFile t = file(box(1, 1, 0, 0, 10, 10), box(2, 1, 100, 100, 110, 110));
        AnnotationFile e = file(box(5, 1, 100, 100, 110, 110), box(6, 1, 0, 0, 10, 10), box(7, 2, 0, 0, 10, 10));
        ImageScore s = new Agreement(Metric.IOU, 0.9).compare("c", t, e, new ArrayList<>());
        assertThat(s.lesions()).extracting(l -> l.traineeId() + "-" + l.expertId())
                .containsExactlyInAnyOrder("1-6", "2-5", "null-7");
        // category 1 identical (200 of 200), category 2 missing (0 of 100)
        assertThat(s.score()).isCloseTo(200.0 / 300, within(1e-12));
    }

    @Test
    void polygonsAreComparedByExactArea() {
        // L-shape of area 3 (three unit squares) against the 2x2 square that contains it: IoU 3/4
        Annotation l = Annotation.builder().id(1).categoryId(1).bbox(BoundingBox.fromCorners(0, 0, 2, 2)).toolname("t")
                .segmentation(Segmentation.of(0, 0, 2, 0, 2, 1, 1, 1, 1, 2, 0, 2)).area(4).width(2).height(2).build();
        ImageScore s = new Agreement(Metric.IOU, 0.9).compare("d", file(l), file(box(1, 1, 0, 0, 2, 2)), new ArrayList<>());
        assertThat(s.score()).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void aSelfCrossingRingIsRepairedWithAWarning() {
        Annotation bowtie = Annotation.builder().id(1).categoryId(1).bbox(BoundingBox.fromCorners(0, 0, 2, 2)).toolname("t")
                .segmentation(Segmentation.of(0, 0, 2, 2, 2, 0, 0, 2)).area(4).width(2).height(2).build();
        List<Finding> findings = new ArrayList<>();
        ImageScore s = new Agreement(Metric.IOU, 0.9).compare("e", file(bowtie), file(box(1, 1, 0, 0, 2, 2)), findings);
        // the repaired bow-tie is two triangles of area 1 each: IoU 2/4
        assertThat(s.score()).isCloseTo(0.5, within(1e-12));
        assertThat(findings).extracting(Finding::code).containsExactly("agree.polygon-repaired");
    }

    @Test
    void emptyAgainstEmptyAgreesAndFoldersPairByFileName(@TempDir Path dir) {
        GuidelineJson.write(file(box(1, 1, 0, 0, 10, 10)), dir.resolve("t/img1.json"));
        GuidelineJson.write(file(box(1, 1, 0, 0, 10, 9)), dir.resolve("e/img1.json"));
        GuidelineJson.write(file(), dir.resolve("t/img2.json"));
        GuidelineJson.write(file(), dir.resolve("e/img2.json"));
        GuidelineJson.write(file(box(1, 1, 0, 0, 4, 4)), dir.resolve("e/img3.json"));
        Agreement.Report r = new Agreement(Metric.IOU, 0.95).compareFolders(dir.resolve("t"), dir.resolve("e"));
        assertThat(r.images()).extracting(ImageScore::image).containsExactly("img1.json", "img2.json", "img3.json");
        assertThat(r.images()).extracting(ImageScore::score).containsExactly(0.9, 1.0, 0.0);
        assertThat(r.toRedo()).containsExactly("img1.json", "img3.json");
        assertThat(r.annotatorPassed()).isFalse();
        assertThat(r.meanScore()).isCloseTo(1.9 / 3, within(1e-12));
        assertThat(r.findings()).extracting(Finding::code).containsExactly("agree.no-trainee");
    }

    @Test
    void aFlatTraineeFolderPairsWithTheExpertTreeByFileNameAndReportsWhatIsUnmatched(@TempDir Path dir) {
        GuidelineJson.write(file(box(1, 1, 0, 0, 10, 10)), dir.resolve("e/CCT/p1/json/cct_p1_1_1.json"));
        GuidelineJson.write(file(box(1, 1, 0, 0, 10, 10)), dir.resolve("e/CCT/p1/json/cct_p1_1_2.json"));
        GuidelineJson.write(file(box(1, 1, 0, 0, 10, 10)), dir.resolve("e/CCT/p2/json/cct_p2_1_1.json"));
        GuidelineJson.write(file(box(1, 1, 0, 0, 10, 10)), dir.resolve("t/cct_p1_1_1.json"));
        GuidelineJson.write(file(box(1, 1, 0, 0, 10, 5)), dir.resolve("t/cct_p1_1_2.json"));
        GuidelineJson.write(file(box(1, 1, 0, 0, 10, 10)), dir.resolve("t/extra.json"));
        Agreement.Report r = new Agreement(Metric.IOU, 0.9).compareFolders(dir.resolve("t"), dir.resolve("e"));
        assertThat(r.matched()).isEqualTo(2);
        assertThat(r.images()).extracting(ImageScore::image, ImageScore::score).containsExactly(
                tuple("CCT/p1/json/cct_p1_1_1.json", 1.0), tuple("CCT/p1/json/cct_p1_1_2.json", 0.5),
                tuple("CCT/p2/json/cct_p2_1_1.json", 0.0));
        assertThat(r.traineeOnly()).containsExactly("extra.json");
        assertThat(r.expertOnly()).containsExactly("CCT/p2/json/cct_p2_1_1.json");
        assertThat(r.toRedo()).containsExactly("CCT/p1/json/cct_p1_1_2.json", "CCT/p2/json/cct_p2_1_1.json");
    }

    @Test
    void twoFilesOfOneNamePairByRelativePathFirst(@TempDir Path dir) {
        // the same name in two series of the trainee and the expert: the relative path decides, not the order
        GuidelineJson.write(file(box(1, 1, 0, 0, 10, 10)), dir.resolve("e/a/x.json"));
        GuidelineJson.write(file(box(1, 1, 0, 0, 4, 4)), dir.resolve("e/b/x.json"));
        GuidelineJson.write(file(box(1, 1, 0, 0, 4, 4)), dir.resolve("t/b/x.json"));
        GuidelineJson.write(file(box(1, 1, 0, 0, 10, 10)), dir.resolve("t/a/x.json"));
        Agreement.Report r = new Agreement(Metric.IOU, 0.9).compareFolders(dir.resolve("t"), dir.resolve("e"));
        assertThat(r.images()).extracting(ImageScore::image, ImageScore::score)
                .containsExactly(tuple("a/x.json", 1.0), tuple("b/x.json", 1.0));
        assertThat(r.matched()).isEqualTo(2);
        assertThat(r.traineeOnly()).isEmpty();
        assertThat(r.expertOnly()).isEmpty();
    }
}
