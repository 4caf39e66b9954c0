package dev.pulmo.dicom.pixel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.VR;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * SUVbw against a hand-computed example of the published formula (Kinahan; QIBA FDG-PET profile): a 70 kg patient
 * injected with 370 MBq of F-18 (half-life 109.77 min = 6586.2 s) at 09:00, series at 10:00, decay-corrected to
 * the series' start. The dose at 10:00 is 370e6 × 2^(−3600/6586.2) = 370e6 × 0.684633 = 253.31 MBq, so a voxel of
 * 12,000 Bq/ml has SUV 12,000 × 70,000 g / 253.31e6 Bq = 3.3160.
 */
class SuvBodyWeightTest {

    private static DicomDataset.Builder pet() {
        return DicomDataset.builder()
                .putString(Tag.Units, VR.CS, "BQML")
                .putString(Tag.DecayCorrection, VR.CS, "START")
                .putString(Tag.PatientWeight, VR.DS, "70")
                .putString(Tag.SeriesDate, VR.DA, "20200102")
                .putString(Tag.SeriesTime, VR.TM, "100000")
                .putSequence(Tag.RadiopharmaceuticalInformationSequence, List.of(DicomDataset.builder()
                        .putString(Tag.RadiopharmaceuticalStartTime, VR.TM, "090000")
                        .putString(Tag.RadionuclideTotalDose, VR.DS, "370000000")
                        .putString(Tag.RadionuclideHalfLife, VR.DS, "6586.2")
                        .build()));
    }

    @Test
    void handComputedFdgExample() {
        SuvBodyWeight.Result r = SuvBodyWeight.of(pet().build());
        assertThat(r.suv()).as(r.whyNot()).isPresent();
        assertThat(12_000 * r.suv().get().factor()).isCloseTo(3.316040, offset(1e-5));
        // rescaled: stored 4800 with slope 2.5 is 12,000 Bq/ml
        ModalityLut lut = r.suv().get().applyTo(new ModalityLut(2.5, 0));
        assertThat(lut.apply(4800)).isCloseTo(3.316040, offset(1e-5));
    }

    @Test
    void injectionDateTimeWinsAndAdminNeedsNoDecay() {
        // the day before: 25 hours of decay
        DicomDataset dayBefore = pet().putSequence(Tag.RadiopharmaceuticalInformationSequence, List.of(DicomDataset.builder()
                .putString(Tag.RadiopharmaceuticalStartDateTime, VR.DT, "20200101090000")
                .putString(Tag.RadionuclideTotalDose, VR.DS, "370000000")
                .putString(Tag.RadionuclideHalfLife, VR.DS, "6586.2").build())).build();
        assertThat(SuvBodyWeight.of(dayBefore).suv().orElseThrow().factor())
                .isCloseTo(70_000 / (370e6 * Math.pow(2, -25 * 3600 / 6586.2)), offset(1e-12));
        DicomDataset admin = pet().putString(Tag.DecayCorrection, VR.CS, "ADMIN").build();
        assertThat(SuvBodyWeight.of(admin).suv().orElseThrow().factor()).isCloseTo(70_000 / 370e6, offset(1e-15));
        assertThat(SuvBodyWeight.of(pet().putString(Tag.Units, VR.CS, "GML").build()).suv().orElseThrow().factor()).isEqualTo(1);
    }

    @Test
    void saysWhatIsMissing() {
        assertThat(SuvBodyWeight.of(pet().remove(Tag.PatientWeight).build()).whyNot()).contains("Patient's Weight");
        assertThat(SuvBodyWeight.of(pet().putString(Tag.Units, VR.CS, "CNTS").build()).whyNot()).contains("'CNTS'");
        assertThat(SuvBodyWeight.of(pet().putString(Tag.DecayCorrection, VR.CS, "NONE").build()).whyNot()).contains("'NONE'");
        assertThat(SuvBodyWeight.of(pet().remove(Tag.RadiopharmaceuticalInformationSequence).build()).whyNot())
                .contains("Radiopharmaceutical Information Sequence");
        assertThat(SuvBodyWeight.of(pet().putString(Tag.SeriesTime, VR.TM, "080000").build()).whyNot()).contains("after the series");
        assertThat(SuvBodyWeight.of(pet().putString(Tag.PatientWeight, VR.DS, "abc").build()).suv()).isEmpty();
    }
}
