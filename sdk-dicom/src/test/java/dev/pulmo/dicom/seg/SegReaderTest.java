package dev.pulmo.dicom.seg;

import dev.pulmo.testing.SharedData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.DicomWriter;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.TransferSyntax;
import dev.pulmo.dicom.VR;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * highdicom's Segmentations from the shared corpus, read and compared frame by frame with what pydicom + numpy
 * read ({@code src/test/resources/seg-oracle.json}, made by {@code src/test/python/seg_oracle.py}).
 */
class SegReaderTest {
    private static final Path CORPUS = SharedData.dir().resolve("testdata/dicom");

    private static JsonNode oracle(String file) throws IOException {
        try (InputStream in = SegReaderTest.class.getResourceAsStream("/seg-oracle.json")) {
            for (JsonNode f : new ObjectMapper().readTree(in).get("files")) {
                if (f.get("file").asText().equals(file)) {
                    return f;
                }
            }
        }
        throw new IllegalStateException(file + " is not in seg-oracle.json");
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** A corpus file, or a fixture of {@code src/test/resources} when the name has a folder. */
    private static Path file(String name) {
        return name.contains("/") ? Path.of("src/test/resources").resolve(name) : CORPUS.resolve(name);
    }

    /**
     * Every file against pydicom + numpy: binary, fractional, overlapping; label maps (highdicom's TILED_SPARSE
     * one, and TILED_FULL ones without per-frame groups, binary and label map); and a binary SEG whose frames are
     * RLE with 1 bit allocated, against the oracle of the same SEG in native 1-bit frames. After the JPEG 2000 merge
     * a SEG with JPEG 2000 frames belongs here too.
     */
    @ParameterizedTest
    @CsvSource({
            "seg_image_ct_binary.dcm, seg_image_ct_binary.dcm",
            "seg_image_ct_binary_fractional.dcm, seg_image_ct_binary_fractional.dcm",
            "seg_image_ct_binary_overlap.dcm, seg_image_ct_binary_overlap.dcm",
            "seg_image_sm_control_labelmap.dcm, seg_image_sm_control_labelmap.dcm",
            "seg/tiled_full_labelmap.dcm, tiled_full_labelmap.dcm",
            "seg/tiled_full_binary.dcm, tiled_full_binary.dcm",
            "rle-1bit/seg_image_ct_binary_rle.dcm, seg_image_ct_binary.dcm"})
    void framesSegmentsAndReferencesAreThoseOfPydicom(String name, String oracleName) throws Exception {
        JsonNode expected = oracle(oracleName);
        Segmentation seg = SegReader.read(file(name));

        assertThat(seg.segmentationType()).isEqualTo(expected.get("segmentation_type").asText());
        assertThat(seg.frames()).hasSize(expected.get("frames").size());
        List<String> labels = new ArrayList<>();
        expected.get("segments").forEach(s -> labels.add(s.get("number").asInt() + " " + s.get("label").asText()));
        assertThat(seg.segments().stream().map(s -> s.number() + " " + s.label()).toList()).isEqualTo(labels);
        List<String> referenced = new ArrayList<>();
        expected.get("referenced_instances").forEach(n -> referenced.add(n.asText()));
        assertThat(seg.referencedImages().keySet()).containsAll(referenced);

        for (int i = 0; i < seg.frames().size(); i++) {
            SegFrame frame = seg.frames().get(i);
            JsonNode f = expected.get("frames").get(i);
            String where = name + " entry " + i + " (frame " + f.get("frame").asInt() + ")";
            assertThat(frame.frameNumber()).as(where).isEqualTo(f.get("frame").asInt());
            assertThat(frame.mask().segmentNumber()).as(where + " segment").isEqualTo(f.get("segment").asInt());
            assertThat(frame.mask().sourceSopInstanceUid()).as(where + " source").isEqualTo(f.get("source_uid").asText());
            assertThat(frame.mask().columns()).isEqualTo(expected.get("columns").asInt());
            assertThat(frame.mask().rows()).isEqualTo(expected.get("rows").asInt());
            assertThat(frame.mask().areaPixels()).as(where + " foreground").isEqualTo(f.get("foreground").asLong());
            assertThat(sha256(frame.mask().foreground())).as(where + " pixels").isEqualTo(f.get("sha256").asText());
            if (f.get("position").isNull()) {
                assertThat(frame.imagePositionPatient()).isNull();
            } else {
                for (int k = 0; k < 3; k++) {
                    assertThat(frame.imagePositionPatient()[k]).isEqualTo(f.get("position").get(k).asDouble());
                }
            }
            if (f.get("tile").isNull()) {
                assertThat(frame.isTile()).as(where + " is a tile").isFalse();
            } else {
                assertThat(new int[] {frame.columnPositionInTotalPixelMatrix(), frame.rowPositionInTotalPixelMatrix()})
                        .as(where + " tile position").containsExactly(f.get("tile").get(0).asInt(),
                                f.get("tile").get(1).asInt());
            }
        }
        List<SegmentMask> masks = seg.masks();
        assertThat(masks).hasSize(expected.get("masks").size());
        for (int i = 0; i < masks.size(); i++) {
            JsonNode m = expected.get("masks").get(i);
            String where = name + " mask " + i;
            assertThat(masks.get(i).segmentNumber()).as(where + " segment").isEqualTo(m.get("segment").asInt());
            assertThat(masks.get(i).sourceSopInstanceUid()).as(where).isEqualTo(m.get("source_uid").asText());
            assertThat(masks.get(i).columns()).as(where + " columns").isEqualTo(m.get("columns").asInt());
            assertThat(masks.get(i).rows()).as(where + " rows").isEqualTo(m.get("rows").asInt());
            assertThat(sha256(masks.get(i).foreground())).as(where + " pixels").isEqualTo(m.get("sha256").asText());
        }
    }

    /**
     * The TILED_FULL files hold the sparse label map's tiles in implied order only; assembled, they must give the
     * very masks the sparse file gives with its explicit Plane Position (Slide).
     */
    @Test
    void tiledFullFramesAssembleToTheSparseFilesMasks() throws Exception {
        Map<Integer, String> sparse = new TreeMap<>();
        for (SegmentMask m : SegReader.read(CORPUS.resolve("seg_image_sm_control_labelmap.dcm")).masks()) {
            sparse.put(m.segmentNumber(), sha256(m.foreground()));
        }
        Map<Integer, String> full = new TreeMap<>();
        for (SegmentMask m : SegReader.read(file("seg/tiled_full_labelmap.dcm")).masks()) {
            full.put(m.segmentNumber(), sha256(m.foreground()));
        }
        assertThat(full).hasSize(19).isEqualTo(sparse);
        Segmentation binary = SegReader.read(file("seg/tiled_full_binary.dcm"));
        assertThat(binary.totalPixelMatrixColumns()).isEqualTo(50);
        for (SegmentMask m : binary.masks()) {
            if (!m.isEmpty()) {
                assertThat(sha256(m.foreground())).as("segment " + m.segmentNumber()).isEqualTo(sparse.get(m.segmentNumber()));
            }
        }
    }

    @Test
    void labelMapBackgroundSegmentIsNotAMask() throws Exception {
        Segmentation seg = SegReader.read(CORPUS.resolve("seg_image_sm_control_labelmap.dcm"));
        // highdicom describes the background as segment 0 "Background"; Pixel Padding Value 0 makes it background
        assertThat(seg.segments()).extracting(SegmentDescription::number).doesNotContain(0).hasSize(20);
        assertThat(seg.frames()).allSatisfy(f -> assertThat(f.mask().segmentNumber()).isPositive());
        assertThat(seg.warnings()).isEmpty();
        assertThat(seg.segmentationType()).isEqualTo("LABELMAP");
    }

    @Test
    void tiledFullFrameCountMustMatchItsTiles() throws Exception {
        DicomFile original = DicomReader.create().read(file("seg/tiled_full_binary.dcm"));
        DicomDataset fewer = original.dataset().toBuilder().putString(Tag.NumberOfFrames, VR.IS, "74").build();
        DicomFile changed = DicomReader.create().read(DicomWriter.toBytes(fewer, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN),
                "fewer.dcm");
        assertThatThrownBy(() -> SegReader.read(changed)).isInstanceOf(DicomException.class)
                .hasMessage("fewer.dcm (0028,0008): Number of Frames is 74 but a TILED_FULL Segmentation of 3 segment(s)"
                        + " x 1 focal plane(s) x 5 x 5 tiles of 10 x 10 over a 50 x 50 total pixel matrix has 75");
    }

    @Test
    void fractionalFramesAreThresholdedAtHalfTheMaximumAndSaySo() throws Exception {
        Segmentation seg = SegReader.read(CORPUS.resolve("seg_image_ct_binary_fractional.dcm"));
        assertThat(seg.fractionalType()).isEqualTo("PROBABILITY");
        assertThat(seg.warnings()).containsExactly("fractional (PROBABILITY) Segmentation read as binary: foreground where the value"
                + " is at least half of Maximum Fractional Value 255 (fraction >= 0.5)");
    }

    @Test
    void overlappingSegmentsAreReadEachWhole() throws Exception {
        JsonNode expected = oracle("seg_image_ct_binary_overlap.dcm");
        Segmentation seg = SegReader.read(CORPUS.resolve("seg_image_ct_binary_overlap.dcm"));
        List<String> warnings = new ArrayList<>();
        for (JsonNode o : expected.get("overlaps")) {
            warnings.add("segments " + o.get("segments").get(0).asInt() + " and " + o.get("segments").get(1).asInt()
                    + " overlap in " + o.get("pixels").asLong() + " pixel(s) of image " + o.get("source_uid").asText());
        }
        assertThat(warnings).hasSize(4);
        assertThat(seg.warnings()).containsExactlyElementsOf(warnings);
        // one mask per (segment, image): 2 segments on 4 images
        assertThat(seg.masks()).hasSize(8);
    }

    @Test
    void labelMapValuesNoSegmentDescribesAreBackgroundWithAWarning() {
        List<DicomDataset> sources = SegTestImages.ctSeries(6, 5, 0);
        byte[] mask = new byte[30];
        mask[7] = 1;
        DicomDataset seg = SegWriter.createLabelMap(sources, List.of(SegTestImages.segment(1, "CCT", 1, "악성")),
                List.of(new SegmentMask(1, SegTestImages.uid(sources.get(0)), 6, 5, mask)), SegWriter.Series.fresh(1, "t"));
        byte[] pixels = seg.get(Tag.PixelData).orElseThrow().bytes();
        pixels[3] = 9;
        pixels[4] = 9;
        pixels[5] = 7;
        DicomDataset changed = seg.toBuilder().putBytes(Tag.PixelData, VR.OB, pixels).build();
        Segmentation read = SegReader.read(DicomReader.create().read(
                DicomWriter.toBytes(changed, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), "values.dcm"));
        assertThat(read.warnings()).containsExactly("frame 1 holds value(s) [7, 9] that no segment describes; read as"
                + " background");
        assertThat(read.frames()).hasSize(1);
        assertThat(read.frames().get(0).mask().areaPixels()).isEqualTo(1);
    }

    @Test
    void otherObjectsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> SegReader.read(CORPUS.resolve("CT_small.dcm")))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("(0008,0016): not a Segmentation: SOP Class UID is '1.2.840.10008.5.1.4.1.1.2'");
    }

    /** Our SEG of one CT slice with its per-frame groups rewritten by {@code edit}. */
    private static DicomFile edited(java.util.function.UnaryOperator<DicomDataset> editFrameGroups) {
        List<DicomDataset> sources = SegTestImages.ctSeries(6, 5, 0);
        byte[] mask = new byte[30];
        mask[7] = 1;
        DicomDataset seg = SegWriter.create(sources, List.of(SegTestImages.segment(1, "CCT", 1, "악성")),
                List.of(new SegmentMask(1, SegTestImages.uid(sources.get(0)), 6, 5, mask)), SegWriter.Series.fresh(1, "t"));
        DicomDataset frameGroups = editFrameGroups.apply(seg.getSequence(Tag.PerFrameFunctionalGroupsSequence).get(0));
        DicomDataset changed = seg.toBuilder().putSequence(Tag.PerFrameFunctionalGroupsSequence, List.of(frameGroups)).build();
        return DicomReader.create().read(DicomWriter.toBytes(changed, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), "edited.dcm");
    }

    @Test
    void aFrameWithoutSourceIsKeptWithAWarningAndAnUndescribedSegmentIsAnError() {
        Segmentation noSource = SegReader.read(edited(g -> g.toBuilder().remove(Tag.DerivationImageSequence).build()));
        assertThat(noSource.warnings()).containsExactly("frame 1 (segment 1) references no source image");
        assertThat(noSource.frames().get(0).mask().sourceSopInstanceUid()).isEmpty();
        assertThat(noSource.frames().get(0).mask().areaPixels()).isEqualTo(1);

        assertThatThrownBy(() -> SegReader.read(edited(g -> g.toBuilder().putSequence(Tag.SegmentIdentificationSequence,
                List.of(DicomDataset.builder().putLongs(Tag.ReferencedSegmentNumber, VR.US, 3).build())).build())))
                .isInstanceOf(DicomException.class)
                .hasMessage("edited.dcm (0062,000B): frame 1 belongs to segment 3, which the Segment Sequence does not describe");
    }
}
