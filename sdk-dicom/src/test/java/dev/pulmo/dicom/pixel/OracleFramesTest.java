package dev.pulmo.dicom.pixel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every frame of the corpus files pydicom decodes, compared with pydicom's numbers
 * ({@code pixel-oracle.json}), exactly. That includes the JPEG files ("lossy" in the oracle): the JDK's
 * libjpeg (libjpeg-turbo on Debian) and Pillow's libjpeg-turbo agree bit for bit on every 8-bit frame here, and
 * 12-bit frames (Pulmo's own decoder) equal dcmtk's dcmdjpeg (and GDCM's, where the oracle says so).
 * Files are read with sdk-dicom's reader ({@link PixelData#from}).
 */
class OracleFramesTest {

    static Stream<String> files() {
        return PixelOracle.files().stream().filter(name -> PixelOracle.file(name).has("frames"));
    }

    static Stream<String> ybrFiles() {
        return PixelOracle.files().stream().filter(name -> PixelOracle.file(name).has("rgb"));
    }

    static Stream<String> libjpegRgbFiles() {
        // Frame.toRgb() is for 8-bit colour; 12-bit YCbCr is converted by NumpyArraysTest's path
        return PixelOracle.files().stream().filter(name -> PixelOracle.file(name).has("rgb_libjpeg"))
                .filter(name -> PixelOracle.file(name).get("bits_stored").asInt() <= 8);
    }

    static Stream<String> allFiles() {
        return PixelOracle.files().stream();
    }

    /** The attributes read from the file agree with pydicom's (the oracle keeps the first window only). */
    @ParameterizedTest
    @MethodSource("allFiles")
    void descriptionMatchesPydicom(String name) {
        PixelDescription read = PixelDescription.from(PixelOracle.read(name));
        PixelDescription expected = PixelOracle.description(name);
        assertThat(read).usingRecursiveComparison().ignoringFields("windows").isEqualTo(expected);
        assertThat(read.windows().stream().limit(1)).containsExactlyElementsOf(expected.windows());
    }

    @ParameterizedTest
    @MethodSource("files")
    void framesMatchPydicom(String name) {
        JsonNode oracle = PixelOracle.file(name);
        PixelData pixels = PixelOracle.pixels(name);
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
        PixelData pixels = PixelOracle.pixels(name);
        JsonNode rgb = PixelOracle.file(name).get("rgb");
        for (var entry : (Iterable<Map.Entry<String, JsonNode>>) rgb::fields) {
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

    /**
     * 8-bit YCbCr JPEG frames converted by {@link Frame#toRgb()} equal Pillow's RGB decoding of the same stream
     * exactly: both use libjpeg's fixed-point YCbCr to RGB (as dcmdjpeg and GDCM do).
     */
    @ParameterizedTest
    @MethodSource("libjpegRgbFiles")
    void ybrJpegToRgbEqualsLibjpegConversion(String name) {
        PixelData pixels = PixelOracle.pixels(name);
        JsonNode rgb = PixelOracle.file(name).get("rgb_libjpeg");
        for (int k = 0; k < pixels.frameCount(); k++) {
            assertMatches(pixels.frame(k).toRgb(), rgb.get(k), name + " frame " + k + " as RGB");
        }
    }

    /**
     * A frame labelled RGB whose JPEG stream carries an Adobe APP14 marker with transform 1 holds YCbCr
     * and is converted, as Pillow does: the YBR_FULL file relabelled, with such a marker inserted after
     * SOI, must decode to pydicom's RGB conversion of the original.
     */
    @Test
    void rgbLabelledJpegWithAdobeYcbcrTransformIsConverted() {
        String name = "SC_rgb_jpeg_dcmtk.dcm";
        PixelData original = PixelOracle.pixels(name);
        byte[] stream = original.encodedFrame(0);
        byte[] adobe = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 1};
        byte[] marked = new byte[stream.length + adobe.length];
        System.arraycopy(stream, 0, marked, 0, 2);
        System.arraycopy(adobe, 0, marked, 2, adobe.length);
        System.arraycopy(stream, 2, marked, 2 + adobe.length, stream.length - 2);
        PixelDescription d = original.description();
        PixelDescription rgb = new PixelDescription(d.rows(), d.columns(), 3, 8, 8, 7, false, 0,
                PhotometricInterpretation.RGB, 1, d.modalityLut(), d.windows(), d.transferSyntaxUid());
        Frame frame = PixelData.ofEncodedFrames(name, rgb, List.of(marked)).frame(0);
        for (JsonNode sample : PixelOracle.each(PixelOracle.file(name).get("rgb").get("0").get("samples"))) {
            assertThat(frame.sample(sample.get(1).asInt(), sample.get(0).asInt(), sample.get(2).asInt()))
                    .isBetween(sample.get(3).asLong() - 1, sample.get(3).asLong() + 1);
        }
        // without the marker the same stream labelled RGB is taken as coded (pydicom: no transform)
        Frame raw = PixelData.ofEncodedFrames(name, rgb, List.of(stream)).frame(0);
        assertThat(raw.copySamples()).containsExactly(original.frame(0).copySamples());
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
