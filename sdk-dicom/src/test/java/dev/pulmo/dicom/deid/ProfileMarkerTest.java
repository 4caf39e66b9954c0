package dev.pulmo.dicom.deid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomElement;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.DicomWriter;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.TransferSyntax;
import dev.pulmo.dicom.VR;
import dev.pulmo.dicom.deid.MarkerCorpus.Marker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The marker corpus (every attribute of PS3.15 Table E.1-1, nested and private ones) written, de-identified and
 * written again: the output BYTES hold no marker that the profile and options remove, hold every marker the
 * options keep, and the output reads back as DICOM.
 */
class ProfileMarkerTest {

    static final DeidKey KEY = DeidKey.fromBase64("q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=");
    static final PatientPseudonym PATIENT = new PatientPseudonym("PX1Y2Z3", KEY.dateShiftDays("MARKER_00100020"));

    private final MarkerCorpus corpus = new MarkerCorpus();

    @Test
    void theCorpusCoversTheWholeTable() {
        // 621 rows: 3 ranges, the private row and 8 command/File Meta rows have no marker of their own here
        assertThat(corpus.markers).hasSizeGreaterThan(600);
        assertThat(Math.abs(PATIENT.dateShiftDays())).as("shift larger than the span of marker dates")
                .isGreaterThan(700);
    }

