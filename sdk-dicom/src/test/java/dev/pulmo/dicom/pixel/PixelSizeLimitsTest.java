package dev.pulmo.dicom.pixel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.DicomWriter;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.TransferSyntax;
import dev.pulmo.dicom.VR;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rows × Columns (× samples × bits × frames) in long arithmetic: 65535² is refused with its size, never wrapped. */
class PixelSizeLimitsTest {

    @Test
    void largestRowsAndColumnsAreRefusedWithTheirTrueSize() {
        byte[] file = DicomWriter.toBytes(image(65535, 65535, 1, 8), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThatThrownBy(() -> PixelData.from(DicomReader.create().read(file, "huge.dcm")))
                .isInstanceOf(PixelDataException.class)
                .hasMessage("huge.dcm: a frame of 65535 x 65535 pixels with 1 sample(s) holds 4294836225 samples; at "
                        + "most 2147483639 can be decoded (one Java array)")
                .hasMessageNotContaining("-131071");
    }

    @Test
    void nativeDataTooShortForItsFramesSaysHowManyBytesInLong() {
        // 40000 x 40000 x 16 bits x 3 frames = 9.6 GB: the count does not wrap
        byte[] file = DicomWriter.toBytes(image(40000, 40000, 3, 16), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThatThrownBy(() -> PixelData.from(DicomReader.create().read(file, "short.dcm")))
                .isInstanceOf(PixelDataException.class)
                .hasMessageContaining("3 frame(s) of 40000x40000 with 1 sample(s) of 16 bits need 9600000000");
    }

    @Test
    void aFrameLargerThanHalfTheHeapIsRefusedBeforeDecoding() {
        PixelDescription eightBits = jpegLs(8);
        assertThat(eightBits.samplesPerFrame()).isEqualTo(2_147_395_600L);
        PixelData pixels = PixelData.ofEncodedFrames("big.dcm", eightBits, List.of(new byte[16]));
        assertThatThrownBy(() -> pixels.frame(0)).isInstanceOf(PixelDataException.class)
                .hasMessageStartingWith("big.dcm (7FE0,0010): decoding frame 0 (46340 x 46340 pixels, 1 sample(s) of "
                        + "8 bits) needs about 10736978000 bytes, more than half the Java heap (");
        PixelData sixteen = PixelData.ofEncodedFrames("big16.dcm", jpegLs(16), List.of(new byte[16]));
        assertThatThrownBy(() -> sixteen.frame(0)).hasMessageEndingWith("needs about 12884373600 bytes, more than one "
                + "Java array holds");
    }

    private static PixelDescription jpegLs(int bits) {
        return new PixelDescription(46340, 46340, 1, bits, bits, bits - 1, false, 0,
                PhotometricInterpretation.MONOCHROME2, 1, ModalityLut.IDENTITY, List.of(), "1.2.840.10008.1.2.4.80");
    }

    private static DicomDataset image(int rows, int columns, int frames, int bits) {
        return DicomDataset.builder()
                .putString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.7")
                .putString(Tag.SOPInstanceUID, VR.UI, "1.2.3.4")
                .putLongs(Tag.SamplesPerPixel, VR.US, 1)
                .putString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2")
                .putString(Tag.NumberOfFrames, VR.IS, Integer.toString(frames))
                .putLongs(Tag.Rows, VR.US, rows)
                .putLongs(Tag.Columns, VR.US, columns)
                .putLongs(Tag.BitsAllocated, VR.US, bits)
                .putLongs(Tag.BitsStored, VR.US, bits)
                .putLongs(Tag.HighBit, VR.US, bits - 1)
                .putLongs(Tag.PixelRepresentation, VR.US, 0)
                .putBytes(Tag.PixelData, bits > 8 ? VR.OW : VR.OB, new byte[16])
                .build();
    }
}
