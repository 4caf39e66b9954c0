package dev.pulmo.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model's documented conventions, checked by hand-computed values. */
class ModelTest {

    @Test
    void aOnePixelLesionHasTheCornerBoxAndAreaOne() {
        BoundingBox b = BoundingBox.ofPixels(7, 3, 7, 3);
        assertThat(b.toCorners()).containsExactly(7.0, 3.0, 8.0, 4.0);
        assertThat(b.area()).isEqualTo(1.0);
    }

    @Test
    void cocoBoxesConvertBothWays() {
        BoundingBox b = BoundingBox.fromCoco(10, 20, 5, 2.5);
        assertThat(b).isEqualTo(BoundingBox.fromCorners(10, 20, 15, 22.5));
        assertThat(b.toCoco()).containsExactly(10, 20, 5, 2.5);
        assertThat(b.isProper()).isTrue();
        assertThat(b.isWithin(15, 22.5)).isTrue();
        assertThat(b.isWithin(14.9, 30)).isFalse();
    }

    @Test
    void aBoxSegmentationListsTheFourCornersClockwiseFromTopLeft() {
        assertThat(BoundingBox.fromCorners(1, 2, 4, 6).toSegmentation().coordinates())
                .containsExactly(1, 2, 4, 2, 4, 6, 1, 6);
    }

    @Test
    void nonFiniteBoxesAreRejected() {
        assertThatThrownBy(() -> BoundingBox.fromCorners(0, Double.NaN, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
    }

    @Test
    void shoelaceAreaOfAnLShapedRing() {
        // 6x6 square with a 2x2 notch taken out of its top-right corner: 36 - 4
        Segmentation s = Segmentation.of(100, 100, 104, 100, 104, 102, 106, 102, 106, 106, 100, 106);
        assertThat(s.polygonArea()).isEqualTo(32.0);
        assertThat(s.bounds()).isEqualTo(BoundingBox.fromCorners(100, 100, 106, 106));
        assertThat(s.isWellFormed()).isTrue();
        assertThat(Segmentation.of(0, 0, 1, 1).isWellFormed()).isFalse();
        assertThat(Segmentation.of(0, 0, 1, 1, 2).isWellFormed()).isFalse();
    }

    @Test
    void segmentationsAreCopiedNotShared() {
        double[] raw = {0, 0, 1, 0, 1, 1};
        Segmentation s = Segmentation.of(raw);
        raw[0] = 99;
        s.coordinates()[1] = 99;
        assertThat(s.coordinates()).containsExactly(0, 0, 1, 0, 1, 1);
    }

    @Test
    void guidelineDatesAcceptDashOrColonAndRejectImpossibleDates() {
        assertThat(GuidelineDates.format(LocalDateTime.of(2021, 5, 3, 9, 8, 7))).isEqualTo("2021-05-03 09-08-07");
        assertThat(GuidelineDates.parse("2021-05-03 09-08-07")).contains(LocalDateTime.of(2021, 5, 3, 9, 8, 7));
        assertThat(GuidelineDates.parse("2021-05-03 09:08:07")).contains(LocalDateTime.of(2021, 5, 3, 9, 8, 7));
        assertThat(GuidelineDates.parse("2021-02-29 00-00-00")).isEmpty();
        assertThat(GuidelineDates.parse("2020-02-29 00-00-00")).isPresent();
        assertThat(GuidelineDates.parse("2021-05-03 24-00-00")).isEmpty();
        assertThat(GuidelineDates.parse("2021/05/03 09:08:07")).isEmpty();
        assertThat(GuidelineDates.parse("2021-05-03")).isEmpty();
    }

    @Test
    void categoryTablesResolveIdsNamesAndTheGuidelinesMisspellings() {
        Modality m = Modality.of("TST", "Test");
        CategoryTable t = new CategoryTable(m, List.of(
                new CategoryDefinition(1, "악성", "malignant", 1, "악성"),
                new CategoryDefinition(4, "섬유화반흔", "fibrotic scar", 2, "양성", List.of("섬유유화반흔"))));
        assertThat(t.byId(4).map(CategoryDefinition::englishName)).contains("fibrotic scar");
        assertThat(t.byAlias("섬유유화반흔").map(CategoryDefinition::id)).contains(4);
        assertThat(t.byName("섬유유화반흔")).isEmpty();
        assertThat(t.toJsonCategories().get(1)).isEqualTo(new Category("TST", "Test", 2, "양성", 4, "섬유화반흔"));
        assertThatThrownBy(() -> new CategoryTable(m, List.of(t.categories().get(0), t.categories().get(0))))
                .hasMessageContaining("repeats id 1");
        assertThatThrownBy(() -> new CategoryDefinition(1, "가나다라마바사아자차카", "x", 1, "악성"))
                .hasMessageContaining("longer than 10 code points");
    }

    @Test
    void modalitiesAreAnOpenSetComparedByCode() {
        assertThat(Modality.of("MMG", "Mammography")).isEqualTo(Modality.of("MMG", "other name"));
        assertThatThrownBy(() -> Modality.of("mmg", "x")).hasMessageContaining("upper-case");
        assertThatThrownBy(() -> Modality.of("MAMO", "x")).hasMessageContaining("1-3");
    }

    @Test
    void findingCodesAreStableLowerCaseWords() {
        Finding f = Finding.error("json.bbox.outside-image", Location.of("a.json", "/annotations/0/bbox"), "m");
        assertThat(f.toString()).isEqualTo("ERROR json.bbox.outside-image a.json /annotations/0/bbox: m");
        assertThat(new Location("a.json", "/x", 3, 7).toString()).isEqualTo("a.json:3:7 /x");
        assertThatThrownBy(() -> Finding.error("Bad Code", Location.NONE, "m")).isInstanceOf(IllegalArgumentException.class);
    }
}
