package dev.pulmo.dicom.pixel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every frame of the corpus files pydicom decodes, compared with pydicom's numbers
 * ({@code pixel-oracle.json}), exactly. That includes the JPEG files ("lossy" in the oracle): the JDK's
 * libjpeg 6b and Pillow's libjpeg-turbo both use the accurate integer IDCT and the same "fancy"
 * chroma upsampling, and agree bit for bit on every frame here.
 * The descriptions come from pydicom's attribute values and the Pixel Data value from the byte range
 * pydicom's value occupies, so these tests exercise the pixel layer alone.
 */
class OracleFramesTest {

    static Stream<String> files() {
        return PixelOracle.files().stream().filter(name -> PixelOracle.file(name).has("frames"));
    }

    static Stream<String> ybrFiles() {
        return PixelOracle.files().stream().filter(name -> PixelOracle.file(name).has("rgb"));
    }

    @ParameterizedTest
    @MethodSource("files")
    void framesMatchPydicom(String name) {
        byte[] value = PixelOracle.pixelValue(name);
        assumeThat(value).as("%s: Pixel Data not stored as is (deflated dataset); covered through the reader", name)
                .isNotNull();
        JsonNode oracle = PixelOracle.file(name);
        PixelData pixels = PixelData.of(name, PixelOracle.description(name), value);
        assertThat(pixels.frameCount()).isEqualTo(oracle.get("frames").size());
        for (int k = 0; k < pixels.frameCount(); k++) {
            Frame frame = pixels.frame(k);
            assertMatches(frame, oracle.get("frames").get(k), name + " frame " + k);
        }
    }

    /**
     * YBR frames converted by {@link Frame#toRgb()} against pydicom's convert_color_space: pydicom
     * multiplies in float32, this code in double, so a sample may round one level apart.
     */
    @ParameterizedTest
    @MethodSource("ybrFiles")
    void ybrToRgbMatchesPydicom(String name) {
        PixelData pixels = PixelData.of(name, PixelOracle.description(name), PixelOracle.pixelValue(name));
        JsonNode rgb = PixelOracle.file(name).get("rgb");
        for (var entry : (Iterable<java.util.Map.Entry<String, JsonNode>>) rgb::fields) {
            Frame frame = pixels.frame(Integer.parseInt(entry.getKey())).toRgb();
            String where = name + " frame " + entry.getKey() + " as RGB";
            assertThat(frame.photometricInterpretation()).isEqualTo(PhotometricInterpretation.RGB);
            for (JsonNode sample : PixelOracle.each(entry.getValue().get("samples"))) {
                assertThat(frame.sample(sample.get(1).asInt(), sample.get(0).asInt(), sample.get(2).asInt()))
                        .as(where + " sample at row %s column %s #%s", sample.get(0), sample.get(1), sample.get(2))
                        .isBetween(sample.get(3).asLong() - 1, sample.get(3).asLong() + 1);
            }
            double samples = (double) frame.rows() * frame.columns() * 3;
            assertThat(sum(frame) / samples).as(where + " mean")
                    .isCloseTo(entry.getValue().get("sum").asLong() / samples, within(0.05));
        }
    }

    private static void assertMatches(Frame frame, JsonNode expected, String where) {
        assertThat(frame.minSample()).as(where + " min").isEqualTo(expected.get("min").asLong());
        assertThat(frame.maxSample()).as(where + " max").isEqualTo(expected.get("max").asLong());
        assertThat(sum(frame)).as(where + " sum").isEqualTo(expected.get("sum").asLong());
        for (JsonNode sample : PixelOracle.each(expected.get("samples"))) {
            assertThat(frame.sample(sample.get(1).asInt(), sample.get(0).asInt(), sample.get(2).asInt()))
                    .as(where + " sample at row %s column %s #%s", sample.get(0), sample.get(1), sample.get(2))
                    .isEqualTo(sample.get(3).asLong());
        }
        assertThat(PixelOracle.sha256Int64(frame)).as(where + " sha256").isEqualTo(
            expected.get("sha256_int64le").asText());
    }

    private static long sum(Frame frame) {
        long total = 0;
        for (int r = 0; r < frame.rows(); r++) {
            for (int c = 0; c < frame.columns(); c++) {
                for (int s = 0; s < frame.samplesPerPixel(); s++) {
                    total += frame.sample(c, r, s);
                }
            }
        }
        return total;
    }
}
