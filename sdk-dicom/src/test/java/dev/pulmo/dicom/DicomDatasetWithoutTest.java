package dev.pulmo.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DicomDataset#without} gives what the builder gives when the element is removed there. */
class DicomDatasetWithoutTest {

    @Test
    void withoutAnElementIsTheBuildersRemoval() {
        DicomDataset korean = DicomDataset.builder()
                .putString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192")
                .putString(Tag.PatientName, VR.PN, "홍^길동")
                .putString(Tag.PatientID, VR.LO, "P1")
                .putString(Tag.Modality, VR.CS, "CT")
                .putLongs(Tag.Rows, VR.US, 2)
                .putBytes(Tag.PixelData, VR.OB, new byte[] {1, 2, 3, 4})
                .build();
        DicomDataset plain = korean.toBuilder().remove(Tag.SpecificCharacterSet).build();
        for (DicomDataset ds : List.of(korean, plain, DicomDataset.empty())) {
            for (int tag : new int[] {Tag.SpecificCharacterSet, Tag.Modality, Tag.PatientName, Tag.PatientID, Tag.Rows,
                    Tag.PixelData, Tag.StudyDate}) {
                DicomDataset expected = ds.toBuilder().remove(tag).build();
                DicomDataset actual = ds.without(tag);
                assertThat(actual.elements()).as("%s without %08X", ds, tag).isEqualTo(expected.elements());
                assertThat(actual.specificCharacterSet()).hasToString(expected.specificCharacterSet().toString());
                assertThat(actual.getString(Tag.PatientName)).isEqualTo(expected.getString(Tag.PatientName));
                assertThat(actual.contains(tag)).isFalse();
            }
        }
        assertThat(korean.without(Tag.StudyDate)).isSameAs(korean);
    }
}
