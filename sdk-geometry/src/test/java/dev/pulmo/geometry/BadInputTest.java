package dev.pulmo.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulmo.api.BoundingBox;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;

/** Bad input gives a clear exception (or the documented repair), never a wrong answer. */
class BadInputTest {
    private static final GeometryFactory FACTORY = new GeometryFactory();

    private static Polygon polygon(double... xy) {
        Coordinate[] ring = new Coordinate[xy.length / 2 + 1];
        for (int i = 0; i < xy.length / 2; i++) {
            ring[i] = new Coordinate(xy[2 * i], xy[2 * i + 1]);
        }
        ring[ring.length - 1] = ring[0];
        return FACTORY.createPolygon(ring);
    }

    @Test
    void sizesMustBePositiveAndMatchTheSamples() {
        assertThatThrownBy(() -> BinaryMask.empty(-1, 5)).isInstanceOf(GeometryException.class)
                .hasMessageContaining("-1 x 5");
        assertThatThrownBy(() -> BinaryMask.empty(4, 0)).isInstanceOf(GeometryException.class);
        assertThatThrownBy(() -> BinaryMask.fromBytes(new byte[5], 2, 3)).isInstanceOf(GeometryException.class)
                .hasMessageContaining("expected 2 x 3 = 6 samples, got 5");
        assertThatThrownBy(() -> BinaryMask.empty(65536, 65536)).isInstanceOf(GeometryException.class);
        assertThatThrownBy(() -> MaskRasterizer.rasterize(polygon(0, 0, 1, 0, 1, 1), -3, 3))
                .isInstanceOf(GeometryException.class);
    }

    @Test
    void masksOfDifferentSizesAreRejectedByIouDiceAndEdits() {
        BinaryMask a = BinaryMask.full(4, 3), b = BinaryMask.full(3, 4);
        assertThatThrownBy(() -> Iou.of(a, b)).isInstanceOf(GeometryException.class)
                .hasMessageContaining("4 x 3 vs 3 x 4");
        assertThatThrownBy(() -> Dice.of(a, b)).isInstanceOf(GeometryException.class);
        assertThatThrownBy(() -> ShapeEdit.add(a, b)).isInstanceOf(GeometryException.class);
        assertThatThrownBy(() -> ShapeEdit.subtract(a, b)).isInstanceOf(GeometryException.class);
        assertThatThrownBy(() -> CocoRle.merge(List.of(CocoRle.encode(a), CocoRle.encode(b)), false))
                .isInstanceOf(GeometryException.class);
    }

    @Test
    void selfIntersectingPolygonsAreRejectedWithJtsReasonAndRepairIsExplicit() {
        Polygon bowtie = polygon(0, 0, 4, 4, 4, 0, 0, 4);
        assertThatThrownBy(() -> MaskRasterizer.rasterize(bowtie, 5, 5)).isInstanceOf(GeometryException.class)
                .hasMessageContaining("Self-intersection").hasMessageContaining("GeometryFixer");
        assertThatThrownBy(() -> Iou.of(bowtie, polygon(0, 0, 1, 0, 1, 1))).isInstanceOf(GeometryException.class);
        assertThatThrownBy(() -> ShapeEdit.add(bowtie, bowtie)).isInstanceOf(GeometryException.class);
        // The documented repair: GeometryFixer keeps both lobes, left and right of the crossing at (2, 2).
        Geometry fixed = GeometryFixer.fix(bowtie);
        assertThat(fixed.getArea()).isEqualTo(8.0);
        BinaryMask repaired = MaskRasterizer.rasterize(fixed, 5, 5);
        assertThat(repaired.get(0, 2)).isTrue();
        assertThat(repaired.get(3, 2)).isTrue();
        assertThat(repaired.get(2, 0)).isFalse();
        assertThat(repaired.get(2, 3)).isFalse();
    }

    @Test
    void nonFiniteCoordinatesAreRejected() {
        Polygon withNaN = polygon(0, 0, Double.NaN, 0, 1, 1);
        assertThatThrownBy(() -> MaskRasterizer.rasterize(withNaN, 5, 5)).isInstanceOf(GeometryException.class)
                .hasMessageContaining("Invalid Coordinate");
        Polygon withInfinity = polygon(0, 0, Double.POSITIVE_INFINITY, 0, 1, 1);
        assertThatThrownBy(() -> MaskRasterizer.rasterize(withInfinity, 5, 5)).isInstanceOf(GeometryException.class);
        assertThatThrownBy(() -> MaskRasterizer.rasterizeKnownValid(withNaN, 5, 5)).isInstanceOf(GeometryException.class)
                .hasMessageContaining("expected finite coordinates");
        assertThatThrownBy(() -> CocoRle.fromPolygon(new double[] {0, 0, Double.NaN, 1, 2, 2}, 5, 5))
                .isInstanceOf(GeometryException.class).hasMessageContaining("coordinate 2 is NaN");
        assertThatThrownBy(() -> CocoRle.fromPolygon(new double[] {0, 0, 1e9, 1, 2, 2}, 5, 5))
                .isInstanceOf(GeometryException.class).hasMessageContaining("too long");
        assertThatThrownBy(() -> CocoRle.fromPolygons(List.of(new double[] {1, 1, 2, 2}, new double[] {0, 0, 3, 0, 3, 3}), 5, 5))
                .isInstanceOf(GeometryException.class).hasMessageContaining("box");
    }

