package dev.pulmo.cli;

import static dev.pulmo.cli.CheckJsonCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pulmo.cli.CheckJsonCommandTest.Run;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomWriter;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.TransferSyntax;
import dev.pulmo.dicom.UID;
import dev.pulmo.dicom.VR;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 for {@code pulmo deid}: an unreadable folder is reported and skipped, a read-only mapping file is refused
 * before anything is written, a file name that is not UTF-8 does not abort the run, {@code --check --map} finds the
 * mapping's identifiers anywhere and names them only by kind and patient, and the launcher runs Korean paths under a
 * POSIX locale.
 */
class DeidHostileInputTest {

    private static void image(Path file, String patientId, String name, String comment) throws IOException {
        Files.createDirectories(file.getParent());
        DicomWriter.write(file, DicomDataset.builder()
                .putString(Tag.SOPClassUID, VR.UI, UID.CTImageStorage)
                .putString(Tag.SOPInstanceUID, VR.UI, "1.2.410.777." + Math.abs(file.toString().hashCode()))
                .putString(Tag.PatientID, VR.LO, patientId)
                .putString(Tag.PatientName, VR.PN, name)
                .putString(Tag.PatientBirthDate, VR.DA, "19610203")
                .putString(Tag.ImageComments, VR.LT, comment)
                .build(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    private static Path tree(Path in) throws IOException {
        image(in.resolve("lung_cancer/chest-ct/malignant/HOSP777/1/dcm/cct_HOSP777_1_1.dcm"), "HOSP777", "PARK^SEOYEON",
                "routine");
        image(in.resolve("lung_cancer/chest-ct/malignant/HOSP888/1/dcm/cct_HOSP888_1_1.dcm"), "HOSP888", "CHOI^MINHO",
                "routine");
        return in;
    }

    @Test
    void aReadOnlyMappingFileIsRefusedBeforeAnyOutput(@TempDir Path dir) throws Exception {
        Path in = tree(dir.resolve("in"));
        Path map = dir.resolve("keys/map.json");
        assertThat(run("deid", in.toString(), dir.resolve("first").toString(), "--map", map.toString()).exitCode()).isZero();
        Files.setPosixFilePermissions(map, PosixFilePermissions.fromString("r--r--r--"));
        image(in.resolve("lung_cancer/chest-ct/malignant/HOSP999/1/dcm/cct_HOSP999_1_1.dcm"), "HOSP999", "NEW^ONE", "x");
        Path out = dir.resolve("second");
        Run r = run("deid", in.toString(), out.toString(), "--map", map.toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains("pulmo deid: the mapping file " + map + " is read-only")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(out).doesNotExist();
    }

    @Test
    void anUnreadableFolderIsReportedAndTheOthersAreWritten(@TempDir Path dir) throws Exception {
        assumeTrue(Unprivileged.available(), "no way to run without root's read-everything here (setpriv)");
        Path in = tree(dir.resolve("in"));
        Path locked = in.resolve("lung_cancer/chest-ct/malignant/HOSP888");
        Unprivileged.openToAll(dir);
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            Path out = dir.resolve("out");
            Run r = Unprivileged.run("deid", in.toString(), out.toString(), "--map", dir.resolve("map.json").toString());
            assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
            assertThat(r.out()).contains(locked + ": ERROR file.unreadable: cannot be read (permission denied); skipped")
                    .contains("1 written, 0 skipped");
            assertThat(r.err()).doesNotContain("AccessDeniedException").doesNotContain("\tat ");
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void aFileNameThatIsNotUtf8DoesNotAbortTheRun(@TempDir Path dir) throws Exception {
        Path in = tree(dir.resolve("in"));
        Path folder = in.resolve("lung_cancer/chest-ct/malignant/HOSP777/1/dcm");
        // the name's bytes: "cct_HOSP777_1_" 0xFF ".dcm", made by the shell because Java cannot name it
        Process p = new ProcessBuilder("sh", "-c", "cp \"$1\" \"$2/$(printf 'cct_HOSP777_1_\\377.dcm')\"", "sh",
                folder.resolve("cct_HOSP777_1_1.dcm").toString(), folder.toString()).start();
        assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "cannot make a non-UTF-8 file name here");
        try (Stream<Path> s = Files.list(folder)) {
            assumeTrue(s.count() == 2, "the file system refused the name");
        }
        Path out = dir.resolve("out");
        Run r = run("deid", in.toString(), out.toString(), "--map", dir.resolve("map.json").toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isIn(0, 1);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        // the name cannot be represented as text: reported with its bytes, not read; the other files are written
        assertThat(r.out()).contains("2 written").contains("file.unrepresentable-name").contains("\\xFF");
    }

    @Test
    void checkWithTheMappingFindsItsIdentifiersAnywhereWithoutShowingThem(@TempDir Path dir) throws Exception {
        Path in = tree(dir.resolve("in"));
        Path map = dir.resolve("map.json");
        Path out = dir.resolve("out");
        assertThat(run("deid", in.toString(), out.toString(), "--map", map.toString()).exitCode()).isZero();
        Run clean = run("deid", "--check", out.toString(), "--map", map.toString());
        assertThat(clean.exitCode()).as(clean.out()).isZero();
        // a leak planted after the fact: the other patient's name in a comment, his birth date in a private tag
        Path leaked = Files.list(out.resolve("lung_cancer/chest-ct/malignant")).sorted().findFirst().orElseThrow()
                .resolve("1/dcm");
        Path file;
        try (Stream<Path> s = Files.list(leaked)) {
            file = s.findFirst().orElseThrow();
        }
        DicomDataset ds = dev.pulmo.dicom.DicomReader.create().read(file).dataset().toBuilder()
                .putString(Tag.ImageComments, VR.LT, "compare with Choi Minho's scan")
                .putString(0x00290010, VR.LO, "X")
                .putString(0x00291001, VR.LO, "1961-02-03")
                .build();
        DicomWriter.write(file, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        Run dirty = run("deid", "--check", out.toString(), "--map", map.toString());
        assertThat(dirty.exitCode()).isEqualTo(1);
        Map<String, String> ids = new com.fasterxml.jackson.databind.ObjectMapper().readValue(map.toFile(),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { }).entrySet().stream()
                .filter(e -> e.getKey().equals("patients")).findFirst().map(e -> castMap(e.getValue())).orElseThrow();
        assertThat(dirty.out()).contains(file + " (0020,4000): ERROR deid.check.identifier: holds a name of patient "
                + ids.get("HOSP888")).contains("(0029,1001): ERROR deid.check.identifier: holds the birth date of patient");
        assertThat(dirty.out()).doesNotContain("CHOI").doesNotContain("Choi").doesNotContain("1961-02-03")
                .doesNotContain("HOSP888");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> castMap(Object o) {
        return (Map<String, String>) o;
    }

    @Test
    void theLauncherRunsKoreanPathsUnderAPosixLocale(@TempDir Path dir) throws Exception {
        // the launcher with a stand-in java that reports what it was given
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.copy(dev.pulmo.testing.SharedData.repositoryRoot().resolve("pulmo"), home.resolve("pulmo"));
        Files.createDirectories(home.resolve("sdk-cli/target/lib"));
        Files.write(home.resolve("sdk-cli/target/pulmo.jar"), new byte[0]);
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(bin.resolve("java"), "#!/bin/sh\necho \"LC_ALL=$LC_ALL\"\nfor a; do echo \"$a\"; done\n");
        Files.setPosixFilePermissions(bin.resolve("java"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path korean = Files.createDirectories(dir.resolve("환자")).resolve("검사.json");
        Files.writeString(korean, "{}");
        ProcessBuilder launcher = new ProcessBuilder("sh", home.resolve("pulmo").toString(), "check-json", korean.toString());
        launcher.environment().clear();
        launcher.environment().put("PATH", bin + ":/usr/bin:/bin");
        launcher.environment().put("LC_ALL", "C");
        Process p = launcher.redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        List<String> lines = said.lines().toList();
        String locale = lines.get(0).substring("LC_ALL=".length());
        assumeTrue(!locale.equals("C"), "no UTF-8 locale is installed here (locale -a)");
        assertThat(lines).contains("-Dfile.encoding=UTF-8", "check-json", korean.toString());

        // the real tool under the environment the launcher chose reads the Korean path
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dfile.encoding=UTF-8", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "check-json",
                korean.toString()));
        ProcessBuilder real = new ProcessBuilder(command).redirectErrorStream(true);
        real.environment().put("LC_ALL", locale);
        Process q = real.start();
        String output = new String(q.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(q.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("검사.json").doesNotContain("Malformed input").doesNotContain("unmappable");
        assertThat(q.exitValue()).as(output).isEqualTo(1); // {} is missing its sections: data errors, not a usage error
    }
}
