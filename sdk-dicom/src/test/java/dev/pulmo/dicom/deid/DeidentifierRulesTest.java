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

/** Hand-worked cases of single rules: dates, combined actions, cleaning, references, key derivations. */
class DeidentifierRulesTest {

    private static final UUID NAMESPACE = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

    private static DicomFile file(DicomDataset ds) {
        return new DicomFile("test.dcm", true, DicomDataset.empty(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, ds, List.of());
    }

    private static DicomDataset.Builder base() {
        return DicomDataset.builder()
                .putString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage)
                .putString(Tag.SOPInstanceUID, VR.UI, "1.2.3.4.5")
                .putString(Tag.PatientName, VR.PN, "Hong^Gildong")
                .putString(Tag.PatientID, VR.LO, "12345678");
    }

    private static DicomDataset run(DeidOptions options, DicomDataset ds, int shiftDays) {
        return new Deidentifier(options, NAMESPACE).deidentify(file(ds), new PatientPseudonym("P00001", shiftDays)).dataset();
    }

    @Test
    void datesMoveByThePatientsShiftAndTimesStay() {
        DicomDataset out = run(DeidOptions.DATASET_DEFAULTS, base()
                .putString(Tag.StudyDate, VR.DA, "20210315")
                .putString(Tag.AcquisitionDateTime, VR.DT, "20210301101010.123+0900")
                .putString(Tag.StudyTime, VR.TM, "101010")
                .putString(Tag.ContentDate, VR.DA, "2021")
                .putString(Tag.InstanceCreationDate, VR.DA, "2021.03.01")
                .build(), -20);
        assertThat(out.getString(Tag.StudyDate)).contains("20210223");
        assertThat(out.getString(Tag.AcquisitionDateTime)).contains("20210209101010.123+0900");
        assertThat(out.getString(Tag.StudyTime)).contains("101010");
        assertThat(out.get(Tag.ContentDate).orElseThrow().isEmpty()).as("a year alone cannot be shifted").isTrue();
        assertThat(out.getString(Tag.InstanceCreationDate)).contains("20210209");
    }

    @Test
    void shiftsCrossMonthsLeapDaysAndEarlyYearsAndInvalidDatesAreEmptied() {
        DicomDataset out = run(DeidOptions.DATASET_DEFAULTS, base()
                .putString(Tag.StudyDate, VR.DA, "20200320")                // 2020 is a leap year: 29 Feb exists
                .putString(Tag.SeriesDate, VR.DA, "09990115")               // a year below 1000 keeps four digits
                .putString(Tag.AcquisitionDate, VR.DA, "20210230")          // no 30 February
                .putString(Tag.ContentDate, VR.DA, "2021031a")              // not digits
                .build(), -20);
        assertThat(out.getString(Tag.StudyDate)).contains("20200229");
        assertThat(out.getString(Tag.SeriesDate)).contains("09981226");
        assertThat(out.get(Tag.AcquisitionDate).map(e -> e.isEmpty()).orElse(true)).isTrue();
        assertThat(out.get(Tag.ContentDate).map(e -> e.isEmpty()).orElse(true)).isTrue();
    }

    @Test
    void withoutTheDatesOptionTheBasicProfileActs() {
        DicomDataset out = run(DeidOptions.BASIC_PROFILE, base()
                .putString(Tag.StudyDate, VR.DA, "20210315")               // Z
                .putString(Tag.AcquisitionDate, VR.DA, "20210315")         // X/Z -> Z
                .putString(Tag.InstanceCreationDate, VR.DA, "20210315")    // X/D -> D
                .putString(Tag.ContentDate, VR.DA, "20210315")             // Z/D -> D
                .putString(Tag.AdmittingDate, VR.DA, "20210315")           // X
                .putString(Tag.PatientAge, VR.AS, "061Y")                  // X (K only with the option)
                .putString(Tag.InstitutionName, VR.LO, "Seoul Hospital")   // X/Z/D -> D
                .build(), -20);
        assertThat(out.get(Tag.StudyDate).orElseThrow().isEmpty()).isTrue();
        assertThat(out.get(Tag.AcquisitionDate).orElseThrow().isEmpty()).isTrue();
        assertThat(out.getString(Tag.InstanceCreationDate)).contains("19000101");
        assertThat(out.getString(Tag.ContentDate)).contains("19000101");
        assertThat(out.contains(Tag.AdmittingDate)).isFalse();
        assertThat(out.contains(Tag.PatientAge)).isFalse();
        assertThat(out.getString(Tag.InstitutionName)).contains("ANONYMIZED");
        assertThat(out.get(Tag.PatientName).orElseThrow().isEmpty()).isTrue();
        assertThat(out.getString(Tag.PatientID)).contains("P00001");
        assertThat(out.contains(Tag.LongitudinalTemporalInformationModified)).isFalse();
    }

    @Test
    void cleanDescriptorsCutsTheDatasetsIdentifyingValuesOutOfKeptText() {
        DicomDataset out = run(DeidOptions.DATASET_DEFAULTS, base()
                .putString(Tag.SeriesDescription, VR.LO, "Chest CT hong^gildong MRN 12345678")
                .putString(Tag.OtherPatientIDs, VR.LO, "A-998877")
                .putString(Tag.StudyDescription, VR.LO, "follow-up of A-998877 (Gildong)")
                .build(), 0);
        assertThat(out.getString(Tag.SeriesDescription)).contains("Chest CT * MRN *");
        assertThat(out.getString(Tag.StudyDescription)).contains("follow-up of * (*)");
        DicomDataset basic = run(DeidOptions.BASIC_PROFILE, base()
                .putString(Tag.SeriesDescription, VR.LO, "Chest CT").build(), 0);
        assertThat(basic.contains(Tag.SeriesDescription)).as("X without the option").isFalse();
    }

