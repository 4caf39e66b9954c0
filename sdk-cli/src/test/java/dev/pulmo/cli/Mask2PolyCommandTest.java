package dev.pulmo.cli;

import dev.pulmo.testing.SharedData;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulmo.api.Finding;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.dataset.ImageFiles;
import dev.pulmo.dataset.ImageInputs;
import dev.pulmo.dataset.ImageKey;
import dev.pulmo.dataset.ImagePipeline;
import dev.pulmo.dataset.TreeReader;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code pulmo mask2poly} on hand-made PNG masks of several bit depths and on the shared COCO masks. */
class Mask2PolyCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        CommandLine cl = PulmoCommand.newCommandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    /** 7 × 5: a donut around pixel (2, 1) and, apart from it, a pair touching only at a corner. */
    private Path writePng(String name, int imageType, int foregroundValue) throws Exception {
        String[] rows = {".###...", ".#.#...", ".###...", ".....#.", "......#"};
        BufferedImage image = new BufferedImage(7, 5, imageType);
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < 7; c++) {
                image.getRaster().setSample(c, r, 0, rows[r].charAt(c) == '#' ? foregroundValue : 0);
            }
        }
        Path file = dir.resolve(name);
        assertThat(ImageIO.write(image, "png", file.toFile())).isTrue();
        return file;
    }

    @Test
    void geoJsonHasOneFeaturePerComponentWithExactAreasAndHoles() throws Exception {
        Path png = writePng("lesion.png", BufferedImage.TYPE_BYTE_GRAY, 255);
        Run run = run("mask2poly", png.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode doc = JSON.readTree(run.out());
        assertThat(doc.get("type").asText()).isEqualTo("FeatureCollection");
        JsonNode features = doc.get("features");
        assertThat(features).hasSize(2);
        JsonNode donut = features.get(0);
        assertThat(donut.get("geometry").get("type").asText()).isEqualTo("Polygon");
        assertThat(donut.get("geometry").get("coordinates").toString())
                .isEqualTo("[[[1,0],[4,0],[4,3],[1,3],[1,0]],[[2,2],[3,2],[3,1],[2,1],[2,2]]]");
        assertThat(donut.get("properties").get("pixel_area").asLong()).isEqualTo(8);
        assertThat(donut.get("properties").get("polygon_area").asDouble()).isEqualTo(8.0);
        assertThat(donut.get("properties").get("bbox").toString()).isEqualTo("[1,0,4,3]");
        JsonNode pair = features.get(1);
        assertThat(pair.get("geometry").get("type").asText()).isEqualTo("MultiPolygon");
        assertThat(pair.get("properties").get("pixel_area").asLong()).isEqualTo(2);
        assertThat(pair.get("properties").get("bbox").toString()).isEqualTo("[5,3,7,5]");
    }

    @Test
    void sixteenAndOneBitMasksKeepEveryNonZeroSample() throws Exception {
        String eight = run("mask2poly", writePng("m8.png", BufferedImage.TYPE_BYTE_GRAY, 1).toString()).out();
        // value 1 in a 16-bit PNG: a reader that scales to 8 bits would see an empty mask
        String sixteen = run("mask2poly", writePng("m16.png", BufferedImage.TYPE_USHORT_GRAY, 1).toString()).out();
        String one = run("mask2poly", writePng("m1.png", BufferedImage.TYPE_BYTE_BINARY, 1).toString()).out();
        assertThat(JSON.readTree(eight).get("features")).hasSize(2);
        assertThat(sixteen).isEqualTo(eight);
        assertThat(one).isEqualTo(eight);
    }

    @Test
    void outDirectoryGetsOneFilePerInputAndCocoFormatUsesXywhBoxes() throws Exception {
        Path a = writePng("a.png", BufferedImage.TYPE_BYTE_GRAY, 255);
        Path b = writePng("b.mask.png", BufferedImage.TYPE_BYTE_GRAY, 255);
        Path out = dir.resolve("out");
        assertThat(run("mask2poly", a.toString(), b.toString(), "--out", out.toString()).exitCode()).isZero();
        assertThat(out.resolve("a.geojson")).exists();
        assertThat(out.resolve("b.mask.geojson")).exists();

        Run coco = run("mask2poly", a.toString(), "--format", "coco", "--out", out.toString());
        assertThat(coco.exitCode()).isZero();
        JsonNode doc = JSON.readTree(out.resolve("a.json").toFile());
        assertThat(doc.get("images").get(0).get("width").asInt()).isEqualTo(7);
        JsonNode first = doc.get("annotations").get(0);
        assertThat(first.get("bbox").toString()).isEqualTo("[1,0,3,3]");
        assertThat(first.get("area").asLong()).isEqualTo(8);
        assertThat(first.get("segmentation").toString()).isEqualTo("[[1,0,4,0,4,3,1,3]]");
        assertThat(doc.get("annotations").get(1).get("segmentation")).hasSize(2);
    }

    @Test
    void guidelineFormatWritesOneAnnotationPerConnectedPart() throws Exception {
        Path a = writePng("cct.png", BufferedImage.TYPE_BYTE_GRAY, 255);
        Run run = run("mask2poly", a.toString(), "--format", "guideline", "--modality", "CCT", "--category", "3");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode doc = JSON.readTree(run.out());
        assertThat(doc.get("annotations")).hasSize(3);
        assertThat(doc.get("annotations").get(0).get("category_id").asInt()).isEqualTo(3);
        assertThat(doc.get("annotations").get(0).get("bbox").toString()).isEqualTo("[1.0,0.0,4.0,3.0]");
        assertThat(doc.get("categories").size()).isGreaterThanOrEqualTo(9);
    }

    @Test
    void sharedCocoMaskGivesPycocotoolsAreaAndBox() throws Exception {
        Path mask = SharedData.resolve("testdata/coco/masks/mask_12.png");
        Run run = run("mask2poly", mask.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        long area = 0;
        double x1 = Double.MAX_VALUE, y1 = Double.MAX_VALUE, x2 = 0, y2 = 0;
        for (JsonNode feature : JSON.readTree(run.out()).get("features")) {
            area += feature.get("properties").get("pixel_area").asLong();
            JsonNode box = feature.get("properties").get("bbox");
            x1 = Math.min(x1, box.get(0).asDouble());
            y1 = Math.min(y1, box.get(1).asDouble());
            x2 = Math.max(x2, box.get(2).asDouble());
            y2 = Math.max(y2, box.get(3).asDouble());
        }
        // coco-oracle.json, mask_12.png: area 6334, toBbox [11, 69, 299, 443]
        assertThat(area).isEqualTo(6334);
        assertThat(List.of(x1, y1, x2 - x1, y2 - y1)).containsExactly(11.0, 69.0, 299.0, 443.0);
    }

    @Test
    void binaryDicomMasksAreReadToo() throws Exception {
        Path ct = SharedData.dicomCorpus().resolve("CT_small.dcm");
        var source = dev.pulmo.dicom.DicomReader.create().withStopBeforePixelData(true).read(ct).dataset();
        byte[] mask = new byte[128 * 128];
        for (int r = 40; r < 43; r++) {
            for (int c = 10; c < 14; c++) {
                mask[r * 128 + c] = 1; // a 4 x 3 block: bbox [10, 40, 14, 43], 12 pixels
            }
        }
        Path file = dir.resolve("cct_P1_1_1_1_binary.dcm");
        dev.pulmo.dicom.mask.BinaryMaskDicom.write(file, source, mask, 128, 128, dev.pulmo.dicom.Uids.random(), 1);
        Run run = run("mask2poly", file.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode feature = new ObjectMapper().readTree(run.out()).get("features").get(0);
        assertThat(feature.get("properties").get("pixel_area").asLong()).isEqualTo(12);
        assertThat(feature.get("properties").get("bbox").toString()).isEqualTo("[10,40,14,43]");
    }

    @Test
    void anUnreadableMaskIsReportedAsTheTreeCommandsReportIt() throws Exception {
        Path ct = SharedData.dicomCorpus().resolve("CT_small.dcm");
        var source = dev.pulmo.dicom.DicomReader.create().withStopBeforePixelData(true).read(ct).dataset();
        Path file = dir.resolve("cct_P1_1_1_1_binary.dcm");
        dev.pulmo.dicom.mask.BinaryMaskDicom.write(file, source, new byte[128 * 128], 128, 128, dev.pulmo.dicom.Uids.random(), 1);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(whole, whole.length - 1000)); // cut inside the pixel data
        Path folder = Files.createDirectories(dir.resolve("cct_P1_1_1_2_binary.dcm"));
        for (Path mask : List.of(file, folder)) {
            // what validate, convert, seg and export-coco report for this mask in a tree: the same code and message
            ImageFiles image = new ImageFiles(new ImageKey("CCT", CaseClass.MALIGNANT, "P1", "1", "1"), null, null,
                    new TreeMap<>(Map.of(1, mask)));
            List<Finding> tree = ImageInputs.read(image, Set.of(ImageInputs.Part.MASKS), TreeReader.local()).readFindings();
            assertThat(tree).singleElement().extracting(Finding::code).isEqualTo(ImagePipeline.MASK_UNREADABLE);
            Run run = run("mask2poly", mask.toString());
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).isEqualTo("pulmo mask2poly: " + FindingsReport.textLine(tree.get(0)) + System.lineSeparator());
        }
        assertThat(run("mask2poly", folder.toString()).err()).contains("mask.unreadable").contains("a folder, not a file");
    }

    @Test
    void nonPngInputAndSeveralInputsToStdoutAreRejected() throws Exception {
        Path text = Files.writeString(dir.resolve("mask.dcm"), "DICM? not really");
        Run run = run("mask2poly", text.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("mask.dcm");
        Path gif = Files.writeString(dir.resolve("mask.txt"), "plain text");
        Run notAnImage = run("mask2poly", gif.toString());
        assertThat(notAnImage.exitCode()).isEqualTo(2);
        assertThat(notAnImage.err()).contains("neither a PNG image nor a DICOM file");
        Path a = writePng("a.png", BufferedImage.TYPE_BYTE_GRAY, 255);
        Run two = run("mask2poly", a.toString(), a.toString());
        assertThat(two.exitCode()).isEqualTo(2);
        assertThat(two.err()).contains("need --out DIR");
    }
}
