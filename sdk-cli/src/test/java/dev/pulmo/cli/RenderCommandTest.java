package dev.pulmo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulmo.cli.CheckJsonCommandTest.Run;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.pixel.PixelData;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderCommandTest {

    /** PS3.3 C.11.2.1.2.1 worked by hand, rounded half up. */
    private static int windowed(double x, double c, double w) {
        double y = x <= c - 0.5 - (w - 1) / 2 ? 0 : x > c - 0.5 + (w - 1) / 2 ? 255 : ((x - (c - 0.5)) / (w - 1) + 0.5) * 255;
        return (int) Math.floor(y + 0.5);
    }

    private static Path firstJson(String modalityFolder) throws Exception {
        try (Stream<Path> s = Files.walk(ConvertedDemo.root().resolve(modalityFolder))) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().findFirst().orElseThrow();
        }
    }

    private static Path imageOf(Path json) {
        String name = json.getFileName().toString();
        return json.getParent().resolveSibling("dcm").resolve(name.substring(0, name.length() - 5) + ".dcm");
    }

    @Test
    void anImageOfTheLayoutGetsItsJsonBoxesInTheCategoryColour(@TempDir Path dir) throws Exception {
        Path json = firstJson("pet-ct");
        JsonNode a = new ObjectMapper().readTree(json.toFile()).get("annotations").get(0);
        Path png = dir.resolve("out.png");
        Run r = CheckJsonCommandTest.run("render", imageOf(json).toString(), "--out", png.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("192 x 192").contains("annotations from " + json);
        BufferedImage image = ImageIO.read(png.toFile());
        int x1 = a.get("bbox").get(0).asInt();
        int y1 = a.get("bbox").get(1).asInt();
        int x2 = a.get("bbox").get(2).asInt();
        int y2 = a.get("bbox").get(3).asInt();
        // category 1 red, 2 orange (the documented colours); 192 pixels across: 1-pixel lines inside the box
        int expected = a.get("category_id").asInt() == 1 ? 0xFF0000 : 0xFF8C00;
        assertThat(image.getRGB(x1, (y1 + y2) / 2) & 0xFFFFFF).isEqualTo(expected);
        assertThat(image.getRGB(x2 - 1, (y1 + y2) / 2) & 0xFFFFFF).isEqualTo(expected);
        assertThat(image.getRGB((x1 + x2) / 2, y2 - 1) & 0xFFFFFF).isEqualTo(expected);
        int inside = image.getRGB(x1 + 1, (y1 + y2) / 2);
        assertThat(inside & 0xFF).isEqualTo(inside >> 8 & 0xFF).isEqualTo(inside >> 16 & 0xFF); // grey
    }

    @Test
    void aGivenWindowIsAppliedByTheStandardsFormula(@TempDir Path dir) throws Exception {
        Path json = firstJson("chest-ct");
        Path dcm = imageOf(json);
        Path png = dir.resolve("w.png");
        Run r = CheckJsonCommandTest.run("render", dcm.toString(), "--window", "40,400", "--overlay", json.getParent().resolveSibling("binary").toString(),
                "--filled", "--out", png.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("masks from");
        var frame = PixelData.from(DicomReader.create().read(dcm)).frame(0);
        BufferedImage image = ImageIO.read(png.toFile());
        for (int[] p : new int[][] {{2, 2}, {256, 256}, {100, 400}}) {
            int v = windowed(frame.sample(p[0], p[1], 0) - 1024, 40, 400); // demo CT: rescale intercept -1024
            assertThat(image.getRGB(p[0], p[1]) & 0xFFFFFF).as("pixel %s", p).isEqualTo(v << 16 | v << 8 | v);
        }
    }

    @Test
    void badInputsAreMessagesWithExitCodesNotStackTraces(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("x.png");
        Path dcm = imageOf(firstJson("x-ray"));
        Run badWindow = CheckJsonCommandTest.run("render", dcm.toString(), "--window", "bone", "--out", png.toString());
        assertThat(badWindow.exitCode()).isEqualTo(2);
        assertThat(badWindow.err()).contains("expected lung, mediastinum or centre,width");
        Run missing = CheckJsonCommandTest.run("render", dir.resolve("none.dcm").toString(), "--out", png.toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        Path corrupt = dir.resolve("bad.json");
        Files.writeString(corrupt, "{\"info\": ");
        Run badJson = CheckJsonCommandTest.run("render", dcm.toString(), "--overlay", corrupt.toString(), "--out", png.toString());
        assertThat(badJson.exitCode()).isEqualTo(1);
        assertThat(badJson.err()).contains("bad.json").doesNotContain("\tat ");
        Path notDicom = dir.resolve("n.dcm");
        Files.writeString(notDicom, "not a DICOM file at all, just text");
        Run badImage = CheckJsonCommandTest.run("render", notDicom.toString(), "--out", png.toString());
        assertThat(badImage.exitCode()).isEqualTo(1);
        assertThat(badImage.err()).contains("n.dcm");
        assertThat(Files.exists(png)).isFalse();
    }
}
