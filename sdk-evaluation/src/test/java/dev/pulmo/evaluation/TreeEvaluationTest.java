package dev.pulmo.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pulmo.api.Finding;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.PatientSplit;
import dev.pulmo.dataset.SplitManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Tree mode end to end on a generated dataset: the tree evaluates exactly as its own {@code export-coco} export does
 * (COCOeval's numbers, category and image ids), and predictions made from the ground truth with known flaws move
 * FROC, ROC and the worst-image list by the amounts worked out here.
 */
class TreeEvaluationTest {
    private static final double PERFECT = 1 - Math.ulp(1.0);

    @TempDir
    Path dir;

    private static TreeEvaluation.Options options(IouType type) {
        TreeEvaluation.Options d = TreeEvaluation.Options.defaults();
        return new TreeEvaluation.Options(type, d.params(), d.thresholds(), Set.of(), null, null, new Froc.Bootstrap(200, 3, 0.95),
                0.95, 10, 2);
    }

    /** Series of the export by modality prefix of file_name: CCT images are chest-ct/…, PCT pet-ct/…. */
    private static Map<String, Set<String>> seriesOf(String folder) {
        Map<String, Set<String>> series = new HashMap<>();
        for (JsonNode i : DemoTree.COCO.get("images")) {
            String name = i.get("file_name").asText();
            if (name.startsWith(folder + "/")) {
                String s = name.substring(0, name.indexOf("/dcm/"));
                series.computeIfAbsent(s, k -> new HashSet<>()).add(i.get("id").asText());
            }
        }
        return series;
    }

    private static boolean inFolder(JsonNode annotation, String folder) {
        return DemoTree.image(annotation.get("image_id").asLong()).get("file_name").asText().startsWith(folder + "/");
    }

    /** Results: every ground-truth object found with its own box and category, shifted by (dx, dy), at {@code score}. */
    private static ArrayNode shifted(double dx, double score) {
        return DemoTree.results(a -> {
            JsonNode b = a.get("bbox");
            return DemoTree.result(a.get("image_id").asLong(), a.get("category_id").asInt(), b.get(0).asDouble() + dx,
                    b.get(1).asDouble(), b.get(2).asDouble(), b.get(3).asDouble(), score);
        });
    }

    @ParameterizedTest
    @EnumSource(IouType.class)
    void theTreeEvaluatesExactlyAsItsExport(IouType type) throws IOException {
        // known imperfections: every box 2 px to the right, half the objects also found twice, some far false positives
        ArrayNode results = shifted(2, 0.7);
        int n = 0;
        for (JsonNode a : DemoTree.COCO.get("annotations")) {
            JsonNode b = a.get("bbox");
            if (n++ % 2 == 0) {
                results.add(DemoTree.result(a.get("image_id").asLong(), a.get("category_id").asInt(), b.get(0).asDouble() - 3,
                        b.get(1).asDouble() + 1, b.get(2).asDouble() + 4, b.get(3).asDouble(), 0.4));
            }
            if (n % 3 == 0) {
                results.add(DemoTree.result(a.get("image_id").asLong(), a.get("category_id").asInt(), 5, 5, 20, 20, 0.55));
            }
        }
        Path pred = DemoTree.write(dir.resolve("pred.json"), results);
        // the progress hooks: once per image of the tree (every dcm file), once per image of the COCO file
        java.util.concurrent.atomic.AtomicLong treeImages = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong cocoImages = new java.util.concurrent.atomic.AtomicLong();
        EvaluationResult tree = TreeEvaluation.run(DemoTree.LAYOUT, pred, options(type), treeImages::incrementAndGet);
        EvaluationResult export = CocoFileEvaluation.run(DemoTree.EXPORT, pred, type, CocoParams.defaults(),
                new EvaluationResult.Thresholds(0.5, 0.5), 0, cocoImages::incrementAndGet);
        long dicomFiles;
        try (Stream<Path> files = Files.walk(DemoTree.LAYOUT.root())) {
            dicomFiles = files.filter(f -> f.getParent().getFileName().toString().equals(DatasetLayout.DICOM_FOLDER)).count();
        }
        assertThat(treeImages.get()).isEqualTo(dicomFiles);
        assertThat(cocoImages.get()).isEqualTo(new ObjectMapper().readTree(DemoTree.EXPORT.toFile()).get("images").size());
        assertThat(tree.findings()).extracting(Finding::code).doesNotContain("evaluate.prediction-unused");
        assertThat(tree.coco().stats()).containsExactly(export.coco().stats());
        assertThat(tree.coco().stats()[0]).isBetween(0.05, 0.95);
        assertThat(tree.coco().perCategory()).hasSameSizeAs(export.coco().perCategory());
        for (int k = 0; k < tree.coco().perCategory().size(); k++) {
            CocoSummary.CategorySummary t = tree.coco().perCategory().get(k), e = export.coco().perCategory().get(k);
            assertThat(t.category().id()).isEqualTo(e.category().id());
            assertThat(t.groundTruths()).isEqualTo(e.groundTruths());
            assertThat(t.stats()).containsExactly(e.stats());
        }
        assertThat(tree.counts().images()).isEqualTo(DemoTree.COCO.get("images").size());
        assertThat(tree.counts().groundTruth()).isEqualTo(DemoTree.COCO.get("annotations").size());
        assertThat(tree.counts().detections()).isEqualTo(results.size());
        assertThat(tree.cocoByModality()).containsOnlyKeys("CCT", "PCT", "XRY");
    }

    @Test
    void resultsMayNameImagesByFileName() throws IOException {
        ArrayNode byId = shifted(1, 0.6);
        ArrayNode byName = new ObjectMapper().createArrayNode();
        for (JsonNode r : byId) {
            ObjectNode copy = ((ObjectNode) r).deepCopy();
            String name = DemoTree.image(copy.remove("image_id").asLong()).get("file_name").asText();
            copy.put("file_name", name.substring(name.lastIndexOf('/') + 1));
            byName.add(copy);
        }
        EvaluationResult a = TreeEvaluation.run(DemoTree.LAYOUT, DemoTree.write(dir.resolve("a.json"), byId), options(IouType.BBOX));
        EvaluationResult b = TreeEvaluation.run(DemoTree.LAYOUT, DemoTree.write(dir.resolve("b.json"), byName), options(IouType.BBOX));
        assertThat(b.coco().stats()).containsExactly(a.coco().stats());
    }

    @Test
    void perfectPredictionsScorePerfectly() throws IOException {
        EvaluationResult r = TreeEvaluation.run(DemoTree.LAYOUT, DemoTree.write(dir.resolve("p.json"), shifted(0, 0.9)),
                options(IouType.SEGM));
        assertThat(r.coco().stats()[1]).isCloseTo(PERFECT, offset(1e-15));
        assertThat(r.froc()).containsOnlyKeys("CCT", "PCT");
        for (FrocResult f : r.froc().values()) {
            assertThat(f.lesionsFound()).isEqualTo(f.lesions()).isPositive();
            assertThat(f.falsePositives()).isZero();
            assertThat(f.sensitivityAtRates()).containsOnly(1.0);
        }
        assertThat(r.froc().get("CCT").scans()).isEqualTo(seriesOf("chest-ct").size());
        // each detection carries its own category: malignant lesions score 0.9, benign ones 0
        for (String level : EvaluationResult.LEVELS) {
            RocAnalysis.Result roc = r.classification().get(level);
            assertThat(roc.auc()).as(level).isEqualTo(1.0);
            assertThat(roc.positives()).as(level).isPositive();
            assertThat(roc.negatives()).as(level).isPositive();
            assertThat(roc.atThreshold().sensitivity()).isEqualTo(1.0);
            assertThat(roc.atThreshold().specificity()).isEqualTo(1.0);
        }
        assertThat(r.worstImages()).isEmpty();
        assertThat(r.errors()).isZero();
    }

    @Test
    void oneFalsePositivePerScanAboveTheLesionsMovesTheFrocAsWorkedOut() throws IOException {
        ArrayNode results = shifted(0, 0.9);
        // one false positive at 0.95 in a corner, on the first image of every CT and PET-CT series
        for (String folder : List.of("chest-ct", "pet-ct")) {
            for (Set<String> ids : seriesOf(folder).values()) {
                long first = ids.stream().mapToLong(Long::parseLong).min().orElseThrow();
                results.add(DemoTree.result(first, folder.equals("pet-ct") ? 301 : 201, 0, 0, 6, 6, 0.95));
            }
        }
        EvaluationResult r = TreeEvaluation.run(DemoTree.LAYOUT, DemoTree.write(dir.resolve("fp.json"), results), options(IouType.BBOX));
        // curve (0, 0) -> (1 FP/scan, 0) at 0.95 -> (1, 1) at 0.9: 0 below one FP per scan, 1 from there on
        for (String m : List.of("CCT", "PCT")) {
            FrocResult f = r.froc().get(m);
            assertThat(f.falsePositives()).isEqualTo(f.scans());
            assertThat(f.sensitivityAtRates()).as(m).containsExactly(0, 0, 0, 1, 1, 1, 1);
            assertThat(f.averageSensitivity()).isCloseTo(4.0 / 7, offset(1e-15));
        }
    }

    @Test
    void aSeriesLeftWithoutPredictionsLowersSensitivityByItsLesions() throws IOException {
        Map<String, Set<String>> series = seriesOf("chest-ct");
        EvaluationResult all = TreeEvaluation.run(DemoTree.LAYOUT, DemoTree.write(dir.resolve("all.json"), shifted(0, 0.9)),
                options(IouType.BBOX));
        // drop every prediction of the CT series that has the most ground truth objects
        Map<String, Integer> objects = new HashMap<>();
        for (JsonNode a : DemoTree.COCO.get("annotations")) {
            String name = DemoTree.image(a.get("image_id").asLong()).get("file_name").asText();
            if (name.startsWith("chest-ct/")) {
                objects.merge(name.substring(0, name.indexOf("/dcm/")), 1, Integer::sum);
            }
        }
        String dropped = objects.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        Set<String> droppedIds = series.get(dropped);
        ArrayNode results = DemoTree.results(a -> droppedIds.contains(a.get("image_id").asText()) ? null
                : DemoTree.result(a.get("image_id").asLong(), a.get("category_id").asInt(), a.get("bbox").get(0).asDouble(),
                a.get("bbox").get(1).asDouble(), a.get("bbox").get(2).asDouble(), a.get("bbox").get(3).asDouble(), 0.9));
        EvaluationResult r = TreeEvaluation.run(DemoTree.LAYOUT, DemoTree.write(dir.resolve("miss.json"), results), options(IouType.BBOX));
        FrocResult before = all.froc().get("CCT"), after = r.froc().get("CCT");
        int missed = before.lesions() - after.lesionsFound();
        assertThat(missed).isPositive();
        assertThat(after.sensitivityAtRates()).containsOnly((double) after.lesionsFound() / after.lesions());
        // the worst images are the dropped series' images, each with as many errors as its objects
        assertThat(r.worstImages()).isNotEmpty();
        assertThat(r.worstImages().get(0).image().fileName()).startsWith(dropped + "/");
        assertThat(r.worstImages().get(0).errors()).isEqualTo(r.worstImages().get(0).outcome().missed().size());
    }

    @Test
    void everythingCalledMalignantAtOneScoreIsAChanceClassifier() throws IOException {
        ArrayNode results = DemoTree.results(a -> {
            int category = a.get("category_id").asInt();
            JsonNode b = a.get("bbox");
            // the first category of the modality is malignant in every table: offset + 1
            return DemoTree.result(a.get("image_id").asLong(), category / 100 * 100 + 1, b.get(0).asDouble(), b.get(1).asDouble(),
                    b.get(2).asDouble(), b.get(3).asDouble(), 0.8);
        });
        EvaluationResult r = TreeEvaluation.run(DemoTree.LAYOUT, DemoTree.write(dir.resolve("m.json"), results), options(IouType.BBOX));
        RocAnalysis.Result lesion = r.classification().get("lesion");
        assertThat(lesion.auc()).isEqualTo(0.5);
        assertThat(lesion.atThreshold().sensitivity()).isEqualTo(1.0);
        assertThat(lesion.atThreshold().specificity()).isZero();
    }

    @Test
    void guidelineJsonPredictionsInAMirrorFolderEvaluateAsTheSameBoxes() throws IOException {
        // the tree's own JSON files, each annotation given a score, in a folder mirroring the tree
        Path mirror = dir.resolve("pred");
        ObjectMapper mapper = new ObjectMapper();
        try (Stream<Path> files = Files.walk(DemoTree.LAYOUT.root())) {
            for (Path json : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                ObjectNode doc = (ObjectNode) mapper.readTree(json.toFile());
                for (JsonNode a : doc.get("annotations")) {
                    ((ObjectNode) a).put("score", 0.75);
                }
                Path target = mirror.resolve("lung_cancer").resolve(DemoTree.LAYOUT.root().relativize(json).toString());
                Files.createDirectories(target.getParent());
                mapper.writeValue(target.toFile(), doc);
            }
        }
        ArrayNode results = new ObjectMapper().createArrayNode();
        // the same boxes as COCO results: corner boxes [x1, y1, x2, y2] become [x, y, w, h]
        List<EvaluationResult> both = new ArrayList<>();
        both.add(TreeEvaluation.run(DemoTree.LAYOUT, mirror, options(IouType.BBOX)));
        try (Stream<Path> files = Files.walk(mirror)) {
            for (Path json : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode doc = mapper.readTree(json.toFile());
                String name = json.getFileName().toString().replace(".json", ".dcm");
                String modality = doc.get("images").get(0).get("modality").asText();
                int offset = switch (modality) {
                    case "XRY" -> 100;
                    case "CCT" -> 200;
                    default -> 300;
                };
                for (JsonNode a : doc.get("annotations")) {
                    JsonNode b = a.get("bbox");
                    ObjectNode r = results.addObject();
                    r.put("file_name", name);
                    r.put("category_id", offset + a.get("category_id").asInt());
                    r.putArray("bbox").add(b.get(0).asDouble()).add(b.get(1).asDouble()).add(b.get(2).asDouble() - b.get(0).asDouble())
                            .add(b.get(3).asDouble() - b.get(1).asDouble());
                    r.put("score", 0.75);
                }
            }
        }
        both.add(TreeEvaluation.run(DemoTree.LAYOUT, DemoTree.write(dir.resolve("same.json"), results), options(IouType.BBOX)));
        assertThat(both.get(0).coco().stats()).containsExactly(both.get(1).coco().stats());
        assertThat(both.get(0).coco().stats()[1]).isCloseTo(PERFECT, offset(1e-15));
        assertThat(both.get(0).counts().detections()).isEqualTo(results.size());
        // an image whose prediction file is missing has no detections (noted, not an error)
        Files.delete(Files.walk(mirror).filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow());
        EvaluationResult fewer = TreeEvaluation.run(DemoTree.LAYOUT, mirror, options(IouType.BBOX));
        assertThat(fewer.findings()).extracting(Finding::code).contains("evaluate.prediction-missing");
        assertThat(fewer.errors()).isZero();
    }

    @Test
    void splitAndModalityChooseTheImages() throws IOException {
        Path manifest = dir.resolve("split.csv");
        List<SplitManifest.Row> rows = SplitManifest.write(DemoTree.LAYOUT, new PatientSplit.Ratios(1, 1, 1), 4, manifest, new ArrayList<>());
        long test = rows.stream().filter(r -> r.part() == PatientSplit.Part.TEST).count();
        long testCt = rows.stream().filter(r -> r.part() == PatientSplit.Part.TEST && r.image().modality().equals("CCT")).count();
        Path pred = DemoTree.write(dir.resolve("p.json"), shifted(0, 0.9));
        TreeEvaluation.Options d = options(IouType.BBOX);
        EvaluationResult r = TreeEvaluation.run(DemoTree.LAYOUT, pred, new TreeEvaluation.Options(d.iouType(), d.params(),
                d.thresholds(), Set.of(), manifest, "test", d.bootstrap(), 0.95, 5, 2));
        assertThat(r.counts().images()).isEqualTo(test).isPositive();
        assertThat(r.findings()).extracting(Finding::code).contains("evaluate.prediction-unused");
        EvaluationResult ct = TreeEvaluation.run(DemoTree.LAYOUT, pred, new TreeEvaluation.Options(d.iouType(), d.params(),
                d.thresholds(), Set.of("CCT"), manifest, "test", d.bootstrap(), 0.95, 5, 2));
        assertThat(ct.counts().images()).isEqualTo(testCt);
        assertThat(ct.cocoByModality()).containsOnlyKeys("CCT");
        assertThatThrownBy(() -> TreeEvaluation.run(DemoTree.LAYOUT, pred, new TreeEvaluation.Options(d.iouType(), d.params(),
                d.thresholds(), Set.of("MMG"), null, null, d.bootstrap(), 0.95, 5, 2)))
                .isInstanceOf(EvaluationException.class).hasMessageContaining("modality MMG is not loaded");
    }

    @Test
    void damagedFilesAreFindingsAndBadPredictionsAreErrorsThatSayWhere() throws IOException {
        DatasetLayout copy = DemoTree.copyTo(dir.resolve("copy"));
        Path mask;
        try (Stream<Path> files = Files.walk(copy.root())) {
            mask = files.filter(p -> p.toString().endsWith("_binary.dcm")).sorted().findFirst().orElseThrow();
        }
        Files.write(mask, new byte[] {1, 2, 3});
        Path pred = DemoTree.write(dir.resolve("p.json"), shifted(0, 0.9));
        EvaluationResult r = TreeEvaluation.run(copy, pred, options(IouType.BBOX));
        assertThat(r.errors()).isOne();
        assertThat(r.findings()).anySatisfy(f -> {
            assertThat(f.code()).isEqualTo("mask.unreadable");
            assertThat(f.location().file()).isEqualTo(mask.toString());
        });
        Files.writeString(dir.resolve("bad.json"), "[{\"image_id\": 1, \"category_id\": 201, \"bbox\": [1, 2], \"score\": 0.5}]");
        assertThatThrownBy(() -> TreeEvaluation.run(DemoTree.LAYOUT, dir.resolve("bad.json"), options(IouType.BBOX)))
                .isInstanceOf(EvaluationException.class).hasMessageContaining("bad.json /0/bbox");
    }
}
