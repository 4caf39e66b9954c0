package dev.pulmo.dicom.seg;

import static dev.pulmo.dicom.seg.SegTestImages.blob;
import static dev.pulmo.dicom.seg.SegTestImages.segment;
import static dev.pulmo.dicom.seg.SegTestImages.uid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.VR;
import dev.pulmo.dicom.pixel.PixelData;
import dev.pulmo.dicom.pixel.PixelDataException;
import dev.pulmo.testing.ExternalTools;
import dev.pulmo.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segmentations whose frames are JPEG 2000, as highdicom and PACS exports write them: our binary and label map SEGs
 * re-encoded frame by frame by OpenJPEG's opj_compress (lossless, 8-bit samples of 0/1 or segment numbers; src/test/python/seg_to_jpeg2000.py
 * wraps them with pydicom under 1.2.840.10008.1.2.4.90) read back by SegReader to exactly the masks of the
 * uncompressed SEG, segment by segment and image by image.
 */
class SegJpeg2000FramesTest {
    private static final int COLUMNS = 37;
    private static final int ROWS = 23;

    @ParameterizedTest
    @CsvSource({"false, 8", "true, 8"})
    void aSegWithJpeg2000FramesReadsAsTheUncompressedOne(boolean labelMap, int precision, @TempDir Path dir)
            throws Exception {
        assumeTrue(ExternalTools.has("/usr/bin/python3", "-c", "import pydicom, numpy")
                        && java.nio.file.Files.isExecutable(Path.of("/usr/bin/opj_compress")),
                "pydicom or OpenJPEG is not installed (apt-get install python3-pydicom python3-numpy"
                        + " libopenjp2-tools): not checked");
        List<DicomDataset> sources = SegTestImages.ctSeries(COLUMNS, ROWS, 0, 1, 2);
        byte[] a = blob(COLUMNS, ROWS, 11, 0.08);
        byte[] b = blob(COLUMNS, ROWS, 12, 0.08);
        for (int i = 0; i < b.length; i++) {
            if (a[i] != 0) {
                b[i] = 0; // a label map holds one segment per pixel
            }
        }
        List<SegmentMask> masks = List.of(new SegmentMask(1, uid(sources.get(0)), COLUMNS, ROWS, a),
                new SegmentMask(1, uid(sources.get(2)), COLUMNS, ROWS, b),
                new SegmentMask(2, uid(sources.get(2)), COLUMNS, ROWS, a),
                new SegmentMask(2, uid(sources.get(1)), COLUMNS, ROWS, blob(COLUMNS, ROWS, 13, 0.2)));
        if (labelMap) {
            masks = masks.subList(0, 3); // image 2 holds segment 1 (b) and segment 2 (a), which do not overlap
        }
        List<SegmentDescription> segments = List.of(segment(1, "CCT", 1, "악성"), segment(2, "CCT", 5, "폐경화"));
        Path plain = dir.resolve("plain.dcm");
        if (labelMap) {
            SegWriter.writeLabelMap(plain, sources, segments, masks, SegWriter.Series.fresh(1, "t"));
        } else {
            SegWriter.write(plain, sources, segments, masks, SegWriter.Series.fresh(1, "t"));
        }
        Path j2k = dir.resolve("j2k.dcm");
        ExternalTools.run("/usr/bin/python3", SharedData.repositoryRoot()
                .resolve("sdk-dicom/src/test/python/seg_to_jpeg2000.py").toString(), plain.toString(), j2k.toString(),
                Integer.toString(precision));

        DicomFile compressed = DicomReader.create().read(j2k);
        assertThat(compressed.transferSyntax().uid()).isEqualTo("1.2.840.10008.1.2.4.90");
        PixelData pixels = PixelData.from(compressed);
        byte[] first = pixels.encodedFrame(0);
        assertThat(first[0] & 0xFF).isEqualTo(0xFF);
        assertThat(first[1] & 0xFF).isEqualTo(0x4F); // a J2K codestream (SOC)
        Segmentation expected = SegReader.read(plain);
        Segmentation actual = SegReader.read(compressed);
        assertThat(actual.segmentationType()).isEqualTo(expected.segmentationType());
        assertThat(actual.frames()).hasSameSizeAs(expected.frames());
        assertThat(byKey(actual.masks()).keySet()).isEqualTo(byKey(expected.masks()).keySet());
        byKey(expected.masks()).forEach((k, v) -> assertThat(byKey(actual.masks()).get(k)).as(k).isEqualTo(v));
        if (labelMap) {
            // segment numbers (1, 2) in frames relabelled Bits Allocated 1: refused, naming the sample, not wrapped
            DicomDataset oneBit = compressed.dataset().toBuilder().putLongs(Tag.BitsAllocated, VR.US, 1)
                    .putLongs(Tag.BitsStored, VR.US, 1).putLongs(Tag.HighBit, VR.US, 0).build();
            DicomFile relabelled = new DicomFile("relabelled.dcm", true, compressed.fileMeta(),
                    compressed.transferSyntax(), oneBit, List.of());
            assertThatThrownBy(() -> PixelData.from(relabelled).frame(1)).isInstanceOf(PixelDataException.class)
                    .hasMessageContaining("relabelled.dcm (7FE0,0010): frame 1: JPEG 2000 sample 2 at (")
                    .hasMessageContaining("in a frame of Bits Allocated 1, which holds 0 or 1 only");
        }
        // and both are the masks written
        Map<String, byte[]> written = byKey(masks);
        assertThat(byKey(actual.masks()).keySet()).isEqualTo(written.keySet());
        written.forEach((k, v) -> assertThat(byKey(actual.masks()).get(k)).as(k).isEqualTo(v));
    }

    private static Map<String, byte[]> byKey(List<SegmentMask> masks) {
        Map<String, byte[]> out = new TreeMap<>();
        for (SegmentMask m : masks) {
            byte[] ones = new byte[m.foreground().length];
            for (int i = 0; i < ones.length; i++) {
                ones[i] = (byte) (m.foreground()[i] != 0 ? 1 : 0);
            }
            out.put(m.segmentNumber() + "/" + m.sourceSopInstanceUid(), ones);
        }
        return out;
    }
}