    @Test
    void referencesBetweenAnImageAndItsMaskStillResolve() {
        DicomDataset image = base().putString(Tag.StudyInstanceUID, VR.UI, "1.2.3.10")
                .putString(Tag.SeriesInstanceUID, VR.UI, "1.2.3.11")
                .putString(Tag.FrameOfReferenceUID, VR.UI, "1.2.3.12").build();
        DicomDataset mask = base().putString(Tag.SOPInstanceUID, VR.UI, "1.2.3.99")
                .putString(Tag.StudyInstanceUID, VR.UI, "1.2.3.10")
                .putString(Tag.SeriesInstanceUID, VR.UI, "1.2.3.21")
                .putString(Tag.FrameOfReferenceUID, VR.UI, "1.2.3.12")
                .putSequence(Tag.SourceImageSequence, List.of(DicomDataset.builder()
                        .putString(Tag.ReferencedSOPClassUID, VR.UI, UID.CTImageStorage)
                        .putString(Tag.ReferencedSOPInstanceUID, VR.UI, "1.2.3.4.5").build()))
                .build();
        DicomDataset outImage = run(DeidOptions.DATASET_DEFAULTS, image, 0);
        DicomDataset outMask = run(DeidOptions.DATASET_DEFAULTS, mask, 0);
        String newImageUid = outImage.getString(Tag.SOPInstanceUID).orElseThrow();
        assertThat(newImageUid).isNotEqualTo("1.2.3.4.5").startsWith("2.25.");
        DicomDataset ref = outMask.getSequence(Tag.SourceImageSequence).get(0);
        assertThat(ref.getString(Tag.ReferencedSOPInstanceUID)).contains(newImageUid);
        assertThat(ref.getString(Tag.ReferencedSOPClassUID)).contains(UID.CTImageStorage);
        assertThat(outMask.getString(Tag.StudyInstanceUID)).isEqualTo(outImage.getString(Tag.StudyInstanceUID));
        assertThat(outMask.getString(Tag.FrameOfReferenceUID)).isEqualTo(outImage.getString(Tag.FrameOfReferenceUID));
        assertThat(outMask.getString(Tag.SeriesInstanceUID)).isNotEqualTo(outImage.getString(Tag.SeriesInstanceUID));
        assertThat(outImage.getString(Tag.SOPClassUID)).contains(UID.CTImageStorage);
    }

    @Test
    void aSequenceStoredAsUnBytesIsRemovedSinceItsItemsCannotBeCleaned() {
        byte[] undecoded = "item bytes with KIM^MINJI inside".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        DicomDataset out = run(DeidOptions.DATASET_DEFAULTS, base()
                .putBytes(Tag.SourceImageSequence, VR.UN, undecoded)       // X/Z/U*: would be kept as a sequence
                .putBytes(Tag.ReferencedSeriesSequence, VR.UN, undecoded)  // not in the profile: would be kept
                .putBytes(Tag.ReferencedStudySequence, VR.UN, undecoded)   // X/Z: emptied
                .build(), 0);
        assertThat(out.contains(Tag.SourceImageSequence)).isFalse();
        assertThat(out.contains(Tag.ReferencedSeriesSequence)).isFalse();
        assertThat(out.get(Tag.ReferencedStudySequence).orElseThrow().vr()).isEqualTo(VR.SQ);
        assertThat(out.getSequence(Tag.ReferencedStudySequence)).isEmpty();
    }

    @Test
    void keyDerivationsAreStableAndInRange() {
        DeidKey key = DeidKey.fromBase64("q83vEjRWeJCrze8SNFZ4kKvN7xI0VniQq83vEjRWeJA=");
        DeidKey same = DeidKey.fromBase64(key.toBase64());
        assertThat(same.uidNamespace()).isEqualTo(key.uidNamespace());
        assertThat(same.dateShiftDays("p1")).isEqualTo(key.dateShiftDays("p1"));
        for (int i = 0; i < 200; i++) {
            int shift = key.dateShiftDays("patient" + i);
            assertThat(shift).isBetween(-3650, -1);
            assertThat(key.patientIdCandidate("patient" + i, 0, 6)).matches("[0-9A-Z]{6}");
        }
        assertThat(key.patientIdCandidate("p1", 0, 6)).isNotEqualTo(key.patientIdCandidate("p1", 1, 6));
        assertThat(DeidKey.generate().uidNamespace()).isNotEqualTo(key.uidNamespace());
        assertThat(key.toString()).doesNotContain(key.toBase64());
    }

    @Test
    void safePrivateTagsParse() {
        assertThat(SafePrivateTag.parse("ACME 1.0:(0019,xx23)")).isEqualTo(new SafePrivateTag("ACME 1.0", 0x19, 0x23));
        assertThat(SafePrivateTag.parse("GEMS_PARM_01:0043,XX27")).isEqualTo(new SafePrivateTag("GEMS_PARM_01", 0x43, 0x27));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SafePrivateTag.parse("ACME:(0018,xx01)"))
                .hasMessageContaining("odd");
    }
}
