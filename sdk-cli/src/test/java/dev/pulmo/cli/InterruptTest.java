package dev.pulmo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.io.AtomicFiles;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.DemoDataset;
import dev.pulmo.runtime.PluginRegistry;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C in the middle of a run, as a user does it: a real {@code pulmo deid} process gets SIGINT once its first
 * output exists. It must end with exit status 130, leave no temporary file, and say so on a line of its own.
 */
class InterruptTest {

    @Test
    void sigintLeavesNoTemporaryFileAndPrintsTheExitStatusOnItsOwnLine(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("in");
        try (PluginRegistry plugins = PluginRegistry.classpath()) {
            // about 500 files: a few seconds of deid, long enough to be interrupted in the middle
            DemoDataset.generate(DatasetLayout.of(in.resolve("lung_cancer"), plugins.catalog()), 3, new DemoDataset.Size(4, 12, 8));
        }
        Path out = dir.resolve("out");
        Path err = dir.resolve("err.txt");
        List<String> command = new ArrayList<>(TestProcesses.pulmo());
        command.addAll(List.of("deid", in.toString(), out.toString(), "--map", dir.resolve("keys/map.json").toString()));
        Process p = new ProcessBuilder(command).redirectError(err.toFile()).redirectOutput(dir.resolve("out.txt").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (p.isAlive() && outputs(out).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(p.isAlive()).as("deid still running when its first output appeared").isTrue();
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(p.exitValue()).isEqualTo(Main.INTERRUPTED);
        List<String> lines = Files.readAllLines(err);
        assertThat(lines).anySatisfy(line -> assertThat(line).matches(
                "pulmo: interrupted; \\d+ temporary files? removed, finished outputs kept \\(exit status 130\\)"));
        try (Stream<Path> s = Files.walk(dir)) {
            assertThat(s.filter(AtomicFiles::isTemporary).toList()).as("temporary files left").isEmpty();
        }
    }

    private static List<Path> outputs(Path out) throws Exception {
        if (!Files.isDirectory(out)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(out)) {
            return s.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".dcm") && !AtomicFiles.isTemporary(f))
                    .limit(1).toList();
        } catch (UncheckedIOException e) {
            // deid renamed a temporary file between the walk's listing and its look at it: look again
            return List.of();
        }
    }
}
