package dev.pulmo.dicom.pixel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Malformed input gets a {@link PixelDataException} naming the source, the frame and what was expected. */
class PixelDataErrorsTest {
    private static final String RLE = "MR_small_RLE.dcm";

    @Test
    void frameIndexOutOfRange() {
        PixelData pixels = PixelData.of("MR_small.dcm", PixelOracle.description("MR_small.dcm"),
                PixelOracle.pixelValue("MR_small.dcm"));
        assertThatThrownBy(() -> pixels.frame(1)).isInstanceOf(PixelDataException.class)
                .hasMessage("MR_small.dcm: frame index 1 out of range; the Pixel Data has 1 frame(s), indices 0 to 0");
        assertThatThrownBy(() -> pixels.frame(-1)).isInstanceOf(PixelDataException.class)
                .hasMessageContaining("frame index -1 out of range");
    }

    @Test
    void nativeDataShorterThanItsFrames() {
        byte[] cut = Arrays.copyOf(PixelOracle.pixelValue("MR_small.dcm"), 8130);
        assertThatThrownBy(() -> PixelData.of("cut.dcm", PixelOracle.description("MR_small.dcm"), cut))
                .isInstanceOf(PixelDataException.class)
                .hasMessage("cut.dcm: native Pixel Data holds 8130 bytes but 1 frame(s) of 64x64 with 1 sample(s)"
                        + " of 16 bits need 8192");
    }

