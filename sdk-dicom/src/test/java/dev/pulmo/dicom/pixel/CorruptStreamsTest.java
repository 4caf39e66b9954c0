package dev.pulmo.dicom.pixel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.function.ThrowingSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damaged encoded frames (cut short, or with bytes overwritten at random, fixed seed) either decode or
 * fail with a {@link PixelDataException}: never another exception, never a hang.
 */
class CorruptStreamsTest {

    static Stream<String> encodedFiles() {
        return Stream.of("MR_small_RLE.dcm", "SC_rgb_rle_2frame.dcm", "JPEG-LL.dcm", "SC_rgb_jpeg_gdcm.dcm",
                "MR_small_jpeg_ls_lossless.dcm", "JLSN_RGB_ILV0.dcm", "sm_image_jpegls.dcm", "SC_rgb_jpeg_dcmtk.dcm",
                "liver_deflate.dcm", "jpeg-ls/SC_rgb_small_odd_ilv1.dcm", "jpeg-lossless/MR_small_sv4_pt3.dcm",
                // 12-bit and progressive DCT JPEG, through JpegDctDecoder (8-bit DCT streams go through the JDK's
                // reader; JpegDctDecoderTest damages those for JpegDctDecoder itself)
                "JPGExtended.dcm", "jpeg-dct/CT_small_ee12_q50.dcm", "jpeg-dct/MR_small_ep12.dcm",
                "jpeg-dct/ExplVR_BigEnd_ee12.dcm", "jpeg-dct/rtdose_ep12.dcm",
                // RLE with Bits Allocated 1
                "rle-1bit/liver_1frame_rle.dcm", "rle-1bit/random_37x23x3_rle.dcm");
    }

    @ParameterizedTest
    @MethodSource("encodedFiles")
    void truncatedFramesFailCleanly(String name) {
        PixelData pixels = PixelOracle.pixels(name);
        assertTruncationsFailCleanly(name, pixels.encodedFrame(0), cut -> PixelData.ofEncodedFrames(name,
                pixels.description(), frames(pixels, cut)).frame(0));
    }

    @ParameterizedTest
    @MethodSource("encodedFiles")
    void overwrittenBytesFailCleanlyOrDecode(String name) {
        PixelData pixels = PixelOracle.pixels(name);
        assertOverwritesFailCleanlyOrDecode(name, pixels.encodedFrame(0), pixels.description().rows(),
                new Random(20261124L ^ name.hashCode()), 40, damaged -> PixelData.ofEncodedFrames(name,
                        pixels.description(), frames(pixels, damaged)).frame(0));
    }

    /** {@code decode} of the frame cut to several lengths throws a {@link PixelDataException} naming frame 0. */
    static void assertTruncationsFailCleanly(String name, byte[] frame, Function<byte[], Frame> decode) {
        for (int length : new int[] {0, 1, 2, 10, 40, frame.length / 3, frame.length / 2, frame.length - 3}) {
            if (length >= frame.length) {
                continue;
            }
            byte[] cut = Arrays.copyOf(frame, length);
            assertThatThrownBy(() -> within(() -> decode.apply(cut))).as("%s cut to %d bytes", name, length)
                    .isInstanceOf(PixelDataException.class).hasMessageContaining(name + " (7FE0,0010): frame 0: ");
        }
    }

    /** {@code decode} of the frame with 1-4 random bytes overwritten decodes or throws a {@link PixelDataException}. */
    static void assertOverwritesFailCleanlyOrDecode(String name, byte[] frame, int rows, Random random, int trials,
            Function<byte[], Frame> decode) {
        for (int trial = 0; trial < trials; trial++) {
            byte[] damaged = frame.clone();
            for (int k = 0; k < 1 + trial % 4; k++) {
                damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
            }
            try {
                Frame decoded = within(() -> decode.apply(damaged));
                assertThat(decoded.rows()).isEqualTo(rows);
            } catch (PixelDataException expected) {
                assertThat(expected).hasMessageContaining(name + " (7FE0,0010): frame 0: ");
            }
        }
    }

    private static Frame within(ThrowingSupplier<Frame> work) {
        return Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), work);
    }

    private static List<byte[]> frames(PixelData pixels, byte[] first) {
        byte[][] all = new byte[pixels.frameCount()][];
        all[0] = first;
        for (int k = 1; k < all.length; k++) {
            all[k] = pixels.encodedFrame(k);
        }
        return List.of(all);
    }
}