    @Test
    void basicProfileLeavesNoMarkerAnywhereInTheOutputBytes() {
        byte[] out = deidentify(DeidOptions.BASIC_PROFILE);
        String text = new String(out, StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain("MARKER").doesNotContain(MarkerCorpus.NESTED_NAME_PREFIX);
        List<String> leaked = new ArrayList<>();
        for (Marker m : corpus.markers) {
            if (m.bytesMarker() != null && text.contains(m.bytesMarker())) {
                leaked.add(m.row().get("name").asText() + " " + m.bytesMarker());
            }
        }
        assertThat(leaked).isEmpty();
        assertThat(numbersLeft(read(out).dataset())).isEmpty();
        assertThat(text).doesNotContain(MarkerCorpus.SAFE_PRIVATE_VALUE);
    }

    @Test
    void datasetDefaultsKeepExactlyWhatTheOptionsRetain() {
        byte[] out = deidentify(DeidOptions.DATASET_DEFAULTS.withSafePrivateTags(List.of(MarkerCorpus.SAFE_TAG)));
        String text = new String(out, StandardCharsets.ISO_8859_1);
        Map<String, Boolean> options = MarkerCorpus.datasetDefaultOptions();
        List<String> wrong = new ArrayList<>();
        int kept = 0;
        for (Marker m : corpus.markers) {
            if (m.bytesMarker() == null) {
                continue;
            }
            boolean expected = MarkerCorpus.keptUnder(m, options);
            kept += expected ? 1 : 0;
            if (text.contains(m.bytesMarker()) != expected) {
                wrong.add((expected ? "lost " : "leaked ") + m.row().get("name").asText() + " " + m.bytesMarker());
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(kept).as("the options keep some attributes").isGreaterThan(50);
        for (String removed : corpus.alwaysRemoved) {
            assertThat(text).as(removed).doesNotContain(removed);
        }
        assertThat(text).doesNotContain(MarkerCorpus.NESTED_NAME_PREFIX);
        DicomDataset ds = read(out).dataset();
        // retained characteristics and device (SPEC.md §5)
        assertThat(ds.getString(Tag.PatientAge)).isPresent();
        assertThat(text).contains(markerOf(Tag.PatientAge)).contains(markerOf(Tag.PatientSex));
        assertThat(ds.getString(Tag.PatientSex)).contains(markerOf(Tag.PatientSex));
        assertThat(ds.getString(Tag.Manufacturer)).contains(MarkerCorpus.MANUFACTURER);
        assertThat(ds.getString(Tag.ManufacturerModelName)).contains(MarkerCorpus.MODEL);
        // the safelisted private attribute and its creator stay; the unsafe one of the same creator goes
        assertThat(ds.getString(0x00191005)).contains(MarkerCorpus.SAFE_PRIVATE_VALUE);
        assertThat(ds.getString(0x00190010)).contains(MarkerCorpus.SAFE_TAG.creator());
        assertThat(ds.contains(0x00191006)).isFalse();
        assertThat(ds.getString(Tag.PatientIdentityRemoved)).contains("YES");
        assertThat(ds.getString(Tag.PatientID)).contains(PATIENT.newPatientId());
        assertThat(ds.getString(Tag.LongitudinalTemporalInformationModified)).contains("MODIFIED");
        List<String> codes = ds.getSequence(Tag.DeidentificationMethodCodeSequence).stream()
                .map(i -> i.getString(Tag.CodeValue).orElseThrow()).toList();
        assertThat(codes).containsExactly("113100", "113105", "113107", "113108", "113109", "113111");
    }

    @Test
    void sequencesAreDeidentifiedInside() {
        DicomDataset ds = read(deidentify(DeidOptions.DATASET_DEFAULTS)).dataset();
        // Source Image Sequence is X/Z/U*: kept, its UIDs replaced, its items cleaned
        List<DicomDataset> items = ds.getSequence(Tag.SourceImageSequence);
        assertThat(items).hasSize(1);
        assertThat(items.get(0).getString(Tag.PatientName)).isEmpty();
        assertThat(items.get(0).getString(Tag.ReferencedSOPInstanceUID).orElseThrow()).startsWith("2.25.");
        assertThat(items.get(0).contains(0x00091001)).isFalse();
        assertThat(items.get(0).contains(0x00090010)).isFalse();
    }

    @Test
    void aSecondRunWithTheSameKeyGivesIdenticalBytesAndAnotherKeyDoesNot() {
        byte[] first = deidentify(DeidOptions.DATASET_DEFAULTS);
        byte[] second = deidentify(DeidOptions.DATASET_DEFAULTS);
        assertThat(second).isEqualTo(first);
        DeidKey other = DeidKey.generate();
        byte[] third = DicomWriter.toBytes(new Deidentifier(DeidOptions.DATASET_DEFAULTS, other.uidNamespace())
                .deidentify(written(), PATIENT).dataset(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(read(third).dataset().getString(Tag.SOPInstanceUID))
                .isNotEqualTo(read(first).dataset().getString(Tag.SOPInstanceUID));
    }

    @Test
    void theResidueScannerFindsNothingInTheOutputAndMuchInTheInput() {
        DeidOptions options = DeidOptions.DATASET_DEFAULTS.withSafePrivateTags(List.of(MarkerCorpus.SAFE_TAG));
        DicomDataset out = read(deidentify(options)).dataset();
        assertThat(new ResidueScanner(options).scan(out)).isEmpty();
        List<Residue> before = new ResidueScanner(options).scan(corpus.dataset);
        Set<String> codes = new HashSet<>();
        before.forEach(r -> codes.add(r.code()));
        assertThat(codes).contains("deid.residue.identity-not-removed", "deid.residue.private",
                "deid.residue.attribute-present", "deid.residue.attribute-not-empty");
        assertThat(before).anyMatch(r -> r.path().equals("(0010,0010)"));
        assertThat(before).anyMatch(r -> r.path().equals("(0008,1140)[0]/(0010,0010)"));
        assertThat(before).noneMatch(r -> r.message().contains("MARKER"));
    }

    private String markerOf(int tag) {
        return corpus.markers.stream().filter(m -> m.tag() == tag).findFirst().orElseThrow().bytesMarker();
    }

    private DicomFile written() {
        return read(DicomWriter.toBytes(corpus.dataset, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN));
    }

    private byte[] deidentify(DeidOptions options) {
        DeidResult r = new Deidentifier(options, KEY.uidNamespace()).deidentify(written(), PATIENT);
        return r.toBytes();
    }

    private static DicomFile read(byte[] bytes) {
        return DicomReader.create().read(bytes, "marker corpus");
    }

    /** Binary-number markers still present anywhere, by decoding (2-byte values are too short to scan bytes for). */
    private List<String> numbersLeft(DicomDataset ds) {
        List<String> left = new ArrayList<>();
        for (Marker m : corpus.markers) {
            if (m.number() != null) {
                ds.get(m.tag()).ifPresent(e -> {
                    if (holds(e, m.number())) {
                        left.add(m.row().get("name").asText());
                    }
                });
            }
        }
        return left;
    }

    private static boolean holds(DicomElement e, long number) {
        if (e.vr() == VR.FL || e.vr() == VR.FD) {
            for (double d : e.doubles()) {
                if (d == number) {
                    return true;
                }
            }
            return false;
        }
        for (long v : e.longs()) {
            if (v == number) {
                return true;
            }
        }
        return false;
    }
}
