package dev.pulmo.dicom.pixel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.Tag;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Malformed input gets a {@link PixelDataException} (a {@link DicomException}) naming the source, the
 * tag, the frame and what was expected. Malformed items of encapsulated data are the reader's to reject.
 */
class PixelDataErrorsTest {
    private static final String RLE = "MR_small_RLE.dcm";

    @Test
    void frameIndexOutOfRange() {
        PixelData pixels = PixelOracle.pixels("MR_small.dcm");
        assertThatThrownBy(() -> pixels.frame(1)).isInstanceOf(DicomException.class)
                .hasMessage(PixelOracle.corpus().resolve("MR_small.dcm").toAbsolutePath().normalize() + " (7FE0,0010): frame index 1 out of range; the Pixel Data has 1 frame(s),"
                        + " indices 0 to 0");
        assertThatThrownBy(() -> pixels.frame(-1)).isInstanceOf(PixelDataException.class)
                .hasMessageContaining("frame index -1 out of range");
        PixelData rle = PixelOracle.pixels("SC_rgb_rle_2frame.dcm");
        assertThatThrownBy(() -> rle.encodedFrame(2)).isInstanceOf(PixelDataException.class)
                .hasMessageContaining("frame index 2 out of range; the Pixel Data has 2 frame(s), indices 0 to 1");
    }

    @Test
    void nativeDataShorterThanItsFrames() {
        DicomFile file = PixelOracle.read("MR_small.dcm");
        byte[] cut = Arrays.copyOf(file.dataset().get(Tag.PixelData).orElseThrow().bytes(), 8130);
        assertThatThrownBy(() -> PixelData.ofNative("cut.dcm", PixelDescription.from(file), cut))
                .isInstanceOf(PixelDataException.class)
                .hasMessage("cut.dcm (7FE0,0010): native Pixel Data holds 8130 bytes but 1 frame(s) of 64x64 with"
                        + " 1 sample(s) of 16 bits need 8192");
    }

    @Test
    void rleSegmentOffsetOutOfRange() {
        byte[] frame = rleFrame();
        ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 99999); // second segment offset
        assertThatThrownBy(() -> rle(frame).frame(0)).isInstanceOf(PixelDataException.class)
                .hasMessageStartingWith("bad.dcm (7FE0,0010): frame 0: RLE segment 2 offset 99999 (header byte 8)"
                        + " out of range")
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
                .hasMessageMatching("bad\\.dcm \\(7FE0,0010\\): frame 0: RLE segment 2 at frame byte \\d+: "
                        + "(decodes to \\d+ bytes, expected 4096 \\(rows x columns\\)|.*overruns the segment.*)");
    }

    @Test
    void rleHeaderTruncated() {
        assertThatThrownBy(() -> rle(new byte[10]).frame(0)).isInstanceOf(PixelDataException.class)
                .hasMessage("bad.dcm (7FE0,0010): frame 0: RLE frame of 10 bytes is shorter than its 64-byte header");
    }

    @Test
    void encodedFrameCountMustMatchNumberOfFrames() {
        PixelDescription description = PixelOracle.pixels(RLE).description();
        assertThatThrownBy(() -> PixelData.ofEncodedFrames("few.dcm", description, List.of()))
                .isInstanceOf(PixelDataException.class)
                .hasMessage("few.dcm (7FE0,0010): encapsulated Pixel Data holds 0 frame(s) but Number of Frames"
                        + " (0028,0008) is 1");
    }

    @Test
    void corruptJpeg() {
        String name = "SC_rgb_jpeg_dcmtk.dcm";
        PixelData pixels = PixelOracle.pixels(name);
        byte[] broken = Arrays.copyOf(pixels.encodedFrame(0), 200);
        PixelData cut = PixelData.ofEncodedFrames("cut.dcm", pixels.description(), List.of(broken));
        assertThatThrownBy(() -> cut.frame(0)).isInstanceOf(PixelDataException.class)
                .hasMessageStartingWith("cut.dcm (7FE0,0010): frame 0: JPEG stream cannot be decoded");
    }

    @Test
    void headerOnlyReadHasNoPixelData() {
        DicomFile header = DicomReader.create().withStopBeforePixelData(true)
                .read(PixelOracle.corpus().resolve("CT_small.dcm"));
        assertThatThrownBy(() -> PixelData.from(header)).isInstanceOf(PixelDataException.class)
                .hasMessageStartingWith(PixelOracle.corpus().resolve("CT_small.dcm").toAbsolutePath().normalize() + " (7FE0,0010): the dataset has no Pixel Data");
    }

    @Test
    void floatPixelDataIsNotSupported() {
        assertThatThrownBy(() -> PixelOracle.pixels("parametric_map_float.dcm")).isInstanceOf(PixelDataException.class)
                .hasMessageContaining("Float or Double Float Pixel Data, which is not supported");
    }

    @Test
    void missingAttributesAreNamed() {
        DicomFile file = PixelOracle.read("CT_small.dcm");
        DicomFile noRows = new DicomFile(file.source(), file.preamble(), file.fileMeta(), file.transferSyntax(),
                file.dataset().toBuilder().remove(Tag.Rows).build(), List.of());
        assertThatThrownBy(() -> PixelDescription.from(noRows)).isInstanceOf(PixelDataException.class)
                .hasMessage(PixelOracle.corpus().resolve("CT_small.dcm").toAbsolutePath().normalize() + " (0028,0010): Rows is missing; the Image Pixel module requires it");
        DicomFile odd = new DicomFile(file.source(), file.preamble(), file.fileMeta(), file.transferSyntax(),
                file.dataset().toBuilder().putLongs(Tag.BitsAllocated, dev.pulmo.dicom.VR.US, 12).build(), List.of());
        assertThatThrownBy(() -> PixelDescription.from(odd)).isInstanceOf(PixelDataException.class)
                .hasMessage(PixelOracle.corpus().resolve("CT_small.dcm").toAbsolutePath().normalize() + ": Bits Allocated (0028,0100) must be 1, 8, 16 or 32, got 12");
    }

    @Test
    void contradictoryAttributesAreRejected() {
        assertThatThrownBy(() -> new PixelDescription(4, 4, 1, 16, 12, 15, false, 0,
                PhotometricInterpretation.RGB, 1, ModalityLut.IDENTITY, List.of(), "1.2.840.10008.1.2"))
                .hasMessage("Samples per Pixel (0028,0002) is 1 but RGB needs 3");
        assertThatThrownBy(() -> PhotometricInterpretation.fromCode("HSV"))
                .isInstanceOf(PixelDataException.class).hasMessageContaining("'HSV' is not supported");
        assertThat(PhotometricInterpretation.fromCode("PALETTE COLOR ")).isEqualTo(PhotometricInterpretation.PALETTE_COLOR);
    }

    private static byte[] rleFrame() {
        return PixelOracle.pixels(RLE).encodedFrame(0);
    }

    private static PixelData rle(byte[] frame) {
        return PixelData.ofEncodedFrames("bad.dcm", PixelOracle.pixels(RLE).description(), List.of(frame));
    }
}
