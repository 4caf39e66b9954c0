package dev.pulmo.cli;

import static dev.pulmo.cli.CheckJsonCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.cli.CheckJsonCommandTest.Run;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomElement;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.DicomWriter;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.TransferSyntax;
import dev.pulmo.dicom.VR;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 20: names built from a SEG's UIDs stay in --out; a malformed mask stops the SEG with exit 1. */
class SegHostileInputTest {

    @Test
    void aReferencedUidThatClimbsOutOfTheFolderIsRefused(@TempDir Path dir) throws IOException {
        Path series = SegCommandTest.series(dir, new TreeMap<>());
        Path segFile = dir.resolve("s.dcm");
        assertThat(run("seg", series.toString(), "--out", segFile.toString()).exitCode()).isZero();
        DicomDataset seg = DicomReader.create().read(segFile).dataset();
        String victim = DicomReader.create().withStopBeforePixelData(true)
                .read(series.resolve("dcm/cct_P000001_3_1.dcm")).dataset().getString(Tag.SOPInstanceUID).orElseThrow();
        String absolute = dir.resolve("abs").toAbsolutePath().toString();
        String climbing = "../../escaped";
        // two of the three images get hostile references; the SEG's own dataset is otherwise intact
        Path hostile = dir.resolve("hostile.dcm");
        DicomDataset edited = replaceUid(replaceUid(seg, victim, climbing), sopOf(series, 3), absolute);
        DicomWriter.write(hostile, edited, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);

        Path out = dir.resolve("nested/out");
        Run r = run("seg", "--extract", hostile.toString(), "--out", out.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("ERROR seg.unsafe-name: segment 1: the mask's file name comes from the SEG's "
                + "Referenced SOP Instance UID: unsafe output name '../../escaped_1_binary.dcm'")
                .contains("unsafe output name '" + absolute + "_");
        try (Stream<Path> all = Files.walk(dir)) {
            List<Path> escaped = all.filter(p -> p.getFileName().toString().startsWith("escaped")
                    || p.getFileName().toString().startsWith("abs_")).toList();
            assertThat(escaped).isEmpty();
        }
        // the image with an ordinary UID still gets its masks
        try (Stream<Path> written = Files.list(out)) {
            assertThat(written.map(p -> p.getFileName().toString()).toList())
                    .allMatch(n -> n.startsWith(sopOf(series, 2) + "_")).isNotEmpty();
        }
    }

    @Test
    void aMalformedMaskExitsOneAndWritesNoSeg(@TempDir Path dir) throws IOException {
        Path series = SegCommandTest.series(dir, new TreeMap<>());
        Path broken = series.resolve("binary/cct_P000001_3_2_1_binary.dcm");
        byte[] bytes = Files.readAllBytes(broken);
        Files.write(broken, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Path segFile = dir.resolve("s.dcm");
        Run r = run("seg", series.toString(), "--out", segFile.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains(broken + ": ERROR mask.unreadable: ")
                .contains("ERROR seg.not-written: some masks of the series cannot be used (see above): no SEG written");
        assertThat(segFile).doesNotExist();
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private static String sopOf(Path series, int seq) {
        return DicomReader.create().withStopBeforePixelData(true).read(series.resolve("dcm/cct_P000001_3_" + seq + ".dcm"))
                .dataset().getString(Tag.SOPInstanceUID).orElseThrow();
    }

    /** Every UI value equal to {@code from}, at every depth, becomes {@code to}. */
    private static DicomDataset replaceUid(DicomDataset ds, String from, String to) {
        DicomDataset.Builder b = DicomDataset.builder();
        for (DicomElement e : ds.elements()) {
            if (e.vr() == VR.SQ) {
                List<DicomDataset> items = new ArrayList<>();
                for (DicomDataset item : e.items()) {
                    items.add(replaceUid(item, from, to));
                }
                b.putSequence(e.tag(), items);
            } else if (e.vr() == VR.UI && e.string().orElse("").equals(from)) {
                b.put(DicomElement.ofStrings(e.tag(), VR.UI, e.characterSet(), to));
            } else {
                b.put(e);
            }
        }
        return b.build();
    }
}
