package dev.pulmo.dicom.pixel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.VR;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SUVbw worked by hand: 70 kg, 370 MBq of F-18 (half-life 6586.2 s) injected at 09:00, series at 10:00. */
class SuvScaleTest {
    private static final double F18_HALF_LIFE = 6586.2;

    static DicomDataset.Builder pet(String decay, String injectionTime) {
        DicomDataset drug = DicomDataset.builder()
                .putString(Tag.RadiopharmaceuticalStartTime, VR.TM, injectionTime)
                .putString(Tag.RadionuclideTotalDose, VR.DS, "370000000")
                .putString(Tag.RadionuclideHalfLife, VR.DS, "6586.2")
                .build();
        return DicomDataset.builder()
                .putString(Tag.Modality, VR.CS, "PT")
                .putString(Tag.Units, VR.CS, "BQML")
                .putString(Tag.CorrectedImage, VR.CS, "ATTN", "DECY")
                .putString(Tag.DecayCorrection, VR.CS, decay)
                .putString(Tag.PatientWeight, VR.DS, "70")
                .putString(Tag.SeriesDate, VR.DA, "20200105")
                .putString(Tag.SeriesTime, VR.TM, "100000")
                .putSequence(Tag.RadiopharmaceuticalInformationSequence, List.of(drug));
    }

    @Test
    void decayCorrectedToTheSeriesStartUsesTheDoseDecayedOverTheWait() {
        SuvScale.Outcome o = SuvScale.bodyWeight(pet("START", "090000").build());
        double decayed = 370e6 * Math.exp(-Math.log(2) * 3600 / F18_HALF_LIFE); // 253.4 MBq
        assertThat(o.scale()).isPresent();
        assertThat(o.scale().get().factor()).isCloseTo(70_000 / decayed, within(1e-12));
        // 5,000 Bq/ml in a 70 kg patient with 253 MBq left: SUV 1.38
        assertThat(o.scale().get().suv(5_000)).isCloseTo(5_000 * 70_000 / decayed, within(1e-9)).isBetween(1.37, 1.39);
        assertThat(o.reason()).contains("70.0 kg").contains("370.0 MBq");
    }

    @Test
    void decayCorrectedToAdministrationUsesTheWholeDose() {
        assertThat(SuvScale.bodyWeight(pet("ADMIN", "090000").build()).scale().orElseThrow().factor())
                .isCloseTo(70_000 / 370e6, within(1e-15));
    }

    @Test
    void anInjectionAfterTheSeriesTimeWasTheDayBefore() {
        // 23:00 injection, 10:00 series: 11 hours
        double decayed = 370e6 * Math.exp(-Math.log(2) * 11 * 3600 / F18_HALF_LIFE);
        assertThat(SuvScale.bodyWeight(pet("START", "230000").build()).scale().orElseThrow().factor())
                .isCloseTo(70_000 / decayed, within(1e-9));
    }

    @Test
    void withoutWhatSuvNeedsThereIsAReason() {
        assertThat(SuvScale.bodyWeight(pet("START", "090000").remove(Tag.PatientWeight).build()).reason()).contains("Weight");
        assertThat(SuvScale.bodyWeight(pet("NONE", "090000").build()).reason()).contains("Decay Correction").contains("NONE");
        assertThat(SuvScale.bodyWeight(pet("START", "090000").putString(Tag.CorrectedImage, VR.CS, "ATTN").build()).reason())
                .contains("DECY");
        assertThat(SuvScale.bodyWeight(pet("START", "090000").putString(Tag.Units, VR.CS, "CNTS").build()).scale()).isEmpty();
        assertThat(SuvScale.bodyWeight(pet("START", "090000").remove(Tag.RadiopharmaceuticalInformationSequence).build()).reason())
                .contains("Radiopharmaceutical Information Sequence");
        assertThat(SuvScale.bodyWeight(pet("START", "090000").putString(Tag.Units, VR.CS, "GML").build()).scale().orElseThrow().factor())
                .isEqualTo(1);
    }
}
