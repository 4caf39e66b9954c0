package dev.pulmo.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import org.junit.jupiter.api.Test;

/**
 * {@link CocoIou} against pycocotools' definitions in {@code maskApi.c} ({@code bbIou}, {@code rleIou}),
 * worked by hand, and against pixel counts taken independently of the run walk.
 */
class CocoIouTest {

    @Test
    void boxesWorkedByHand() {
        // [0,0,10,10] and [5,5,10,10]: overlap 5x5 = 25, union 100 + 100 - 25 = 175
        assertThat(CocoIou.ofBoxes(new double[] {5, 5, 10, 10}, new double[] {0, 0, 10, 10}, false)).isEqualTo(25.0 / 175);
        // crowd: union is the detection's own area, 100
        assertThat(CocoIou.ofBoxes(new double[] {5, 5, 10, 10}, new double[] {0, 0, 10, 10}, true)).isEqualTo(25.0 / 100);
        // a detection inside a crowd region has IoU 1 with it whatever the region's size
        assertThat(CocoIou.ofBoxes(new double[] {20, 20, 4, 4}, new double[] {0, 0, 100, 100}, true)).isEqualTo(1.0);
        // touching edges and zero width give 0, not NaN
        assertThat(CocoIou.ofBoxes(new double[] {10, 0, 5, 5}, new double[] {0, 0, 10, 10}, false)).isZero();
        assertThat(CocoIou.ofBoxes(new double[] {3, 3, 0, 5}, new double[] {0, 0, 10, 10}, false)).isZero();
        // no clipping to any image: negative coordinates count as they are
        assertThat(CocoIou.ofBoxes(new double[] {-10, -10, 20, 20}, new double[] {0, 0, 10, 10}, false)).isEqualTo(100.0 / 400);
        // exactly one half: [0,0,10,10] vs [0,0,20,10] is 100 / 200
        assertThat(CocoIou.ofBoxes(new double[] {0, 0, 20, 10}, new double[] {0, 0, 10, 10}, false)).isEqualTo(0.5);
    }

