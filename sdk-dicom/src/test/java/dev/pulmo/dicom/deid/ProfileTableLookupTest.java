package dev.pulmo.dicom.deid;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pulmo.dicom.deid.internal.ProfileTable;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Which row of PS3.15 Table E.1-1 a tag gets, against the standard as data ({@code confidentiality_profile_attributes.json}):
 * every concrete tag its own row; the repeating groups of curves (50xx) and overlays (60xx) only in 5000-501E and
 * 6000-601E (PS3.5 7.6); odd groups the private row; any other tag none.
 */
class ProfileTableLookupTest {
    private static final ProfileTable TABLE = ProfileTable.standard();

    @Test
    void everyConcreteTagOfTheStandardGetsItsOwnRow() {
        int concrete = 0;
        for (JsonNode r : MarkerCorpus.table()) {
            String id = r.get("id").asText();
            if (id.length() != 8 || id.toLowerCase().contains("x")) {
                continue;
            }
            concrete++;
            ProfileTable.Row row = TABLE.row((int) Long.parseLong(id, 16));
            assertThat(row).as(id).isNotNull();
            assertThat(row.name()).as(id).isEqualTo(r.get("name").asText().replaceAll("\\s+", " ").strip());
            assertThat(row.tagPattern()).as(id).isEqualToIgnoringCase(id);
        }
        assertThat(concrete).isGreaterThan(600);
    }

    @Test
    void repeatingGroupsMatchOnlyTheirEvenGroupsUpTo1E() {
        for (int g = 0; g <= 0x1E; g += 2) {
            assertThat(TABLE.row(0x60003000 | g << 16).name()).isEqualTo("Overlay Data");
            assertThat(TABLE.row(0x60004000 | g << 16).name()).isEqualTo("Overlay Comments");
            assertThat(TABLE.row(0x50000000 | g << 16 | 0x3000).name()).isEqualTo("Curve Data");
            assertThat(TABLE.row(0x50000000 | g << 16 | 0x0005).name()).isEqualTo("Curve Data");
        }
        assertThat(TABLE.row(0x60203000)).isNull(); // group 6020 is past the repeating range
        assertThat(TABLE.row(0x50200005)).isNull();
        assertThat(TABLE.row(0x60001000)).isNull(); // (6000,1000) is no row of the table
        assertThat(TABLE.row(0x60013000).tagPattern()).isEqualTo("odd"); // odd group: private
    }

    @Test
    void tagsOutsideTheTableHaveNoRowAndOddGroupsThePrivateOne() {
        assertThat(TABLE.row(0x00280010)).isNull(); // Rows
        assertThat(TABLE.row(0x7FE00010)).isNull(); // Pixel Data
        Random random = new Random(5);
        for (int i = 0; i < 10_000; i++) {
            int tag = random.nextInt() | 0x00010000;
            assertThat(TABLE.row(tag).tagPattern()).as(Integer.toHexString(tag)).isEqualTo("odd");
        }
    }
}