    @Test
    void rleSegmentOffsetOutOfRange() {
        byte[] frame = rleFrame();
        ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 99999); // second segment offset
        assertThatThrownBy(() -> rle(frame).frame(0)).isInstanceOf(PixelDataException.class)
                .hasMessageStartingWith("bad.dcm frame 0: RLE segment 2 offset 99999 (header byte 8) out of range")
                .hasMessageContaining("before the end of the " + frame.length + "-byte frame");
    }

    @Test
    void rleSegmentOffsetsMustIncrease() {
        byte[] frame = rleFrame();
        ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 64); // second segment = first
        assertThatThrownBy(() -> rle(frame).frame(0)).isInstanceOf(PixelDataException.class)
                .hasMessageContaining("RLE segment 2 offset 64 (header byte 8) out of range");
    }

    @Test
    void rleSegmentCountMustMatchTheSamples() {
        byte[] frame = rleFrame();
        ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 3);
        assertThatThrownBy(() -> rle(frame).frame(0)).isInstanceOf(PixelDataException.class)
                .hasMessageContaining("RLE header declares 3 segments but 1 sample(s) of 16 bits need 2");
    }

    @Test
    void rleSegmentThatDecodesShort() {
        byte[] frame = rleFrame();
        byte[] cut = Arrays.copyOf(frame, frame.length - 200);
        assertThatThrownBy(() -> rle(cut).frame(0)).isInstanceOf(PixelDataException.class)
                .hasMessageMatching("bad\\.dcm frame 0: RLE segment 2 at frame byte \\d+: (decodes to \\d+ bytes,"
                        + " expected 4096 \\(rows x columns\\)|.*overruns the segment.*)");
    }

    @Test
    void rleHeaderTruncated() {
        assertThatThrownBy(() -> rle(new byte[10]).frame(0)).isInstanceOf(PixelDataException.class)
                .hasMessage("bad.dcm frame 0: RLE frame of 10 bytes is shorter than its 64-byte header");
    }

    @Test
    void truncatedFragment() {
        byte[] value = PixelOracle.pixelValue(RLE);
        int firstFragmentItem = 8 + 4 * expectedOffsetTableEntries(RLE);
        byte[] cut = Arrays.copyOf(value, value.length - 100);
        int declared = value.length - firstFragmentItem - 8;
        assertThatThrownBy(() -> PixelData.of("cut.dcm", PixelOracle.description(RLE), cut))
                .isInstanceOf(PixelDataException.class)
                .hasMessage("cut.dcm: encapsulated Pixel Data item at byte " + firstFragmentItem + " declares "
                        + declared + " bytes but only " + (declared - 100) + " remain");
    }

    @Test
    void itemHeaderCutShort() {
        byte[] value = Arrays.copyOf(PixelOracle.pixelValue(RLE), 8 + 4 * expectedOffsetTableEntries(RLE) + 5);
        assertThatThrownBy(() -> PixelData.of("cut.dcm", PixelOracle.description(RLE), value))
                .isInstanceOf(PixelDataException.class)
                .hasMessageContaining("ends inside an item header at byte " + (8 + 4 * expectedOffsetTableEntries(RLE)));
    }

    @Test
    void somethingElseThanAnItem() {
        byte[] value = PixelOracle.pixelValue(RLE).clone();
        value[2] = 0x10; // (FFFE,E010)
        assertThatThrownBy(() -> PixelData.of("odd.dcm", PixelOracle.description(RLE), value))
                .isInstanceOf(PixelDataException.class)
                .hasMessage("odd.dcm: encapsulated Pixel Data: expected an item tag (FFFE,E000) at byte 0, found (FFFE,E010)");
    }

    @Test
    void offsetTableWithFewerFramesThanNumberOfFrames() {
        PixelDescription twoFrames = withFrames(PixelOracle.description(RLE), 2);
        byte[] value = PixelOracle.pixelValue(RLE); // its Basic Offset Table has 1 entry
        assertThatThrownBy(() -> PixelData.of("few.dcm", twoFrames, value)).isInstanceOf(PixelDataException.class)
                .hasMessage("few.dcm: encapsulated Pixel Data holds 1 frame(s) but Number of Frames (0028,0008) is 2");
    }

    @Test
    void fewerFragmentsThanFramesWithoutOffsetTable() {
        PixelDescription threeFrames = withFrames(PixelOracle.description(RLE), 3);
        byte[] value = {(byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xE0, 0, 0, 0, 0, // empty Basic Offset Table
            (byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xE0, 2, 0, 0, 0, 1, 2, // fragment 1
            (byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xE0, 2, 0, 0, 0, 3, 4}; // fragment 2
        assertThatThrownBy(() -> PixelData.of("few.dcm", threeFrames, value)).isInstanceOf(PixelDataException.class)
                .hasMessage("few.dcm: encapsulated Pixel Data has an empty Basic Offset Table and 2 fragment(s),"
                        + " fewer than its 3 frames");
    }

    @Test
    void corruptJpeg() {
        String name = "SC_rgb_jpeg_dcmtk.dcm";
        PixelData pixels = PixelData.of(name, PixelOracle.description(name), PixelOracle.pixelValue(name));
        byte[] broken = Arrays.copyOf(pixels.encodedFrame(0), 200);
        PixelData cut = PixelData.ofEncodedFrames("cut.dcm", PixelOracle.description(name), List.of(broken));
        assertThatThrownBy(() -> cut.frame(0)).isInstanceOf(PixelDataException.class)
                .hasMessageStartingWith("cut.dcm frame 0: JPEG stream cannot be decoded");
    }

    @Test
    void contradictoryAttributesAreRejected() {
        assertThatThrownBy(() -> new PixelDescription(4, 4, 1, 12, 12, 11, false, 0,
                PhotometricInterpretation.MONOCHROME2, 1, ModalityLut.IDENTITY, List.of(), "1.2.840.10008.1.2"))
                .hasMessage("Bits Allocated (0028,0100) must be 1, 8, 16 or 32, got 12");
        assertThatThrownBy(() -> new PixelDescription(4, 4, 1, 16, 12, 15, false, 0,
                PhotometricInterpretation.RGB, 1, ModalityLut.IDENTITY, List.of(), "1.2.840.10008.1.2"))
                .hasMessage("Samples per Pixel (0028,0002) is 1 but RGB needs 3");
        assertThatThrownBy(() -> PhotometricInterpretation.fromCode("HSV"))
                .isInstanceOf(PixelDataException.class).hasMessageContaining("'HSV' is not supported");
    }

    private static byte[] rleFrame() {
        PixelData pixels = PixelData.of(RLE, PixelOracle.description(RLE), PixelOracle.pixelValue(RLE));
        return pixels.encodedFrame(0);
    }

    private static PixelData rle(byte[] frame) {
        return PixelData.ofEncodedFrames("bad.dcm", PixelOracle.description(RLE), List.of(frame));
    }

    private static int expectedOffsetTableEntries(String name) {
        return PixelOracle.expected(name).get("dataset").get("7FE00010").get("BulkData").get("offset_table_entries").asInt();
    }

    static PixelDescription withFrames(PixelDescription d, int frames) {
        return new PixelDescription(d.rows(), d.columns(), d.samplesPerPixel(), d.bitsAllocated(), d.bitsStored(),
                d.highBit(), d.signed(), d.planarConfiguration(), d.photometricInterpretation(), frames,
                d.modalityLut(), d.windows(), d.transferSyntaxUid());
    }
}
