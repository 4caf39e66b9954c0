package dev.pulmo.cli;

import dev.pulmo.testing.ExternalTools;
import dev.pulmo.testing.SharedData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.MessageDigest;
import java.util.HexFormat;
import static dev.pulmo.cli.CheckJsonCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.CategoryDefinition;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.cli.CheckJsonCommandTest.Run;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.DicomWriter;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.TransferSyntax;
import dev.pulmo.dicom.Uids;
import dev.pulmo.dicom.VR;
import dev.pulmo.dicom.mask.BinaryMaskDicom;
import dev.pulmo.dicom.seg.LungSegmentCodes;
import dev.pulmo.dicom.seg.SegReader;
import dev.pulmo.dicom.seg.SegmentDescription;
import dev.pulmo.dicom.seg.Segmentation;
import dev.pulmo.runtime.PluginRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegCommandTest {
    private static final Path CORPUS = SharedData.dicomCorpus();
    private static final int SIZE = 128; // CT_small.dcm is 128 x 128

    /** Three CT slices made from CT_small.dcm (1 mm apart) and their masks, in a chest-ct series folder. */
    static Path series(Path root, Map<String, byte[]> masks) throws IOException {
        return series(root, masks, false);
    }

    /** {@link #series(Path, Map)}; with {@code disjoint}, category 5's masks leave out category 1's pixels. */
    static Path series(Path root, Map<String, byte[]> masks, boolean disjoint) throws IOException {
        Path series = root.resolve("lung_cancer/chest-ct/malignant/P000001/3");
        Files.createDirectories(series.resolve("dcm"));
        Files.createDirectories(series.resolve("binary"));
        DicomDataset template = DicomReader.create().read(CORPUS.resolve("CT_small.dcm")).dataset();
        String seriesUid = Uids.random();
        String maskSeries = Uids.random();
        Random random = new Random(5);
        for (int seq = 1; seq <= 3; seq++) {
            double[] position = template.getDoubles(Tag.ImagePositionPatient);
            DicomDataset slice = template.toBuilder()
                    .putString(Tag.SOPInstanceUID, VR.UI, Uids.random())
                    .putString(Tag.SeriesInstanceUID, VR.UI, seriesUid)
                    .putString(Tag.InstanceNumber, VR.IS, Integer.toString(seq))
                    .putDoubles(Tag.ImagePositionPatient, VR.DS, position[0], position[1], position[2] + seq)
                    .build();
            DicomWriter.write(series.resolve("dcm/cct_P000001_3_" + seq + ".dcm"), slice, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            byte[] category1 = null;
            for (int category : new int[] {1, 5}) {
                if (seq == 2 && category == 5) {
                    continue; // no consolidation on slice 2
                }
                byte[] mask = new byte[SIZE * SIZE];
                int cx = 20 + random.nextInt(80);
                int cy = 20 + random.nextInt(80);
                for (int y = 0; y < SIZE; y++) {
                    for (int x = 0; x < SIZE; x++) {
                        mask[y * SIZE + x] = (byte) ((x - cx) * (x - cx) + (y - cy) * (y - cy) < 90 || random.nextInt(400) == 0 ? 1 : 0);
                    }
                }
                if (disjoint && category1 != null) {
                    for (int i = 0; i < mask.length; i++) {
                        mask[i] = category1[i] != 0 ? 0 : mask[i];
                    }
                }
                category1 = category == 1 ? mask : category1;
                String name = "cct_P000001_3_" + seq + "_" + category + "_binary.dcm";
                BinaryMaskDicom.write(series.resolve("binary/" + name), slice, mask, SIZE, SIZE, maskSeries, 900);
                masks.put(name, mask);
            }
        }
        return series;
    }

    private static Map<String, byte[]> masksIn(Path folder) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.toList()) {
                out.put(f.getFileName().toString(), BinaryMaskDicom.read(f).foreground());
            }
        }
        return out;
    }

    @Test
    void masksToSegToMasksIsExactWithTheGuidelinesNames(@TempDir Path dir) throws IOException {
        Map<String, byte[]> masks = new TreeMap<>();
        Path series = series(dir, masks);
        Path segFile = dir.resolve("series3.seg.dcm");
        Run build = run("seg", series.toString(), "--out", segFile.toString(), "--tool", "AnnoTool 2.1");
        assertThat(build.exitCode()).as(build.out() + build.err()).isZero();
        assertThat(build.out()).contains("wrote " + segFile + ": 2 segment(s), 5 frame(s) from 3 image(s)");

        Segmentation seg = SegReader.read(segFile);
        assertThat(seg.segments()).extracting(SegmentDescription::label).containsExactly("악성", "폐경화");
        assertThat(seg.segments()).extracting(s -> s.type().value()).containsExactly("372087000", "95436008");
        assertThat(seg.segments()).extracting(SegmentDescription::algorithmName).containsOnly("AnnoTool 2.1");
        assertThat(seg.frames()).hasSize(5);

        Path out = dir.resolve("extracted");
        Run extract = run("seg", "--extract", segFile.toString(), "--out", out.toString(), "--images", series.resolve("dcm").toString());
        assertThat(extract.exitCode()).as(extract.out() + extract.err()).isZero();
        Map<String, byte[]> back = masksIn(out);
        assertThat(back.keySet()).isEqualTo(masks.keySet());
        masks.forEach((name, mask) -> assertThat(back.get(name)).as(name).isEqualTo(mask));
        DicomDataset written = DicomReader.create().withStopBeforePixelData(true).read(out.resolve("cct_P000001_3_1_1_binary.dcm")).dataset();
        DicomDataset image = DicomReader.create().withStopBeforePixelData(true).read(series.resolve("dcm/cct_P000001_3_1.dcm")).dataset();
        assertThat(written.getString(Tag.PatientID)).isEqualTo(image.getString(Tag.PatientID));
        assertThat(written.getSequence(Tag.SourceImageSequence).get(0).getString(Tag.ReferencedSOPInstanceUID))
                .isEqualTo(image.getString(Tag.SOPInstanceUID));
    }

    @Test
    void aMaskOfTheWrongSizeIsReportedAndNoSegIsWritten(@TempDir Path dir) throws IOException {
        Path series = series(dir, new TreeMap<>());
        DicomDataset small = DicomReader.create().withStopBeforePixelData(true).read(series.resolve("dcm/cct_P000001_3_2.dcm"))
                .dataset().toBuilder().putLongs(Tag.Rows, VR.US, 64).putLongs(Tag.Columns, VR.US, 64).build();
        Path wrong = series.resolve("binary/cct_P000001_3_2_7_binary.dcm");
        BinaryMaskDicom.write(wrong, small, new byte[64 * 64], 64, 64, Uids.random(), 900);
        Path segFile = dir.resolve("s.dcm");
        Run r = run("seg", series.toString(), "--out", segFile.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains(wrong + ": ERROR mask.size-mismatch: the mask is 64 x 64 pixels but its image is 128 x 128"
                + " (Columns x Rows)").contains("ERROR seg.not-written");
        // a SEG without one of the series' masks would silently lose a lesion
        assertThat(segFile).doesNotExist();
    }

    @Test
    void imagesWeDoNotHaveAreErrorsAndTheirMasksComeFromTheSeg(@TempDir Path dir) throws IOException {
        Map<String, byte[]> masks = new TreeMap<>();
        Path series = series(dir, masks);
        Path segFile = dir.resolve("s.dcm");
        assertThat(run("seg", series.toString(), "--out", segFile.toString()).exitCode()).isZero();
        Path someImages = dir.resolve("some");
        Files.createDirectories(someImages);
        Files.copy(series.resolve("dcm/cct_P000001_3_1.dcm"), someImages.resolve("cct_P000001_3_1.dcm"));
        String missing = DicomReader.create().withStopBeforePixelData(true).read(series.resolve("dcm/cct_P000001_3_3.dcm"))
                .dataset().getString(Tag.SOPInstanceUID).orElseThrow();

        Path out = dir.resolve("out");
        Run r = run("seg", "--extract", segFile.toString(), "--out", out.toString(), "--images", someImages.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("ERROR seg.source-missing: image " + missing + " is not in " + someImages
                + "; its masks are written from the SEG's own attributes");
        assertThat(masksIn(out).get(missing + "_5_binary.dcm")).isEqualTo(masks.get("cct_P000001_3_3_5_binary.dcm"));
        assertThat(masksIn(out).get("cct_P000001_3_1_1_binary.dcm")).isEqualTo(masks.get("cct_P000001_3_1_1_binary.dcm"));
    }

    @Test
    void othersSegsFractionalAndOverlappingAreExtractedWithWarnings(@TempDir Path dir) throws IOException {
        Run fractional = run("seg", "--extract", CORPUS.resolve("seg_image_ct_binary_fractional.dcm").toString(),
                "--out", dir.resolve("f").toString());
        assertThat(fractional.exitCode()).as(fractional.err()).isZero();
        assertThat(fractional.out()).contains("WARNING seg.read: fractional (PROBABILITY) Segmentation read as binary")
                .contains("WARNING seg.source-missing").contains("wrote 3 mask(s) of 1 segment(s)");
        Run overlap = run("seg", "--extract", CORPUS.resolve("seg_image_ct_binary_overlap.dcm").toString(),
                "--out", dir.resolve("o").toString());
        assertThat(overlap.exitCode()).isZero();
        assertThat(overlap.out()).contains("WARNING seg.read: segments 1 and 2 overlap in 4 pixel(s) of image")
                .contains("wrote 8 mask(s) of 2 segment(s)");
    }

    @Test
    void everyCategoryOfTheBuiltInModalitiesHasItsCoding() throws Exception {
        // by English name, so a renumbered category in a plugin shows up here (README-seg.md has the table)
        Map<String, String> typeByEnglishName = Map.ofEntries(
                Map.entry("CCT malignant", "372087000"), Map.entry("CCT metastatic lesion", "14799000"),
                Map.entry("CCT benign", "27925004"), Map.entry("CCT fibrotic scar", "12402003"),
                Map.entry("CCT consolidation", "95436008"), Map.entry("CCT pneumothorax", "36118008"),
                Map.entry("CCT atelectasis", "46621007"), Map.entry("CCT pleural effusion", "60046008"),
                Map.entry("CCT pulmonary fibrosis", "51615001"),
                Map.entry("PCT malignant lymph node", "14799000"), Map.entry("PCT malignant lung lesion", "372087000"),
                Map.entry("PCT benign lymph node", "59441001"), Map.entry("PCT benign lung lesion", "52988006"));
        int checked = 0;
        try (PluginRegistry registry = PluginRegistry.classpath()) {
            for (ModalityPlugin plugin : registry.catalog().all()) {
                String code = plugin.modality().code();
                if (!Set.of("CCT", "XRY", "PCT").contains(code)) {
                    continue;
                }
                for (CategoryDefinition c : plugin.categoryTable().categories()) {
                    String key = (code.equals("PCT") ? "PCT " : "CCT ") + c.englishName();
                    assertThat(LungSegmentCodes.forCategory(code, c.id())).as(code + " " + c.id())
                            .map(coding -> coding.type().value()).contains(typeByEnglishName.get(key));
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(9 + 9 + 4);
    }

    @Test
    void labelMapsAreExtractedAndFoldersOutsideTheLayoutAreUsageErrors(@TempDir Path dir) {
        // highdicom's tiled label map: 20 segments, 19 with pixels, each a mask of the 50 x 50 total pixel matrix
        Run labelMap = run("seg", "--extract", CORPUS.resolve("seg_image_sm_control_labelmap.dcm").toString(), "--out",
                dir.resolve("labelmap").toString());
        assertThat(labelMap.exitCode()).isZero();
        assertThat(labelMap.out()).contains("wrote 19 mask(s) of 20 segment(s)");
        Run notASeries = run("seg", dir.toString(), "--out", dir.resolve("x.dcm").toString());
        assertThat(notASeries.exitCode()).isEqualTo(2);
        assertThat(notASeries.err()).contains("not a series folder of the guideline layout");
        Run both = run("seg", dir.toString(), "--extract", "x.dcm", "--out", dir.toString());
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("give either SERIES_DIR or --extract FILE");
    }

    /**
     * {@code --labelmap}: the same masks as a label map SEG (Label Map Segmentation Storage, LABELMAP, 8-bit frames,
     * one per image), read back by SegReader and by pydicom + numpy (seg_oracle.py: per segment and source image the
     * SHA-256 of the pixels equal to the segment's number) as the masks of the tree, exactly; overlapping masks of two
     * categories are an error and nothing is written; --labelmap with --extract is a usage error.
     */
    @Test
    void labelMapSegsAreWrittenWithOneLabelPerSegmentAndReadBackExactly(@TempDir Path dir) throws Exception {
        Map<String, byte[]> masks = new TreeMap<>();
        Path series = series(dir, masks, true);
        Path segFile = dir.resolve("series3.labelmap.dcm");
        Run build = run("seg", series.toString(), "--labelmap", "--out", segFile.toString(), "--tool", "AnnoTool 2.1");
        assertThat(build.exitCode()).as(build.out() + build.err()).isZero();
        assertThat(build.out()).contains("wrote " + segFile + ": 2 segment(s), 3 frame(s) from 3 image(s)");

        Map<String, String> sourceOfSlice = new TreeMap<>();
        for (int seq = 1; seq <= 3; seq++) {
            sourceOfSlice.put(Integer.toString(seq), DicomReader.create().withStopBeforePixelData(true)
                    .read(series.resolve("dcm/cct_P000001_3_" + seq + ".dcm")).dataset().getString(Tag.SOPInstanceUID).orElseThrow());
        }
        // the tree's masks by "segment/source UID": category 1 is segment 1, category 5 segment 2
        Map<String, byte[]> expected = new TreeMap<>();
        masks.forEach((name, mask) -> {
            String[] parts = name.split("_");
            expected.put((parts[4].equals("1") ? 1 : 2) + "/" + sourceOfSlice.get(parts[3]), mask);
        });

        DicomDataset written = DicomReader.create().withStopBeforePixelData(true).read(segFile).dataset();
        assertThat(written.getString(Tag.SOPClassUID)).contains("1.2.840.10008.5.1.4.1.1.66.7");
        assertThat(written.getString(Tag.SegmentationType)).contains("LABELMAP");
        assertThat(written.getInt(Tag.BitsAllocated)).hasValue(8);
        Segmentation seg = SegReader.read(segFile);
        assertThat(seg.segments()).extracting(SegmentDescription::label).containsExactly("악성", "폐경화");
        Map<String, byte[]> ours = new TreeMap<>();
        seg.masks().forEach(m -> ours.put(m.segmentNumber() + "/" + m.sourceSopInstanceUid(), m.foreground()));
        assertThat(ours.keySet()).isEqualTo(expected.keySet());
        expected.forEach((k, v) -> assertThat(ours.get(k)).as(k).isEqualTo(v));

        if (ExternalTools.has("/usr/bin/python3", "-c", "import pydicom, numpy")) {
            Path oracle = SharedData.repositoryRoot().resolve("sdk-dicom/src/test/python/seg_oracle.py");
            JsonNode file = new ObjectMapper().readTree(ExternalTools.run("/usr/bin/python3", oracle.toString(),
                    segFile.toString())).get("files").get(0);
            assertThat(file.get("segmentation_type").asText()).isEqualTo("LABELMAP");
            Map<String, String> pydicom = new TreeMap<>();
            file.get("masks").forEach(m -> pydicom.put(m.get("segment").asInt() + "/" + m.get("source_uid").asText(),
                    m.get("sha256").asText()));
            Map<String, String> expectedSha = new TreeMap<>();
            for (Map.Entry<String, byte[]> e : expected.entrySet()) {
                expectedSha.put(e.getKey(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(e.getValue())));
            }
            assertThat(pydicom).isEqualTo(expectedSha);
        }

        // category 5's mask on slice 1 moved onto category 1's: they share pixels, a label map cannot hold both
        Path slice1Category1 = series.resolve("binary/cct_P000001_3_1_1_binary.dcm");
        Path slice1Category5 = series.resolve("binary/cct_P000001_3_1_5_binary.dcm");
        Files.copy(slice1Category1, slice1Category5, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path overlapping = dir.resolve("overlap.dcm");
        Run refused = run("seg", series.toString(), "--labelmap", "--out", overlapping.toString());
        assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(1);
        assertThat(refused.out()).contains("ERROR seg.not-written").contains("segments 1 and 2");
        assertThat(overlapping).doesNotExist();

        Run usage = run("seg", "--extract", segFile.toString(), "--labelmap", "--out", dir.resolve("x").toString());
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.err()).contains("--labelmap writes a SEG from SERIES_DIR");
    }
}
