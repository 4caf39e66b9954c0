package dev.pulmo.dicom.pixel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RLE Lossless with Bits Allocated 1, by hand: one segment of one byte per pixel (PS3.5 G.2 pads each composite
 * pixel code to 8 bits; pydicom 3.1 and highdicom write binary frames so). The files of
 * {@code src/test/resources/rle-1bit} are compared with pydicom's PackBits decoding in {@link OracleFramesTest}.
 */
class RleOneBitTest {
    private static final String RLE = "1.2.840.10008.1.2.5";

    @Test
    void eachByteGivesOnePixelItsLeastSignificantBit() {
        // 3 x 5 = 15 pixels: a literal run of 6, a replicate run of 5 ones, a literal run of 4
        byte[] segment = {5, 0, 1, 1, 0, 1, 0, -4, 1, 3, 0, 1, 2, 3};
        Frame frame = PixelData.ofEncodedFrames("hand.dcm", description(3, 5, 1), List.of(frame(segment))).frame(0);
        int[] expected = {0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 0, 1};
        assertThat(frame.copySamples()).containsExactly(expected);
        assertThat(frame.foreground()).containsExactly(false, true, true, false, true, false, true, true, true, true,
                true, false, true, false, true);
    }

    @Test
    void framesNeedNotEndOnAByte() {
        // two frames of 3 x 3: the native layout would share a byte between them; RLE frames stand alone
        byte[] ones = {-8, 1};
        byte[] zeros = {-8, 0};
        PixelData pixels = PixelData.ofEncodedFrames("two.dcm", description(3, 3, 2),
                List.of(frame(ones), frame(zeros)));
        assertThat(pixels.frame(0).copySamples()).containsOnly(1).hasSize(9);
        assertThat(pixels.frame(1).copySamples()).containsOnly(0).hasSize(9);
    }

    @Test
    void oneSegmentIsExpected() {
        byte[] frame = frame(new byte[] {-8, 1});
        frame[0] = 2;
        assertThatThrownBy(() -> PixelData.ofEncodedFrames("bad.dcm", description(3, 3, 1), List.of(frame)).frame(0))
                .isInstanceOf(PixelDataException.class)
                .hasMessage("bad.dcm (7FE0,0010): frame 0: RLE header declares 2 segments but 1 sample(s) of 1 bits"
                        + " need 1 (at most 15)");
    }

    @Test
    void aShortSegmentNamesItsOffset() {
        assertThatThrownBy(() -> PixelData.ofEncodedFrames("short.dcm", description(3, 3, 1),
                List.of(frame(new byte[] {-4, 1}))).frame(0))
                .isInstanceOf(PixelDataException.class)
                .hasMessage("short.dcm (7FE0,0010): frame 0: RLE segment 1 at frame byte 64: decodes to 5 bytes,"
                        + " expected 9 (rows x columns)");
    }

    private static byte[] frame(byte[] segment) {
        byte[] frame = new byte[64 + segment.length];
        frame[0] = 1;
        frame[4] = 64;
        System.arraycopy(segment, 0, frame, 64, segment.length);
        return frame;
    }

    private static PixelDescription description(int rows, int columns, int frames) {
        return new PixelDescription(rows, columns, 1, 1, 1, 0, false, 0, PhotometricInterpretation.MONOCHROME2,
                frames, ModalityLut.IDENTITY, List.of(), RLE);
    }
}
