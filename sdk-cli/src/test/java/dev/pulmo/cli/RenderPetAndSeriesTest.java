package dev.pulmo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulmo.cli.CheckJsonCommandTest.Run;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.DicomWriter;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.VR;
import dev.pulmo.dicom.pixel.Frame;
import dev.pulmo.dicom.pixel.PixelData;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pulmo render} on PET and on series, on the demo's real DICOM files: SUV worked by hand from the header's
 * dose, weight and rescale; the hot colour map; PET/CT fusion with the PET's hot lesion where its box maps on the CT
 * through both headers' positions; labels inside the image; --scale; montages and animated GIFs. The pictures are
 * kept under {@code target/render/} for a person to look at.
 */
class RenderPetAndSeriesTest {
    private static final Path ARTEFACTS = Path.of("target", "render");

    private static Path petImageWithLesions() throws Exception {
        try (Stream<Path> s = Files.walk(ConvertedDemo.root().resolve("pet-ct/malignant"))) {
            Path json = s.filter(p -> p.toString().endsWith(".json")).filter(RenderPetAndSeriesTest::hasAnnotations).sorted().findFirst().orElseThrow();
            String name = json.getFileName().toString();
            return json.getParent().resolveSibling("dcm").resolve(name.substring(0, name.length() - 5) + ".dcm");
        }
    }

