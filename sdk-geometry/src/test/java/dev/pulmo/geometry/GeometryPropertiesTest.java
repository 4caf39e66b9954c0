package dev.pulmo.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

/** Properties on random masks, each compared with an independent per-pixel reference. */
class GeometryPropertiesTest {
    private static final GeometryFactory FACTORY = new GeometryFactory();

    @Provide
    Arbitrary<BinaryMask> masks() {
        // Sizes straddle the 64-pixel word boundary; densities from sparse specks to nearly full.
        return Combinators.combine(
                        Arbitraries.integers().between(1, 70),
                        Arbitraries.integers().between(1, 24),
                        Arbitraries.of(0.05, 0.3, 0.5, 0.7, 0.95),
                        Arbitraries.longs())
                .as(Masks::random);
    }

    @Provide
    Arbitrary<Tuple2<BinaryMask, BinaryMask>> maskPairs() {
        return Combinators.combine(
                        Arbitraries.integers().between(1, 40),
                        Arbitraries.integers().between(1, 20),
                        Arbitraries.of(0.2, 0.5, 0.8),
                        Arbitraries.longs(),
                        Arbitraries.longs())
                .as((w, h, density, seedA, seedB) -> Tuple.of(Masks.random(w, h, density, seedA), Masks.random(w, h, density, seedB)));
    }

    @Property(tries = 120)
    void traceThenRasteriseIsTheIdentity(@ForAll("masks") BinaryMask mask) {
        Geometry traced = MaskTracer.traceGeometry(mask);
        assertThat(traced.isValid()).isTrue();
        assertThat(MaskRasterizer.rasterize(traced, mask.width(), mask.height())).isEqualTo(mask);
        assertThat(MaskRasterizer.rasterizeKnownValid(traced, mask.width(), mask.height())).isEqualTo(mask);
    }

    @Property(tries = 120)
    void polygonAreaEqualsPixelCountAndComponentsAreThe8ConnectedOnes(@ForAll("masks") BinaryMask mask) {
        List<TracedComponent> components = MaskTracer.trace(mask);
        assertThat(components).hasSize(Masks.naiveComponentCount8(mask));
        long total = 0;
        for (TracedComponent component : components) {
            assertThat(component.geometry().isValid()).isTrue();
            assertThat(component.polygonArea()).isEqualTo((double) component.areaPixels());
            BinaryMask alone = MaskRasterizer.rasterize(component.geometry(), mask.width(), mask.height());
            assertThat(alone.bounds()).contains(component.bounds());
            assertThat(Masks.naiveComponentCount8(alone)).isEqualTo(1);
            total += component.areaPixels();
        }
        assertThat(total).isEqualTo(mask.areaPixels());
        assertThat(mask.components()).extracting(MaskComponent::areaPixels)
                .containsExactlyElementsOf(components.stream().map(TracedComponent::areaPixels).toList());
    }

    @Property(tries = 80)
    void addAndSubOnPolygonsAgreeWithPixelwiseOrAndAndNot(@ForAll("maskPairs") Tuple2<BinaryMask, BinaryMask> pair) {
        BinaryMask a = pair.get1(), b = pair.get2();
        Geometry ga = MaskTracer.traceGeometry(a), gb = MaskTracer.traceGeometry(b);
        BinaryMask or = Masks.naive(a, b, (x, y) -> x || y);
        BinaryMask andNot = Masks.naive(a, b, (x, y) -> x && !y);
        assertThat(MaskRasterizer.rasterize(ShapeEdit.add(ga, gb), a.width(), a.height())).isEqualTo(or);
        assertThat(MaskRasterizer.rasterize(ShapeEdit.subtract(ga, gb), a.width(), a.height())).isEqualTo(andNot);
        assertThat(ShapeEdit.add(a, b)).isEqualTo(or);
        assertThat(ShapeEdit.subtract(a, b)).isEqualTo(andNot);
        assertThat(ShapeEdit.add(ga, gb).getArea()).isEqualTo((double) or.areaPixels());
    }

