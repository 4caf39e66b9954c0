package dev.pulmo.dicom.pixel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The .npy format of {@link NumpyArrays}, against what {@code numpy.save} writes (numpy 1.24, Debian bookworm: the
 * header strings below are its output for arrays of these shapes and dtypes) and values worked out by hand. Whole
 * files are compared with pydicom's pixel_array in sdk-cli's PixelsCommandTest.
 */
class NumpyArraysTest {

    @Test
    void headerIsNumpysByteForByte() {
        assertThat(new String(NumpyArrays.header("<u2", new long[] {3, 512, 512}), StandardCharsets.ISO_8859_1))
                .isEqualTo("\u0093NUMPY\u0001\u0000v\u0000{'descr': '<u2', 'fortran_order': False, 'shape': (3, 512, 512), }"
                        + " ".repeat(51) + "\n");
        assertThat(new String(NumpyArrays.header("|u1", new long[] {1, 10, 10, 3}), StandardCharsets.ISO_8859_1))
                .isEqualTo("\u0093NUMPY\u0001\u0000v\u0000{'descr': '|u1', 'fortran_order': False, 'shape': (1, 10, 10, 3), }"
                        + " ".repeat(50) + "\n");
        // a longer dict moves to the next 64-byte boundary
        byte[] wide = NumpyArrays.header("<i4", new long[] {100000, 65535, 65535, 3});
        assertThat(wide.length % 64).isZero();
        assertThat(wide[wide.length - 1]).isEqualTo((byte) '\n');
    }

    @Test
    void dtypeFollowsBitsAllocatedAndPixelRepresentation() {
        assertThat(NumpyArrays.dtype(description(1, 1, false))).isEqualTo("|u1");
        assertThat(NumpyArrays.dtype(description(8, 8, false))).isEqualTo("|u1");
        assertThat(NumpyArrays.dtype(description(8, 8, true))).isEqualTo("|i1");
        assertThat(NumpyArrays.dtype(description(16, 12, false))).isEqualTo("<u2");
        assertThat(NumpyArrays.dtype(description(16, 12, true))).isEqualTo("<i2");
        assertThat(NumpyArrays.dtype(description(32, 32, false))).isEqualTo("<u4");
        assertThat(NumpyArrays.dtype(description(32, 32, true))).isEqualTo("<i4");
    }

    /** 12 bits stored, signed, high bit 13 in 16: words 0x3FFC and 0x2004 hold -1 and -2047 (PS3.5 8.1.1). */
    @Test
    void valuesAreSignExtendedFromBitsStoredLittleEndian() throws Exception {
        PixelDescription d = new PixelDescription(1, 2, 1, 16, 12, 13, true, 0, PhotometricInterpretation.MONOCHROME2, 1,
                ModalityLut.IDENTITY, List.of(), "1.2.840.10008.1.2.1");
        byte[] words = {(byte) 0xFC, 0x3F, 0x04, 0x20};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NumpyArrays.write(PixelData.ofNative("hand.dcm", d, words), 0, 1, out);
        byte[] file = out.toByteArray();
        assertThat(file).hasSize(128 + 4);
        ByteBuffer data = ByteBuffer.wrap(file, 128, 4).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(data.getShort()).isEqualTo((short) -1);
        assertThat(data.getShort()).isEqualTo((short) -2047);
    }

    private static PixelDescription description(int allocated, int stored, boolean signed) {
        return new PixelDescription(2, 2, 1, allocated, stored, stored - 1, signed, 0,
                PhotometricInterpretation.MONOCHROME2, 1, ModalityLut.IDENTITY, List.of(), "1.2.840.10008.1.2.1");
    }
}