    private static boolean hasAnnotations(Path json) {
        try {
            return new ObjectMapper().readTree(json.toFile()).get("annotations").size() > 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static Path jsonOf(Path dcm) {
        String name = dcm.getFileName().toString();
        return dcm.getParent().resolveSibling("json").resolve(name.substring(0, name.length() - 4) + ".json");
    }

    private static Run render(String... args) {
        Run r = CheckJsonCommandTest.run(Stream.concat(Stream.of("render"), Stream.of(args)).toArray(String[]::new));
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        return r;
    }

    private static BufferedImage png(Path file) throws Exception {
        return ImageIO.read(file.toFile());
    }

    @Test
    void petWithDoseAndWeightIsWindowedInSuvFromZeroToSeven(@TempDir Path dir) throws Exception {
        Path source = petImageWithLesions();
        DicomFile file = DicomReader.create().read(source);
        // 37 MBq at administration (decay corrected to it), 70 kg: factor 70,000 g / 37e6 Bq
        DicomDataset drug = DicomDataset.builder().putString(Tag.RadiopharmaceuticalStartTime, VR.TM, "080000")
                .putString(Tag.RadionuclideTotalDose, VR.DS, "37000000").putString(Tag.RadionuclideHalfLife, VR.DS, "6586.2").build();
        DicomDataset withSuv = file.dataset().toBuilder().putString(Tag.CorrectedImage, VR.CS, "ATTN", "DECY")
                .putString(Tag.DecayCorrection, VR.CS, "ADMIN").putString(Tag.PatientWeight, VR.DS, "70")
                .putSequence(Tag.RadiopharmaceuticalInformationSequence, List.of(drug)).build();
        Path pet = dir.resolve("pet.dcm");
        DicomWriter.write(pet, withSuv, file.transferSyntax());
        Files.createDirectories(ARTEFACTS);
        Path grey = ARTEFACTS.resolve("pet-suv-grey.png");
        Run r = render(pet.toString(), "--colour-map", "grey", "--out", grey.toString());
        assertThat(r.out()).contains("SUV 0 to 7.0").contains("SUVbw: 70.0 kg");
        Frame frame = PixelData.from(DicomReader.create().read(pet)).frame(0);
        double slope = withSuv.getDouble(Tag.RescaleSlope).orElse(1);
        double intercept = withSuv.getDouble(Tag.RescaleIntercept).orElse(0);
        BufferedImage image = png(grey);
        int checked = 0;
        for (int[] p : new int[][] {{96, 96}, {5, 5}, {60, 90}, {130, 100}}) {
            double suv = (slope * frame.sample(p[0], p[1], 0) + intercept) * 70_000 / 37e6;
            int expected = (int) Math.round(Math.min(1, suv / 7) * 255);
            assertThat(image.getRGB(p[0], p[1]) & 0xFF).as("SUV %.2f at %s", suv, p).isBetween(expected - 1, expected + 1);
            checked += suv > 0.5 && suv < 6.5 ? 1 : 0;
        }
        assertThat(checked).as("pixels inside the window, not only clipped ones").isPositive();

        // the same file in the default hot map: no uptake black, the window's top white, mid values red to yellow
        Path hot = ARTEFACTS.resolve("pet-suv-hot.png");
        render(pet.toString(), "--out", hot.toString());
        BufferedImage colour = png(hot);
        int body = colour.getRGB(96, 96);
        assertThat(body >> 16 & 0xFF).as("red first in the hot map").isGreaterThan(body >> 8 & 0xFF);
        assertThat(body & 0xFF).isLessThanOrEqualTo(body >> 8 & 0xFF);
    }

    @Test
    void petWithoutSuvHeadersIsWindowedByPercentilesAndItsLesionsAreBright() throws Exception {
        Path pet = petImageWithLesions();
        Files.createDirectories(ARTEFACTS);
        Path out = ARTEFACTS.resolve("pet-percentile.png");
        Run r = render(pet.toString(), "--colour-map", "grey", "--overlay", dir().toString(), "--out", out.toString());
        assertThat(r.out()).contains("no SUV").contains("by percentiles");
        // independent: the lesion (several times the body's value) shows white, the body grey, the background dark
        Frame frame = PixelData.from(DicomReader.create().read(pet)).frame(0);
        JsonNode a = new ObjectMapper().readTree(jsonOf(pet).toFile()).get("annotations").get(0);
        int cx = (a.get("bbox").get(0).asInt() + a.get("bbox").get(2).asInt()) / 2;
        int cy = (a.get("bbox").get(1).asInt() + a.get("bbox").get(3).asInt()) / 2;
        BufferedImage image = png(out);
        assertThat(frame.sample(cx, cy, 0)).isGreaterThan(frame.sample(96, 96, 0) * 3);
        assertThat(image.getRGB(cx, cy) & 0xFF).as("the lesion's centre").isGreaterThan(200);
        assertThat(image.getRGB(96, 96) & 0xFF).as("the body: not black, not white").isBetween(40, 160);
        assertThat(image.getRGB(3, 3) & 0xFF).as("outside the body").isLessThan(20);
    }

    /** An empty folder: no overlay. */
    private static Path dir() throws Exception {
        return Files.createTempDirectory("pulmo-no-overlay");
    }

    @Test
    void fusionPutsThePetLesionWhereItsBoxLandsOnTheCtThroughBothHeaders(@TempDir Path tmp) throws Exception {
        Path pet = petImageWithLesions();
        String patient = pet.getFileName().toString().split("_")[1];
        Path ct;
        try (Stream<Path> s = Files.walk(ConvertedDemo.root().resolve("chest-ct"))) {
            ct = s.filter(p -> p.toString().endsWith(".dcm") && p.getParent().getFileName().toString().equals("dcm")
                    && p.getFileName().toString().contains("_" + patient + "_")).sorted().findFirst().orElseThrow();
        }
        Files.createDirectories(ARTEFACTS);
        Path out = ARTEFACTS.resolve("pet-ct-fused.png");
        Run r = render(pet.toString(), "--fuse", ct.toString(), "--out", out.toString());
        assertThat(r.out()).contains("fused onto CT");
        DicomDataset p = DicomReader.create().read(pet).dataset();
        DicomDataset c = DicomReader.create().read(ct).dataset();
        BufferedImage image = png(out);
        assertThat(image.getWidth()).isEqualTo(c.getInt(Tag.Columns).orElseThrow());
        // the first lesion's box centre (pixel corner coordinates) in patient mm, then in CT pixels
        JsonNode a = new ObjectMapper().readTree(jsonOf(pet).toFile()).get("annotations").get(0);
        double px = (a.get("bbox").get(0).asDouble() + a.get("bbox").get(2).asDouble()) / 2;
        double py = (a.get("bbox").get(1).asDouble() + a.get("bbox").get(3).asDouble()) / 2;
        double[] pPos = p.getDoubles(Tag.ImagePositionPatient);
        double[] pSp = p.getDoubles(Tag.PixelSpacing);
        double[] cPos = c.getDoubles(Tag.ImagePositionPatient);
        double[] cSp = c.getDoubles(Tag.PixelSpacing);
        double x = pPos[0] + (px - 0.5) * pSp[1];
        double y = pPos[1] + (py - 0.5) * pSp[0];
        int cx = (int) Math.floor((x - cPos[0]) / cSp[1] + 0.5);
        int cy = (int) Math.floor((y - cPos[1]) / cSp[0] + 0.5);
        Path ctAlone = tmp.resolve("ct.png");
        render(ct.toString(), "--overlay", dir().toString(), "--out", ctAlone.toString());
        BufferedImage ctImage = png(ctAlone);
        // the PET's hottest colour (white) at weight 0.5 over the CT's grey: 0.5 x (255 - grey) brighter, less resampling
        int lesion = image.getRGB(cx, cy) >> 16 & 0xFF;
        int grey = ctImage.getRGB(cx, cy) >> 16 & 0xFF;
        assertThat(lesion - grey).as("PET light added at the mapped lesion (%d, %d)", cx, cy).isGreaterThan((int) (0.4 * (255 - grey)));
        int cornerFused = image.getRGB(10, 10) >> 16 & 0xFF;
        int cornerCt = ctImage.getRGB(10, 10) >> 16 & 0xFF;
        assertThat(Math.abs(cornerFused - cornerCt)).as("the CT nearly unchanged where there is little uptake").isLessThan(30);
    }

    @Test
    void labelsStayInsideTheImageAndScaleEnlargesPixelsSharply(@TempDir Path dir) throws Exception {
        Path pet = petImageWithLesions();
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(jsonOf(pet).toFile());
        ObjectNode a = (ObjectNode) json.get("annotations").get(0);
        // a box at the right edge of the 192-pixel image: its name cannot start at the box
        ((ArrayNode) a.get("bbox")).removeAll().add(180.0).add(100.0).add(190.0).add(110.0);
        ((ArrayNode) a.get("segmentation")).removeAll().add(180.0).add(100.0).add(190.0).add(100.0).add(190.0).add(110.0).add(180.0).add(110.0);
        ArrayNode one = new ObjectMapper().createArrayNode().add(a);
        json.set("annotations", one);
        Path edited = dir.resolve(jsonOf(pet).getFileName().toString());
        new ObjectMapper().writeValue(edited.toFile(), json);
        Path out = dir.resolve("edge.png");
        render(pet.toString(), "--overlay", edited.toString(), "--colour-map", "grey", "--out", out.toString());
        BufferedImage image = png(out);
        int colour = a.get("category_id").asInt() == 1 ? 0xFF0000 : 0xFF8C00;
        int left = image.getWidth();
        int right = -1;
        for (int yy = 80; yy < 100; yy++) {
            for (int xx = 0; xx < image.getWidth(); xx++) {
                if ((image.getRGB(xx, yy) & 0xFFFFFF) == colour) {
                    left = Math.min(left, xx);
                    right = Math.max(right, xx);
                }
            }
        }
        assertThat(left).as("the label moved left of the box to fit").isLessThan(150);
        assertThat(right).as("and ends inside the image").isLessThan(image.getWidth());

        Path big = dir.resolve("x3.png");
        Run r = render(pet.toString(), "--overlay", edited.toString(), "--colour-map", "grey", "--scale", "3", "--out", big.toString());
        assertThat(r.out()).contains("576 x 576");
        Files.createDirectories(ARTEFACTS);
        Files.copy(out, ARTEFACTS.resolve("pet-label-at-edge.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(big, ARTEFACTS.resolve("pet-label-at-edge-x3.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        BufferedImage scaled = png(big);
        for (int[] p : new int[][] {{5, 5}, {96, 150}, {40, 40}}) { // away from the box and its label at either scale
            int v = image.getRGB(p[0], p[1]);
            for (int d = 0; d < 3; d++) {
                assertThat(scaled.getRGB(3 * p[0] + d, 3 * p[1] + 2 - d)).as("pixel %s repeated 3 x 3", p).isEqualTo(v);
            }
        }
    }

    @Test
    void aSeriesFolderIsAMontageOrAnAnimatedGif(@TempDir Path dir) throws Exception {
        Path series = petImageWithLesions().getParent();
        long n;
        try (Stream<Path> s = Files.list(series)) {
            n = s.filter(p -> p.toString().endsWith(".dcm")).count();
        }
        assertThat(n).isGreaterThan(1);
        Files.createDirectories(ARTEFACTS);
        Path montage = ARTEFACTS.resolve("pet-series-montage.png");
        Run r = render(series.toString(), "--scale", "2", "--out", montage.toString());
        assertThat(r.out()).contains("montage of " + n + " images");
        int columns = (int) Math.ceil(Math.sqrt(n));
        int rows = (int) ((n + columns - 1) / columns);
        BufferedImage grid = png(montage);
        assertThat(grid.getWidth()).isEqualTo(columns * 384 + (columns - 1) * 2);
        assertThat(grid.getHeight()).isEqualTo(rows * 384 + (rows - 1) * 2);
        assertThat(grid.getRGB(384, 100) & 0xFFFFFF).as("the gap between tiles").isZero();
        // one window for the series: the body (same activity in every demo slice) has one colour in every tile
        int first = grid.getRGB(192, 192) >> 16 & 0xFF;
        int second = grid.getRGB(386 + 192, 192 + 60) >> 16 & 0xFF;
        assertThat(Math.abs(first - second)).as("body colour of tiles 1 and 2").isLessThan(30);

        Path gif = dir.resolve("strip.gif");
        render(series.toString(), "--out", gif.toString());
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            assertThat(reader.getNumImages(true)).isEqualTo((int) n);
            assertThat(reader.read(0).getWidth()).isEqualTo(192);
        }
    }
}
