package dev.pulmo.dicom.deid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.dicom.deid.internal.ProfileAction;
import dev.pulmo.dicom.deid.internal.ProfileTable;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rows of PS3.15 Table E.1-1 resolved under each option that names them, as the table reads: the action of an
 * enabled option replaces the basic profile's, the last action of a combined code is taken, and C beats K.
 */
class ProfileActionTest {

    private static DeidOptions options(boolean patientCharacteristics, boolean deviceIdentity, boolean modifiedDates,
                                       boolean cleanDescriptors) {
        return new DeidOptions(patientCharacteristics, deviceIdentity, modifiedDates, cleanDescriptors, List.of(), List.of(),
                false);
    }

    private static ProfileAction action(int tag, DeidOptions options) {
        return ProfileAction.resolve(ProfileTable.standard().row(tag), options);
    }

    @Test
    void eachOptionReplacesTheBasicActionOfTheRowsItNames() {
        DeidOptions basic = DeidOptions.BASIC_PROFILE;
        // Patient's Age: X; Retain Patient Characteristics K
        assertThat(action(0x00101010, basic)).isEqualTo(ProfileAction.REMOVE);
        assertThat(action(0x00101010, options(true, false, false, false))).isEqualTo(ProfileAction.KEEP);
        assertThat(action(0x00101010, options(false, true, true, true))).isEqualTo(ProfileAction.REMOVE);
        // Device Serial Number: X/Z/D (the last, D); Retain Device Identity K
        assertThat(action(0x00181000, basic)).isEqualTo(ProfileAction.DUMMY);
        assertThat(action(0x00181000, options(false, true, false, false))).isEqualTo(ProfileAction.KEEP);
        // Study Date: Z; Retain Longitudinal Temporal Information with Modified Dates C
        assertThat(action(0x00080020, basic)).isEqualTo(ProfileAction.EMPTY);
        assertThat(action(0x00080020, options(false, false, true, false))).isEqualTo(ProfileAction.CLEAN);
        // Study Description: X; Clean Descriptors C
        assertThat(action(0x00081030, basic)).isEqualTo(ProfileAction.REMOVE);
        assertThat(action(0x00081030, options(false, false, false, true))).isEqualTo(ProfileAction.CLEAN);
        // Calibration Date: X; Retain Device Identity K, Modified Dates C: together, C (the more protective)
        assertThat(action(0x0014407E, options(false, true, false, false))).isEqualTo(ProfileAction.KEEP);
        assertThat(action(0x0014407E, options(false, false, true, false))).isEqualTo(ProfileAction.CLEAN);
        assertThat(action(0x0014407E, options(false, true, true, false))).isEqualTo(ProfileAction.CLEAN);
        assertThat(action(0x0014407E, DeidOptions.DATASET_DEFAULTS)).isEqualTo(ProfileAction.CLEAN);
        // Referenced Image Sequence: X/Z/U* (the last, U): kept with its UIDs replaced
        assertThat(action(0x00081140, DeidOptions.DATASET_DEFAULTS)).isEqualTo(ProfileAction.UID);
    }
}
