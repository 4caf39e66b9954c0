package dev.pulmo.dicom.pixel.internal.j2k;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.pulmo.dicom.pixel.PhotometricInterpretation;
import dev.pulmo.dicom.pixel.PixelData;
import dev.pulmo.dicom.pixel.PixelDataException;
import dev.pulmo.dicom.pixel.PixelDescription;
import dev.pulmo.dicom.pixel.ModalityLut;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damaged codestreams (fixtures made by {@code src/test/python/make_j2k_fixtures.sh}, plus conformance
 * streams): cut at many offsets, bytes overwritten at random (fixed seed), absurd SIZ/COD/QCD values. The
 * decoder either decodes or throws {@link J2kException} (never another exception, never a hang: each
 * stream's whole run has a time limit), allocations bounded by the sample budget the caller gives;
 * through {@link PixelData} the error is a {@link PixelDataException} naming the source, frame and offset.
 */
class J2kDamagedStreamsTest {
    private static final long BUDGET = 64 * 64 * 4;

    static Stream<String> streams() {
        return Stream.of("j2k-fixtures/mr_53_layers.j2k", "j2k-fixtures/mr_97_styles.j2k", "j2k-fixtures/mr_ht.j2c",
                "j2k-fixtures/mr_ht_lossy.j2c", "j2k-conformance/p0_10.j2k", "j2k-conformance/p1_06.j2k");
    }

    @ParameterizedTest
    @MethodSource("streams")
    void truncatedStreamsFailCleanly(String name) {
        byte[] stream = resource(name);
        long budget = budgetFor(stream);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int cut = 0; cut < stream.length - 2; cut += Math.max(1, stream.length / 150)) {
                byte[] truncated = java.util.Arrays.copyOf(stream, cut);
                int at = cut;
                assertThatThrownBy(() -> J2kDecoder.decode(truncated, 0, budget))
                        .as(name + " cut at " + at).isInstanceOf(J2kException.class);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("streams")
    void corruptedStreamsDecodeOrFailCleanly(String name) {
        byte[] stream = resource(name);
        long budget = budgetFor(stream);
        Random random = new Random(20261207L + name.hashCode());
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int trial = 0; trial < 400; trial++) {
                byte[] damaged = stream.clone();
                int flips = 1 + random.nextInt(3);
                for (int i = 0; i < flips; i++) {
                    int at = random.nextInt(damaged.length);
                    damaged[at] = trial % 2 == 0 ? (byte) (damaged[at] ^ (1 << random.nextInt(8)))
                            : (byte) random.nextInt(256);
                }
                try {
                    J2kDecoder.decode(damaged, 0, budget);
                } catch (J2kException expected) {
                    assertThat(expected.getMessage()).isNotBlank();
                } catch (RuntimeException | StackOverflowError other) {
                    fail(name + " trial " + trial + ": " + other, other);
                }
            }
        });
    }

    /** SIZ, COD and QCD values that would allocate gigabytes or make no sense are refused up front. */
    @Test
    void absurdHeaderValuesAreRefused() {
        byte[] stream = resource("j2k-fixtures/mr_ht.j2c");
        int siz = find(stream, 0xFF51);
        // Xsiz, Ysiz = 2^31 - 1: far above the budget
        byte[] huge = stream.clone();
        putInt(huge, siz + 6, 0x7FFFFFFF);
        putInt(huge, siz + 10, 0x7FFFFFFF);
        putInt(huge, siz + 22, 0x7FFFFFFF);
        putInt(huge, siz + 26, 0x7FFFFFFF);
        assertThatThrownBy(() -> J2kDecoder.decode(huge, 0, BUDGET)).isInstanceOf(J2kException.class)
                .hasMessageContaining("but at most " + BUDGET + " are expected");
        // 1 x 1 tiles on a big image: more than the 65535 tiles ISot can name
        byte[] tiles = huge.clone();
        putInt(tiles, siz + 22, 1);
        putInt(tiles, siz + 26, 1);
        assertThatThrownBy(() -> J2kDecoder.decode(tiles, 0, BUDGET)).isInstanceOf(J2kException.class)
                .hasMessageContaining("tiles; at most 65535");
        // zero subsampling
        byte[] subsampled = stream.clone();
        subsampled[siz + 4 + 36 + 1] = 0;
        assertThatThrownBy(() -> J2kDecoder.decode(subsampled, 0, BUDGET)).isInstanceOf(J2kException.class)
                .hasMessageContaining("XRsiz 0");
        // 31-bit samples
        byte[] deep = stream.clone();
        deep[siz + 4 + 36] = 30;
        assertThatThrownBy(() -> J2kDecoder.decode(deep, 0, BUDGET)).isInstanceOf(J2kException.class)
                .hasMessageContaining("31-bit samples");
        int cod = find(stream, 0xFF52);
        // 33 decomposition levels, code-blocks of 2^17
        byte[] levels = stream.clone();
        levels[cod + 9] = 33;
        assertThatThrownBy(() -> J2kDecoder.decode(levels, 0, BUDGET)).isInstanceOf(J2kException.class)
                .hasMessageContaining("decomposition levels 33");
        byte[] blocks = stream.clone();
        blocks[cod + 10] = 15;
        assertThatThrownBy(() -> J2kDecoder.decode(blocks, 0, BUDGET)).isInstanceOf(J2kException.class)
                .hasMessageContaining("code-block size");
        // a marker segment length running past the end
        byte[] length = stream.clone();
        length[cod + 2] = (byte) 0xFF;
        assertThatThrownBy(() -> J2kDecoder.decode(length, 0, BUDGET)).isInstanceOf(J2kException.class)
                .hasMessageContaining("runs past the end of the codestream");
    }

    /** Through PixelData: a PixelDataException naming the source, the frame and the byte offset. */
    @Test
    void pixelDataNamesSourceFrameAndOffset() {
        byte[] stream = resource("j2k-fixtures/mr_53_layers.j2k");
        byte[] truncated = java.util.Arrays.copyOf(stream, stream.length / 2);
        PixelDescription description = new PixelDescription(64, 64, 1, 16, 16, 15, false, 0,
                PhotometricInterpretation.MONOCHROME2, 2, ModalityLut.IDENTITY, List.of(), "1.2.840.10008.1.2.4.90");
        PixelData pixels = PixelData.ofEncodedFrames("mr.dcm", description, List.of(stream, truncated));
        assertThat(pixels.frame(0).rows()).isEqualTo(64);
        assertThatThrownBy(() -> pixels.frame(1)).isInstanceOf(PixelDataException.class)
                .hasMessageStartingWith("mr.dcm (7FE0,0010): frame 1: JPEG 2000 stream byte offset ")
                .hasMessageContaining("truncated or corrupt");
    }

    private static long budgetFor(byte[] stream) {
        // the image's own size, as PixelData passes Rows x Columns x Samples per Pixel
        try {
            J2kImage image = J2kDecoder.decode(stream, 0, Long.MAX_VALUE);
            long samples = 0;
            for (int[] plane : image.planes()) {
                samples += plane.length;
            }
            return samples;
        } catch (J2kException e) {
            throw new AssertionError("fixture does not decode", e);
        }
    }

    private static int find(byte[] stream, int marker) {
        for (int i = 0; i + 1 < stream.length; i++) {
            if ((stream[i] & 0xFF) == marker >> 8 && (stream[i + 1] & 0xFF) == (marker & 0xFF)) {
                return i;
            }
        }
        throw new AssertionError("no marker " + Integer.toHexString(marker));
    }

    private static void putInt(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >> 24);
        bytes[at + 1] = (byte) (value >> 16);
        bytes[at + 2] = (byte) (value >> 8);
        bytes[at + 3] = (byte) value;
    }

    static byte[] resource(String name) {
        try (InputStream in = J2kDamagedStreamsTest.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
