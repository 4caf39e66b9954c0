package dev.pulmo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pulmo.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 20: {@code render} and {@code stats --charts} on a full disk say so and leave nothing, without ImageIO's
 * NullPointerException trace at JVM exit (it comes from a shutdown hook, so only a separate process shows it). The full
 * disk is a 64 KiB tmpfs, which needs root; elsewhere the test is skipped.
 */
class DiskFullTest {

    private static Path mountPoint;

    @BeforeAll
    static void mountSmallTmpfs() throws Exception {
        assumeTrue(run(List.of("id", "-u")).out().strip().equals("0"), "mounting a tmpfs needs root");
        mountPoint = Files.createTempDirectory("pulmo-full-disk");
        TestProcesses.Result mount = run(List.of("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mountPoint.toString()));
        if (mount.exitCode() != 0) {
            Files.delete(mountPoint);
            mountPoint = null;
        }
        assumeTrue(mountPoint != null, "cannot mount a tmpfs here: " + mount.err());
    }

    @AfterAll
    static void unmount() throws Exception {
        if (mountPoint != null) {
            run(List.of("umount", mountPoint.toString()));
            Files.deleteIfExists(mountPoint);
        }
    }

    @Test
    void renderOnAFullDiskSaysSoWithoutATrace() throws Exception {
        Path dir = fill("render");
        Path png = dir.resolve("slice.png");
        TestProcesses.Result r = pulmo("render", SharedData.dicomCorpus().resolve("CT_small.dcm").toString(), "--out", png.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("pulmo render: cannot write " + png + ": No space left on device")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(leftovers(dir)).isEmpty();
    }

    @Test
    void statsChartsOnAFullDiskSaysSoWithoutATrace() throws Exception {
        Path dir = fill("stats");
        Path charts = dir.resolve("charts");
        TestProcesses.Result r = pulmo("stats", ConvertedDemo.root().getParent().toString(), "--charts", charts.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("pulmo stats: cannot write the charts to " + charts).contains("No space left on device")
                .doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(leftovers(dir)).isEmpty();
    }

    /** A folder on the small disk, with the disk filled to its last 2 KiB. */
    private static Path fill(String name) throws IOException {
        Path dir = Files.createDirectories(mountPoint.resolve(name));
        try (Stream<Path> s = Files.list(mountPoint)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                Files.delete(p);
            }
        }
        long free = Files.getFileStore(mountPoint).getUsableSpace();
        Files.write(mountPoint.resolve("filler-" + name), new byte[(int) Math.max(0, free - 2048)]);
        return dir;
    }

    private static List<Path> leftovers(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    private static TestProcesses.Result pulmo(String... args) {
        List<String> command = new ArrayList<>(TestProcesses.pulmo());
        command.addAll(List.of(args));
        return TestProcesses.run(command, Duration.ofSeconds(120));
    }

    private static TestProcesses.Result run(List<String> command) {
        return TestProcesses.run(command, Duration.ofSeconds(120));
    }
}
