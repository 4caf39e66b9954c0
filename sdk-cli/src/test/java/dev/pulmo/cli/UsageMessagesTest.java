package dev.pulmo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.cli.CheckJsonCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What pulmo says of a mistake: a usage error (exit status 2) naming the argument, what was given and what was
 * expected, in the same words in every command (the shared options are one mixin with one validation).
 */
class UsageMessagesTest {

    @Test
    void plainPulmoPrintsTheUsageAndExitsTwo() {
        Run r = CheckJsonCommandTest.run();
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("pulmo: expected a command").contains("Usage: pulmo").contains("convert")
                .contains("validate");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aMistypedCommandOrOptionIsNamedWithTheNearestOnes() {
        Run command = CheckJsonCommandTest.run("convrt", "x");
        assertThat(command.exitCode()).isEqualTo(2);
        assertThat(command.err().lines().toList()).containsExactly("pulmo: 'convrt' is not a pulmo command",
                "Did you mean: pulmo convert or pulmo export-coco or pulmo check-json?", "Run 'pulmo help' for usage.");
        Run option = CheckJsonCommandTest.run("convert", "--forc", "x");
        assertThat(option.exitCode()).isEqualTo(2);
        assertThat(option.err().lines().toList()).containsExactly("pulmo: Unknown option: '--forc'",
                "Possible solutions: --force, --format", "Run 'pulmo help convert' for usage.");
        Run extra = CheckJsonCommandTest.run("--bogus");
        assertThat(extra.err()).startsWith("pulmo: Unknown option: '--bogus'").endsWith("Run 'pulmo help' for usage." + System.lineSeparator());
    }

    @Test
    void anOutputInsideTheLayoutIsRefusedBeforeAnythingIsWritten(@TempDir Path dir) throws Exception {
        Path layout = Files.createDirectories(dir.resolve("tree/lung_cancer/chest-ct"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), layout.getParent()); // the same place by another name
        String tree = dir.resolve("tree").toString();
        for (String[] args : new String[][] {
                {"export-coco", tree, "--out", layout.resolve("coco").toString()},
                {"export-nifti", tree, "--out", layout.getParent().resolve("nifti").toString()},
                {"nodules", tree, "--out", link.resolve("n.csv").toString()},
                {"validate", layout.getParent().toString(), "--out", layout.resolve("report.txt").toString()},
                {"split", tree, "--out", link.resolve("split.csv").toString()}}) {
            Run r = CheckJsonCommandTest.run(args);
            assertThat(r.exitCode()).as(args[0]).isEqualTo(2);
            assertThat(r.err()).as(args[0]).startsWith("pulmo: --out " + args[3] + ": inside the dataset's lung_cancer folder ("
                    + layout.getParent().toRealPath() + "), where the layout has only modality folders");
        }
        try (var files = Files.walk(dir.resolve("tree"))) {
            assertThat(files.map(p -> dir.relativize(p).toString())).containsExactlyInAnyOrder("tree", "tree/lung_cancer",
                    "tree/lung_cancer/chest-ct");
        }
        // next to lung_cancer is where outputs go
        assertThat(CheckJsonCommandTest.run("nodules", tree, "--out", dir.resolve("tree/nodules.csv").toString()).exitCode())
                .isNotEqualTo(2);
    }

    @Test
    void aFileGivenAsRootSaysAFolderIsExpectedInEveryTreeCommand(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("x.json"), "{}");
        for (String command : new String[] {"convert", "validate", "stats"}) {
            Run r = CheckJsonCommandTest.run(command, file.toString());
            assertThat(r.exitCode()).as(command).isEqualTo(2);
            assertThat(r.err()).as(command).startsWith("pulmo: ROOT " + file + ": expected a folder (the dataset: its "
                    + "lung_cancer folder or a folder containing it), found a file");
        }
        Run export = CheckJsonCommandTest.run("export-coco", file.toString(), "--out", dir.resolve("c.json").toString());
        assertThat(export.err()).startsWith("pulmo: ROOT " + file + ": expected a folder");
        Run missing = CheckJsonCommandTest.run("validate", dir.resolve("nope").toString());
        assertThat(missing.err()).startsWith("pulmo: ROOT " + dir.resolve("nope") + ": expected a folder (the dataset: its "
                + "lung_cancer folder or a folder containing it), no such folder");
    }

