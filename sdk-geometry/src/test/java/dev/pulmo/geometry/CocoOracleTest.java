package dev.pulmo.geometry;

import dev.pulmo.testing.SharedData;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Conformance with pycocotools: {@code testdata/coco/coco-oracle.json} holds pycocotools' own encode / area /
 * toBbox results for the PNG masks next to it, and frPyObjects + merge results for a set of polygons.
 */
class CocoOracleTest {

    private static JsonNode oracle() throws IOException {
        return new ObjectMapper().readTree(SharedData.resolve("testdata/coco/coco-oracle.json").toFile());
    }

    private static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }

    @TestFactory
    List<DynamicTest> masksEncodeAsPycocotools() throws IOException {
        Path dir = SharedData.resolve("testdata/coco/masks");
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode entry : oracle().get("masks")) {
            String file = entry.get("file").asText();
            tests.add(DynamicTest.dynamicTest(file, () -> {
                BinaryMask mask = BinaryMask.fromImage(ImageIO.read(dir.resolve(file).toFile()));
                assertThat(mask.width()).isEqualTo(entry.get("width").asInt());
                assertThat(mask.height()).isEqualTo(entry.get("height").asInt());
                CocoRle rle = CocoRle.encode(mask);
                String counts = entry.get("counts").asText();
                assertThat(rle.toCompressedString()).isEqualTo(counts);
                assertThat(rle.area()).isEqualTo(entry.get("area").asLong());
                assertThat(rle.toBbox()).containsExactly(doubles(entry.get("toBbox_xywh")));
                CocoRle parsed = CocoRle.fromCompressedString(counts, mask.width(), mask.height());
                assertThat(parsed).isEqualTo(rle);
                assertThat(parsed.decode()).isEqualTo(mask);
                assertThat(mask.areaPixels()).isEqualTo(entry.get("area").asLong());
            }));
        }
        assertThat(tests).hasSize(40);
        return tests;
    }

    @TestFactory
    List<DynamicTest> polygonsRasteriseAsPycocotools() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        int index = 0;
        for (JsonNode entry : oracle().get("polygons")) {
            int i = index++;
            tests.add(DynamicTest.dynamicTest("polygon " + i, () -> {
                int width = entry.get("width").asInt(), height = entry.get("height").asInt();
                CocoRle rle = CocoRle.fromPolygons(List.of(doubles(entry.get("polygon"))), width, height);
                assertThat(rle.toCompressedString()).isEqualTo(entry.get("counts").asText());
                assertThat(rle.area()).isEqualTo(entry.get("area").asLong());
                assertThat(rle.toBbox()).containsExactly(doubles(entry.get("toBbox_xywh")));
                assertThat(MaskRasterizer.rasterizeLikePycocotools(List.of(doubles(entry.get("polygon"))), width, height))
                        .isEqualTo(rle.decode());
            }));
        }
        assertThat(tests).hasSize(60);
        return tests;
    }
}
