package dev.pulmo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulmo.cli.CheckJsonCommandTest.Run;
import dev.pulmo.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pulmo evaluate}: the {@code --coco-gt} JSON against pycocotools' own numbers in
 * {@code ../shared/testdata/eval/expected.json}, the tree mode on the demo tree, exit statuses and messages.
 */
class EvaluateCommandTest {
    private static final Path EVAL = SharedData.resolve("testdata/eval");

    @TempDir
    Path dir;

    @Test
    void cocoFilesGiveCocoevalsNumbersInItsOrder() throws Exception {
        JsonNode expected = new ObjectMapper().readTree(EVAL.resolve("expected.json").toFile());
        for (String type : new String[] {"bbox", "segm"}) {
            Run r = CheckJsonCommandTest.run("evaluate", "--coco-gt", EVAL.resolve("gt.json").toString(), "--predictions",
                    EVAL.resolve("pred-" + type + ".json").toString(), "--iou-type", type, "--format", "json");
            assertThat(r.exitCode()).as(r.err()).isZero();
            JsonNode coco = new ObjectMapper().readTree(r.out()).get("coco");
            assertThat(coco.get("iou_type").asText()).isEqualTo(type);
            JsonNode stats = coco.get("stats"), want = expected.get(type).get("stats");
            assertThat(stats).hasSize(12);
            for (int i = 0; i < 12; i++) {
                assertThat(stats.get(i).asDouble()).as("%s stats[%d]", type, i).isCloseTo(want.get(i).asDouble(), offset(1e-12));
            }
            JsonNode perCategory = coco.get("per_category");
            for (int k = 0; k < perCategory.size(); k++) {
                JsonNode c = perCategory.get(k), e = expected.get(type).get("per_category").get(k);
                assertThat(c.get("category_id").asInt()).isEqualTo(e.get("category_id").asInt());
                assertThat(c.get("stats").get(0).asDouble()).isCloseTo(e.get("stats").get(0).asDouble(), offset(1e-12));
            }
            assertThat(coco.get("per_modality").get("CCT").get("stats").get(0).asDouble())
                    .isCloseTo(expected.get(type).get("per_modality").get("CCT").get("stats").get(0).asDouble(), offset(1e-12));
        }
        Run text = CheckJsonCommandTest.run("evaluate", "--coco-gt", EVAL.resolve("gt.json").toString(), "--predictions",
                EVAL.resolve("pred-bbox.json").toString());
        assertThat(text.out()).contains(" Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = "
                + String.format(java.util.Locale.ROOT, "%.3f", expected.get("bbox").get("stats").get(0).asDouble()));
    }

