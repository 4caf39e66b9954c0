package dev.pulmo.dataset.deid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.Finding;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomElement;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.DicomWriter;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.VR;
import dev.pulmo.dicom.deid.DeidOptions;
import dev.pulmo.dicom.deid.IdentifierSearch;
import dev.pulmo.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20's proof for de-identification: one patient's hospital id, other id, name (Latin and Korean) and birth date
 * are planted at every depth of copies of real corpus files (the structured reports of pydicom and highdicom, a CT, a
 * file with private sequences, a SEG): top level, descriptions, Content Sequence › Text Value three levels down,
 * Concept Name Code Sequence › Code Meaning, Request Attributes Sequence › Code Meaning, Referenced Image Sequence,
 * private elements and private sequences in sequences; and in the free text of the series' guideline JSON. After
 * {@code deid} with the guideline's options and with the basic profile, no output byte (file contents and paths)
 * holds any of them in any case or separator form, and {@code DeidCheck} with the mapping finds nothing there but
 * finds them in the input.
 */
class PlantedIdentifiersTest {

    private static final String HOSPITAL_ID = "K7741920";
    private static final String OTHER_ID = "MRN-5538271";
    private static final String FAMILY = "HONG";
    private static final String GIVEN = "GILDONG";
    private static final String KOREAN = "홍길동";
    private static final String BIRTH = "19650412";
    private static final String[] CORPUS = {"CT_small.dcm", "sr_document.dcm", "test-SR.dcm", "priv_SQ.dcm",
            "seg_image_ct_binary.dcm"};

    @TempDir
    Path tmp;

