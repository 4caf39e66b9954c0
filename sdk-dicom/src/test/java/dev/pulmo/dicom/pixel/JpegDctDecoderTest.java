package dev.pulmo.dicom.pixel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulmo.dicom.pixel.internal.FrameRef;
import dev.pulmo.dicom.pixel.internal.JpegDctDecoder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pulmo's own DCT JPEG decoder on every DCT JPEG frame of the oracle, 8-bit ones included (which {@link PixelData}
 * hands to the JDK's reader): its samples equal Pillow's (libjpeg-turbo) for 8-bit streams and dcmtk's dcmdjpeg
 * (IJG libjpeg 12-bit) for 12-bit streams, exactly. The fixtures of {@code src/test/resources/jpeg-dct}
 * ({@code make_jpeg_dct_fixtures.sh}) add to the corpus: 12-bit extended and progressive streams, spectral
 * selection, multi-frame, 4:4:4, 4:2:2, 4:2:0, 4:1:1, 4:4:0 sampling, odd sizes, restart intervals, a sequential
 * frame in one scan per component, and a baseline stream in a file labelled JPEG Lossless.
 */
class JpegDctDecoderTest {
    private static final Set<String> DCT_SYNTAXES = Set.of("1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51",
            "1.2.840.10008.1.2.4.53", "1.2.840.10008.1.2.4.55");
    private static final String RELABELLED = "jpeg-dct/MR_small_eb_labelled_lossless.dcm";

    static Stream<String> dctFiles() {
        return PixelOracle.files().stream().filter(name -> PixelOracle.file(name).has("frames"))
                .filter(name -> DCT_SYNTAXES.contains(PixelOracle.file(name).get("transfer_syntax").asText())
                        || name.equals(RELABELLED));
    }

    static Stream<String> eightBitFixtures() {
        return Stream.of("jpeg-dct/grey_restart.dcm", "jpeg-dct/rgb_restart.dcm", "jpeg-dct/rgb_scans.dcm",
                "jpeg-dct/dx_image_ep.dcm", "jpeg-dct/rgb_440.dcm", "SC_rgb_jpeg_dcmtk.dcm");
    }

    @ParameterizedTest
    @MethodSource("dctFiles")
    void ownDecoderEqualsTheReferenceDecoder(String name) {
        JsonNode oracle = PixelOracle.file(name);
        PixelData pixels = PixelOracle.pixels(name);
        assertThat(oracle.get("decoder").asText()).isIn("pillow", "dcmtk");
        for (int k = 0; k < pixels.frameCount(); k++) {
            Frame frame = decodeOwn(name, pixels, pixels.encodedFrame(k), k);
            JsonNode expected = oracle.get("frames").get(k);
            String where = name + " frame " + k + " (" + oracle.get("decoder").asText() + ")";
            assertThat(PixelOracle.sha256Int64(frame)).as(where).isEqualTo(expected.get("sha256_int64le").asText());
            assertThat(frame.minSample()).as(where + " min").isEqualTo(expected.get("min").asLong());
            assertThat(frame.maxSample()).as(where + " max").isEqualTo(expected.get("max").asLong());
        }
    }

    /** dcmtk and pydicom decode by the stream's own start-of-frame marker; so does PixelData, and it says so. */
    @Test
    void baselineStreamLabelledLosslessDecodesByItsMarkerWithAWarning() {
        PixelData pixels = PixelOracle.pixels(RELABELLED);
        assertThat(pixels.warnings()).containsExactly("the transfer syntax is JPEG Lossless, Non-Hierarchical,"
                + " First-Order Prediction (Process 14 [Selection Value 1]) (1.2.840.10008.1.2.4.70) but its frame"
                + " holds a baseline DCT (Process 1, FF C0) stream; decoded as the stream says");
        assertThat(PixelOracle.sha256Int64(pixels.frame(0)))
                .isEqualTo(PixelOracle.file(RELABELLED).get("frames").get(0).get("sha256_int64le").asText());
        // the same stream under its own transfer syntax: no warning, same samples
        PixelData original = PixelOracle.pixels("jpeg-dct/MR_small_eb.dcm");
        assertThat(original.warnings()).isEmpty();
        assertThat(Arrays.equals(original.frame(0).copySamples(), pixels.frame(0).copySamples())).isTrue();
    }

    @Test
    void framesThatAgreeWithTheirSyntaxHaveNoWarnings() {
        for (String name : List.of("JPGExtended.dcm", "JPEG-LL.dcm", "MR_small_jpeg_ls_lossless.dcm",
                "examples_ybr_color.dcm", "jpeg-dct/MR_small_ep12.dcm", "jpeg-dct/MR_small_es12.dcm", "CT_small.dcm",
                "MR_small_RLE.dcm")) {
            assertThat(PixelOracle.pixels(name).warnings()).as(name).isEmpty();
        }
    }

    /** A 12-bit stream in a baseline-labelled file is a contradiction too (Process 1 is 8-bit only). */
    @Test
    void twelveBitStreamLabelledBaselineIsReported() {
        PixelData twelve = PixelOracle.pixels("JPGExtended.dcm");
        PixelDescription d = twelve.description();
        PixelDescription baseline = new PixelDescription(d.rows(), d.columns(), 1, d.bitsAllocated(), d.bitsStored(),
                d.highBit(), d.signed(), 0, d.photometricInterpretation(), 1, d.modalityLut(), d.windows(),
                "1.2.840.10008.1.2.4.50");
        PixelData relabelled = PixelData.ofEncodedFrames("x.dcm", baseline, List.of(twelve.encodedFrame(0)));
        assertThat(relabelled.warnings()).containsExactly("the transfer syntax is JPEG Baseline (Process 1)"
                + " (1.2.840.10008.1.2.4.50) but its frame holds a 12-bit extended sequential DCT (Process 4, FF C1)"
                + " stream; decoded as the stream says");
        assertThat(Arrays.equals(relabelled.frame(0).copySamples(), twelve.frame(0).copySamples())).isTrue();
    }

