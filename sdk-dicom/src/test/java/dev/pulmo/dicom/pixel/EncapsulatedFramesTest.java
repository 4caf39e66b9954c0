package dev.pulmo.dicom.pixel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Frames of every encapsulated file, as {@link PixelData#from} delimits them with the reader's items,
 * against the shared oracle's {@code frame_lengths}/{@code frame_sha256} (pydicom's
 * generate_pixel_data_frame); and the exact refusal for syntaxes that are not decoded.
 */
class EncapsulatedFramesTest {

    static Stream<String> encapsulatedFiles() {
        return PixelOracle.files().stream().filter(name -> !name.contains("/")) // corpus files only
                .filter(name -> bulk(name).path("encapsulated").asBoolean(false));
    }

    @ParameterizedTest
    @MethodSource("encapsulatedFiles")
    void framesAreSplitAsPydicomDoes(String name) {
        JsonNode bulk = bulk(name);
        PixelData pixels = PixelOracle.pixels(name);
        assertThat(pixels.isEncapsulated()).isTrue();
        assertThat(pixels.frameCount()).isEqualTo(bulk.get("frames").asInt());
        for (int k = 0; k < pixels.frameCount(); k++) {
            byte[] frame = pixels.encodedFrame(k);
            assertThat(frame.length).as(name + " frame " + k + " length").isEqualTo(bulk.get("frame_lengths").get(k).asInt());
            assertThat(PixelOracle.sha256(frame)).as(name + " frame " + k).isEqualTo(bulk.get("frame_sha256").get(k).asText());
        }
    }

    /**
     * A syntax without a decoder (no corpus file has one since JPEG 2000 is decoded): a JPEG 2000 file's
     * frame relabelled MPEG-2 is refused with the exact message, while its encoded frame stays readable.
     */
    @Test
    void undecodableSyntaxesSaySo() {
        String name = "JPEG2000.dcm";
        PixelData original = PixelOracle.pixels(name);
        PixelDescription d = original.description();
        String uid = "1.2.840.10008.1.2.4.100";
        PixelDescription mpeg = new PixelDescription(d.rows(), d.columns(), d.samplesPerPixel(), d.bitsAllocated(),
                d.bitsStored(), d.highBit(), d.signed(), 0, d.photometricInterpretation(), 1, d.modalityLut(),
                d.windows(), uid);
        PixelData pixels = PixelData.ofEncodedFrames(name, mpeg, java.util.List.of(original.encodedFrame(0)));
        assertThat(pixels.isDecodable()).isFalse();
        assertThat(pixels.encodedFrame(0)).isEqualTo(original.encodedFrame(0));
        assertThatThrownBy(() -> pixels.frame(0)).isInstanceOf(PixelDataException.class)
                .hasMessage(name + " (7FE0,0010): pixel decoding of " + NAMES.get(uid) + " (" + uid + ") is not supported");
    }

    /** PS3.6 Table A-1 names, as in dicom-standard/transfer_syntaxes.tsv. */
    private static final Map<String, String> NAMES = Map.of(
            "1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level");

    private static JsonNode bulk(String name) {
        return PixelOracle.expected(name).get("dataset").get("7FE00010").get("BulkData");
    }
}
