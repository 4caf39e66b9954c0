package dev.pulmo.dicom.deid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.TransferSyntax;
import dev.pulmo.dicom.UID;
import dev.pulmo.dicom.VR;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 20: text inside sequences gets the profile's treatment for structured content (README-deid.md): Content
 * Sequence › Text Value and Request Attributes Sequence › Code Meaning are cleaned under Clean Descriptors and removed
 * under the basic profile; other kept text loses the dataset's identifying values; and {@link IdentifierSearch} finds
 * identifiers the way the check needs.
 */
class StructuredContentTest {

    private static final UUID NAMESPACE = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

    private static DicomDataset run(DeidOptions options, DicomDataset ds, List<String> known) {
        DicomFile file = new DicomFile("sr.dcm", true, DicomDataset.empty(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, ds,
                List.of());
        return new Deidentifier(options, NAMESPACE).deidentify(file, new PatientPseudonym("P00001", -10, known)).dataset();
    }

    private static DicomDataset report() {
        DicomDataset deepest = DicomDataset.builder()
                .putString(Tag.ValueType, VR.CS, "TEXT")
                .putSequence(Tag.ConceptNameCodeSequence, List.of(DicomDataset.builder()
                        .putString(Tag.CodeValue, VR.SH, "121071")
                        .putString(Tag.CodingSchemeDesignator, VR.SH, "DCM")
                        .putString(Tag.CodeMeaning, VR.LO, "Finding for Kim Minji").build()))
                .putString(Tag.TextValue, VR.UT, "Kim Minji (HOSP777) has a nodule")
                .build();
        return DicomDataset.builder()
                .putString(Tag.SOPClassUID, VR.UI, UID.ComprehensiveSRStorage)
                .putString(Tag.SOPInstanceUID, VR.UI, "1.2.3.4.5")
                .putString(Tag.PatientName, VR.PN, "Kim^Minji")
                .putString(Tag.PatientID, VR.LO, "HOSP777")
                .putString(Tag.ManufacturerModelName, VR.LO, "Scanner of MINJI")
                .putSequence(Tag.ContentSequence, List.of(DicomDataset.builder()
                        .putString(Tag.ValueType, VR.CS, "CONTAINER")
                        .putSequence(Tag.ContentSequence, List.of(deepest)).build()))
                .putSequence(Tag.RequestAttributesSequence, List.of(DicomDataset.builder()
                        .putSequence(Tag.ScheduledProtocolCodeSequence, List.of(DicomDataset.builder()
                                .putString(Tag.CodeValue, VR.SH, "X1")
                                .putString(Tag.CodeMeaning, VR.LO, "CT for KIM MINJI").build())).build()))
                .build();
    }

    private static DicomDataset deepest(DicomDataset out) {
        return out.getSequence(Tag.ContentSequence).get(0).getSequence(Tag.ContentSequence).get(0);
    }

    @Test
    void underTheBasicProfileStructuredFreeTextIsRemovedAndCodesStay() {
        DicomDataset out = run(DeidOptions.BASIC_PROFILE, report(), List.of());
        DicomDataset item = deepest(out);
        assertThat(item.contains(Tag.TextValue)).isFalse();
        DicomDataset concept = item.getSequence(Tag.ConceptNameCodeSequence).get(0);
        assertThat(concept.contains(Tag.CodeMeaning)).isFalse();
        assertThat(concept.getString(Tag.CodeValue)).hasValue("121071");
        assertThat(item.getString(Tag.ValueType)).hasValue("TEXT");
        assertThat(out.contains(Tag.RequestAttributesSequence)).as("X under the basic profile").isFalse();
    }

    @Test
    void underCleanDescriptorsStructuredFreeTextLosesTheIdentifyingValues() {
        DicomDataset out = run(DeidOptions.DATASET_DEFAULTS, report(), List.of());
        DicomDataset item = deepest(out);
        assertThat(item.getString(Tag.TextValue)).hasValue("* * (*) has a nodule");
        assertThat(item.getSequence(Tag.ConceptNameCodeSequence).get(0).getString(Tag.CodeMeaning))
                .hasValue("Finding for * *");
        assertThat(out.getSequence(Tag.RequestAttributesSequence).get(0).getSequence(Tag.ScheduledProtocolCodeSequence)
                .get(0).getString(Tag.CodeMeaning)).hasValue("CT for * *");
        // kept outright by the table, still cut of the dataset's identifying values
        assertThat(out.getString(Tag.ManufacturerModelName)).hasValue("Scanner of *");
    }

    @Test
    void identifiersKnownFromElsewhereAreCutToo() {
        DicomDataset ds = report().toBuilder().putString(Tag.StudyDescription, VR.LO, "chart 55-1234 of the patient").build();
        DicomDataset out = run(DeidOptions.DATASET_DEFAULTS, ds, List.of("55-1234"));
        assertThat(out.getString(Tag.StudyDescription)).hasValue("chart * of the patient");
    }

    @Test
    void theSearchMatchesAcrossCaseAndSeparatorsButNotInsideOtherWords() {
        IdentifierSearch search = IdentifierSearch.of(List.of(
                new IdentifierSearch.Identifier("P1", IdentifierSearch.Kind.NAME, "LEE"),
                new IdentifierSearch.Identifier("P1", IdentifierSearch.Kind.NAME, "홍길동"),
                new IdentifierSearch.Identifier("P1", IdentifierSearch.Kind.NAME, "Hong Gildong"),
                new IdentifierSearch.Identifier("P1", IdentifierSearch.Kind.BIRTH_DATE, "19650412"),
                new IdentifierSearch.Identifier("P2", IdentifierSearch.Kind.HOSPITAL_ID, "1234"),
                new IdentifierSearch.Identifier("P3", IdentifierSearch.Kind.NAME, "ab")));
        assertThat(search.find("SLEEP well, Mr. lee.")).extracting(m -> m.start()).containsExactly(16);
        assertThat(search.find("홍길동님의 영상")).singleElement().satisfies(m -> assertThat(m.end()).isEqualTo(3));
        assertThat(search.find("HONG^GILDONG")).hasSize(1);
        assertThat(search.find("born 1965-04-12.")).singleElement().satisfies(m -> {
            assertThat(m.start()).isEqualTo(5);
            assertThat(m.end()).isEqualTo(15);
        });
        assertThat(search.find("912345 and ID1234 and 1234")).extracting(m -> m.start()).containsExactly(13, 22);
        assertThat(search.find("ab abc")).as("too short to search").isEmpty();
        assertThat(search.replace("Mr. Lee, 1965.04.12", id -> "*")).isEqualTo("Mr. *, *");
    }
}
