package dev.pulmo.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.Annotation;
import dev.pulmo.api.BoundingBox;
import dev.pulmo.api.plugin.AreaRule;
import dev.pulmo.api.plugin.ExportRule;
import dev.pulmo.api.plugin.GeometryKind;
import dev.pulmo.geometry.BinaryMask;
import org.junit.jupiter.api.Test;

/** Masks drawn by hand, with the boxes, rings and areas worked out by hand from SPEC.md §3's pixel convention. */
class MaskExporterTest {

    /** '#' foreground, '.' background, one string per row. */
    static BinaryMask draw(String... rows) {
        byte[] b = new byte[rows.length * rows[0].length()];
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < rows[r].length(); c++) {
                b[r * rows[0].length() + c] = (byte) (rows[r].charAt(c) == '#' ? 1 : 0);
            }
        }
        return BinaryMask.fromBytes(b, rows[0].length(), rows.length);
    }

    static final BinaryMask TWO_LESIONS = draw(
            "..........",
            ".###......",
            ".###...#..",
            ".##....##.",
            "..........");

    @Test
    void boxRuleGivesOneBoxPerLesionWithItsCornersAsSegmentation() {
        MaskExporter.Result r = MaskExporter.export(TWO_LESIONS, ExportRule.boxes(), 1, 3, 10, "tool", "m.dcm");
        assertThat(r.annotations()).hasSize(2);
        Annotation a = r.annotations().get(0);
        assertThat(a.id()).isEqualTo(10);
        assertThat(a.categoryId()).isEqualTo(3);
        assertThat(a.bbox()).isEqualTo(BoundingBox.fromCorners(1, 1, 4, 4));
        assertThat(a.segmentation().coordinates()).containsExactly(1, 1, 4, 1, 4, 4, 1, 4);
        assertThat(a.area()).isEqualTo(9.0);
        assertThat(a.width()).isEqualTo(3.0);
        Annotation b = r.annotations().get(1);
        assertThat(b.id()).isEqualTo(11);
        assertThat(b.bbox()).isEqualTo(BoundingBox.fromCorners(7, 2, 9, 4));
        assertThat(r.notes()).isEmpty();
    }

    @Test
    void polygonRuleTracesPixelEdgesWithAreaByTheChosenRule() {
        MaskExporter.Result bbox = MaskExporter.export(TWO_LESIONS, ExportRule.polygons(), 1, 1, 1, "tool", "m.dcm");
        Annotation a = bbox.annotations().get(0);
        // the first lesion: 3x3 block missing its bottom-right pixel -> 6 corners, 8 pixels
        assertThat(a.segmentation().pointCount()).isEqualTo(6);
        assertThat(a.segmentation().polygonArea()).isEqualTo(8.0);
        assertThat(a.bbox()).isEqualTo(BoundingBox.fromCorners(1, 1, 4, 4));
        assertThat(a.area()).isEqualTo(9.0);
        MaskExporter.Result poly = MaskExporter.export(TWO_LESIONS,
                new ExportRule(GeometryKind.POLYGON, 0, 0, AreaRule.POLYGON), 1, 1, 1, "tool", "m.dcm");
        assertThat(poly.annotations().get(0).area()).isEqualTo(8.0);
        assertThat(poly.annotations().get(1).area()).isEqualTo(3.0);
    }

    @Test
    void aDonutKeepsItsOuterRingAndSaysSo() {
        BinaryMask donut = draw(
                ".....",
                ".###.",
                ".#.#.",
                ".###.",
                ".....");
        MaskExporter.Result r = MaskExporter.export(donut,
                new ExportRule(GeometryKind.POLYGON, 0, 0, AreaRule.PIXELS), 1, 1, 1, "t", "d.dcm");
        assertThat(r.annotations()).hasSize(1);
        assertThat(r.annotations().get(0).segmentation().polygonArea()).isEqualTo(9.0);
        assertThat(r.annotations().get(0).area()).isEqualTo(8.0);
        assertThat(r.notes()).extracting(f -> f.code()).containsExactly("convert.holes-dropped");
    }

    @Test
    void diagonallyTouchingPixelsAreOneLesionButTwoRings() {
        BinaryMask diagonal = draw(
                "#.",
                ".#");
        MaskExporter.Result box = MaskExporter.export(diagonal, ExportRule.boxes(), 1, 1, 1, "t", "x.dcm");
        assertThat(box.annotations()).extracting(Annotation::bbox).containsExactly(BoundingBox.fromCorners(0, 0, 2, 2));
        MaskExporter.Result poly = MaskExporter.export(diagonal, ExportRule.polygons(), 1, 1, 1, "t", "x.dcm");
        assertThat(poly.annotations()).extracting(Annotation::bbox)
                .containsExactly(BoundingBox.fromCorners(0, 0, 1, 1), BoundingBox.fromCorners(1, 1, 2, 2));
        assertThat(poly.notes()).extracting(f -> f.code()).containsExactly("convert.lesion-split");
    }

    @Test
    void minimumComponentAreaDropsSpecks() {
        MaskExporter.Result r = MaskExporter.export(TWO_LESIONS, new ExportRule(GeometryKind.BOX, 0, 4, AreaRule.BBOX),
                1, 1, 1, "t", "m.dcm");
        assertThat(r.annotations()).extracting(Annotation::bbox).containsExactly(BoundingBox.fromCorners(1, 1, 4, 4));
    }

    @Test
    void anEmptyMaskGivesNoAnnotation() {
        assertThat(MaskExporter.export(BinaryMask.empty(8, 8), ExportRule.boxes(), 1, 1, 1, "t", "e.dcm").annotations()).isEmpty();
    }
}
