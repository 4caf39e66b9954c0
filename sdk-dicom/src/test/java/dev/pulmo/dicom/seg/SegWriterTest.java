package dev.pulmo.dicom.seg;

import static dev.pulmo.dicom.seg.SegTestImages.blob;
import static dev.pulmo.dicom.seg.SegTestImages.segment;
import static dev.pulmo.dicom.seg.SegTestImages.uid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.pulmo.testing.ExternalTools.has;
import static dev.pulmo.testing.ExternalTools.run;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.DicomWriter;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.VR;
import dev.pulmo.dicom.TransferSyntax;
import dev.pulmo.dicom.UID;
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

class SegWriterTest {
    /** 37 x 23 = 851 pixels: frames do not start on byte boundaries. */
    private static final int COLUMNS = 37;
    private static final int ROWS = 23;

    /** A CT series handed over in the order z3, z0, z2, z1, with masks of two segments; slice z2 of segment 1 is empty. */
    private record Case(List<DicomDataset> sources, List<SegmentDescription> segments, List<SegmentMask> masks) {
        DicomDataset slice(int zIndex) {
            return sources.stream().filter(s -> s.getDoubles(Tag.ImagePositionPatient)[2] == 10 + 2.5 * zIndex)
                    .findFirst().orElseThrow();
        }
    }

    private static Case ctCase() {
        List<DicomDataset> sources = SegTestImages.ctSeries(COLUMNS, ROWS, 3, 0, 2, 1);
        List<SegmentDescription> segments = List.of(segment(1, "CCT", 1, "악성"), segment(2, "CCT", 5, "폐경화"));
        Case c = new Case(sources, segments, List.of());
        List<SegmentMask> masks = new ArrayList<>();
        int[][] segmentAndZ = {{1, 3}, {1, 0}, {1, 2}, {2, 2}, {1, 1}, {2, 1}};
        byte[][] segment1ByZ = new byte[4][COLUMNS * ROWS];
        for (int[] sz : segmentAndZ) {
            double density = sz[0] == 1 && sz[1] == 2 ? 0 : 0.02;
            byte[] mask = blob(COLUMNS, ROWS, 31L * sz[0] + sz[1], density);
            for (int i = 0; i < mask.length; i++) {
                if (sz[0] == 1) {
                    segment1ByZ[sz[1]][i] = mask[i];
                } else if (segment1ByZ[sz[1]][i] != 0) {
                    mask[i] = 0; // disjoint segments: overlap has its own test
                }
            }
            masks.add(new SegmentMask(sz[0], uid(c.slice(sz[1])), COLUMNS, ROWS, mask));
        }
        return new Case(sources, segments, masks);
    }

    private static Map<String, byte[]> byKey(List<SegmentMask> masks) {
        Map<String, byte[]> out = new HashMap<>();
        for (SegmentMask m : masks) {
            out.put(m.segmentNumber() + "/" + m.sourceSopInstanceUid(), m.foreground());
        }
        return out;
    }

