package dev.pulmo.dicom.pixel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Native layouts the corpus lacks, on hand-made bytes (PS3.5 8.1.1, 8.2; PS3.3 C.7.6.3.1.2). */
class NativeLayoutTest {
    private static final String LITTLE = "1.2.840.10008.1.2.1";
    private static final String BIG = "1.2.840.10008.1.2.2";

    @Test
    void oneBitFramesNeedNotStartOnAByte() {
        // two 3x3 frames = 18 bits, first pixel in the least significant bit:
        // frame 0 = 1 0 0 / 0 0 0 / 0 0 1, frame 1 = 0 1 1 / 0 0 0 / 0 0 1
        byte[] bits = {0x01, 0x0D, 0x02};
        PixelData pixels = PixelData.ofNative("mask", grey(3, 3, 1, 1, 0, false, 2, LITTLE), bits);
        assertThat(pixels.frame(0).foreground()).containsExactly(true, false, false, false, false, false, false, false, true);
        assertThat(pixels.frame(1).foreground()).containsExactly(false, true, true, false, false, false, false, false, true);
        assertThat(pixels.frame(1).isForeground(2, 0)).isTrue();
        assertThat(pixels.frame(1).isForeground(0, 0)).isFalse();
    }

    @Test
    void signedTwelveBitsAreSignExtendedAndHighBitsIgnored() {
        // 0x0FFF -> -1, 0x0800 -> -2048, 0xF7FF (overlay bits above bit 11) -> 0x7FF = 2047
        byte[] value = {(byte) 0xFF, 0x0F, 0x00, 0x08, (byte) 0xFF, (byte) 0xF7};
        Frame frame = PixelData.ofNative("ct", grey(1, 3, 16, 12, 11, true, 1, LITTLE), value).frame(0);
        assertThat(new long[] {frame.sample(0, 0, 0), frame.sample(1, 0, 0), frame.sample(2, 0, 0)})
                .containsExactly(-1, -2048, 2047);
    }

    @Test
    void highBitAboveBitsStoredShiftsTheField() {
        // bits stored 8 ending at bit 11: 0x0AB0 -> 0xAB
        Frame frame = PixelData.ofNative("x", grey(1, 1, 16, 8, 11, false, 1, LITTLE), new byte[] {(byte) 0xB0, 0x0A}).frame(0);
        assertThat(frame.sample(0, 0, 0)).isEqualTo(0xAB);
    }

    @Test
    void thirtyTwoBitsUnsignedBigEndianAndSignedLittleEndian() {
        Frame unsigned = PixelData.ofNative("dose", grey(1, 1, 32, 32, 31, false, 1, BIG),
                new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFE}).frame(0);
        assertThat(unsigned.sample(0, 0, 0)).isEqualTo(4294967294L);
        assertThat(unsigned.maxSample()).isEqualTo(4294967294L);
        Frame signed = PixelData.ofNative("s", grey(1, 1, 32, 32, 31, true, 1, LITTLE),
                new byte[] {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}).frame(0);
        assertThat(signed.sample(0, 0, 0)).isEqualTo(-2);
    }

    @Test
    void planarRgbIsInterleaved() {
        byte[] planes = {1, 2, 11, 12, 21, 22}; // R1 R2 G1 G2 B1 B2
        Frame frame = PixelData.ofNative("rgb", colour(PhotometricInterpretation.RGB, 1, 2), planes).frame(0);
        assertThat(frame.copySamples()).containsExactly(1, 11, 21, 2, 12, 22);
    }

    @Test
    void ybrFull422IsExpandedAndConverts() {
        // Y1 Y2 Cb Cr: both pixels share Cb = 128 and Cr = 128, so RGB is grey Y
        byte[] value = {10, 20, (byte) 128, (byte) 128};
        Frame frame = PixelData.ofNative("ybr", colour(PhotometricInterpretation.YBR_FULL_422, 0, 2), value).frame(0);
        assertThat(frame.copySamples()).containsExactly(10, 128, 128, 20, 128, 128);
        assertThat(frame.toRgb().copySamples()).containsExactly(10, 10, 10, 20, 20, 20);
    }

    @Test
    void ybrFullToRgbUsesTheStandardsEquations() {
        // Y 100, Cb 150, Cr 90: R = 100 + 1.402*(-38) = 46.72, G = 100 - 0.344136*22 - 0.714136*(-38) = 119.57,
        // B = 100 + 1.772*22 = 138.98
        Frame frame = new Frame(1, 1, PhotometricInterpretation.YBR_FULL, false, new int[] {100, 150, 90});
        assertThat(frame.toRgb().copySamples()).containsExactly(47, 120, 139);
    }

    private static PixelDescription grey(int rows, int columns, int allocated, int stored, int highBit, boolean signed,
            int frames, String syntax) {
        return new PixelDescription(rows, columns, 1, allocated, stored, highBit, signed, 0,
                PhotometricInterpretation.MONOCHROME2, frames, ModalityLut.IDENTITY, List.of(), syntax);
    }

    private static PixelDescription colour(PhotometricInterpretation photometric, int planar, int columns) {
        return new PixelDescription(1, columns, 3, 8, 8, 7, false, planar, photometric, 1, ModalityLut.IDENTITY,
                List.of(), LITTLE);
    }
}