    @Test
    void threadsBelowOneIsTheSameMessageEverywhere() {
        for (String command : new String[] {"convert", "validate", "stats", "export-coco"}) {
            Run r = command.equals("export-coco")
                    ? CheckJsonCommandTest.run(command, ConvertedDemo.root().toString(), "--threads", "0", "--out", "x.json")
                    : CheckJsonCommandTest.run(command, ConvertedDemo.root().toString(), "--threads", "0");
            assertThat(r.exitCode()).as(command).isEqualTo(2);
            assertThat(r.err()).as(command).contains("--threads 0: expected a number of worker threads, at least 1");
        }
    }

    @Test
    void exportCocoToAFileSaysAFolderIsExpectedAndNamesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("f.txt"), "x");
        Run r = CheckJsonCommandTest.run("export-coco", ConvertedDemo.root().toString(), "--out", file.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("pulmo: --out " + file + ": expected a folder to write, found a file")
                .doesNotContain(".tmp");
        assertThat(dir.toFile().list()).containsExactly("f.txt");
        Run under = CheckJsonCommandTest.run("export-coco", ConvertedDemo.root().toString(), "--out", file.resolve("coco").toString());
        assertThat(under.err()).startsWith("pulmo: --out " + file.resolve("coco") + ": expected a folder in a folder, but " + file + " is a file");
        // a folder that does not exist yet is made
        Run made = CheckJsonCommandTest.run("export-coco", ConvertedDemo.root().toString(), "--images", "none", "--out",
                dir.resolve("new/coco").toString());
        assertThat(made.exitCode()).as(made.err()).isZero();
        assertThat(dir.resolve("new/coco/coco.json")).exists();
    }

    @Test
    void anUnknownModalityListsTheLoadedOnesAndCaseDoesNotMatter(@TempDir Path dir) throws Exception {
        Path sheet = Files.writeString(dir.resolve("s.csv"), "비식별환자ID,나이,성별\nD0001,60,M\n");
        Run r = CheckJsonCommandTest.run("check-clinical", sheet.toString(), "--tree", ConvertedDemo.root().toString(),
                "--modality", "CT");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("pulmo: --modality CT: expected a loaded modality (known: XRY, CCT, PCT)");
        Run lower = CheckJsonCommandTest.run("check-clinical", sheet.toString(), "--tree", ConvertedDemo.root().toString(),
                "--modality", "cct");
        assertThat(lower.exitCode()).as(lower.err()).isNotEqualTo(2);
    }

    @Test
    void enumOptionValuesAreCaseInsensitiveInEveryCommand() {
        Run upper = CheckJsonCommandTest.run("check-json", "--format", "JSON", CheckJsonCommandTest.EXAMPLES.toString());
        assertThat(upper.exitCode()).as(upper.err()).isZero();
        assertThat(upper.out()).startsWith("{");
        Run validate = CheckJsonCommandTest.run("validate", "--format", "Json", ConvertedDemo.root().toString());
        assertThat(validate.exitCode()).as(validate.err()).isZero();
    }

    @Test
    void checkClinicalHelpListsTheExpectedHeadersFromTheReadersTable() {
        Run r = CheckJsonCommandTest.run("help", "check-clinical");
        assertThat(r.out()).contains("Column headers (Korean or English")
                .contains("patient id  비식별환자ID, 비식별ID, 환자ID, 환자번호, patient_id, id")
                .contains("age         나이, 연령, age")
                .contains("sex         성별, sex, gender");
    }
}