    @Test
    void nonPolygonalGeometriesAreRejected() {
        Geometry line = FACTORY.createLineString(new Coordinate[] {new Coordinate(0, 0), new Coordinate(3, 3)});
        assertThatThrownBy(() -> MaskRasterizer.rasterize(line, 5, 5)).isInstanceOf(GeometryException.class)
                .hasMessageContaining("LineString");
    }

    @Test
    void malformedRleIsRejected() {
        assertThatThrownBy(() -> CocoRle.fromCompressedString("1", 2, 2)).isInstanceOf(GeometryException.class)
                .hasMessageContaining("add up to 1, expected width x height = 2 x 2 = 4");
        assertThatThrownBy(() -> CocoRle.fromCompressedString("4~", 2, 2)).isInstanceOf(GeometryException.class)
                .hasMessageContaining("character 1");
        assertThatThrownBy(() -> CocoRle.fromCompressedString("P", 2, 2)).isInstanceOf(GeometryException.class)
                .hasMessageContaining("unfinished");
        assertThatThrownBy(() -> CocoRle.fromCounts(new int[] {5, -1}, 2, 2)).isInstanceOf(GeometryException.class)
                .hasMessageContaining("negative");
        assertThat(CocoRle.fromCounts(new int[] {1, 2, 1}, 2, 2).decode())
                .isEqualTo(Masks.parse(".#\n#."));
    }

    @Test
    void emptyShapesHaveFullAgreementAndNoBox() {
        BinaryMask empty = BinaryMask.empty(3, 3);
        assertThat(Iou.of(empty, empty)).isEqualTo(1.0);
        assertThat(Dice.of(empty, empty)).isEqualTo(1.0);
        assertThat(Iou.of(empty, BinaryMask.full(3, 3))).isZero();
        assertThat(empty.bounds()).isEmpty();
        assertThat(CocoRle.encode(empty).bounds()).isEmpty();
        assertThat(CocoRle.encode(empty).toBbox()).containsExactly(0, 0, 0, 0);
    }

    @Test
    void masksFromEveryKindOfRasterAgree() {
        BinaryMask expected = Masks.parse("#..\n.#.\n..#\n#..");
        byte[] bytes = {7, 0, 0, 0, 1, 0, 0, 0, (byte) 200, 1, 0, 0};
        short[] shorts = {1, 0, 0, 0, (short) 40000, 0, 0, 0, 256, 2, 0, 0};
        int[] ints = {-1, 0, 0, 0, 65536, 0, 0, 0, 3, 9, 0, 0};
        assertThat(BinaryMask.fromBytes(bytes, 3, 4)).isEqualTo(expected);
        assertThat(BinaryMask.fromShorts(shorts, 3, 4)).isEqualTo(expected);
        assertThat(BinaryMask.fromInts(ints, 3, 4)).isEqualTo(expected);
        // DICOM 1-bit packing: pixels 0, 4, 8, 9 → byte 0 bits 0 and 4, byte 1 bits 0 and 1
        assertThat(BinaryMask.fromPackedBits(new byte[] {0x11, 0x03}, 3, 4)).isEqualTo(expected);
        BufferedImage gray16 = new BufferedImage(3, 4, BufferedImage.TYPE_USHORT_GRAY);
        gray16.getRaster().setSample(0, 0, 0, 1);
        gray16.getRaster().setSample(1, 1, 0, 1);
        gray16.getRaster().setSample(2, 2, 0, 65535);
        gray16.getRaster().setSample(0, 3, 0, 2);
        assertThat(BinaryMask.fromImage(gray16)).isEqualTo(expected);
        assertThat(BinaryMask.fromImage(expected.toImage())).isEqualTo(expected);
        assertThat(expected.bounds()).contains(BoundingBox.fromCorners(0, 0, 3, 4));
        assertThat(expected.components()).hasSize(2);
    }

    @Test
    void boxesRasteriseByPixelCentres() {
        BinaryMask onEdges = MaskRasterizer.rasterize(BoundingBox.fromCorners(1, 1, 3, 2), 4, 3);
        assertThat(onEdges).isEqualTo(Masks.parse("....\n.##.\n...."));
        // centres 0.5 and 1.5 are inside [0.5, 2.2); 2.5 is not; top/left inclusive
        BinaryMask fractional = MaskRasterizer.rasterize(BoundingBox.fromCorners(0.5, 0.5, 2.2, 1.5), 4, 3);
        assertThat(fractional).isEqualTo(Masks.parse("##..\n....\n...."));
        assertThat(MaskRasterizer.rasterize(BoundingBox.fromCorners(-5, -5, 50, 50), 4, 3)).isEqualTo(BinaryMask.full(4, 3));
    }
}
