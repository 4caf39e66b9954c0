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
        assertThat(r.out()).contains("60 images of 20 patients").doesNotContain("split.stratum-too-small");
        // same seed, same split
        Path again = dir.resolve("again.csv");
        assertThat(CheckJsonCommandTest.run("split", dir.toString(), "--seed", "3", "--out", again.toString()).exitCode()).isZero();
        assertThat(Files.readAllLines(again)).isEqualTo(lines);
    }

    @Test
    void aStratumTooSmallForTheRatiosIsAWarningThatSaysWhatWasDone(@TempDir Path dir) throws Exception {
        Path top = dir.resolve("lung_cancer");
        for (int i = 0; i < 3; i++) {
            String p = String.format("P%03d", i);
            touch(top.resolve("chest-ct/benign/" + p + "/1/dcm/cct_" + p + "_1_1.dcm"));
        }
        for (int i = 3; i < 13; i++) {
            String p = String.format("P%03d", i);
            touch(top.resolve("chest-ct/malignant/" + p + "/1/dcm/cct_" + p + "_1_1.dcm"));
        }
        Run r = CheckJsonCommandTest.run("split", dir.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        // 3 patients at 8:1:1: positions 1/6, 3/6, 5/6 fall in train (< 0.8), train, test (< 0.9)
        assertThat(r.out()).contains("WARNING split.stratum-too-small: stratum CCT/benign has 3 patients, too few for the "
                + "ratios 8:1:1 (every part gets a patient from about 10 on); split as train 2, test 1, validation 0, "
                + "each patient in one part");
        // 10 malignant patients fill every part: no warning for that stratum
        assertThat(r.out()).doesNotContain("stratum CCT/malignant");
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

    @Test
    void stratifiesByAColumnOfTheClinicalSheet(@TempDir Path dir) throws Exception {
        Path top = dir.resolve("lung_cancer");
        StringBuilder sheet = new StringBuilder("patient_id,smoking\n");
        for (int i = 0; i < 20; i++) {
            String p = String.format("P%03d", i);
            touch(top.resolve("chest-ct/malignant/" + p + "/1/dcm/cct_" + p + "_1_1.dcm"));
            sheet.append(p).append(',').append(i % 2 == 0 ? "current" : "never").append('\n');
        }
        Path csv = Files.writeString(dir.resolve("clinical.csv"), sheet);

        Run r = CheckJsonCommandTest.run("split", dir.toString(), "--stratify", "Smoking", "--clinical", csv.toString());

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        // 10 patients per smoking value, each group split 8:1:1 on its own
        Map<String, Integer> count = partsBySmoking(dir.resolve("split.csv"));
        assertThat(count).containsOnly(Map.entry("train/current", 8), Map.entry("test/current", 1), Map.entry("validation/current", 1),
                Map.entry("train/never", 8), Map.entry("test/never", 1), Map.entry("validation/never", 1));

        // the same seed without the column: one group of 20, and the smokers are not spread evenly
        Path plain = dir.resolve("plain.csv");
        assertThat(CheckJsonCommandTest.run("split", dir.toString(), "--out", plain.toString()).exitCode()).isZero();
        assertThat(partsBySmoking(plain)).isNotEqualTo(count);

        assertThat(CheckJsonCommandTest.run("split", dir.toString(), "--stratify", "smoking").exitCode()).isEqualTo(2);
        Run unknown = CheckJsonCommandTest.run("split", dir.toString(), "--stratify", "stage", "--clinical", csv.toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no column 'stage' (columns: patient_id, smoking)");
    }

    /** Patients per part and smoking value, the even-numbered patients being the smokers. */
    private static Map<String, Integer> partsBySmoking(Path manifest) throws Exception {
        Map<String, Integer> count = new HashMap<>();
        List<String> lines = Files.readAllLines(manifest);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            int i = Integer.parseInt(f[3].substring(1));
            count.merge(f[0] + "/" + (i % 2 == 0 ? "current" : "never"), 1, Integer::sum);
        }
        return count;
    }
}