    @Test
    void noPlantedIdentifierSurvivesInAnyOutputByte() throws IOException {
        Path in = plantedTree(tmp.resolve("in"));
        for (DeidOptions options : List.of(DeidOptions.DATASET_DEFAULTS, DeidOptions.BASIC_PROFILE)) {
            String name = options == DeidOptions.BASIC_PROFILE ? "basic" : "defaults";
            Path out = tmp.resolve("out-" + name);
            PatientIdMap map = PatientIdMap.openOrCreate(tmp.resolve("keys-" + name + ".json"), "P");
            DeidReport report = new DeidRunner(options, map).run(in, out, o -> { });
            assertThat(report.written()).as(name + ": " + report.findings()).isEqualTo(CORPUS.length + 1);

            Map<String, byte[]> needles = needles();
            List<String> leaks = new ArrayList<>();
            try (Stream<Path> files = Files.walk(out)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    byte[] bytes = Files.readAllBytes(f);
                    byte[] path = out.relativize(f).toString().getBytes(StandardCharsets.UTF_8);
                    needles.forEach((what, needle) -> {
                        if (indexOfIgnoringAsciiCase(bytes, needle) >= 0 || indexOfIgnoringAsciiCase(path, needle) >= 0) {
                            leaks.add(name + ": " + out.relativize(f) + " holds " + what);
                        }
                    });
                }
            }
            assertThat(leaks).isEmpty();

            PatientIdMap reopened = PatientIdMap.open(tmp.resolve("keys-" + name + ".json"));
            assertThat(reopened.identifiers()).extracting(IdentifierSearch.Identifier::value)
                    .contains(HOSPITAL_ID, OTHER_ID, BIRTH, KOREAN, GIVEN, FAMILY + " " + GIVEN);
            DeidCheck check = new DeidCheck(options).withIdentifiers(IdentifierSearch.of(reopened.identifiers()));
            List<Finding> inOutput = check.check(out).stream().filter(f -> f.code().equals("deid.check.identifier")).toList();
            assertThat(inOutput).as(name).isEmpty();
            List<Finding> inInput = check.check(in).stream().filter(f -> f.code().equals("deid.check.identifier")).toList();
            assertThat(inInput).as("the check must see what was planted").extracting(f -> f.location().pointer())
                    .contains("(0040,A730)[0]/(0040,A730)[0]/(0040,A730)[0]/(0040,A160)", "(0009,1001)",
                            "(0011,1001)[0]/(0011,1002)[0]/(0011,1003)", "/info/description", "/annotations/0/toolname");
            assertThat(inInput).allMatch(f -> f.message().contains("of patient " + reopened.find(HOSPITAL_ID).orElseThrow())
                    && !f.message().contains(HOSPITAL_ID) && !f.message().contains(GIVEN));
        }
    }

    /** The identifiers in every form a careless copy might hold them, as UTF-8 bytes. */
    private static Map<String, byte[]> needles() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String s : List.of(HOSPITAL_ID, "7741920", OTHER_ID, "5538271", GIVEN, FAMILY + "^" + GIVEN,
                FAMILY + " " + GIVEN, KOREAN, BIRTH, "1965-04-12", "1965.04.12", "1965/04/12")) {
            out.put("'" + s + "'", s.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    private static int indexOfIgnoringAsciiCase(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (lower(hay[i + j]) != lower(needle[j])) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }

    // ------------------------------------------------------------------------------------------ the planted tree

    private static Path plantedTree(Path in) throws IOException {
        Path series = in.resolve("lung_cancer/chest-ct/malignant/" + HOSPITAL_ID + "/1");
        for (int i = 0; i < CORPUS.length; i++) {
            DicomFile source = DicomReader.create().read(SharedData.dicomCorpus().resolve(CORPUS[i]));
            DicomDataset planted = plant(source.dataset(), 0);
            Path target = series.resolve("dcm/cct_" + HOSPITAL_ID + "_1_" + (i + 1) + ".dcm");
            Files.createDirectories(target.getParent());
            DicomWriter.write(target, planted, dev.pulmo.dicom.TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        }
        String sample = Files.readString(SharedData.repositoryRoot().resolve("examples/guideline-json/cct_B000002_3_42.json"));
        String json = sample.replace("B000002", HOSPITAL_ID)
                .replaceFirst("\"description\": \"[^\"]*\"", "\"description\": \"Study of " + FAMILY + " " + GIVEN + " ("
                        + HOSPITAL_ID + ", " + OTHER_ID + "), born 1965-04-12\"")
                .replaceFirst("\"contributor\": \"[^\"]*\"", "\"contributor\": \"" + KOREAN + "님\"")
                .replaceFirst("\"toolname\": \"[^\"]*\"", "\"toolname\": \"tool of " + GIVEN.toLowerCase(Locale.ROOT) + " "
                        + HOSPITAL_ID + "\"")
                .replaceFirst("\\{", "{\"comment\": \"" + FAMILY + "^" + GIVEN + " " + BIRTH + "\", ");
        Path jsonFile = series.resolve("json/cct_" + HOSPITAL_ID + "_1_1.json");
        Files.createDirectories(jsonFile.getParent());
        Files.writeString(jsonFile, json);
        return in;
    }

    /** The identifiers at this level, then inside every sequence item (three levels of Content Sequence at least). */
    private static DicomDataset plant(DicomDataset ds, int depth) {
        DicomDataset.Builder b = DicomDataset.builder();
        for (DicomElement e : ds.elements()) {
            if (e.vr() == VR.SQ) {
                List<DicomDataset> items = new ArrayList<>();
                for (DicomDataset item : e.items()) {
                    items.add(plant(item, depth + 1));
                }
                b.putSequence(e.tag(), items);
            } else if (e.tag() == Tag.TextValue || e.tag() == Tag.CodeMeaning) {
                b.putString(e.tag(), e.vr(), e.string().orElse("") + " " + FAMILY + "^" + GIVEN + " " + HOSPITAL_ID);
            } else {
                b.put(e);
            }
        }
        String say = "seen " + FAMILY + " " + GIVEN + " (" + KOREAN + "), " + HOSPITAL_ID + " / " + OTHER_ID + ", b. "
                + "1965-04-12";
        if (depth == 0) {
            if (!ds.contains(Tag.SOPClassUID) || !ds.contains(Tag.SOPInstanceUID)) { // priv_SQ.dcm is a bare dataset
                b.putString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.7")
                        .putString(Tag.SOPInstanceUID, VR.UI, "1.2.826.0.1.3680043.2.1125." + ds.size());
            }
            b.putString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192")
                    .putString(Tag.PatientID, VR.LO, HOSPITAL_ID)
                    .putString(Tag.PatientName, VR.PN, FAMILY + "^" + GIVEN + "=" + KOREAN)
                    .putString(Tag.PatientBirthDate, VR.DA, BIRTH)
                    .putString(Tag.OtherPatientIDs, VR.LO, OTHER_ID)
                    .putString(Tag.StudyDescription, VR.LO, "follow-up " + FAMILY + " " + GIVEN)
                    .putString(Tag.ImageComments, VR.LT, say)
                    .putString(Tag.ManufacturerModelName, VR.LO, "CT of " + GIVEN)
                    .putSequence(Tag.ContentSequence, List.of(textItem(say, textItem(say, textItem(say)))))
                    .putSequence(Tag.RequestAttributesSequence, List.of(utf8()
                            .putString(Tag.RequestedProcedureDescription, VR.LO, say)
                            .putSequence(Tag.ScheduledProtocolCodeSequence, List.of(code(say))).build()))
                    .putSequence(Tag.ReferencedImageSequence, List.of(utf8()
                            .putString(Tag.ReferencedSOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.2")
                            .putString(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2.3.4")
                            .putSequence(Tag.PurposeOfReferenceCodeSequence, List.of(code(say))).build()))
                    .putString(0x00090010, VR.LO, "PLANTED")
                    .putString(0x00091001, VR.LO, say)
                    .putString(0x00110010, VR.LO, "PLANTED")
                    .putSequence(0x00111001, List.of(utf8()
                            .putSequence(0x00111002, List.of(utf8()
                                    .putString(0x00111003, VR.LO, say).build())).build()));
        }
        return b.build();
    }

    /** A builder whose strings are encoded as the root's ISO_IR 192 (UTF-8) says. */
    private static DicomDataset.Builder utf8() {
        return DicomDataset.of(List.of(), dev.pulmo.dicom.SpecificCharacterSet.of(List.of("ISO_IR 192"))).toBuilder();
    }

    private static DicomDataset textItem(String text, DicomDataset... children) {
        DicomDataset.Builder b = utf8()
                .putString(Tag.RelationshipType, VR.CS, "CONTAINS")
                .putString(Tag.ValueType, VR.CS, "TEXT")
                .putSequence(Tag.ConceptNameCodeSequence, List.of(code(text)))
                .putString(Tag.TextValue, VR.UT, text);
        if (children.length > 0) {
            b.putSequence(Tag.ContentSequence, List.of(children));
        }
        return b.build();
    }

    private static DicomDataset code(String meaning) {
        return utf8()
                .putString(Tag.CodeValue, VR.SH, "121071")
                .putString(Tag.CodingSchemeDesignator, VR.SH, "DCM")
                .putString(Tag.CodeMeaning, VR.LO, meaning.length() > 64 ? meaning.substring(0, 64) : meaning)
                .build();
    }
}
