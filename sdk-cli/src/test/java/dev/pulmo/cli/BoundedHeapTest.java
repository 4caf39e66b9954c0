package dev.pulmo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulmo.testing.HostileDicomFiles;
import dev.pulmo.testing.SharedData;
import dev.pulmo.testing.StreamedXlsx;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20's resource-exhaustion cases, each run as a user runs it: a separate {@code pulmo} JVM with the 256 MiB
 * heap of the campaign that found them ({@code -Xmx256m}). Each must end with a documented exit code and a message that
 * names the file and the limit, never an OutOfMemoryError or StackOverflowError. The default build uses sizes past
 * the limits of a 256 MiB heap; {@code -Pfuzz} ({@code pulmo.fuzz.scale > 1}) uses the issue's own sizes (a 3 M-row
 * sheet, a 1 GB CSV, a 74 MB tool export).
 */
class BoundedHeapTest {

    private static final boolean FULL_SIZE = Integer.getInteger("pulmo.fuzz.scale", 1) > 1;

    @TempDir
    static Path dir;
    static Path tree;

    @BeforeAll
    static void demo() {
        tree = ConvertedDemo.root();
    }

    private static TestProcesses.Result pulmo(String... args) {
        List<String> command = new ArrayList<>(TestProcesses.pulmo("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"));
        command.addAll(List.of(args));
        return TestProcesses.run(command, Duration.ofSeconds(300));
    }

    private static void assertClean(TestProcesses.Result r, Path file, String limit, int... codes) {
        String all = r.text();
        assertThat(r.exitCode()).as(all).isIn(java.util.Arrays.stream(codes).boxed().toArray());
        assertThat(all).contains(file.getFileName().toString()).contains(limit)
                .doesNotContain("OutOfMemoryError").doesNotContain("StackOverflowError").doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void aDeflateBombIsRefusedNotInflated() throws Exception {
        Path bomb = Files.write(dir.resolve("bomb.dcm"), HostileDicomFiles.deflateBomb(FULL_SIZE ? 1L << 30 : 256L << 20));
        assertThat(Files.size(bomb)).isLessThan(2L << 20);
        assertClean(pulmo("dump", bomb.toString()), bomb, "DicomReader.Limits.maxInflatedBytes", 1);
    }

    @Test
    void twoMillionEmptyItemsStopAtTheElementLimit() throws Exception {
        Path items = Files.write(dir.resolve("items.dcm"), HostileDicomFiles.emptyItems(2_000_000));
        assertClean(pulmo("dump", items.toString()), items, "DicomReader.Limits.maxElements", 1);
    }

    @Test
    void rowsTimesColumnsAreLongAndRefused() throws Exception {
        Path huge = Files.write(dir.resolve("huge.dcm"), HostileDicomFiles.hugeImage());
        TestProcesses.Result r = pulmo("render", huge.toString(), "--out", dir.resolve("huge.png").toString());
        assertClean(r, huge, "4294836225 samples", 1);
        assertThat(r.text()).doesNotContain("-131071");
    }

    @Test
    void aJsonWithOneKeyRepeated400000TimesIsReportedInBoundedMemory() throws Exception {
        String sample = Files.readString(SharedData.repositoryRoot().resolve("examples/guideline-json/cct_B000002_3_42.json"));
        Path json = dir.resolve("keys.json");
        try (BufferedWriter w = Files.newBufferedWriter(json, StandardCharsets.UTF_8)) {
            int brace = sample.indexOf('{');
            w.write(sample, 0, brace + 1);
            for (int i = 0; i < 400_000; i++) {
                w.write("\"annotations_\": 1, ");
            }
            w.write(sample.substring(brace + 1));
        }
        assertClean(pulmo("check-json", json.toString()), json, "399000 more findings not listed", 0, 1);
    }

    @Test
    void aToolExportWithAMillionHandlesIsALimitErrorNotAnOutOfMemoryError() throws Exception {
        Path image;
        try (var s = Files.walk(tree.resolve("chest-ct"))) {
            image = s.filter(p -> p.toString().endsWith(".dcm") && p.getParent().getFileName().toString().equals("dcm"))
                    .sorted().findFirst().orElseThrow();
        }
        Path tool = dir.resolve("handles.json");
        int handles = 1_000_000;
        String pad = FULL_SIZE ? ", \"note\": \"padding padding padding padding padding\"" : "";
        try (BufferedWriter w = Files.newBufferedWriter(tool, StandardCharsets.UTF_8)) {
            w.write("[[{\"id\": 1, \"option\": {\"tag\": \"1\"}, \"annotationData\": {\"tool\": \"Free\", \"handles\": [");
            for (int i = 0; i < handles; i++) {
                w.write((i == 0 ? "" : ",") + "{\"x\": " + (i % 500) + ".5, \"y\": " + (i % 400) + ".5" + pad + "}");
            }
            w.write("]}}]]");
        }
        TestProcesses.Result r = pulmo("import-tool", tool.toString(), "--image", image.toString(), "--class", "malignant", "--out",
                dir.resolve("imported").toString());
        assertClean(r, tool, "holds more JSON values than one element may", 1);
    }

    @Test
    void aSheetPastTheRowLimitIsRefusedWhileStreaming() throws Exception {
        int rows = FULL_SIZE ? 3_000_000 : 135_000; // a 256 MiB heap allows 131,072
        Path xlsx = StreamedXlsx.write(dir.resolve("rows.xlsx"), "Sheet1", i -> i > rows ? null
                : i == 0 ? StreamedXlsx.text("A1", "환자ID") + StreamedXlsx.text("B1", "나이")
                : StreamedXlsx.text("A" + (i + 1), "P" + i) + StreamedXlsx.number("B" + (i + 1), 40 + i % 50));
        assertClean(pulmo("check-clinical", xlsx.toString(), "--tree", tree.toString()), xlsx,
                "ClinicalSheetReader.Limits.maxRows", 1, 2);
    }

    @Test
    void aHugeCsvIsStreamedNotLoaded() throws Exception {
        long bytes = FULL_SIZE ? 1L << 30 : 64L << 20;
        Path csv = dir.resolve("big.csv");
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("환자ID,나이,비고\n");
            String filler = "x".repeat(200);
            for (long written = 0, i = 0; written < bytes; i++) {
                String line = "P" + i + ",50," + filler + "\n";
                w.write(line);
                written += line.length();
            }
        }
        assertClean(pulmo("check-clinical", csv.toString(), "--tree", tree.toString()), csv, "ClinicalSheetReader.Limits",
                1, 2);
    }

