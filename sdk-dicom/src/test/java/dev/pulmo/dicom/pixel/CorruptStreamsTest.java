package dev.pulmo.dicom.pixel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
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
                "liver_deflate.dcm", "jpeg-ls/SC_rgb_small_odd_ilv1.dcm", "jpeg-lossless/MR_small_sv4_pt3.dcm");
    }

    @ParameterizedTest
    @MethodSource("encodedFiles")
    void truncatedFramesFailCleanly(String name) {
        PixelData pixels = PixelOracle.pixels(name);
        byte[] frame = pixels.encodedFrame(0);
        for (int length : new int[] {0, 1, 2, 10, 40, frame.length / 3, frame.length / 2, frame.length - 3}) {
            if (length >= frame.length) {
                continue;
            }
            PixelData cut = PixelData.ofEncodedFrames(name, pixels.description(),
                    frames(pixels, Arrays.copyOf(frame, length)));
            assertThatThrownBy(() -> decodeWithin(cut)).as("%s cut to %d bytes", name, length)
                    .isInstanceOf(PixelDataException.class).hasMessageContaining(name + " (7FE0,0010): frame 0: ");
        }
    }

    @ParameterizedTest
    @MethodSource("encodedFiles")
    void overwrittenBytesFailCleanlyOrDecode(String name) {
        PixelData pixels = PixelOracle.pixels(name);
        byte[] frame = pixels.encodedFrame(0);
        Random random = new Random(20261124L ^ name.hashCode());
        for (int trial = 0; trial < 40; trial++) {
            byte[] damaged = frame.clone();
            for (int k = 0; k < 1 + trial % 4; k++) {
                damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
            }
            PixelData broken = PixelData.ofEncodedFrames(name, pixels.description(), frames(pixels, damaged));
            try {
                Frame decoded = decodeWithin(broken);
                assertThat(decoded.rows()).isEqualTo(pixels.description().rows());
            } catch (PixelDataException expected) {
                assertThat(expected).hasMessageContaining(name + " (7FE0,0010): frame 0: ");
            }
        }
    }

    private static Frame decodeWithin(PixelData pixels) {
        return Assertions.assertTimeoutPreemptively(Duration.ofSeconds(5), () -> pixels.frame(0));
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