    /** A damaged header must fail before anything the size of its claim is allocated. */
    @Test
    void absurdFrameSizeFailsBeforeAllocating() {
        PixelData pixels = PixelOracle.pixels("jpeg-dct/MR_small_ee12.dcm");
        byte[] stream = pixels.encodedFrame(0);
        int sof = indexOf(stream, (byte) 0xC1);
        stream[sof + 5] = (byte) 0xFF; // FF C1, length (2), precision, rows (2): rows 65 344
        stream[sof + 7] = (byte) 0xFF; // columns (2): 65 344
        PixelData damaged = PixelData.ofEncodedFrames("damaged.dcm", pixels.description(), List.of(stream));
        assertThatThrownBy(() -> damaged.frame(0)).isInstanceOf(PixelDataException.class)
                .hasMessage("damaged.dcm (7FE0,0010): frame 0: JPEG stream is 65344x65344 with 1 component(s) but the"
                        + " dataset says 64x64 with 1 sample(s) per pixel");
    }

    /** Each scan walks the whole frame: a stream of hundreds of scans is refused, not decoded for minutes. */
    @Test
    void aStreamOfTooManyScansIsRefused() {
        PixelData pixels = PixelOracle.pixels("jpeg-dct/MR_small_ep12.dcm");
        byte[] stream = pixels.encodedFrame(0);
        // the first scan (DC, first pass) decodes the same each time it is repeated
        int firstScan = indexOfPair(stream, (byte) 0xFF, (byte) 0xDA);
        int end = firstScan + 2;
        while (!(stream[end] == (byte) 0xFF && stream[end + 1] != 0 && (stream[end + 1] & 0xF8) != 0xD0)) {
            end++;
        }
        byte[] scan = Arrays.copyOfRange(stream, firstScan, end);
        byte[] many = new byte[firstScan + 300 * scan.length + 2];
        System.arraycopy(stream, 0, many, 0, firstScan);
        for (int k = 0; k < 300; k++) {
            System.arraycopy(scan, 0, many, firstScan + k * scan.length, scan.length);
        }
        many[many.length - 2] = (byte) 0xFF;
        many[many.length - 1] = (byte) 0xD9;
        assertThatThrownBy(() -> decodeOwn("scans.dcm", pixels, many, 0)).isInstanceOf(PixelDataException.class)
                .hasMessageStartingWith("scans.dcm (7FE0,0010): frame 0: JPEG stream has more than 256 scans (scan at"
                        + " byte ");
    }

    @Test
    void restartMarkerOutOfSequenceNamesTheOffset() {
        PixelData pixels = PixelOracle.pixels("jpeg-dct/grey_restart.dcm");
        byte[] stream = pixels.encodedFrame(0);
        int rst0 = indexOfPair(stream, (byte) 0xFF, (byte) 0xD0);
        stream[rst0 + 1] = (byte) 0xD3;
        PixelData damaged = PixelData.ofEncodedFrames("rst.dcm", pixels.description(), List.of(stream));
        assertThatThrownBy(() -> decodeOwn("rst.dcm", damaged, stream, 0)).isInstanceOf(PixelDataException.class)
                // cjpeg -restart 3: every 3 rows of 16 MCUs (128 columns / 8)
                .hasMessage("rst.dcm (7FE0,0010): frame 0: JPEG restart marker FF D0 expected before MCU 48 of 256"
                        + " but found FF D3 at byte " + rst0);
    }

    @ParameterizedTest
    @MethodSource("eightBitFixtures")
    void truncatedStreamsFailCleanly(String name) {
        PixelData pixels = PixelOracle.pixels(name);
        CorruptStreamsTest.assertTruncationsFailCleanly(name, pixels.encodedFrame(0),
                cut -> decodeOwn(name, pixels, cut, 0));
    }

    @ParameterizedTest
    @MethodSource("eightBitFixtures")
    void overwrittenBytesFailCleanlyOrDecode(String name) {
        PixelData pixels = PixelOracle.pixels(name);
        CorruptStreamsTest.assertOverwritesFailCleanlyOrDecode(name, pixels.encodedFrame(0),
                pixels.description().rows(), new Random(20261207L ^ name.hashCode()), 60,
                damaged -> decodeOwn(name, pixels, damaged, 0));
    }

    private static Frame decodeOwn(String source, PixelData pixels, byte[] stream, int index) {
        PixelDescription d = pixels.description();
        FrameRef ref = new FrameRef(source, index);
        int[] samples = JpegDctDecoder.decode(d, stream, ref);
        return new Frame(d.rows(), d.columns(), d.photometricInterpretation(), false, samples);
    }

    private static int indexOf(byte[] data, byte marker) {
        return indexOfPair(data, (byte) 0xFF, marker);
    }

    private static int indexOfPair(byte[] data, byte first, byte second) {
        for (int i = 0; i + 1 < data.length; i++) {
            if (data[i] == first && data[i + 1] == second) {
                return i;
            }
        }
        throw new AssertionError("marker not found");
    }
}