    /**
     * Issue 21: memory bounded by an image's annotations, not by the predictions file. A COCO results file of a million
     * boxes (1,000 images × 1,000 results, about 75 MB of JSON, several times that as Java objects) is evaluated by a
     * JVM with a 64 MiB heap: it streams into a spill file and each image's results are read when the image is
     * evaluated. Worked out by hand: each image's highest-scored result is its ground-truth box exactly (IoU 1), the
     * other 999 lie away from it; COCOeval keeps 100 per image, so the 1,000 true positives come first in every
     * accumulation (precision 1000 / (1000 + 2⁻⁵²) = 1.0 in doubles at full recall): every AP and AR of the small
     * range is 1, the medium and large ranges have no ground truth (−1). (Measured: the reader that held the results
     * in memory, before the spill file, ran out of this heap on the same file.)
     */
    @Test
    void aResultsFileLargerThanTheHeapIsEvaluatedExactlyInBoundedMemory() throws Exception {
        int images = 1000, perImage = 1000;
        Path gt = dir.resolve("bounded-gt.json");
        try (BufferedWriter w = Files.newBufferedWriter(gt, StandardCharsets.UTF_8)) {
            w.write("{\"images\": [");
            for (int i = 1; i <= images; i++) {
                w.write((i == 1 ? "" : ",") + "{\"id\": " + i + ", \"file_name\": \"i" + i + ".png\", \"width\": 512, \"height\": 512}");
            }
            w.write("], \"categories\": [{\"id\": 1, \"name\": \"malignant\"}], \"annotations\": [");
            for (int i = 1; i <= images; i++) {
                w.write((i == 1 ? "" : ",") + "{\"id\": " + i + ", \"image_id\": " + i
                        + ", \"category_id\": 1, \"iscrowd\": 0, \"area\": 400, \"bbox\": [10, 10, 20, 20]}");
            }
            w.write("]}");
        }
        Path predictions = dir.resolve("bounded-pred.json");
        try (BufferedWriter w = Files.newBufferedWriter(predictions, StandardCharsets.UTF_8)) {
            w.write("[");
            for (int i = 1; i <= images; i++) {
                for (int k = 0; k < perImage; k++) {
                    String box = k == 0 ? "[10, 10, 20, 20]" : "[" + (100 + k % 300) + ".5, " + (100 + k / 300 * 30) + ", 25, 25]";
                    double score = k == 0 ? 0.95 : 0.9 * (perImage - k) / perImage;
                    w.write((i == 1 && k == 0 ? "" : ",") + "{\"image_id\": " + i + ", \"category_id\": 1, \"bbox\": " + box
                            + ", \"score\": " + score + "}");
                }
            }
            w.write("]");
        }
        assertThat(Files.size(predictions)).isGreaterThan(64L << 20);
        Path report = dir.resolve("bounded.json");
        List<String> command = new ArrayList<>(TestProcesses.pulmo("-Xmx64m", "-XX:+ExitOnOutOfMemoryError"));
        command.addAll(List.of("evaluate", "--coco-gt", gt.toString(), "--predictions", predictions.toString(), "--iou-type", "bbox",
                "--format", "json", "--out", report.toString()));
        TestProcesses.Result r = TestProcesses.run(command, Duration.ofSeconds(300));
        assertThat(r.exitCode()).as(r.text()).isZero();
        JsonNode coco = new ObjectMapper().readTree(report.toFile()).get("coco");
        List<Double> stats = new ArrayList<>();
        coco.get("stats").forEach(v -> stats.add(v.asDouble()));
        assertThat(stats).containsExactly(1.0, 1.0, 1.0, 1.0, -1.0, -1.0, 1.0, 1.0, 1.0, 1.0, -1.0, -1.0);
    }
}
