package dev.pulmo.geometry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.BoundingBox;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;

/** Named cases of the issue, each checked against hand-computed outlines, areas and boxes. */
class MaskTracerTest {

    /** Every traced result must be valid, exact in area, and rasterise back to the mask. */
    private static List<TracedComponent> traceChecked(BinaryMask mask) {
        List<TracedComponent> components = MaskTracer.trace(mask);
        for (TracedComponent component : components) {
            assertThat(component.geometry().isValid()).as("valid: %s", component.geometry()).isTrue();
            assertThat(component.polygonArea()).isEqualTo((double) component.areaPixels());
        }
        Geometry all = MaskTracer.traceGeometry(mask);
        assertThat(all.isValid()).isTrue();
        assertThat(all.getArea()).isEqualTo((double) mask.areaPixels());
        assertThat(MaskRasterizer.rasterize(all, mask.width(), mask.height())).isEqualTo(mask);
        return components;
    }

    private static Coordinate[] ring(double... xy) {
        Coordinate[] coordinates = new Coordinate[xy.length / 2];
        for (int i = 0; i < coordinates.length; i++) {
            coordinates[i] = new Coordinate(xy[2 * i], xy[2 * i + 1]);
        }
        return coordinates;
    }

    @Test
    void emptyMaskHasNoComponent() {
        BinaryMask mask = BinaryMask.empty(5, 4);
        assertThat(traceChecked(mask)).isEmpty();
        assertThat(MaskTracer.traceGeometry(mask).isEmpty()).isTrue();
    }

    @Test
    void fullMaskIsTheImageRectangle() {
        List<TracedComponent> components = traceChecked(BinaryMask.full(3, 2));
        assertThat(components).hasSize(1);
        Polygon polygon = (Polygon) components.get(0).geometry();
        assertThat(polygon.getNumInteriorRing()).isZero();
        // traced from the left edge of the first run: up, right along the top, down, back along the bottom
        assertThat(polygon.getExteriorRing().getCoordinates()).containsExactly(ring(0, 0, 3, 0, 3, 2, 0, 2, 0, 0));
        assertThat(components.get(0).bounds()).isEqualTo(BoundingBox.fromCorners(0, 0, 3, 2));
        assertThat(components.get(0).areaPixels()).isEqualTo(6);
    }

    @Test
    void singlePixelIsTheUnitSquareOfItsCell() {
        BinaryMask mask = BinaryMask.empty(4, 3).with(2, 1, true);
        List<TracedComponent> components = traceChecked(mask);
        assertThat(components).hasSize(1);
        Polygon polygon = (Polygon) components.get(0).geometry();
        assertThat(polygon.getExteriorRing().getCoordinates()).containsExactly(ring(2, 1, 3, 1, 3, 2, 2, 2, 2, 1));
        assertThat(polygon.getArea()).isEqualTo(1.0);
        assertThat(components.get(0).bounds()).isEqualTo(BoundingBox.fromCorners(2, 1, 3, 2));
        // documented orientation: shells counter-clockwise in JTS's (y-up) reading
        assertThat(Orientation.isCCW(polygon.getExteriorRing().getCoordinates())).isTrue();
    }

    @Test
    void diagonalPairIsOneComponentOfTwoPiecesTouchingAtACorner() {
        for (String picture : List.of("#.\n.#", ".#\n#.")) {
            List<TracedComponent> components = traceChecked(Masks.parse(picture));
            assertThat(components).as(picture).hasSize(1);
            Geometry geometry = components.get(0).geometry();
            assertThat(geometry).isInstanceOf(MultiPolygon.class);
            assertThat(geometry.getNumGeometries()).isEqualTo(2);
            assertThat(geometry.getGeometryN(0).intersection(geometry.getGeometryN(1)).getCoordinates())
                    .containsExactly(new Coordinate(1, 1));
            assertThat(components.get(0).areaPixels()).isEqualTo(2);
            assertThat(components.get(0).bounds()).isEqualTo(BoundingBox.fromCorners(0, 0, 2, 2));
        }
    }

    @Test
    void donutIsOnePolygonWithAClockwiseHole() {
        List<TracedComponent> components = traceChecked(Masks.parse("""
                .....
                .###.
                .#.#.
                .###.
                ....."""));
        assertThat(components).hasSize(1);
        Polygon polygon = (Polygon) components.get(0).geometry();
        assertThat(polygon.getNumInteriorRing()).isEqualTo(1);
        assertThat(polygon.getInteriorRingN(0).getEnvelopeInternal().getMinX()).isEqualTo(2.0);
        assertThat(polygon.getInteriorRingN(0).getEnvelopeInternal().getMaxY()).isEqualTo(3.0);
        assertThat(Orientation.isCCW(polygon.getInteriorRingN(0).getCoordinates())).isFalse();
        assertThat(polygon.getArea()).isEqualTo(8.0);
        assertThat(polygon.getExteriorRing().getNumPoints()).isEqualTo(5);
    }

    @Test
    void islandInsideAHoleIsASeparateComponent() {
        List<TracedComponent> components = traceChecked(Masks.parse("""
                #######
                #.....#
                #.....#
                #..#..#
                #.....#
                #.....#
                #######"""));
        assertThat(components).hasSize(2);
        Polygon ring = (Polygon) components.get(0).geometry();
        assertThat(ring.getNumInteriorRing()).isEqualTo(1);
        assertThat(ring.getArea()).isEqualTo(24.0);
        assertThat(components.get(1).geometry()).isInstanceOf(Polygon.class);
        assertThat(components.get(1).bounds()).isEqualTo(BoundingBox.fromCorners(3, 3, 4, 4));
    }

