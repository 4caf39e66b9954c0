package dev.pulmo.toolimport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Severity;
import dev.pulmo.cocojson.tool.ToolAnnotation;
import dev.pulmo.cocojson.tool.ToolBox;
import dev.pulmo.cocojson.tool.ToolImportResult;
import dev.pulmo.cocojson.tool.ToolJsonReader;
import dev.pulmo.geometry.BinaryMask;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Regions of tool annotations with Add/Sub corrections, checked pixel by pixel against the test's own
 * rasteriser (even-odd point-in-polygon at pixel centres, folded in order) and against hand-counted areas.
 * Every test shape keeps pixel centres off its edges, so boundary conventions do not matter.
 */
class ToolRegionsTest {
    private static final int WIDTH = 20;
    private static final int HEIGHT = 16;

    private static List<ToolAnnotation> read(String json) {
        ToolImportResult r = ToolJsonReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "t.json");
        assertThat(r.findings()).isEmpty();
        return r.annotations();
    }

    /** Pixel (c, r) of the test's own fold: Add sets a pixel whose centre is inside the ring, Sub clears it. */
    private static boolean[][] expected(double[][] rings, boolean[] add) {
        boolean[][] grid = new boolean[HEIGHT][WIDTH];
        for (int k = 0; k < rings.length; k++) {
            for (int r = 0; r < HEIGHT; r++) {
                for (int c = 0; c < WIDTH; c++) {
                    boolean in = evenOdd(rings[k], c + 0.5, r + 0.5);
                    grid[r][c] = add[k] ? grid[r][c] || in : grid[r][c] && !in;
                }
            }
        }
        return grid;
    }

    private static boolean evenOdd(double[] xy, double x, double y) {
        boolean in = false;
        for (int i = 0, j = xy.length / 2 - 1; i < xy.length / 2; j = i++) {
            double xi = xy[2 * i], yi = xy[2 * i + 1], xj = xy[2 * j], yj = xy[2 * j + 1];
            if ((yi > y) != (yj > y) && x < xj + (y - yj) * (xi - xj) / (yi - yj)) {
                in = !in;
            }
        }
        return in;
    }

    private static void assertMask(BinaryMask mask, boolean[][] expected) {
        for (int r = 0; r < HEIGHT; r++) {
            for (int c = 0; c < WIDTH; c++) {
                assertThat(mask.get(c, r)).as("pixel (%d, %d)", c, r).isEqualTo(expected[r][c]);
            }
        }
    }

    @Test
    void addAndSubCorrectionsGiveTheExpectedMaskAndArea() {
        ToolAnnotation a = read("""
                [[{"id": 7, "annotationData": {"tool": "Box", "handles": [{"x": 2, "y": 2}, {"x": 12, "y": 12}],
                   "area": "77", "boundingBox": {"left": 2, "top": 2, "width": 14, "height": 10},
                   "corrections": [
                     {"operation": "Add", "tool": "Box", "handles": [{"x": 12, "y": 4}, {"x": 16, "y": 8}]},
                     {"operation": "Sub", "tool": "Free", "handles": [{"x": 4, "y": 4}, {"x": 10, "y": 4}, {"x": 10, "y": 10}, {"x": 4, "y": 10}]},
                     {"operation": "Sub", "tool": "Line", "handles": [{"x": 14, "y": 4}, {"x": 16, "y": 4}, {"x": 14, "y": 7}]}]}}]]
                """).get(0);

        ToolRegion region = ToolRegions.of(a);
        BinaryMask mask = region.toMask(WIDTH, HEIGHT);

        assertMask(mask, expected(new double[][] {
                {2, 2, 12, 2, 12, 12, 2, 12}, {12, 4, 16, 4, 16, 8, 12, 8},
                {4, 4, 10, 4, 10, 10, 4, 10}, {14, 4, 16, 4, 14, 7}}, new boolean[] {true, true, false, false}));
        // 100 + 16 − 36 px, minus the triangle's 3 pixel centres (14.5,4.5) (15.5,4.5) (14.5,5.5)
        assertThat(mask.areaPixels()).isEqualTo(77);
        // polygon area: 100 + 16 − 36 − the triangle's 2 × 3 / 2
        assertThat(region.areaPixels()).isEqualTo(77.0);
        assertThat(region.bounds()).contains(new ToolBox(2, 2, 14, 10));
        assertThat(region.findings()).isEmpty();
        assertThat(ToolRegionCheck.DEFAULT.check(List.of(a))).isEmpty();
    }

    @Test
    void aSubInsideTheShapeMakesAHoleAndTheOrderOfCorrectionsMatters() {
        List<ToolAnnotation> as = read("""
                [{"id": 1, "annotationData": {"tool": "Box", "handles": [{"x": 1, "y": 1}, {"x": 11, "y": 11}],
                   "corrections": [{"operation": "Sub", "tool": "Box", "handles": [{"x": 4, "y": 4}, {"x": 8, "y": 8}]},
                                   {"operation": "Add", "tool": "Free", "handles": [{"x": 5, "y": 5}, {"x": 7, "y": 5}, {"x": 7, "y": 7}, {"x": 5, "y": 7}]}]}},
                 {"id": 2, "annotationData": {"tool": "Box", "handles": [{"x": 1, "y": 1}, {"x": 11, "y": 11}],
                   "corrections": [{"operation": "Add", "tool": "Free", "handles": [{"x": 5, "y": 5}, {"x": 7, "y": 5}, {"x": 7, "y": 7}, {"x": 5, "y": 7}]},
                                   {"operation": "Sub", "tool": "Box", "handles": [{"x": 4, "y": 4}, {"x": 8, "y": 8}]}]}}]
                """);
        double[] outer = {1, 1, 11, 1, 11, 11, 1, 11};
        double[] hole = {4, 4, 8, 4, 8, 8, 4, 8};
        double[] island = {5, 5, 7, 5, 7, 7, 5, 7};

        ToolRegion holeWithIsland = ToolRegions.of(as.get(0));
        assertMask(holeWithIsland.toMask(WIDTH, HEIGHT), expected(new double[][] {outer, hole, island}, new boolean[] {true, false, true}));
        assertThat(holeWithIsland.areaPixels()).isEqualTo(100 - 16 + 4);
        assertThat(holeWithIsland.geometry().getNumGeometries()).isEqualTo(2);

        ToolRegion plainHole = ToolRegions.of(as.get(1));
        assertMask(plainHole.toMask(WIDTH, HEIGHT), expected(new double[][] {outer, island, hole}, new boolean[] {true, true, false}));
        assertThat(plainHole.areaPixels()).isEqualTo(100 - 16);
        assertThat(plainHole.toMask(WIDTH, HEIGHT).areaPixels()).isEqualTo(84);
    }

    @Test
    void aSelfCrossingOutlineIsReadAsItsTwoLobesAndReported() {
        // a figure-eight: edges (0,0)-(10,8) and (10,0)-(0,8) cross at (5,4); each lobe is a triangle of area 20
        ToolAnnotation a = read("""
                [{"id": 3, "annotationData": {"tool": "Free", "area": "0",
                   "handles": [{"x": 0, "y": 0}, {"x": 10, "y": 8}, {"x": 10, "y": 0}, {"x": 0, "y": 8}]}}]
                """).get(0);

        ToolRegion region = ToolRegions.of(a);

        assertThat(region.areaPixels()).isCloseTo(40.0, org.assertj.core.data.Offset.offset(1e-9));
        assertMask(region.toMask(WIDTH, HEIGHT), expected(new double[][] {{0, 0, 10, 8, 10, 0, 0, 8}}, new boolean[] {true}));
        assertThat(region.findings()).extracting(Finding::severity, Finding::code)
                .containsExactly(tuple(Severity.WARNING, "tool.ring-invalid"));
        assertThat(region.findings().get(0).message()).contains("annotation 3", "the base Free shape", "Self-intersection", "(5.0, 4.0)");
        // the shoelace formula of the geometry-free check sees 0 for a figure-eight; the region check sees 40
        assertThat(a.data().shape().polygonAreaPixels()).isEqualTo(0.0);
        assertThat(ToolRegionCheck.DEFAULT.check(List.of(a))).extracting(Finding::code)
                .containsExactly("tool.ring-invalid", "tool.area-mismatch");
    }

    @Test
    void statedValuesOfCorrectedShapesAreChecked() {
        List<ToolAnnotation> as = read("""
                [{"id": 4, "annotationData": {"tool": "Box", "handles": [{"x": 0, "y": 0}, {"x": 10, "y": 10}], "area": "100",
                   "boundingBox": {"left": 0, "top": 0, "width": 10, "height": 10},
                   "corrections": [{"operation": "Sub", "tool": "Box", "handles": [{"x": 0, "y": 0}, {"x": 5, "y": 5}]}]}},
                 {"id": 5, "annotationData": {"tool": "Box", "handles": [{"x": 0, "y": 0}, {"x": 10, "y": 10}], "area": "50",
                   "boundingBox": {"left": 0, "top": 0, "width": 10, "height": 10},
                   "corrections": [{"operation": "Sub", "tool": "Box", "handles": [{"x": 0, "y": 5}, {"x": 10, "y": 10}]}]}},
                 {"id": 6, "annotationData": {"tool": "Box", "handles": [{"x": 0, "y": 0}, {"x": 4, "y": 4}], "area": "16",
                   "boundingBox": {"left": 0, "top": 0, "width": 4, "height": 4},
                   "corrections": [{"operation": "Sub", "tool": "Box", "handles": [{"x": -1, "y": -1}, {"x": 5, "y": 5}]}]}}]
                """);

        List<Finding> findings = ToolRegionCheck.DEFAULT.check(as);

        // id 4: the cut leaves 75 px² in the same 10 x 10 box; id 5: the area is right but the box is half as high;
        // id 6: nothing left, stated 16
        assertThat(findings).extracting(Finding::code, f -> f.location().pointer()).containsExactly(
                tuple("tool.area-mismatch", "/0"),
                tuple("tool.bbox-mismatch", "/1"),
                tuple("tool.region-empty", "/2"),
                tuple("tool.area-mismatch", "/2"));
        assertThat(findings.get(0).message()).contains("stated area 100", "75.0000 px²");
        assertThat(ToolRegions.of(as.get(2)).toMask(WIDTH, HEIGHT).isEmpty()).isTrue();
        assertThat(ToolRegions.of(as.get(2)).bounds()).isEmpty();
    }
}
