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
class SuvScaleFdgExampleTest {

    private static DicomDataset.Builder pet() {
        return DicomDataset.builder()
                .putString(Tag.Units, VR.CS, "BQML")
                .putString(Tag.CorrectedImage, VR.CS, "ATTN", "DECY")
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
        SuvScale.Outcome r = SuvScale.bodyWeight(pet().build());
        assertThat(r.scale()).as(r.reason()).isPresent();
        assertThat(12_000 * r.scale().get().factor()).isCloseTo(3.316040, offset(1e-5));
        // rescaled: stored 4800 with slope 2.5 is 12,000 Bq/ml
        ModalityLut lut = r.scale().get().applyTo(new ModalityLut(2.5, 0));
        assertThat(lut.apply(4800)).isCloseTo(3.316040, offset(1e-5));
    }

    @Test
    void injectionDateTimeWinsAndAdminNeedsNoDecay() {
        // the day before: 25 hours of decay
        DicomDataset dayBefore = pet().putSequence(Tag.RadiopharmaceuticalInformationSequence, List.of(DicomDataset.builder()
                .putString(Tag.RadiopharmaceuticalStartDateTime, VR.DT, "20200101090000")
                .putString(Tag.RadionuclideTotalDose, VR.DS, "370000000")
                .putString(Tag.RadionuclideHalfLife, VR.DS, "6586.2").build())).build();
        assertThat(SuvScale.bodyWeight(dayBefore).scale().orElseThrow().factor())
                .isCloseTo(70_000 / (370e6 * Math.pow(2, -25 * 3600 / 6586.2)), offset(1e-12));
        DicomDataset admin = pet().putString(Tag.DecayCorrection, VR.CS, "ADMIN").build();
        assertThat(SuvScale.bodyWeight(admin).scale().orElseThrow().factor()).isCloseTo(70_000 / 370e6, offset(1e-15));
        assertThat(SuvScale.bodyWeight(pet().putString(Tag.Units, VR.CS, "GML").build()).scale().orElseThrow().factor()).isEqualTo(1);
    }

    @Test
    void saysWhatIsMissing() {
        assertThat(SuvScale.bodyWeight(pet().remove(Tag.PatientWeight).build()).reason()).contains("Patient's Weight");
        assertThat(SuvScale.bodyWeight(pet().putString(Tag.Units, VR.CS, "CNTS").build()).reason()).contains("CNTS");
        assertThat(SuvScale.bodyWeight(pet().putString(Tag.DecayCorrection, VR.CS, "NONE").build()).reason()).contains("NONE");
        assertThat(SuvScale.bodyWeight(pet().remove(Tag.RadiopharmaceuticalInformationSequence).build()).reason())
                .contains("Radiopharmaceutical Information Sequence");
        // an injection date and time after the series' start (with times only, it would be the day before)
        DicomDataset late = pet().putSequence(Tag.RadiopharmaceuticalInformationSequence, List.of(DicomDataset.builder()
                .putString(Tag.RadiopharmaceuticalStartDateTime, VR.DT, "20200102110000")
                .putString(Tag.RadionuclideTotalDose, VR.DS, "370000000")
                .putString(Tag.RadionuclideHalfLife, VR.DS, "6586.2").build())).build();
        assertThat(SuvScale.bodyWeight(late).reason()).contains("after the series start");
        assertThat(SuvScale.bodyWeight(pet().putString(Tag.PatientWeight, VR.DS, "abc").build()).scale()).isEmpty();
    }
}
