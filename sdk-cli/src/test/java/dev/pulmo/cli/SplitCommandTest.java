package dev.pulmo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.cli.CheckJsonCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitCommandTest {

    private static void touch(Path p) throws Exception {
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[] {0});
    }

    @Test
    void writesAManifestWhereEachPatientIsInOnePartAcrossModalities(@TempDir Path dir) throws Exception {
        Path top = dir.resolve("lung_cancer");
        for (int i = 0; i < 20; i++) {
            String p = String.format("P%03d", i);
            touch(top.resolve("chest-ct/malignant/" + p + "/1/dcm/cct_" + p + "_1_1.dcm"));
            touch(top.resolve("chest-ct/malignant/" + p + "/1/dcm/cct_" + p + "_1_2.dcm"));
            touch(top.resolve("pet-ct/malignant/" + p + "/2/dcm/pct_" + p + "_2_1.dcm"));
        }
        Run r = CheckJsonCommandTest.run("split", dir.toString(), "--seed", "3");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        Path manifest = dir.resolve("split.csv");
        List<String> lines = Files.readAllLines(manifest);
        assertThat(lines.get(0)).isEqualTo("split,modality,class,patient_id,series,seq,dicom");
        assertThat(lines).hasSize(1 + 60);
        Map<String, Set<String>> partsOfPatient = new HashMap<>();
        Map<String, Set<String>> patientsOfPart = new HashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            partsOfPatient.computeIfAbsent(f[3], k -> new HashSet<>()).add(f[0]);
            patientsOfPart.computeIfAbsent(f[0], k -> new HashSet<>()).add(f[3]);
            assertThat(top.resolve(f[6])).exists();
        }
        assertThat(partsOfPatient.values()).allMatch(s -> s.size() == 1);
        // 20 patients in one stratum (CCT/malignant + PCT/malignant): 16 / 2 / 2
        assertThat(patientsOfPart.get("train")).hasSize(16);
        assertThat(patientsOfPart.get("test")).hasSize(2);
        assertThat(patientsOfPart.get("validation")).hasSize(2);
        assertThat(r.out()).contains("60 images of 20 patients");
        // same seed, same split
        Path again = dir.resolve("again.csv");
        assertThat(CheckJsonCommandTest.run("split", dir.toString(), "--seed", "3", "--out", again.toString()).exitCode()).isZero();
        assertThat(Files.readAllLines(again)).isEqualTo(lines);
    }

    @Test
    void checkFindsAPatientInTwoParts(@TempDir Path dir) throws Exception {
        Path manifest = dir.resolve("m.csv");
        Files.writeString(manifest, "split,modality,class,patient_id,series,seq,dicom\n"
                + "train,CCT,benign,P1,1,1,chest-ct/benign/P1/1/dcm/cct_P1_1_1.dcm\n"
                + "train,CCT,benign,P2,1,1,chest-ct/benign/P2/1/dcm/cct_P2_1_1.dcm\n"
                + "test,PCT,benign,P1,2,1,pet-ct/benign/P1/2/dcm/pct_P1_2_1.dcm\n");
        Run r = CheckJsonCommandTest.run("split", "--check", manifest.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains(manifest + ":4:1: ERROR split.leakage: patient P1 is in train and test");
    }

    @Test
    void badRatiosAreAUsageError(@TempDir Path dir) {
        Run r = CheckJsonCommandTest.run("split", dir.toString(), "--ratios", "8/1/1");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("8:1:1");
    }
}
