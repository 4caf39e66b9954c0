package dev.pulmo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.io.AtomicFiles;
import dev.pulmo.cli.CheckJsonCommandTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20: after {@code kill -9}, the hidden temporary files of atomic writes ({@code .<name>.<pid>.<random>.tmp})
 * stay; the next run of a command removes, in every folder it writes, those of writers that are no longer running,
 * and keeps those of live processes. Each command runs once into a scratch folder to learn which folders it writes;
 * then leftovers of a dead and of a live process are planted in those folders of a fresh output, and it runs again.
 */
class LeftoversTest {

    @TempDir
    Path dir;

    @Test
    void everyCommandThatWritesRemovesTheLeftoversOfDeadWritersInTheFoldersItWrites() throws Exception {
        Path demo = ConvertedDemo.root();
        Path series;
        try (Stream<Path> s = Files.walk(demo.resolve("chest-ct"))) {
            series = s.filter(p -> p.getFileName().toString().equals("binary")).sorted().findFirst().orElseThrow().getParent();
        }
        Path mask;
        Path image;
        try (Stream<Path> s = Files.list(series.resolve("binary"))) {
            mask = s.sorted().findFirst().orElseThrow();
        }
        try (Stream<Path> s = Files.list(series.resolve("dcm"))) {
            List<Path> images = s.sorted().toList();
            image = images.get(0);
        }
        Path seg = dir.resolve("input/series.seg.dcm");
        Run made = CheckJsonCommandTest.run("seg", series.toString(), "--out", seg.toString());
        assertThat(made.exitCode()).as(made.out() + made.err()).isZero();
        Path tool = Files.writeString(dir.resolve("input/tool.json"), "[[{\"id\": 1, \"option\": {\"tag\": \"1\"}, "
                + "\"annotationData\": {\"tool\": \"Free\", \"handles\": [{\"x\": 10.5, \"y\": 10.5}, {\"x\": 60.5, "
                + "\"y\": 12.5}, {\"x\": 40.5, \"y\": 70.5}]}}]]");
        Path cases = Files.writeString(dir.resolve("input/cases.csv"),
                "hospital_id,class,modality,age,sex,pathology,smoking\nH0001001,malignant,CCT,61,M,adenocarcinoma,former\n");
        Path pacs = Files.createDirectories(dir.resolve("input/pacs"));
        Path secondImage;
        try (Stream<Path> s = Files.list(series.resolve("dcm"))) {
            secondImage = s.sorted().skip(1).findFirst().orElseThrow();
        }

        Map<String, Function<Path, List<String>>> commands = new LinkedHashMap<>();
        Path map = dir.resolve("deid-map.json"); // one mapping: both runs give the patients the same new ids
        commands.put("deid", out -> List.of("deid", demo.toString(), out.toString(), "--map", map.toString()));
        commands.put("seg", out -> List.of("seg", series.toString(), "--out", out.resolve("series.seg.dcm").toString()));
        commands.put("seg --extract", out -> List.of("seg", "--extract", seg.toString(), "--out", out.resolve("masks").toString()));
        commands.put("mask2poly", out -> List.of("mask2poly", mask.toString(), "--out", out.resolve("polygons").toString()));
        commands.put("import-tool", out -> List.of("import-tool", tool.toString(), "--image", image.toString(), "--class",
                "malignant", "--out", out.toString()));
        commands.put("render", out -> List.of("render", image.toString(), "--out", out.resolve("image.png").toString()));
        commands.put("pixels", out -> List.of("pixels", image.toString(), secondImage.toString(), "--out", out.resolve("npy").toString()));
        commands.put("stats --charts", out -> List.of("stats", demo.toString(), "--charts", out.resolve("charts").toString()));
        commands.put("split", out -> List.of("split", demo.toString(), "--out", out.resolve("split.csv").toString()));
        commands.put("nodules", out -> List.of("nodules", demo.toString(), "--out", out.resolve("nodules.csv").toString()));
        commands.put("validate --out", out -> List.of("validate", demo.toString(), "--format", "html", "--out",
                out.resolve("report.html").toString()));
        commands.put("ingest", out -> List.of("ingest", pacs.toString(), "--cases", cases.toString(), "--out",
                out.resolve("tree").toString(), "--map", out.resolve("secret/map.json").toString(), "--key",
                out.resolve("secret/key.txt").toString()));

        long dead = deadPid();
        // the leftovers are named as AtomicFiles names its temporary files
        assertThat(AtomicFiles.isTemporary(Path.of(".old.dcm." + dead + ".k2x9q.tmp"))).isTrue();
        Process live = new ProcessBuilder("sleep", "600").start();
        try {
            List<String> failures = new ArrayList<>();
            int index = 0;
            for (Map.Entry<String, Function<Path, List<String>>> command : commands.entrySet()) {
                Path scratch = dir.resolve("scratch-" + index);
                Path out = dir.resolve("out-" + index++);
                Run first = CheckJsonCommandTest.run(command.getValue().apply(scratch).toArray(String[]::new));
                assertThat(first.exitCode()).as(command.getKey() + ": " + first.out() + first.err()).isIn(0, 1);
                TreeSet<Path> written = foldersWithFiles(scratch);
                assertThat(written).as(command.getKey() + " wrote nothing").isNotEmpty();
                for (Path folder : written) {
                    Path target = Files.createDirectories(out.resolve(folder.toString()));
                    Files.writeString(target.resolve(".old.dcm." + dead + ".k2x9q.tmp"), "killed run");
                    Files.writeString(target.resolve(".busy.dcm." + live.pid() + ".k2x9q.tmp"), "running");
                }
                Run again = CheckJsonCommandTest.run(command.getValue().apply(out).toArray(String[]::new));
                assertThat(again.exitCode()).as(command.getKey() + ": " + again.out() + again.err()).isIn(0, 1);
                for (Path folder : written) {
                    Path target = out.resolve(folder.toString());
                    if (Files.exists(target.resolve(".old.dcm." + dead + ".k2x9q.tmp"))) {
                        failures.add(command.getKey() + " left a dead writer's temporary file in " + folder);
                    }
                    if (!Files.exists(target.resolve(".busy.dcm." + live.pid() + ".k2x9q.tmp"))) {
                        failures.add(command.getKey() + " removed a live writer's temporary file in " + folder);
                    }
                }
            }
            assertThat(failures).isEmpty();
        } finally {
            live.destroyForcibly();
        }
    }

    /** The pid of a process that has ended. */
    private static long deadPid() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("true").start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long pid = p.pid();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        return pid;
    }

    /** The folders under {@code root} (relative, with {@code root} itself as the empty path) that hold files. */
    private static TreeSet<Path> foldersWithFiles(Path root) throws IOException {
        TreeSet<Path> folders = new TreeSet<>();
        if (!Files.isDirectory(root)) {
            return folders;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(Files::isRegularFile).forEach(f -> folders.add(root.relativize(f.getParent())));
        }
        return folders;
    }
}