    @Test
    void usageAndInputProblemsExitTwoWithAMessageThatSaysWhere() throws Exception {
        Run none = CheckJsonCommandTest.run("evaluate", "--predictions", EVAL.resolve("pred-bbox.json").toString());
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("give a dataset ROOT, or --coco-gt GT.json");
        Run partAlone = CheckJsonCommandTest.run("evaluate", ConvertedDemo.root().toString(), "--predictions",
                EVAL.resolve("pred-bbox.json").toString(), "--part", "test");
        assertThat(partAlone.exitCode()).isEqualTo(2);
        assertThat(partAlone.err()).contains("--part needs --split");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "[{\"image_id\": 1028, \"category_id\": 1, \"bbox\": [1, 2, 3], \"score\": 0.5}]");
        Run malformed = CheckJsonCommandTest.run("evaluate", "--coco-gt", EVAL.resolve("gt.json").toString(), "--predictions", bad.toString());
        assertThat(malformed.exitCode()).isEqualTo(2);
        assertThat(malformed.err()).contains("bad.json /0/bbox").contains("4 numbers");
        Files.writeString(bad, "[{\"image_id\": 99999, \"category_id\": 1, \"bbox\": [1, 2, 3, 4], \"score\": 0.5}]");
        Run unknown = CheckJsonCommandTest.run("evaluate", "--coco-gt", EVAL.resolve("gt.json").toString(), "--predictions", bad.toString());
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("/0/image_id: image 99999 is not in the ground truth");
    }

    @Test
    void aFifoAsPredictionsGroundTruthOrSplitIsRefusedWithoutOpeningIt() throws Exception {
        Path fifo = FuzzInputs.fifo(dir.resolve("pred.json"));
        assumeTrue(fifo != null, "mkfifo is not available");
        Path gt = EVAL.resolve("gt.json");
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Path predictions = EVAL.resolve("pred-bbox.json");
        List<List<String>> runs = List.of(
                List.of("evaluate", "--coco-gt", gt.toString(), "--predictions", fifo.toString()),
                List.of("evaluate", tree.toString(), "--predictions", fifo.toString()),
                List.of("evaluate", "--coco-gt", fifo.toString(), "--predictions", predictions.toString()),
                List.of("evaluate", tree.toString(), "--predictions", predictions.toString(), "--split", fifo.toString()));
        for (List<String> args : runs) {
            // a reader blocked on a FIFO never returns: the harness times the run out and releases it
            FuzzHarness.Outcome o = FuzzHarness.run(Duration.ofSeconds(20), List.of(fifo), args);
            assertThat(o.timedOut()).as("%s hung on the FIFO", args).isFalse();
            assertThat(o.exitCode()).as(o.text()).isEqualTo(2);
            assertThat(o.err()).contains("pred.json: not a regular file (a FIFO, socket or device); not opened");
        }
    }

    @Test
    void aTreeIsEvaluatedWithItsFrocAndClassificationAndAnHtmlReportIsWritten() throws Exception {
        Path root = ConvertedDemo.root();
        Path export = dir.resolve("export").resolve("coco.json");
        assertThat(CheckJsonCommandTest.run("export-coco", root.toString(), "--out", export.getParent().toString(), "--images", "none",
                "--segmentation", "rle").exitCode()).isZero();
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode results = mapper.createArrayNode();
        for (JsonNode a : mapper.readTree(export.toFile()).get("annotations")) {
            ObjectNode r = results.addObject();
            r.put("image_id", a.get("image_id").asLong());
            r.put("category_id", a.get("category_id").asInt());
            r.set("bbox", a.get("bbox"));
            r.put("score", 0.9);
        }
        Path pred = dir.resolve("pred.json");
        mapper.writeValue(pred.toFile(), results);
        Run json = CheckJsonCommandTest.run("evaluate", root.getParent().toString(), "--predictions", pred.toString(), "--format", "json",
                "--bootstrap", "100", "--threads", "2");
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode report = mapper.readTree(json.out());
        assertThat(report.get("coco").get("stats").get(1).asDouble()).isCloseTo(1.0, offset(1e-15));
        assertThat(report.get("froc").get("CCT").get("average_sensitivity").asDouble()).isEqualTo(1.0);
        assertThat(report.get("froc").get("CCT").get("bootstrap").get("unit").asText()).isEqualTo("patient");
        assertThat(report.get("classification").get("lesion").get("auc").asDouble()).isEqualTo(1.0);
        assertThat(report.get("counts").get("detections").asLong()).isEqualTo(results.size());
        Path html = dir.resolve("report.html");
        Run h = CheckJsonCommandTest.run("evaluate", root.toString(), "--predictions", pred.toString(), "--format", "html", "--out",
                html.toString(), "--bootstrap", "0");
        assertThat(h.exitCode()).as(h.err()).isZero();
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("id=\"froc-CCT\"").contains("id=\"roc\"");
    }

    @Test
    void aTreeWithAnUnreadableMaskIsEvaluatedAndExitsOne() throws Exception {
        Path copy = dir.resolve("copy");
        Path root = ConvertedDemo.root();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path q = copy.resolve("lung_cancer").resolve(root.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
        Path mask;
        try (Stream<Path> files = Files.walk(copy)) {
            mask = files.filter(p -> p.toString().endsWith("_binary.dcm")).sorted().findFirst().orElseThrow();
        }
        Files.writeString(mask, "not DICOM");
        Path pred = dir.resolve("empty.json");
        Files.writeString(pred, "[]");
        Run r = CheckJsonCommandTest.run("evaluate", copy.toString(), "--predictions", pred.toString(), "--bootstrap", "0");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("mask.unreadable").contains(mask.getFileName().toString());
    }
}
