package dev.pulmo.dataset.deid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PatientIdMapTest {

    @TempDir
    Path tmp;

    @Test
    void idsAreShortDistinctAndPersistent() {
        Path file = tmp.resolve("map.json");
        PatientIdMap map = PatientIdMap.openOrCreate(file, "XR");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            String id = map.newIdFor("hospital-" + i);
            assertThat(id).matches("XR[0-9A-Z]{5}").hasSizeLessThanOrEqualTo(PatientIdMap.MAX_ID_LENGTH);
            ids.add(id);
        }
        assertThat(ids).hasSize(500);
        assertThat(map.newIdFor("hospital-7")).isEqualTo(map.asMap().get("hospital-7"));
        // saved every SAVE_EVERY new patients; the rest on flush
        assertThat(PatientIdMap.openOrCreate(file, "XR").size()).isEqualTo(500 / PatientIdMap.SAVE_EVERY * PatientIdMap.SAVE_EVERY);
        map.flush();
        PatientIdMap reopened = PatientIdMap.openOrCreate(file, "P");
        assertThat(reopened.asMap()).isEqualTo(map.asMap());
        assertThat(reopened.key().toBase64()).isEqualTo(map.key().toBase64());
        assertThat(reopened.newIdFor("new one")).startsWith("XR");
    }

    @Test
    void aCollisionIsResolvedByTheNextCandidate() throws IOException {
        Path file = tmp.resolve("map.json");
        PatientIdMap first = PatientIdMap.openOrCreate(file, "P");
        String taken = first.newIdFor("a");
        first.flush();
        // another patient already holds the id that "b" would get first: edit the file by hand as an operator might
        String candidate = "P" + first.key().patientIdCandidate("b", 0, 6);
        Files.writeString(file, Files.readString(file).replace("\"a\" : \"" + taken + "\"", "\"a\" : \"" + candidate + "\""));
        PatientIdMap map = PatientIdMap.openOrCreate(file, "P");
        assertThat(map.asMap().get("a")).isEqualTo(candidate);
        assertThat(map.newIdFor("b")).isNotEqualTo(candidate).isEqualTo("P" + map.key().patientIdCandidate("b", 1, 6));
    }

    @Test
    void badFilesAreRefusedWithTheirName() throws IOException {
        Path file = tmp.resolve("other.json");
        Files.writeString(file, "{\"patients\": {}}");
        assertThatThrownBy(() -> PatientIdMap.openOrCreate(file, "P")).hasMessageContaining("other.json")
                .hasMessageContaining("not a de-identification mapping file");
        assertThatThrownBy(() -> PatientIdMap.openOrCreate(tmp.resolve("x.json"), "p1")).hasMessageContaining("prefix");
        assertThatThrownBy(() -> PatientIdMap.openOrCreate(tmp.resolve("y.json"), "P").newIdFor(" "))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
