package dev.pulmo.clinical.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** DICOM Age Strings (PS3.5 §6.2, VR AS) to whole years, by hand. */
class DicomAgeTest {
    @Test
    void everyUnitRoundsDownToWholeYears() {
        assertThat(DicomAge.years("063Y")).hasValue(63);
        assertThat(DicomAge.years(" 100Y ")).hasValue(100);
        assertThat(DicomAge.years("011M")).hasValue(0);
        assertThat(DicomAge.years("024M")).hasValue(2);
        assertThat(DicomAge.years("052W")).hasValue(0);   // 364 days
        assertThat(DicomAge.years("053W")).hasValue(1);   // 371 days
        assertThat(DicomAge.years("365D")).hasValue(0);   // a quarter day short of 365.25
        assertThat(DicomAge.years("366D")).hasValue(1);
    }

    @Test
    void anythingElseIsNotAnAge() {
        assertThat(DicomAge.years("63")).isEmpty();
        assertThat(DicomAge.years("63Y")).isEmpty();
        assertThat(DicomAge.years("063y")).isEmpty();
        assertThat(DicomAge.years("")).isEmpty();
    }
}
