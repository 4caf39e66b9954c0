package dev.pulmo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files the commands write get the mode a plain write would give under the user's umask (0644 under 022), so that
 * colleagues and training containers running as another user can read them, and a file a command replaces keeps its
 * mode. The commands run in a child JVM started under {@code umask 022}, as a user's shell would run them.
 */
class FileModesTest {
    @TempDir
    Path dir;

    private int pulmo(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        StringBuilder quoted = new StringBuilder("umask 022 && exec");
        for (String c : command) {
            quoted.append(" '").append(c.replace("'", "'\\''")).append('\'');
        }
        Process p = new ProcessBuilder("sh", "-c", quoted.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("log-" + args[0] + ".txt").toFile()).start();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("pulmo " + args[0] + " finished").isTrue();
        return p.exitValue();
    }

    private static Map<String, String> modes(Path root) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(root.relativize(p).toString(), PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
            }
        }
        return m;
    }

    @Test
    void everyCommandWritesFilesAsAPlainWriteWouldAndAReplacedFileKeepsItsMode() throws Exception {
        Path demo = dir.resolve("demo");
        Path out = dir.resolve("out");
        assertThat(pulmo("demo", "--out", demo.toString())).isZero();
        assertThat(pulmo("export-coco", demo.toString(), "--out", out.resolve("coco").toString(), "--segmentation", "rle")).isZero();
        assertThat(pulmo("validate", demo.toString(), "--format", "html", "--out", out.resolve("report.html").toString())).isZero();
        assertThat(pulmo("split", demo.toString(), "--out", out.resolve("split.csv").toString())).isZero();
        Path mask;
        try (Stream<Path> s = Files.walk(demo)) {
            mask = s.filter(p -> p.toString().endsWith("_binary.dcm")).sorted().findFirst().orElseThrow();
        }
        assertThat(pulmo("mask2poly", mask.toString(), "--out", out.resolve("polygons").toString())).isZero();
        assertThat(pulmo("seg", mask.getParent().getParent().toString(), "--out", out.resolve("series.seg.dcm").toString())).isZero();
        assertThat(pulmo("seg", "--extract", out.resolve("series.seg.dcm").toString(), "--images", demo.toString(),
                "--out", out.resolve("extracted").toString())).isZero();
        Path image;
        try (Stream<Path> s = Files.walk(demo.resolve("lung_cancer/chest-ct"))) {
            image = s.filter(p -> p.toString().endsWith(".dcm") && p.getParent().getFileName().toString().equals("dcm"))
                    .sorted().findFirst().orElseThrow();
        }
        assertThat(pulmo("pixels", image.toString(), "--out", out.resolve("pixels.npy").toString())).isZero();
        assertThat(pulmo("render", image.toString(), "--out", out.resolve("render.png").toString())).isZero();
        Path tool = ImportToolCommandTest.toolFile(dir.resolve("tool/export.json"),
                ImportToolCommandTest.annotation(0, "1", "0", "Free", ImportToolCommandTest.TRIANGLE, null, null));
        assertThat(pulmo("import-tool", tool.toString(), "--image", image.toString(), "--class", "malignant",
                "--out", out.resolve("imported").toString())).isZero();
        Path eval = SharedData.resolve("testdata/eval");
        assertThat(pulmo("evaluate", "--coco-gt", eval.resolve("gt.json").toString(), "--predictions",
                eval.resolve("pred-bbox.json").toString(), "--format", "json", "--out", out.resolve("evaluation.json").toString())).isZero();
        // the mapping holds the project's secret key: owner-only (0600) is intended there, so it is kept out of out/ (below)
        Path map = dir.resolve("keys/map.json");
        assertThat(pulmo("deid", demo.resolve("lung_cancer").toString(), out.resolve("deid").toString(), "--map", map.toString())).isZero();

        // the demo's images as a PACS export, every patient on the list (exit 1 allowed: masks and JSON are left out)
        StringBuilder cases = new StringBuilder("hospital_id,class,modality\n");
        Map<String, String> codes = Map.of("x-ray", "XRY", "chest-ct", "CCT", "pet-ct", "PCT");
        try (Stream<Path> s = Files.walk(demo.resolve("lung_cancer"), 3)) {
            s.filter(p -> demo.resolve("lung_cancer").relativize(p).getNameCount() == 3).forEach(p -> cases.append(
                    p.getFileName()).append(',').append(p.getParent().getFileName()).append(',')
                    .append(codes.get(p.getParent().getParent().getFileName().toString())).append('\n'));
        }
        Files.writeString(dir.resolve("cases.csv"), cases);
        assertThat(pulmo("ingest", demo.toString(), "--cases", dir.resolve("cases.csv").toString(), "--out",
                out.resolve("ingested").toString(), "--map", dir.resolve("ingest-map.json").toString())).isBetween(0, 1);

        Map<String, String> written = new TreeMap<>(modes(demo));
        modes(out).forEach((k, v) -> written.put("out/" + k, v));
        assertThat(written.keySet()).anyMatch(k -> k.endsWith(".json") && k.contains("/json/"))
                .anyMatch(k -> k.endsWith("_binary.dcm")).anyMatch(k -> k.endsWith(".png"))
                .anyMatch(k -> k.startsWith("out/ingested/lung_cancer/") && k.endsWith(".dcm"))
                .anyMatch(k -> k.startsWith("out/ingested/clinical/") && k.endsWith(".xlsx")).contains("validation.html",
                        "out/coco/coco.json", "out/report.html", "out/split.csv", "out/series.seg.dcm", "out/render.png",
                        "out/evaluation.json", "out/pixels.npy", "out/deid/deid-audit.tsv")
                .anyMatch(k -> k.startsWith("out/coco/images/") && k.endsWith(".png"))
                .anyMatch(k -> k.startsWith("out/extracted/") && k.endsWith("_binary.dcm"))
                .anyMatch(k -> k.startsWith("out/imported/") && k.endsWith("_binary.dcm"))
                .anyMatch(k -> k.startsWith("out/imported/") && k.endsWith(".json"))
                .anyMatch(k -> k.startsWith("out/deid/") && k.endsWith("_binary.dcm"));
        assertThat(written).allSatisfy((file, mode) -> assertThat(mode).as(file).isEqualTo("rw-r--r--"));
        // the mapping holds the key: owner-only (secretsTheMappingAndTheKeyFileAreReadableByTheirOwnerOnly)
        assertThat(modes(map.getParent())).containsKey("map.json")
                .allSatisfy((file, mode) -> assertThat(mode).as("keys/" + file).isEqualTo("rw-------"));

        // a replaced file keeps the mode its owner gave it
        Path json;
        try (Stream<Path> s = Files.walk(demo)) {
            json = s.filter(p -> p.toString().endsWith(".json") && p.getParent().getFileName().toString().equals("json"))
                    .sorted().findFirst().orElseThrow();
        }
        Set<PosixFilePermission> groupWritable = PosixFilePermissions.fromString("rw-rw-r--");
        Files.setPosixFilePermissions(json, groupWritable);
        long before = Files.getLastModifiedTime(json).toMillis();
        Thread.sleep(20);
        assertThat(pulmo("convert", demo.toString(), "--force")).isZero();
        assertThat(Files.getLastModifiedTime(json).toMillis()).as("replaced").isGreaterThan(before);
        assertThat(Files.getPosixFilePermissions(json)).isEqualTo(groupWritable);
        Path png = out.resolve("render.png");
        Files.setPosixFilePermissions(png, groupWritable);
        assertThat(pulmo("render", image.toString(), "--out", png.toString())).isZero();
        assertThat(Files.getPosixFilePermissions(png)).as("replaced by render").isEqualTo(groupWritable);
    }

    @Test
    void secretsTheMappingAndTheKeyFileAreReadableByTheirOwnerOnly() throws Exception {
        Path demo = dir.resolve("demo");
        assertThat(pulmo("demo", "--out", demo.toString())).isZero();
        Path secret = Files.createDirectories(dir.resolve("secret"));
        assertThat(pulmo("deid", demo.toString(), dir.resolve("deid").toString(), "--map", secret.resolve("deid-map.json").toString()))
                .isIn(0, 1);

        // ingest writes its mapping and key file before it reads anything: an empty export is enough
        Path cases = Files.writeString(dir.resolve("cases.csv"),
                "hospital_id,class,modality,age,sex,pathology,smoking\nH0001001,malignant,CCT,61,M,adenocarcinoma,former\n");
        Path pacs = Files.createDirectories(dir.resolve("pacs"));
        assertThat(pulmo("ingest", pacs.toString(), "--cases", cases.toString(), "--out", dir.resolve("tree").toString(),
                "--map", secret.resolve("ingest-map.json").toString(), "--key", secret.resolve("key.txt").toString())).isIn(0, 1);

        assertThat(modes(secret)).containsOnlyKeys("deid-map.json", "ingest-map.json", "key.txt")
                .allSatisfy((file, mode) -> assertThat(mode).as(file + " under umask 022").isEqualTo("rw-------"));
    }
}