    @Test
    void boxMatrixIsDetectionByGroundTruth() {
        double[][] iou = CocoIou.ofBoxes(new double[][] {{0, 0, 10, 10}, {50, 50, 2, 2}},
                new double[][] {{0, 0, 10, 10}, {0, 0, 20, 10}, {40, 40, 20, 20}}, new boolean[] {false, false, true});
        assertThat(iou).hasDimensions(2, 3);
        assertThat(iou[0]).containsExactly(1.0, 0.5, 0.0);
        assertThat(iou[1]).containsExactly(0.0, 0.0, 1.0);
        assertThatThrownBy(() -> CocoIou.ofBoxes(new double[][] {{0, 0, 1, 1}}, new double[][] {{0, 0, 1, 1}}, new boolean[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("iscrowd");
    }

    @Test
    void rlesWorkedByHand() {
        BinaryMask a = Masks.parse("""
                ####.
                ####.
                .....
                """);
        BinaryMask b = Masks.parse("""
                ..###
                ..###
                ..###
                """);
        // a: 8 pixels, b: 9, both: columns 2-3 of rows 0-1 = 4; union 13
        CocoRle ra = CocoRle.encode(a), rb = CocoRle.encode(b);
        assertThat(CocoIou.of(ra, rb, false)).isEqualTo(4.0 / 13);
        // crowd ground truth b: intersection over the detection's 8 pixels
        assertThat(CocoIou.of(ra, rb, true)).isEqualTo(4.0 / 8);
        // symmetric without crowd
        assertThat(CocoIou.of(rb, ra, false)).isEqualTo(4.0 / 13);
        // an empty detection gives 0
        assertThat(CocoIou.of(CocoRle.encode(BinaryMask.empty(5, 3)), rb, false)).isZero();
    }

    @Test
    void rlesOfDifferentSizesAreMinusOneOnlyWhenTheirBoxesOverlap() {
        CocoRle small = CocoRle.encode(Masks.parse("""
                ##.
                ##.
                """));
        CocoRle wide = CocoRle.encode(Masks.parse("""
                ##..
                ##..
                """));
        CocoRle far = CocoRle.encode(Masks.parse("""
                ...#
                ...#
                """));
        assertThat(CocoIou.of(small, wide, false)).isEqualTo(-1.0);
        assertThat(CocoIou.of(small, far, false)).isZero();
    }

    @Test
    void boxesOfRlesScreenAsPycocotoolsDoes() {
        // Two masks whose toBbox boxes overlap (a run crossing columns widens the box to full height) but whose
        // pixels do not: the walk runs and finds no intersection, so 0.
        CocoRle crossing = CocoRle.encode(Masks.parse("""
                .#
                ..
                #.
                """));
        CocoRle middle = CocoRle.encode(Masks.parse("""
                ..
                ##
                ..
                """));
        assertThat(CocoIou.of(crossing, middle, false)).isZero();
    }

    @Provide
    Arbitrary<Tuple2<BinaryMask, BinaryMask>> pairs() {
        return Combinators.combine(Arbitraries.integers().between(1, 40), Arbitraries.integers().between(1, 20),
                        Arbitraries.of(0.05, 0.3, 0.7), Arbitraries.longs(), Arbitraries.longs())
                .as((w, h, density, s1, s2) -> Tuple.of(Masks.random(w, h, density, s1), Masks.random(w, h, density, s2)));
    }

    @Property(tries = 150)
    void rleIouIsPixelIntersectionOverUnionOrOverDetection(@ForAll("pairs") Tuple2<BinaryMask, BinaryMask> pair) {
        BinaryMask dt = pair.get1(), gt = pair.get2();
        long both = 0, either = 0, dtPixels = 0;
        for (int r = 0; r < dt.height(); r++) {
            for (int c = 0; c < dt.width(); c++) {
                boolean x = dt.get(c, r), y = gt.get(c, r);
                both += x && y ? 1 : 0;
                either += x || y ? 1 : 0;
                dtPixels += x ? 1 : 0;
            }
        }
        CocoRle a = CocoRle.encode(dt), b = CocoRle.encode(gt);
        assertThat(CocoIou.of(a, b, false)).isEqualTo(both == 0 ? 0.0 : (double) both / either);
        assertThat(CocoIou.of(a, b, true)).isEqualTo(both == 0 ? 0.0 : (double) both / dtPixels);
        assertThat(CocoIou.of(List.of(a, b), List.of(b), new boolean[] {false})[0][0]).isEqualTo(CocoIou.of(a, b, false));
    }

    @Provide
    Arbitrary<BinaryMask> masks() {
        return Combinators.combine(Arbitraries.integers().between(1, 70), Arbitraries.integers().between(1, 24),
                Arbitraries.of(0.05, 0.3, 0.5, 0.9), Arbitraries.longs()).as(Masks::random);
    }

    /** The route export-coco takes today (trace each component, rasterise it, encode) gives the same RLEs. */
    @Property(tries = 120)
    void componentsEncodeAsTracedAndRasterisedComponents(@ForAll("masks") BinaryMask mask) {
        List<CocoRle> expected = new ArrayList<>();
        for (TracedComponent c : MaskTracer.trace(mask)) {
            expected.add(CocoRle.encode(MaskRasterizer.rasterizeKnownValid(c.geometry(), mask.width(), mask.height())));
        }
        List<CocoRle> components = CocoRle.encodeComponents(mask);
        assertThat(components).containsExactlyElementsOf(expected);
        assertThat(components).extracting(CocoRle::area)
                .containsExactlyElementsOf(mask.components().stream().map(MaskComponent::areaPixels).toList());
        if (!components.isEmpty()) {
            assertThat(CocoRle.merge(components, false)).isEqualTo(CocoRle.encode(mask));
        }
    }
}