    @Property(tries = 80)
    void iouAndDiceAreSymmetricBoundedAndAgreeAcrossRepresentations(@ForAll("maskPairs") Tuple2<BinaryMask, BinaryMask> pair) {
        BinaryMask a = pair.get1(), b = pair.get2();
        double iou = Iou.of(a, b);
        assertThat(iou).isBetween(0.0, 1.0).isEqualTo(Iou.of(b, a));
        long intersection = Masks.naive(a, b, (x, y) -> x && y).areaPixels();
        long union = Masks.naive(a, b, (x, y) -> x || y).areaPixels();
        assertThat(iou).isEqualTo(union == 0 ? 1.0 : (double) intersection / union);
        Geometry ga = MaskTracer.traceGeometry(a), gb = MaskTracer.traceGeometry(b);
        assertThat(Iou.of(ga, gb)).isCloseTo(iou, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Iou.of(a, gb)).isEqualTo(iou);
        double dice = Dice.of(a, b);
        assertThat(dice).isEqualTo(Dice.of(b, a)).isCloseTo(2 * iou / (1 + iou), org.assertj.core.data.Offset.offset(1e-12));
        assertThat(Dice.of(ga, gb)).isCloseTo(dice, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Property(tries = 120)
    void cocoRleMatchesColumnMajorRunsAndRoundTrips(@ForAll("masks") BinaryMask mask) {
        CocoRle rle = CocoRle.encode(mask);
        assertThat(rle.counts()).containsExactly(Masks.naiveCocoCounts(mask));
        assertThat(rle.decode()).isEqualTo(mask);
        assertThat(rle.area()).isEqualTo(mask.areaPixels());
        assertThat(CocoRle.fromCompressedString(rle.toCompressedString(), mask.width(), mask.height())).isEqualTo(rle);
    }

    @Property(tries = 80)
    void cocoMergeIsPixelwiseUnionAndIntersection(@ForAll("maskPairs") Tuple2<BinaryMask, BinaryMask> pair) {
        BinaryMask a = pair.get1(), b = pair.get2();
        List<CocoRle> both = List.of(CocoRle.encode(a), CocoRle.encode(b));
        assertThat(CocoRle.merge(both, false)).isEqualTo(CocoRle.encode(Masks.naive(a, b, (x, y) -> x || y)));
        assertThat(CocoRle.merge(both, true)).isEqualTo(CocoRle.encode(Masks.naive(a, b, (x, y) -> x && y)));
    }

    @Provide
    Arbitrary<Polygon> starPolygons() {
        // Star-shaped around a centre, so always simple; vertices at arbitrary (non-integer) positions.
        return Combinators.combine(
                        Arbitraries.doubles().between(3, 17),
                        Arbitraries.doubles().between(3, 17),
                        Arbitraries.doubles().between(0.5, 9).list().ofMinSize(3).ofMaxSize(12))
                .as((cx, cy, radii) -> {
                    Coordinate[] ring = new Coordinate[radii.size() + 1];
                    for (int i = 0; i < radii.size(); i++) {
                        double angle = 2 * Math.PI * i / radii.size();
                        ring[i] = new Coordinate(cx + radii.get(i) * Math.cos(angle), cy + radii.get(i) * Math.sin(angle));
                    }
                    ring[radii.size()] = ring[0];
                    return FACTORY.createPolygon(ring);
                });
    }

    @Property(tries = 100)
    void rasterisedPixelsAreThoseWhoseCentresAreInside(@ForAll("starPolygons") Polygon polygon) {
        BinaryMask mask = MaskRasterizer.rasterize(polygon, 20, 20);
        for (int r = 0; r < 20; r++) {
            for (int c = 0; c < 20; c++) {
                var centre = FACTORY.createPoint(new Coordinate(c + 0.5, r + 0.5));
                if (polygon.getBoundary().distance(centre) > 1e-9) {
                    assertThat(mask.get(c, r)).as("pixel (%d, %d)", c, r).isEqualTo(polygon.contains(centre));
                }
            }
        }
    }

    /** A closed rectilinear ring on a 7 x 7 grid through random corners: often self-intersecting, sometimes simple. */
    private static Coordinate[] rectilinearRing(List<Integer> values) {
        int k = values.size() / 2;
        Coordinate[] ring = new Coordinate[2 * k + 1];
        for (int i = 0; i < k; i++) {
            int x = values.get(2 * i), y = values.get(2 * i + 1), nextX = values.get((2 * i + 2) % (2 * k));
            ring[2 * i] = new Coordinate(x, y);
            ring[2 * i + 1] = new Coordinate(nextX, y);
        }
        ring[2 * k] = ring[0];
        // the last corner goes (x0, y_last) -> (x0, y0): vertical, so every edge is axis-parallel
        return ring;
    }

    @Provide
    Arbitrary<Geometry> rectilinearGeometries() {
        Arbitrary<List<Integer>> corners = Arbitraries.integers().between(0, 6).list().ofMinSize(4).ofMaxSize(10)
                .filter(l -> l.size() % 2 == 0);
        return Combinators.combine(corners, corners, corners, Arbitraries.integers().between(0, 2)).as((a, b, c, shape) -> {
            Polygon first = FACTORY.createPolygon(rectilinearRing(a));
            return switch (shape) {
                case 0 -> first;
                case 1 -> FACTORY.createPolygon(FACTORY.createLinearRing(rectilinearRing(a)),
                        new org.locationtech.jts.geom.LinearRing[] {FACTORY.createLinearRing(rectilinearRing(b))});
                default -> FACTORY.createMultiPolygon(new Polygon[] {first, FACTORY.createPolygon(rectilinearRing(c))});
            };
        });
    }

    /** The pixel-grid shortcut of the validity check must agree with JTS's IsValidOp on every input. */
    @Property(tries = 400)
    void validityOfPixelGridGeometriesAgreesWithJts(@ForAll("rectilinearGeometries") Geometry geometry) {
        boolean jtsValid = new org.locationtech.jts.operation.valid.IsValidOp(geometry).isValid();
        BinaryMask mask = null;
        try {
            mask = MaskRasterizer.rasterize(geometry, 8, 8);
        } catch (GeometryException e) {
            assertThat(jtsValid).as("rejected %s: %s", geometry, e.getMessage()).isFalse();
        }
        if (mask != null) {
            assertThat(jtsValid).as("accepted %s", geometry).isTrue();
            assertThat((double) mask.areaPixels()).isEqualTo(geometry.getArea());
        }
    }

    /** Add/Sub on the pixel grid (exact pixel path) agree with JTS's overlay on the same shapes scaled off the grid. */
    @Property(tries = 60)
    void addAndSubOnThePixelGridAgreeWithJtsOverlay(@ForAll("maskPairs") Tuple2<BinaryMask, BinaryMask> pair) {
        Geometry a = MaskTracer.traceGeometry(pair.get1()), b = MaskTracer.traceGeometry(pair.get2());
        var half = org.locationtech.jts.geom.util.AffineTransformation.scaleInstance(0.5, 0.5);
        assertThat(ShapeEdit.add(half.transform(a), half.transform(b)).getArea() * 4)
                .isCloseTo(ShapeEdit.add(a, b).getArea(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ShapeEdit.subtract(half.transform(a), half.transform(b)).getArea() * 4)
                .isCloseTo(ShapeEdit.subtract(a, b).getArea(), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(ShapeEdit.add(a, b).isValid()).isTrue();
        assertThat(ShapeEdit.subtract(a, b).isValid()).isTrue();
    }

    /**
     * Packed rows written pixel by pixel as the layout documents (64 to a word, least significant bit first, rows padded
     * to whole words) read back as the same mask, from an array and from a read-only view whose position is kept; a bit
     * set past the width is refused by both.
     */
    @Property(tries = 120)
    void packedRowsFromAnArrayOrAViewAreTheMaskTheyDescribe(@ForAll("masks") BinaryMask mask) {
        int stride = (mask.width() + 63) / 64;
        long[] words = new long[stride * mask.height()];
        for (int r = 0; r < mask.height(); r++) {
            for (int c = 0; c < mask.width(); c++) {
                if (mask.get(c, r)) {
                    words[r * stride + c / 64] |= 1L << (c % 64);
                }
            }
        }
        java.nio.LongBuffer view = java.nio.LongBuffer.wrap(words).asReadOnlyBuffer();
        assertThat(BinaryMask.fromPackedRows(words, mask.width(), mask.height())).isEqualTo(mask);
        assertThat(BinaryMask.fromPackedRows(view, mask.width(), mask.height())).isEqualTo(mask);
        assertThat(view.position()).isZero();
        if (mask.width() % 64 != 0) {
            words[stride - 1] |= 1L << 63;
            assertThatThrownBy(() -> BinaryMask.fromPackedRows(words, mask.width(), mask.height()))
                    .isInstanceOf(GeometryException.class).hasMessageContaining("past the width");
            assertThatThrownBy(() -> BinaryMask.fromPackedRows(java.nio.LongBuffer.wrap(words), mask.width(), mask.height()))
                    .isInstanceOf(GeometryException.class).hasMessageContaining("past the width");
        }
    }
    @Property(tries = 120)
    void withComponentsKeepsTheChosenComponentsPixelForPixel(@ForAll("masks") BinaryMask mask) {
        long choice = new java.util.Random(mask.hashCode()).nextLong(); // which components to keep, varied per mask
        int[] label = Masks.naiveLabels8(mask);
        int n = Masks.naiveComponentCount8(mask);
        java.util.function.IntPredicate keep = c -> ((choice >>> (c % 64)) & 1) != 0; // index c is label c + 1
        BinaryMask kept = mask.withComponents(keep);
        boolean all = true;
        for (int c = 0; c < n; c++) {
            all &= keep.test(c);
        }
        if (all) {
            assertThat(kept).isSameAs(mask);
        }
        for (int r = 0; r < mask.height(); r++) {
            for (int c = 0; c < mask.width(); c++) {
                int l = label[r * mask.width() + c];
                assertThat(kept.get(c, r)).as("pixel (%d, %d) of component %d", c, r, l).isEqualTo(l > 0 && keep.test(l - 1));
            }
        }
        assertThat(kept.components()).hasSize((int) java.util.stream.IntStream.range(0, n).filter(keep).count());
    }
}
