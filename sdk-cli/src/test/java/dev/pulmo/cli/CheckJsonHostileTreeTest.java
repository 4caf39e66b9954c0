package dev.pulmo.cli;

import static dev.pulmo.cli.CheckJsonCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pulmo.cli.CheckJsonCommandTest.Run;
import dev.pulmo.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 20: check-json on FIFOs and unreadable folders reports them and goes on, never blocks or aborts. */
class CheckJsonHostileTreeTest {

    private static final Path SAMPLE = SharedData.repositoryRoot().resolve("examples/guideline-json/cct_B000002_3_42.json");

    private static Path fifo(Path path) throws Exception {
        assumeTrue(new ProcessBuilder("mkfifo", path.toString()).start().waitFor(10, TimeUnit.SECONDS)
                && Files.exists(path), "mkfifo is not available");
        return path;
    }

    @Test
    void aFifoInAFolderIsAWarningAndAFifoByNameAnError(@TempDir Path dir) throws Exception {
        Files.copy(SAMPLE, dir.resolve("a.json"));
        Path pipe = fifo(dir.resolve("b.json"));
        Run inFolder = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run("check-json", dir.toString()));
        assertThat(inFolder.exitCode()).as(inFolder.out() + inFolder.err()).isZero();
        assertThat(inFolder.out()).contains(pipe + ": WARNING file.not-regular: not a regular file (a FIFO, socket or "
                + "device); not opened").contains("1 file checked: 0 errors, 1 warning");
        Run byName = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> run("check-json", pipe.toString()));
        assertThat(byName.exitCode()).isEqualTo(2);
        assertThat(byName.out()).contains(pipe + ": ERROR file.unreadable: not a regular file (a FIFO, socket or device); "
                + "not opened");
    }

    @Test
    void anUnreadableFolderIsReportedAndTheRestChecked(@TempDir Path dir) throws Exception {
        assumeTrue(Unprivileged.available(), "no way to run without root's read-everything here (setpriv)");
        Files.copy(SAMPLE, dir.resolve("a.json"));
        Path locked = Files.createDirectories(dir.resolve("locked"));
        Files.copy(SAMPLE, locked.resolve("b.json"));
        Unprivileged.openToAll(dir);
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            Run r = Unprivileged.run("check-json", dir.toString());
            assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(2);
            assertThat(r.out()).contains(locked + ": ERROR file.unreadable: cannot be read (permission denied); skipped")
                    .contains("1 file checked: 1 error, 0 warnings");
            assertThat(r.err()).doesNotContain("AccessDeniedException").doesNotContain("\tat ");
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