    @Test
    void ringClosedOnlyAtACornerStillEnclosesItsHole() {
        // (1,0) and (2,1) touch diagonally; the centre pixel is enclosed because background is 4-connected.
        List<TracedComponent> components = traceChecked(Masks.parse("""
                ##.
                #.#
                ###"""));
        assertThat(components).hasSize(1);
        Polygon polygon = (Polygon) components.get(0).geometry();
        assertThat(polygon.getNumInteriorRing()).isEqualTo(1);
        assertThat(polygon.getInteriorRingN(0).getEnvelopeInternal().getArea()).isEqualTo(1.0);
        assertThat(polygon.getExteriorRing().intersection(polygon.getInteriorRingN(0)).getCoordinates())
                .containsExactly(new Coordinate(2, 1));
    }

    @Test
    void holesTouchingAtACornerStaySeparate() {
        Polygon polygon = (Polygon) traceChecked(Masks.parse("""
                ####
                #.##
                ##.#
                ####""")).get(0).geometry();
        assertThat(polygon.getNumInteriorRing()).isEqualTo(2);
        assertThat(polygon.getArea()).isEqualTo(14.0);
    }

    @Test
    void onePixelWideLinesAreThinRectangles() {
        Polygon horizontal = (Polygon) traceChecked(Masks.parse(".#####.")).get(0).geometry();
        assertThat(horizontal.getExteriorRing().getCoordinates()).containsExactly(ring(1, 0, 6, 0, 6, 1, 1, 1, 1, 0));
        Polygon vertical = (Polygon) traceChecked(Masks.parse("#\n#\n#")).get(0).geometry();
        assertThat(vertical.getArea()).isEqualTo(3.0);
        assertThat(vertical.getExteriorRing().getNumPoints()).isEqualTo(5);
        List<TracedComponent> diagonal = traceChecked(Masks.parse("#...\n.#..\n..#.\n...#"));
        assertThat(diagonal).hasSize(1);
        assertThat(diagonal.get(0).geometry().getNumGeometries()).isEqualTo(4);
    }

    @Test
    void shapesTouchingTheImageBorderAreClosedOnTheBorder() {
        List<TracedComponent> components = traceChecked(Masks.parse("""
                ##..#
                #....
                .....
                ...##"""));
        assertThat(components).extracting(TracedComponent::bounds).containsExactly(
                BoundingBox.fromCorners(0, 0, 2, 2),
                BoundingBox.fromCorners(4, 0, 5, 1),
                BoundingBox.fromCorners(3, 3, 5, 4));
        assertThat(components).extracting(TracedComponent::areaPixels).containsExactly(3L, 1L, 2L);
    }

    @Test
    void checkerboardIsOneComponentOfSinglePixelPieces() {
        BinaryMask mask = Masks.parse("""
                #.#.#
                .#.#.
                #.#.#
                .#.#.""");
        List<TracedComponent> components = traceChecked(mask);
        assertThat(components).hasSize(1);
        assertThat(components.get(0).geometry().getNumGeometries()).isEqualTo(10);
        assertThat(components.get(0).areaPixels()).isEqualTo(10);
    }

    @Test
    void minimumAreaDropsSmallComponentsAndSimplificationStaysValid() {
        BinaryMask mask = Masks.parse("""
                #.........
                ..######..
                .########.
                .########.
                ..######..
                ..........""");
        List<TracedComponent> kept = MaskTracer.trace(mask, new TraceOptions(0, 2));
        assertThat(kept).hasSize(1);
        assertThat(kept.get(0).areaPixels()).isEqualTo(28);
        TracedComponent simplified = MaskTracer.trace(mask, new TraceOptions(1.0, 2)).get(0);
        assertThat(simplified.geometry().isValid()).isTrue();
        assertThat(simplified.geometry().getNumPoints()).isLessThan(kept.get(0).geometry().getNumPoints());
        assertThat(simplified.areaPixels()).isEqualTo(28);
    }

    @Test
    void centreTracingFollowsOpenCvConventions() {
        List<CentreContour> single = MaskTracer.traceCentres(BinaryMask.empty(3, 3).with(1, 2, true));
        assertThat(single).singleElement().satisfies(c -> {
            assertThat(c.pixelIndices()).containsExactly(1, 2);
            assertThat(c.coordinates()).containsExactly(1.5, 2.5);
            assertThat(c.area()).isZero();
        });
        // a w x h rectangle has contourArea (w-1)(h-1)
        assertThat(MaskTracer.traceCentres(BinaryMask.full(4, 3))).singleElement()
                .satisfies(c -> assertThat(c.area()).isEqualTo(6.0));
        // a horizontal line doubles back: two points under CHAIN_APPROX_SIMPLE
        assertThat(MaskTracer.traceCentres(Masks.parse(".####."))).singleElement()
                .satisfies(c -> assertThat(c.pixelIndices()).containsExactlyInAnyOrder(1, 0, 4, 0));
        List<CentreContour> donut = MaskTracer.traceCentres(Masks.parse("""
                ###
                #.#
                ###"""));
        assertThat(donut).hasSize(2);
        assertThat(donut.get(0).hole()).isFalse();
        assertThat(donut.get(0).area()).isEqualTo(4.0);
        assertThat(donut.get(1).hole()).isTrue();
        assertThat(donut.get(1).parentIndex()).isZero();
        // the hole border cuts the corners through the 4 pixels next to the hole: a diamond of area 2
        assertThat(donut.get(1).area()).isEqualTo(2.0);
        assertThat(MaskTracer.traceCentres(Masks.parse("#.\n.#"))).hasSize(1);
    }
}
