package dev.pulmo.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.CategoryTable;
import dev.pulmo.cocojson.GuidelineJson;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.pixel.Frame;
import dev.pulmo.dicom.pixel.Grey8Image;
import dev.pulmo.dicom.pixel.PixelData;
import dev.pulmo.dicom.pixel.VoiWindow;
import dev.pulmo.dicom.mask.BinaryMaskDicom;
import dev.pulmo.dicom.mask.MaskImage;
import dev.pulmo.geometry.BinaryMask;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Rendering of demo images: window by the standard's formula, boxes and masks at the generator's pixels. */
class AnnotatedImageTest {

    /** PS3.3 C.11.2.1.2.1, worked here independently of {@link VoiWindow}, rounded half up. */
    static int windowed(double x, double c, double w) {
        double y;
        if (x <= c - 0.5 - (w - 1) / 2) {
            y = 0;
        } else if (x > c - 0.5 + (w - 1) / 2) {
            y = 255;
        } else {
            y = ((x - (c - 0.5)) / (w - 1) + 0.5) * 255;
        }
        return (int) Math.floor(y + 0.5);
    }

    private static DemoDataset.Lesion lesion(String modality) {
        return DemoTree.RESULT.lesions().stream().filter(l -> l.image().modality().equals(modality)).findFirst().orElseThrow();
    }

    private static CategoryTable table(String modality) {
        return DemoTree.LAYOUT.plugin(modality).categoryTable();
    }

    @Test
    void theDefaultWindowIsTheFilesAndAGivenWindowFollowsTheStandardsFormula() {
        DemoDataset.Lesion l = lesion("CCT");
        Frame frame = PixelData.from(DicomReader.create().read(DemoTree.LAYOUT.dicomFile(l.image()))).frame(0);
        Grey8Image own = AnnotatedImage.grey(DemoTree.LAYOUT.dicomFile(l.image()), Optional.empty());
        Grey8Image mediastinum = AnnotatedImage.grey(DemoTree.LAYOUT.dicomFile(l.image()), Optional.of(VoiWindow.MEDIASTINUM));
        for (int[] p : new int[][] {{3, 3}, {256, 256}, {170, 256}, {(int) l.bbox().x1(), (int) l.bbox().y1()}}) {
            double hu = frame.sample(p[0], p[1], 0) - 1024; // the demo's rescale: slope 1, intercept -1024
            // the demo CT carries Window Center -600 / Width 1500
            assertThat(own.level(p[0], p[1])).as("lung at %s", p).isEqualTo(windowed(hu, -600, 1500));
            assertThat(mediastinum.level(p[0], p[1])).as("mediastinum at %s", p).isEqualTo(windowed(hu, 40, 400));
        }
    }

    @Test
    void aBoxIsDrawnOnItsBorderPixelsInTheCategoryColourWithTheImageAroundItUntouched() {
        DemoDataset.Lesion l = lesion("XRY");
        Grey8Image grey = AnnotatedImage.grey(DemoTree.LAYOUT.dicomFile(l.image()), Optional.empty());
        BufferedImage drawn = AnnotatedImage.withAnnotations(grey, GuidelineJson.read(DemoTree.LAYOUT.jsonFile(l.image())), table("XRY"));
        int colour = AnnotatedImage.colourOf(l.categoryId()).getRGB() & 0xFFFFFF;
        int x1 = (int) l.bbox().x1();
        int x2 = (int) l.bbox().x2();
        int y1 = (int) l.bbox().y1();
        int y2 = (int) l.bbox().y2();
        int midY = (y1 + y2) / 2;
        int midX = (x1 + x2) / 2;
        assertThat(AnnotatedImage.lineWidth(1024, 1024)).isEqualTo(2);
        // 1024 pixels across: 2-pixel lines inside the box: columns x1, x1+1 and x2-2, x2-1; rows y2-2, y2-1
        for (int[] p : new int[][] {{x1, midY}, {x1 + 1, midY}, {x2 - 1, midY}, {x2 - 2, midY}, {midX, y2 - 1}, {midX, y2 - 2}, {midX, y1}}) {
            assertThat(drawn.getRGB(p[0], p[1]) & 0xFFFFFF).as("edge pixel %s", p).isEqualTo(colour);
        }
        for (int[] p : new int[][] {{x1 - 1, midY}, {x1 + 2, midY}, {x2, midY}, {x2 - 3, midY}, {midX, y2}, {midX, y2 - 3}}) {
            int v = grey.level(p[0], p[1]);
            assertThat(drawn.getRGB(p[0], p[1]) & 0xFFFFFF).as("pixel %s keeps its grey", p).isEqualTo(v << 16 | v << 8 | v);
        }
    }

    @Test
    void filledMasksBlendTheCategoryColourOverExactlyTheMaskPixels() {
        DemoDataset.Lesion l = DemoTree.RESULT.lesions().stream().filter(x -> x.image().modality().equals("CCT")).reduce((a, b) -> b).orElseThrow();
        Grey8Image grey = AnnotatedImage.grey(DemoTree.LAYOUT.dicomFile(l.image()), Optional.empty());
        MaskImage m = BinaryMaskDicom.read(DemoTree.LAYOUT.maskFile(l.image(), l.categoryId()));
        BinaryMask mask = BinaryMask.fromBytes(m.foreground(), m.columns(), m.rows());
        BufferedImage filled = AnnotatedImage.withMasks(grey, Map.of(l.categoryId(), mask), table("CCT"), AnnotatedImage.MaskStyle.FILLED);
        Color c = AnnotatedImage.colourOf(l.categoryId());
        long blended = 0;
        // below the label band (labels go above the lesion) every pixel of the image is checked
        for (int r = (int) l.bbox().y1() + 3; r < grey.rows(); r++) {
            for (int col = 0; col < grey.columns(); col++) {
                int v = grey.level(col, r);
                int expected = mask.get(col, r)
                        ? (int) Math.round(0.6 * v + 0.4 * c.getRed()) << 16 | (int) Math.round(0.6 * v + 0.4 * c.getGreen()) << 8
                        | (int) Math.round(0.6 * v + 0.4 * c.getBlue())
                        : v << 16 | v << 8 | v;
                if (mask.get(col, r)) {
                    blended++;
                }
                assertThat(filled.getRGB(col, r) & 0xFFFFFF).isEqualTo(expected);
            }
        }
        assertThat(blended).isPositive();
        BufferedImage outlined = AnnotatedImage.withMasks(grey, Map.of(l.categoryId(), mask), table("CCT"), AnnotatedImage.MaskStyle.OUTLINE);
        long onOutline = 0;
        for (int r = (int) l.bbox().y1() + 3; r < grey.rows(); r++) {
            for (int col = 0; col < grey.columns(); col++) {
                if ((outlined.getRGB(col, r) & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF)) {
                    onOutline++;
                    // the outline runs along the mask's pixel edges: within one pixel of the lesion's box
                    assertThat(col).isBetween((int) l.bbox().x1() - 1, (int) l.bbox().x2());
                    assertThat(r).isLessThanOrEqualTo((int) l.bbox().y2());
                }
            }
        }
        assertThat(onOutline).isGreaterThan((long) (l.bbox().height()));
    }
}
