package dev.pulmo.dicom.mask;

import dev.pulmo.testing.SharedData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.pulmo.testing.ExternalTools.has;
import static dev.pulmo.testing.ExternalTools.run;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.DicomWriter;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.TransferSyntax;
import dev.pulmo.dicom.UID;
import dev.pulmo.dicom.Uids;
import dev.pulmo.dicom.VR;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinaryMaskDicomTest {
    static final Path CT = SharedData.dir().resolve("testdata/dicom/CT_small.dcm");

    static byte[] blob(int columns, int rows, long seed) {
        Random r = new Random(seed);
        byte[] m = new byte[columns * rows];
        int cx = columns / 3 + r.nextInt(columns / 3);
        int cy = rows / 3 + r.nextInt(rows / 3);
        int rad = 5 + r.nextInt(Math.min(columns, rows) / 5);
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < columns; x++) {
                int dx = x - cx;
                int dy = y - cy;
                m[y * columns + x] = (byte) (dx * dx + dy * dy <= rad * rad || r.nextInt(500) == 0 ? 1 : 0);
            }
        }
        return m;
    }

    /**
     * Masks as other tools write them, packed 64 pixels at a time straight from the stored bytes: odd widths (rows not
     * a multiple of 8 or 64 pixels), any non-zero value, 16-bit samples, and Bits Stored below Bits Allocated with the
     * unused high bits set (which are not part of the value, PS3.5 8.1.1). Expected pixels are computed here from the
     * stored bytes, one by one.
     */
    @Test
    void foreignMasksOfAnyWidthAndDepthReadPixelForPixel(@TempDir Path dir) throws Exception {
        Random random = new Random(3);
        int[][] layouts = {{8, 8, 7}, {16, 16, 15}, {8, 4, 3}, {16, 12, 11}};
        for (int[] bits : layouts) {
            for (int columns : new int[] {1, 7, 63, 64, 65, 130, 517}) {
                int rows = 1 + random.nextInt(9);
                int bytesPerSample = bits[0] / 8;
                byte[] pixels = new byte[columns * rows * bytesPerSample + (columns * rows * bytesPerSample & 1)];
                for (int i = 0; i < columns * rows * bytesPerSample; i++) {
                    int k = random.nextInt(6);
                    pixels[i] = (byte) (k == 0 ? 1 : k == 1 ? 255 : k == 2 ? 128 : k == 3 ? 0xF0 : 0);
                }
                DicomDataset ds = DicomDataset.builder()
                        .putString(Tag.SOPClassUID, VR.UI, UID.SecondaryCaptureImageStorage)
                        .putString(Tag.SOPInstanceUID, VR.UI, Uids.random())
                        .putLongs(Tag.SamplesPerPixel, VR.US, 1).putString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2")
                        .putLongs(Tag.Rows, VR.US, rows).putLongs(Tag.Columns, VR.US, columns)
                        .putLongs(Tag.BitsAllocated, VR.US, bits[0]).putLongs(Tag.BitsStored, VR.US, bits[1])
                        .putLongs(Tag.HighBit, VR.US, bits[2]).putLongs(Tag.PixelRepresentation, VR.US, 0)
                        .putBytes(Tag.PixelData, bits[0] == 8 ? VR.OB : VR.OW, pixels).build();
                byte[] file = DicomWriter.toBytes(ds, TransferSyntax.of(UID.ExplicitVRLittleEndian));
                // from the file's bytes, and from the file (its pixel value read into the thread's reused buffer,
                // which masks of other sizes before this one have left holding their bytes)
                Path onDisk = Files.write(dir.resolve("mask.dcm"), file);
                for (MaskImage mask : List.of(BinaryMaskDicom.read(file, "mask " + bits[0] + "/" + bits[1] + " " + columns + "x" + rows),
                        BinaryMaskDicom.read(onDisk))) {
                    // the packed view read in the documented layout: 64 pixels a word, rows padded to whole words
                    java.nio.LongBuffer view = mask.packedRowsView();
                    assertThat(view.isReadOnly()).isTrue();
                    int stride = (columns + 63) / 64;
                    assertThat(view.remaining()).isEqualTo(stride * rows);
                    long expectedArea = 0;
                    for (int r = 0; r < rows; r++) {
                        for (int c = 0; c < columns; c++) {
                            int i = (r * columns + c) * bytesPerSample;
                            int value = bytesPerSample == 1 ? pixels[i] & 0xFF : (pixels[i] & 0xFF) | (pixels[i + 1] & 0xFF) << 8;
                            boolean foreground = (value & ((1 << bits[1]) - 1)) != 0;
                            expectedArea += foreground ? 1 : 0;
                            String at = String.format("%s %dx%d (%d, %d) value %d", java.util.Arrays.toString(bits), columns, rows,
                                    c, r, value);
                            assertThat(mask.isForeground(c, r)).as(at).isEqualTo(foreground);
                            assertThat((view.get(r * stride + c / 64) >>> (c % 64) & 1) == 1).as("view " + at).isEqualTo(foreground);
                        }
                    }
                    assertThat(mask.areaPixels()).isEqualTo(expectedArea);
                }
            }
        }
    }

    /** A mask file cut inside its pixel value is refused, read from its bytes or from the file, at the Pixel Data. */
    @Test
    void aTruncatedMaskIsRefusedFromTheFileAsFromItsBytes(@TempDir Path dir) throws Exception {
        DicomDataset source = DicomReader.create().withStopBeforePixelData(true).read(CT).dataset();
        Path whole = dir.resolve("whole.dcm");
        BinaryMaskDicom.write(whole, source, new byte[128 * 128], 128, 128, Uids.random(), 9);
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = Files.write(dir.resolve("cut.dcm"), java.util.Arrays.copyOf(bytes, bytes.length - 1000));
        byte[] cutBytes = Files.readAllBytes(cut);
        assertThatThrownBy(() -> BinaryMaskDicom.read(cut)).isInstanceOf(DicomException.class)
                .hasMessageContaining("cut.dcm").hasMessageContaining("(7FE0,0010)");
        assertThatThrownBy(() -> BinaryMaskDicom.read(cutBytes, "cut.dcm")).isInstanceOf(DicomException.class)
                .hasMessageContaining("(7FE0,0010)");
        assertThat(BinaryMaskDicom.read(whole).areaPixels()).isZero();
    }

    @Test
    void eightPixelsAtATimeAgreeWithOneByOne() {
        Random random = new Random(11);
        for (int n = 0; n < 100_000; n++) {
            long v = random.nextInt(4) == 0 ? random.nextLong() & 0x0101010180800000L : random.nextLong();
            long expected = 0;
            for (int lane = 0; lane < 8; lane++) {
                if ((v >>> (8 * lane) & 0xFF) != 0) {
                    expected |= 1L << lane;
                }
            }
            assertThat(BinaryMaskDicom.nonZeroBytes(v)).as(Long.toHexString(v)).isEqualTo(expected);
        }
        assertThat(BinaryMaskDicom.nonZeroBytes(0)).isZero();
        assertThat(BinaryMaskDicom.nonZeroBytes(-1L)).isEqualTo(0xFF);
    }

    @Test
    void writtenMasksReadBackExactlyAndKeepTheSourcesPatientAndStudy(@TempDir Path dir) {
        DicomDataset source = DicomReader.create().withStopBeforePixelData(true).read(CT).dataset();
        int columns = source.getInt(Tag.Columns).orElseThrow();
        int rows = source.getInt(Tag.Rows).orElseThrow();
        byte[] mask = blob(columns, rows, 1);
        Path out = dir.resolve("cct_P1_1_1_1_binary.dcm");
        String series = Uids.random();
        BinaryMaskDicom.write(out, source, mask, columns, rows, series, 901);

        MaskImage back = BinaryMaskDicom.read(out);
        assertThat(back.columns()).isEqualTo(columns);
        assertThat(back.rows()).isEqualTo(rows);
        assertThat(back.foreground()).isEqualTo(mask);
        assertThat(back.referencedSopInstanceUid()).isEqualTo(source.getString(Tag.SOPInstanceUID).orElseThrow());

        DicomDataset written = DicomReader.create().read(out).dataset();
        for (int tag : new int[] {Tag.PatientID, Tag.PatientName, Tag.StudyInstanceUID, Tag.StudyDate}) {
            assertThat(written.getString(tag)).as(Tag.class.getSimpleName() + " %08X", tag).isEqualTo(source.getString(tag));
        }
        assertThat(written.getStrings(Tag.ImageType)).containsExactly("DERIVED", "SECONDARY");
        assertThat(written.getString(Tag.SOPClassUID)).contains(UID.SecondaryCaptureImageStorage);
        assertThat(written.getString(Tag.SOPInstanceUID).orElseThrow()).startsWith("2.25.").isNotEqualTo(source.getString(Tag.SOPInstanceUID).orElseThrow());
        assertThat(written.getString(Tag.SeriesInstanceUID)).contains(series);
    }

    @Test
    void aMaskOfAnotherSizeThanItsImageIsRefused() {
        DicomDataset source = DicomReader.create().withStopBeforePixelData(true).read(CT).dataset();
        assertThatThrownBy(() -> BinaryMaskDicom.create(source, new byte[10 * 12], 10, 12, Uids.random(), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the mask is 10 x 12 pixels but its image is 128 x 128");
    }

    /** A mask another tool wrote with BitsAllocated 1 or 16 and arbitrary non-zero values. */
    private static DicomDataset foreignMask(int bitsAllocated, int columns, int rows, byte[] mask) {
        byte[] pixels;
        if (bitsAllocated == 1) {
            pixels = new byte[(columns * rows + 7) / 8 + ((columns * rows + 7) / 8 & 1)];
            for (int i = 0; i < mask.length; i++) {
                if (mask[i] != 0) {
                    pixels[i >> 3] |= (byte) (1 << (i & 7));
                }
            }
        } else {
            pixels = new byte[2 * columns * rows];
            for (int i = 0; i < mask.length; i++) {
                int v = mask[i] != 0 ? 1 + (i % 700) * 90 : 0; // values up to 62,911: any non-zero is foreground
                pixels[2 * i] = (byte) v;
                pixels[2 * i + 1] = (byte) (v >> 8);
            }
        }
        return DicomDataset.builder()
                .putString(Tag.SOPClassUID, VR.UI, UID.SecondaryCaptureImageStorage)
                .putString(Tag.SOPInstanceUID, VR.UI, Uids.random())
                .putLongs(Tag.SamplesPerPixel, VR.US, 1)
                .putString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2")
                .putLongs(Tag.Rows, VR.US, rows).putLongs(Tag.Columns, VR.US, columns)
                .putLongs(Tag.BitsAllocated, VR.US, bitsAllocated).putLongs(Tag.BitsStored, VR.US, bitsAllocated)
                .putLongs(Tag.HighBit, VR.US, bitsAllocated - 1).putLongs(Tag.PixelRepresentation, VR.US, 0)
                .putBytes(Tag.PixelData, bitsAllocated == 1 ? VR.OB : VR.OW, pixels)
                .build();
    }

    @Test
    void oneAndSixteenBitMasksReadWithAnyNonZeroSampleAsForeground(@TempDir Path dir) {
        int columns = 37;
        int rows = 23; // 851 pixels: 1-bit rows do not start on byte boundaries
        byte[] mask = blob(columns, rows, 7);
        for (int bits : new int[] {1, 16}) {
            Path f = dir.resolve("m" + bits + ".dcm");
            DicomWriter.write(f, foreignMask(bits, columns, rows, mask), TransferSyntax.of(UID.ImplicitVRLittleEndian));
            assertThat(BinaryMaskDicom.read(f).foreground()).as("%d-bit", bits).isEqualTo(mask);
        }
    }

    // ---------------------------------------------------------------- independent readers

    @Test
    void pydicomReadsTheSameMask(@TempDir Path dir) throws Exception {
        assumeTrue(has("/usr/bin/python3", "-c", "import pydicom, numpy"),
                "pydicom is not installed (apt-get install python3-pydicom python3-numpy): interoperability not checked");
        DicomDataset source = DicomReader.create().withStopBeforePixelData(true).read(CT).dataset();
        byte[] mask = blob(128, 128, 3);
        Path out = dir.resolve("m.dcm");
        BinaryMaskDicom.write(out, source, mask, 128, 128, Uids.random(), 2);
        String script = "import sys, pydicom\n"
                + "a = pydicom.dcmread(sys.argv[1]).pixel_array\n"
                + "print(a.shape[1], a.shape[0], ''.join('1' if v else '0' for v in (a != 0).ravel()))\n";
        String[] answer = run("/usr/bin/python3", "-c", script, out.toString()).trim().split(" ");
        StringBuilder expected = new StringBuilder();
        for (byte b : mask) {
            expected.append(b != 0 ? '1' : '0');
        }
        assertThat(answer[0]).isEqualTo("128");
        assertThat(answer[1]).isEqualTo("128");
        assertThat(answer[2]).isEqualTo(expected.toString());
    }

    @Test
    void dciodvfyFindsNoErrorInTheWrittenMask(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dciodvfy")),
                "dciodvfy is not installed (apt-get install dicom3tools): IOD conformance not checked");
        DicomFile ct = DicomReader.create().withStopBeforePixelData(true).read(CT);
        Path out = dir.resolve("m.dcm");
        BinaryMaskDicom.write(out, ct.dataset(), blob(128, 128, 5), 128, 128, Uids.random(), 2);
        String report = run("/usr/bin/dciodvfy", out.toString());
        List<String> errors = new ArrayList<>();
        for (String line : report.split("\n")) {
            if (line.startsWith("Error")) {
                errors.add(line);
            }
        }
        assertThat(errors).as(report).isEmpty();
    }
}
