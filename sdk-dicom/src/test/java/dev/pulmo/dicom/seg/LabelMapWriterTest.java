package dev.pulmo.dicom.seg;

import static dev.pulmo.dicom.seg.SegTestImages.blob;
import static dev.pulmo.dicom.seg.SegTestImages.segment;
import static dev.pulmo.dicom.seg.SegTestImages.uid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.DicomWriter;
import dev.pulmo.testing.ExternalTools;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.TransferSyntax;
import dev.pulmo.dicom.UID;
import dev.pulmo.dicom.VR;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Label map Segmentations written by {@link SegWriter#createLabelMap}: the same masks come back from our reader and
 * from pydicom + numpy ({@code seg_oracle.py}); dciodvfy finds no error it can judge; overlapping segments are
 * refused.
 */
class LabelMapWriterTest {
    private static final int COLUMNS = 37;
    private static final int ROWS = 23;

    /** Three slices given out of order, two disjoint segments; slice z1 has no mask at all, z2 only segment 2. */
    private record Case(List<DicomDataset> sources, List<SegmentDescription> segments, List<SegmentMask> masks) {
    }

    private static Case ctCase() {
        List<DicomDataset> sources = SegTestImages.ctSeries(COLUMNS, ROWS, 2, 0, 1);
        DicomDataset z0 = sources.get(1);
        DicomDataset z1 = sources.get(2);
        DicomDataset z2 = sources.get(0);
        byte[] a0 = blob(COLUMNS, ROWS, 1, 0.05);
        byte[] b0 = blob(COLUMNS, ROWS, 2, 0.05);
        for (int i = 0; i < b0.length; i++) {
            if (a0[i] != 0) {
                b0[i] = 0;
            }
        }
        List<SegmentMask> masks = List.of(
                new SegmentMask(1, uid(z0), COLUMNS, ROWS, a0),
                new SegmentMask(2, uid(z0), COLUMNS, ROWS, b0),
                new SegmentMask(1, uid(z1), COLUMNS, ROWS, new byte[COLUMNS * ROWS]),
                new SegmentMask(2, uid(z2), COLUMNS, ROWS, blob(COLUMNS, ROWS, 3, 0.05)));
        return new Case(sources, List.of(segment(1, "CCT", 1, "악성"), segment(2, "CCT", 5, "폐경화")), masks);
    }

    private static Map<String, String> byKey(List<SegmentMask> masks) throws Exception {
        Map<String, String> out = new HashMap<>();
        for (SegmentMask m : masks) {
            if (!m.isEmpty()) {
                out.put(m.segmentNumber() + "/" + m.sourceSopInstanceUid(),
                        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(m.foreground())));
            }
        }
        return out;
    }

    @Test
    void writesOneFramePerImageWithTheSegmentNumbersAsValues() throws Exception {
        Case c = ctCase();
        DicomDataset ds = SegWriter.createLabelMap(c.sources(), c.segments(), c.masks(), SegWriter.Series.fresh(7, "t"));
        assertThat(ds.getString(Tag.SOPClassUID)).contains(UID.LabelMapSegmentationStorage);
        assertThat(ds.getString(Tag.SegmentationType)).contains("LABELMAP");
        assertThat(ds.getInt(Tag.BitsAllocated)).hasValue(8);
        assertThat(ds.getInt(Tag.PixelPaddingValue)).hasValue(0);
        assertThat(ds.getInt(Tag.NumberOfFrames)).hasValue(2); // z0 and z2; z1 has no mask
        assertThat(ds.getSequence(Tag.SegmentSequence).stream().map(s -> s.getInt(Tag.SegmentNumber).orElseThrow())
                .toList()).containsExactly(1, 2); // the binary SEG's descriptions, no background item
        List<DicomDataset> perFrame = ds.getSequence(Tag.PerFrameFunctionalGroupsSequence);
        assertThat(perFrame).allSatisfy(f -> assertThat(f.contains(Tag.SegmentIdentificationSequence)).isFalse());
        // frames in slice order: z0 (index 1 of 3 positions), then z2 (index 3)
        assertThat(perFrame.stream().map(f -> f.getSequence(Tag.FrameContentSequence).get(0)
                .getLongs(Tag.DimensionIndexValues)[0]).toList()).containsExactly(1L, 3L);
        assertThat(ds.getSequence(Tag.DimensionIndexSequence).stream()
                .map(d -> d.getLongs(Tag.DimensionIndexPointer)[0]).toList()).containsExactly((long) Tag.ImagePositionPatient);
        // 2 frames x 851 one-byte pixels, padded to even length
        assertThat(ds.get(Tag.PixelData).orElseThrow().valueLength()).isEqualTo(1702);

        Segmentation back = SegReader.read(DicomReader.create().read(
                DicomWriter.toBytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), "labelmap.dcm"));
        assertThat(back.segmentationType()).isEqualTo("LABELMAP");
        assertThat(back.warnings()).isEmpty();
        assertThat(byKey(back.masks())).isEqualTo(byKey(c.masks()));
    }

    @Test
    void randomDisjointMasksRoundTripExactly() throws Exception {
        Random r = new Random(20261207);
        for (int trial = 0; trial < 30; trial++) {
            int columns = 1 + r.nextInt(30);
            int rows = 1 + r.nextInt(30);
            int slices = 1 + r.nextInt(4);
            int[] order = new int[slices];
            for (int i = 0; i < slices; i++) {
                order[i] = slices - 1 - i;
            }
            List<DicomDataset> sources = SegTestImages.ctSeries(columns, rows, order);
            int segments = 1 + r.nextInt(4);
            List<SegmentDescription> descriptions = new ArrayList<>();
            List<SegmentMask> masks = new ArrayList<>();
            for (DicomDataset source : sources) {
                int[] owner = new int[columns * rows];
                for (int p = 0; p < owner.length; p++) {
                    owner[p] = r.nextDouble() < 0.3 ? 1 + r.nextInt(segments) : 0;
                }
                for (int s = 1; s <= segments; s++) {
                    byte[] m = new byte[owner.length];
                    for (int p = 0; p < owner.length; p++) {
                        m[p] = (byte) (owner[p] == s ? 1 : 0);
                    }
                    masks.add(new SegmentMask(s, uid(source), columns, rows, m));
                }
            }
            for (int s = 1; s <= segments; s++) {
                descriptions.add(segment(s, "CCT", s + 2, "c" + s));
            }
            if (masks.stream().allMatch(SegmentMask::isEmpty)) {
                continue;
            }
            DicomDataset ds = SegWriter.createLabelMap(sources, descriptions, masks, SegWriter.Series.fresh(1, "t"));
            Segmentation back = SegReader.read(DicomReader.create().read(
                    DicomWriter.toBytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), "trial " + trial));
            assertThat(byKey(back.masks())).as("trial %d (%d x %d)", trial, columns, rows).isEqualTo(byKey(masks));
        }
    }

    @Test
    void overlappingSegmentsAreRefused() {
        List<DicomDataset> sources = SegTestImages.ctSeries(8, 8, 0);
        byte[] a = new byte[64];
        byte[] b = new byte[64];
        a[9] = a[10] = 1;
        b[10] = b[11] = 1;
        assertThatThrownBy(() -> SegWriter.createLabelMap(sources,
                List.of(segment(1, "CCT", 1, "악성"), segment(2, "CCT", 5, "폐경화")),
                List.of(new SegmentMask(1, uid(sources.get(0)), 8, 8, a), new SegmentMask(2, uid(sources.get(0)), 8, 8, b)),
                SegWriter.Series.fresh(1, "t")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("segments 1 and 2 overlap in 1 pixel(s) of image " + uid(sources.get(0)) + "; a label map"
                        + " holds one segment per pixel (write a binary Segmentation instead)");
    }

    @Test
    void moreThan255SegmentsTake16Bits() throws Exception {
        List<DicomDataset> sources = SegTestImages.ctSeries(20, 15, 0);
        List<SegmentDescription> descriptions = new ArrayList<>();
        List<SegmentMask> masks = new ArrayList<>();
        for (int s = 1; s <= 300; s++) {
            descriptions.add(segment(s, "CCT", 1, "s" + s));
            byte[] m = new byte[300];
            m[s - 1] = 1;
            masks.add(new SegmentMask(s, uid(sources.get(0)), 20, 15, m));
        }
        DicomDataset ds = SegWriter.createLabelMap(sources, descriptions, masks, SegWriter.Series.fresh(1, "t"));
        assertThat(ds.getInt(Tag.BitsAllocated)).hasValue(16);
        assertThat(ds.get(Tag.PixelData).orElseThrow().vr().name()).isEqualTo("OW");
        Segmentation back = SegReader.read(DicomReader.create().read(
                DicomWriter.toBytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), "wide.dcm"));
        assertThat(byKey(back.masks())).isEqualTo(byKey(masks));
    }

    @Test
    void pydicomReadsTheLabelMapWeWrote(@TempDir Path dir) throws Exception {
        assumeTrue(ExternalTools.has("/usr/bin/python3", "-c", "import pydicom, numpy"),
                "pydicom is not installed (apt-get install python3-pydicom python3-numpy): interoperability not checked");
        Case c = ctCase();
        Path ct = dir.resolve("labelmap.dcm");
        SegWriter.writeLabelMap(ct, c.sources(), c.segments(), c.masks(), SegWriter.Series.fresh(100, "0.1.0"));
        DicomDataset xray = SegTestImages.xray(30, 20);
        byte[] mask = blob(30, 20, 8, 0.1);
        Path xr = dir.resolve("xray.dcm");
        SegWriter.writeLabelMap(xr, List.of(xray), List.of(segment(1, "XRY", 8, "흉막_삼출")),
                List.of(new SegmentMask(1, uid(xray), 30, 20, mask)), SegWriter.Series.fresh(102, "0.1.0"));
        JsonNode files = new ObjectMapper().readTree(ExternalTools.run("/usr/bin/python3",
                SegWriterTest.oracleScript().toString(), ct.toString(), xr.toString())).get("files");

        JsonNode file = files.get(0);
        assertThat(file.get("segmentation_type").asText()).isEqualTo("LABELMAP");
        assertThat(file.get("number_of_frames").asInt()).isEqualTo(2);
        assertThat(file.get("segments").findValuesAsText("label")).containsExactly("악성", "폐경화");
        Map<String, String> pydicom = new HashMap<>();
        for (JsonNode m : file.get("masks")) {
            pydicom.put(m.get("segment").asInt() + "/" + m.get("source_uid").asText(), m.get("sha256").asText());
        }
        assertThat(pydicom).isEqualTo(byKey(c.masks()));

        JsonNode x = files.get(1);
        assertThat(x.get("number_of_frames").asInt()).isEqualTo(1);
        assertThat(x.get("frames").get(0).get("source_uid").asText()).isEqualTo(uid(xray));
        assertThat(x.get("frames").get(0).get("position").isNull()).isTrue();
        assertThat(x.get("masks").get(0).get("sha256").asText()).isEqualTo(byKey(List.of(
                new SegmentMask(1, uid(xray), 30, 20, mask))).values().iterator().next());
    }

    /**
     * dciodvfy (dicom3tools 2022) predates Supplement 243: it does not know Label Map Segmentation Storage ("Information
     * Object Not found") nor LABELMAP. Relabelled as Segmentation Storage (the same IOD, Sup 243 adds the SOP class),
     * the file is checked against the Segmentation IOD, and the only errors left are the two Sup 243 changed: a
     * label map has no Segment Identification per frame, and LABELMAP is a new Segmentation Type.
     */
    @Test
    void dciodvfyFindsNoErrorItCanJudge(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dciodvfy")),
                "dciodvfy is not installed (apt-get install dicom3tools): IOD conformance not checked");
        Case c = ctCase();
        Path ct = dir.resolve("ct.dcm");
        SegWriter.writeLabelMap(ct, c.sources(), c.segments(), c.masks(), SegWriter.Series.fresh(100, "0.1.0"));
        DicomDataset xray = SegTestImages.xray(30, 20);
        Path xr = dir.resolve("xray.dcm");
        SegWriter.writeLabelMap(xr, List.of(xray), List.of(segment(1, "XRY", 8, "흉막_삼출")),
                List.of(new SegmentMask(1, uid(xray), 30, 20, blob(30, 20, 8, 0.1))), SegWriter.Series.fresh(102, "0.1.0"));
        for (Path file : List.of(ct, xr)) {
            assertThat(SegWriterTest.dciodvfyErrors(file)).as(file.getFileName().toString())
                    .containsExactly("Error - Information Object Not found");
            Path relabelled = dir.resolve("as-segmentation-storage-" + file.getFileName());
            DicomDataset asSegmentation = DicomReader.create().read(file).dataset().toBuilder()
                    .putString(Tag.SOPClassUID, VR.UI, UID.SegmentationStorage).build();
            DicomWriter.write(relabelled, asSegmentation, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            assertThat(SegWriterTest.dciodvfyErrors(relabelled)).as(relabelled.getFileName().toString()).isNotEmpty()
                    .containsOnly("Error - Missing attribute Type 1 Required Element=<SegmentIdentificationSequence>"
                                    + " Module=<SegmentationMacro>",
                            "Error - Unrecognized enumerated value <LABELMAP> for value 1 of attribute <Segmentation Type>");
        }
    }
}