    @Test
    void masksComeBackExactlyWithoutTheEmptyOnesInSegmentThenSliceOrder(@TempDir Path dir) {
        Case c = ctCase();
        Path out = dir.resolve("seg.dcm");
        SegWriter.write(out, c.sources(), c.segments(), c.masks(), SegWriter.Series.fresh(100, "0.1.0"));

        Segmentation seg = SegReader.read(out);
        Map<String, byte[]> expected = byKey(c.masks().stream().filter(m -> !m.isEmpty()).toList());
        Map<String, byte[]> actual = byKey(seg.masks());
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((k, v) -> assertThat(actual.get(k)).as(k).isEqualTo(v));
        assertThat(seg.warnings()).isEmpty();
        assertThat(seg.segmentationType()).isEqualTo("BINARY");
        assertThat(seg.segments()).isEqualTo(c.segments());

        // segment 1 on z0, z1, z3 (z2 empty), then segment 2 on z1, z2: by segment, then along the slice normal
        List<String> order = seg.frames().stream().map(f -> f.mask().segmentNumber() + "/" + f.mask().sourceSopInstanceUid()).toList();
        assertThat(order).containsExactly("1/" + uid(c.slice(0)), "1/" + uid(c.slice(1)), "1/" + uid(c.slice(3)),
                "2/" + uid(c.slice(1)), "2/" + uid(c.slice(2)));
        assertThat(seg.frames().get(2).imagePositionPatient()).containsExactly(-100, -120.5, 17.5);

        DicomDataset written = DicomReader.create().read(out).dataset();
        List<long[]> dimensionIndex = written.getSequence(Tag.PerFrameFunctionalGroupsSequence).stream()
                .map(g -> g.getSequence(Tag.FrameContentSequence).get(0).getLongs(Tag.DimensionIndexValues)).toList();
        assertThat(dimensionIndex).containsExactly(new long[] {1, 1}, new long[] {1, 2}, new long[] {1, 4},
                new long[] {2, 2}, new long[] {2, 3});
        assertThat(written.getSequence(Tag.DimensionIndexSequence).stream()
                .map(d -> d.getLongs(Tag.DimensionIndexPointer)[0]).toList())
                .containsExactly((long) Tag.ReferencedSegmentNumber, (long) Tag.ImagePositionPatient);
        assertThat(written.getString(Tag.SegmentsOverlap)).contains("NO");
        assertThat(written.getString(Tag.PatientName)).isEqualTo(c.sources().get(0).getString(Tag.PatientName));
        assertThat(written.getString(Tag.StudyInstanceUID)).isEqualTo(c.sources().get(0).getString(Tag.StudyInstanceUID));
        assertThat(written.getString(Tag.FrameOfReferenceUID)).isEqualTo(c.sources().get(0).getString(Tag.FrameOfReferenceUID));
        assertThat(written.getInt(Tag.NumberOfFrames)).hasValue(5);
        // 5 frames x 851 bits = 4255 bits -> 532 bytes, padded to even length
        assertThat(written.get(Tag.PixelData).orElseThrow().valueLength()).isEqualTo(532);
        DicomDataset segment2 = written.getSequence(Tag.SegmentSequence).get(1);
        assertThat(segment2.getString(Tag.SegmentLabel)).contains("폐경화");
        assertThat(segment2.getString(Tag.SegmentAlgorithmType)).contains("MANUAL");
        assertThat(segment2.contains(Tag.SegmentAlgorithmName)).isFalse();
        assertThat(segment2.getString(Tag.SegmentDescription)).contains("Manual annotation with Pulmo test tool");
        assertThat(segment2.getSequence(Tag.SegmentedPropertyTypeCodeSequence).get(0).getString(Tag.CodeValue)).contains("95436008");
    }

