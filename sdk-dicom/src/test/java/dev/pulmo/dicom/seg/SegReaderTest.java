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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    @ParameterizedTest
    @ValueSource(strings = {"seg_image_ct_binary.dcm", "seg_image_ct_binary_fractional.dcm", "seg_image_ct_binary_overlap.dcm"})
    void framesSegmentsAndReferencesAreThoseOfPydicom(String file) throws Exception {
        JsonNode expected = oracle(file);
        Segmentation seg = SegReader.read(CORPUS.resolve(file));

        assertThat(seg.segmentationType()).isEqualTo(expected.get("segmentation_type").asText());
        assertThat(seg.frames()).hasSize(expected.get("number_of_frames").asInt());
        List<String> labels = new ArrayList<>();
        expected.get("segments").forEach(s -> labels.add(s.get("number").asInt() + " " + s.get("label").asText()));
        assertThat(seg.segments().stream().map(s -> s.number() + " " + s.label()).toList()).isEqualTo(labels);
        List<String> referenced = new ArrayList<>();
        expected.get("referenced_instances").forEach(n -> referenced.add(n.asText()));
        assertThat(seg.referencedImages().keySet()).containsAll(referenced);

        for (int i = 0; i < seg.frames().size(); i++) {
            SegFrame frame = seg.frames().get(i);
            JsonNode f = expected.get("frames").get(i);
            assertThat(frame.frameNumber()).isEqualTo(i + 1);
            assertThat(frame.mask().segmentNumber()).as("frame %d segment", i + 1).isEqualTo(f.get("segment").asInt());
            assertThat(frame.mask().sourceSopInstanceUid()).as("frame %d source", i + 1).isEqualTo(f.get("source_uid").asText());
            assertThat(frame.mask().columns()).isEqualTo(expected.get("columns").asInt());
            assertThat(frame.mask().rows()).isEqualTo(expected.get("rows").asInt());
            assertThat(frame.mask().areaPixels()).as("frame %d foreground", i + 1).isEqualTo(f.get("foreground").asLong());
            assertThat(sha256(frame.mask().foreground())).as("frame %d pixels", i + 1).isEqualTo(f.get("sha256").asText());
            if (f.get("position").isNull()) {
                assertThat(frame.imagePositionPatient()).isNull();
            } else {
                for (int k = 0; k < 3; k++) {
                    assertThat(frame.imagePositionPatient()[k]).isEqualTo(f.get("position").get(k).asDouble());
                }
            }
        }
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
    void labelMapsAndOtherObjectsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> SegReader.read(CORPUS.resolve("seg_image_sm_control_labelmap.dcm")))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("seg_image_sm_control_labelmap.dcm")
                .hasMessageContaining("(0062,0001): label map Segmentations (Segmentation Type LABELMAP) are not supported");
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