    @Test
    void randomMasksOfAnySizeRoundTripExactly() {
        Random r = new Random(20261124);
        for (int trial = 0; trial < 40; trial++) {
            int columns = 1 + r.nextInt(40);
            int rows = 1 + r.nextInt(40);
            int slices = 1 + r.nextInt(4);
            int[] order = new int[slices];
            for (int i = 0; i < slices; i++) {
                order[i] = i;
            }
            List<DicomDataset> sources = SegTestImages.ctSeries(columns, rows, order);
            int segments = 1 + r.nextInt(3);
            List<SegmentDescription> descriptions = new ArrayList<>();
            List<SegmentMask> masks = new ArrayList<>();
            for (int s = 1; s <= segments; s++) {
                descriptions.add(segment(s, "CCT", s + 2, "c" + s));
                for (DicomDataset source : sources) {
                    masks.add(new SegmentMask(s, uid(source), columns, rows, blob(columns, rows, r.nextLong(), r.nextDouble() * 0.5)));
                }
            }
            DicomDataset ds = SegWriter.create(sources, descriptions, masks, SegWriter.Series.fresh(1, "t"));
            Segmentation back = SegReader.read(DicomReader.create().read(
                    DicomWriter.toBytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), "trial " + trial));
            Map<String, byte[]> actual = byKey(back.masks());
            Map<String, byte[]> expected = byKey(masks.stream().filter(m -> !m.isEmpty()).toList());
            assertThat(actual.keySet()).as("trial %d (%d x %d)", trial, columns, rows).isEqualTo(expected.keySet());
            expected.forEach((k, v) -> assertThat(actual.get(k)).isEqualTo(v));
        }
    }

    @Test
    void overlappingSegmentsAreWrittenAndSaidToOverlap() {
        List<DicomDataset> sources = SegTestImages.ctSeries(8, 8, 0);
        byte[] a = new byte[64];
        byte[] b = new byte[64];
        a[9] = a[10] = 1;
        b[10] = b[11] = 1;
        DicomDataset ds = SegWriter.create(sources, List.of(segment(1, "CCT", 1, "악성"), segment(2, "CCT", 5, "폐경화")),
                List.of(new SegmentMask(1, uid(sources.get(0)), 8, 8, a), new SegmentMask(2, uid(sources.get(0)), 8, 8, b)),
                SegWriter.Series.fresh(1, "t"));
        assertThat(ds.getString(Tag.SegmentsOverlap)).contains("YES");
        Segmentation back = SegReader.read(DicomReader.create().read(
                DicomWriter.toBytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), "overlap"));
        assertThat(back.warnings()).containsExactly("segments 1 and 2 overlap in 1 pixel(s) of image " + uid(sources.get(0)));
    }

    /**
     * Masks drawn on lossy compressed images: the SEG says 01 with the sources' ratios and methods, each once, in
     * the order first met (PS3.3 C.7.6.1.1.5; highdicom does the same), and dciodvfy accepts it; lossless sources: 00.
     */
    @Test
    void aSegOfLossySourcesSaysSoWithTheirRatiosAndMethods(@TempDir Path dir) throws Exception {
        List<DicomDataset> plain = SegTestImages.ctSeries(8, 8, 0, 1, 2);
        List<DicomDataset> sources = List.of(
                plain.get(0).toBuilder().putString(Tag.LossyImageCompression, VR.CS, "00").build(),
                plain.get(1).toBuilder().putString(Tag.LossyImageCompression, VR.CS, "01")
                        .putString(Tag.LossyImageCompressionRatio, VR.DS, "12.5")
                        .putString(Tag.LossyImageCompressionMethod, VR.CS, "ISO_15444_1").build(),
                plain.get(2).toBuilder().putString(Tag.LossyImageCompression, VR.CS, "01")
                        .putString(Tag.LossyImageCompressionRatio, VR.DS, "8", "12.5")
                        .putString(Tag.LossyImageCompressionMethod, VR.CS, "ISO_10918_1", "ISO_15444_1").build());
        byte[] mask = blob(8, 8, 7, 0.3);
        List<SegmentMask> masks = List.of(new SegmentMask(1, uid(sources.get(0)), 8, 8, mask));
        DicomDataset lossless = SegWriter.create(sources.subList(0, 1), List.of(segment(1, "CCT", 1, "악성")), masks,
                SegWriter.Series.fresh(1, "t"));
        assertThat(lossless.getString(Tag.LossyImageCompression)).contains("00");
        assertThat(lossless.contains(Tag.LossyImageCompressionMethod)).isFalse();
        for (boolean labelMap : List.of(false, true)) {
            Path file = dir.resolve(labelMap + ".dcm");
            if (labelMap) {
                SegWriter.writeLabelMap(file, sources, List.of(segment(1, "CCT", 1, "악성")), masks, SegWriter.Series.fresh(1, "t"));
            } else {
                SegWriter.write(file, sources, List.of(segment(1, "CCT", 1, "악성")), masks, SegWriter.Series.fresh(1, "t"));
            }
            DicomDataset lossy = DicomReader.create().read(file).dataset();
            assertThat(lossy.getString(Tag.LossyImageCompression)).contains("01");
            assertThat(lossy.getStrings(Tag.LossyImageCompressionRatio)).containsExactly("12.5", "8");
            assertThat(lossy.getStrings(Tag.LossyImageCompressionMethod)).containsExactly("ISO_15444_1", "ISO_10918_1");
            if (!labelMap && Files.isExecutable(Path.of("/usr/bin/dciodvfy"))) {
                assertThat(dciodvfyErrors(file)).isEmpty();
            }
        }
    }

    @Test
    void badInputIsRefusedWithTheMaskAndTheReason() {
        List<DicomDataset> sources = SegTestImages.ctSeries(COLUMNS, ROWS, 0, 1);
        List<SegmentDescription> one = List.of(segment(1, "CCT", 1, "악성"));
        SegWriter.Series series = SegWriter.Series.fresh(1, "t");
        String first = uid(sources.get(0));
        assertThatThrownBy(() -> SegWriter.create(sources, one,
                List.of(new SegmentMask(1, first, 10, 12, new byte[120])), series))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the mask of segment 1 on image " + first + ": the mask is 10 x 12 pixels but its image is 37 x 23 (Columns x Rows)");
        assertThatThrownBy(() -> SegWriter.create(sources, one,
                List.of(new SegmentMask(1, "1.2.3", COLUMNS, ROWS, blob(COLUMNS, ROWS, 1, 0.1))), series))
                .hasMessage("the mask of segment 1 on image 1.2.3: the image is not among the 2 source images");
        assertThatThrownBy(() -> SegWriter.create(sources, one,
                List.of(new SegmentMask(2, first, COLUMNS, ROWS, blob(COLUMNS, ROWS, 1, 0.1))), series))
                .hasMessageContaining("there is no segment 2 (segments 1..1)");
        assertThatThrownBy(() -> SegWriter.create(sources, one,
                List.of(new SegmentMask(1, first, COLUMNS, ROWS, new byte[COLUMNS * ROWS])), series))
                .hasMessage("every mask is empty; a Segmentation needs at least one frame");
        assertThatThrownBy(() -> SegWriter.create(sources, List.of(segment(2, "CCT", 1, "악성")), List.of(), series))
                .hasMessageContaining("segments are numbered 1, 2, 3, … in order");
        List<DicomDataset> twoStudies = List.of(sources.get(0), SegTestImages.ctSeries(COLUMNS, ROWS, 0).get(0));
        assertThatThrownBy(() -> SegWriter.create(twoStudies, one, List.of(), series))
                .hasMessageContaining("belong to 2 studies");
    }

    // ---------------------------------------------------------------- independent readers

    private static String sha256(byte[] mask) throws Exception {
        byte[] normalised = new byte[mask.length];
        for (int i = 0; i < mask.length; i++) {
            normalised[i] = (byte) (mask[i] != 0 ? 1 : 0);
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(normalised));
    }

    static Path oracleScript() {
        for (Path p : new Path[] {Path.of("src/test/python/seg_oracle.py"), Path.of("sdk-dicom/src/test/python/seg_oracle.py")}) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException("seg_oracle.py not found");
    }

    @Test
    void pydicomReadsTheFramesSegmentsAndReferencesWeWrote(@TempDir Path dir) throws Exception {
        assumeTrue(has("/usr/bin/python3", "-c", "import pydicom, numpy"),
                "pydicom is not installed (apt-get install python3-pydicom python3-numpy): interoperability not checked");
        Case c = ctCase();
        Path out = dir.resolve("seg.dcm");
        SegWriter.write(out, c.sources(), c.segments(), c.masks(), SegWriter.Series.fresh(100, "0.1.0"));
        JsonNode file = new ObjectMapper().readTree(run("/usr/bin/python3", oracleScript().toString(), out.toString()))
                .get("files").get(0);

        List<SegmentMask> nonEmpty = c.masks().stream().filter(m -> !m.isEmpty()).toList();
        assertThat(file.get("number_of_frames").asInt()).isEqualTo(nonEmpty.size());
        assertThat(file.get("segmentation_type").asText()).isEqualTo("BINARY");
        assertThat(file.get("segments").findValuesAsText("label")).containsExactly("악성", "폐경화");
        List<String> referenced = new ArrayList<>();
        file.get("referenced_instances").forEach(n -> referenced.add(n.asText()));
        assertThat(referenced).containsExactlyInAnyOrderElementsOf(c.sources().stream().map(SegTestImages::uid).toList());
        Map<String, String> expectedSha = new HashMap<>();
        for (SegmentMask m : nonEmpty) {
            expectedSha.put(m.segmentNumber() + "/" + m.sourceSopInstanceUid(), sha256(m.foreground()) + " " + m.areaPixels());
        }
        Map<String, String> pydicomSha = new HashMap<>();
        for (JsonNode f : file.get("frames")) {
            pydicomSha.put(f.get("segment").asInt() + "/" + f.get("source_uid").asText(),
                    f.get("sha256").asText() + " " + f.get("foreground").asLong());
        }
        assertThat(pydicomSha).isEqualTo(expectedSha);

        // a projection image: no plane position, one frame
        DicomDataset xray = SegTestImages.xray(30, 20);
        byte[] mask = blob(30, 20, 8, 0.1);
        Path xraySeg = dir.resolve("xray.dcm");
        SegWriter.write(xraySeg, List.of(xray), List.of(segment(1, "XRY", 8, "흉막_삼출")),
                List.of(new SegmentMask(1, uid(xray), 30, 20, mask)), SegWriter.Series.fresh(102, "0.1.0"));
        JsonNode x = new ObjectMapper().readTree(run("/usr/bin/python3", oracleScript().toString(), xraySeg.toString()))
                .get("files").get(0);
        assertThat(x.get("number_of_frames").asInt()).isEqualTo(1);
        JsonNode frame = x.get("frames").get(0);
        assertThat(frame.get("segment").asInt()).isEqualTo(1);
        assertThat(frame.get("source_uid").asText()).isEqualTo(uid(xray));
        assertThat(frame.get("position").isNull()).isTrue();
        assertThat(frame.get("sha256").asText()).isEqualTo(sha256(mask));
    }

    static List<String> dciodvfyErrors(Path file) throws Exception {
        String report = run("/usr/bin/dciodvfy", file.toString());
        List<String> errors = new ArrayList<>();
        for (String line : report.split("\n")) {
            if (line.startsWith("Error")) {
                errors.add(line);
            }
        }
        return errors;
    }

    @Test
    void dciodvfyFindsNoErrorInSegmentationsOfCtPetAndXray(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dciodvfy")),
                "dciodvfy is not installed (apt-get install dicom3tools): IOD conformance not checked");
        Case ct = ctCase();
        Path ctSeg = dir.resolve("ct.dcm");
        SegWriter.write(ctSeg, ct.sources(), ct.segments(), ct.masks(), SegWriter.Series.fresh(100, "0.1.0"));
        assertThat(dciodvfyErrors(ctSeg)).as("CT").isEmpty();

        List<DicomDataset> pet = SegTestImages.axialSeries(UID.PositronEmissionTomographyImageStorage, "PT", 16, 16, 0, 1);
        Path petSeg = dir.resolve("pet.dcm");
        SegWriter.write(petSeg, pet, List.of(segment(1, "PCT", 1, "악성_림프절"), segment(2, "PCT", 3, "양성_림프절")),
                List.of(new SegmentMask(1, uid(pet.get(0)), 16, 16, blob(16, 16, 4, 0.1)),
                        new SegmentMask(2, uid(pet.get(1)), 16, 16, blob(16, 16, 5, 0.1))),
                SegWriter.Series.fresh(101, "0.1.0"));
        assertThat(dciodvfyErrors(petSeg)).as("PET").isEmpty();

        DicomDataset xray = SegTestImages.xray(30, 20);
        Path xraySeg = dir.resolve("xray.dcm");
        SegWriter.write(xraySeg, List.of(xray), List.of(segment(1, "XRY", 6, "기흉")),
                List.of(new SegmentMask(1, uid(xray), 30, 20, blob(30, 20, 6, 0.1))), SegWriter.Series.fresh(102, "0.1.0"));
        assertThat(dciodvfyErrors(xraySeg)).as("X-ray").isEmpty();
        DicomDataset written = DicomReader.create().read(xraySeg).dataset();
        assertThat(written.contains(Tag.FrameOfReferenceUID)).isFalse();
        assertThat(written.getSequence(Tag.PerFrameFunctionalGroupsSequence).get(0).contains(Tag.PlanePositionSequence)).isFalse();
    }
}
