package dev.pulmo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulmo.cli.CheckJsonCommandTest.Run;
import dev.pulmo.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same words in every format and every command: each command's JSON output (on the demo dataset) has snake_case
 * keys only, names severities ERROR, WARNING and NOTE (as text and HTML do) and counts them as errors, warnings and
 * notes.
 */
class JsonVocabularyTest {

    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    private static final Set<String> SEVERITIES = Set.of("ERROR", "WARNING", "NOTE");

    /**
     * Members whose keys are data, not names of pulmo's: modality codes and category or class names (stats), the
     * validators of a plugin, COCOeval's own parameter names as pycocotools spells them (evaluate's params).
     */
    private static final Set<String> DATA_KEYED = Set.of("per_modality", "by_modality", "classes", "categories",
            "lesion_size_mm_by_modality", "params", "per_category", "counts", "targets", "parts", "sizes");

    @Test
    void everyCommandsJsonHasSnakeCaseKeysAndTheSeverityWords(@TempDir Path dir) throws Exception {
        String root = ConvertedDemo.root().toString();
        Path json = Files.walk(ConvertedDemo.root()).filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
        Path mask;
        try (Stream<Path> files = Files.walk(ConvertedDemo.root())) {
            mask = files.filter(p -> p.toString().endsWith("_binary.dcm")).findFirst().orElseThrow();
        }
        Path sheet = Files.writeString(dir.resolve("sheet.csv"), "비식별환자ID,나이,성별\nNOBODY1,60,M\n");
        Map<String, List<String>> runs = new LinkedHashMap<>();
        runs.put("validate", List.of("validate", "--format", "json", root));
        runs.put("check-json", List.of("check-json", "--format", "json", json.getParent().toString()));
        runs.put("plugins", List.of("plugins", "--format", "json"));
        runs.put("stats", List.of("stats", "--format", "json", root));
        runs.put("nodules", List.of("nodules", "--format", "json", root));
        runs.put("split", List.of("split", "--format", "json", "--out", dir.resolve("split.csv").toString(), root));
        runs.put("agree", List.of("agree", "--format", "json", json.getParent().toString(), json.getParent().toString()));
        runs.put("export-coco", List.of("export-coco", "--format", "json", "--images", "none", "--out", dir.resolve("coco").toString(), root));
        runs.put("export-nifti", List.of("export-nifti", "--format", "json", "--out", dir.resolve("nifti").toString(), root));
        runs.put("check-clinical", List.of("check-clinical", "--format", "json", sheet.toString(), "--tree", root));
        runs.put("deid", List.of("deid", "--format", "json", "--check", json.getParent().getParent().resolve("dcm").toString()));
        runs.put("mask2poly", List.of("mask2poly", "--format", "coco", mask.toString()));
        Path eval = SharedData.resolve("testdata/eval");
        runs.put("evaluate", List.of("evaluate", "--format", "json", "--coco-gt", eval.resolve("gt.json").toString(),
                "--predictions", eval.resolve("pred-bbox.json").toString()));
        List<String> problems = new ArrayList<>();
        Set<String> severities = new TreeSet<>();
        Set<String> summaryKeys = new TreeSet<>();
        ObjectMapper mapper = new ObjectMapper();
        for (Map.Entry<String, List<String>> run : runs.entrySet()) {
            Run r = CheckJsonCommandTest.run(run.getValue().toArray(String[]::new));
            assertThat(r.exitCode()).as(run.getKey() + ": " + r.err()).isLessThan(2);
            JsonNode node = mapper.readTree(r.out());
            walk(run.getKey(), "", node, problems, severities);
            if (node.has("summary") && node.get("summary").has("errors")) {
                node.get("summary").fieldNames().forEachRemaining(summaryKeys::add);
            }
        }
        assertThat(problems).isEmpty();
        assertThat(severities).isNotEmpty().isSubsetOf(SEVERITIES);
        assertThat(summaryKeys).contains("errors", "warnings", "notes").doesNotContain("infos", "info");
    }

    private static void walk(String command, String path, JsonNode node, List<String> problems, Set<String> severities) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(command, path + "/" + i, node.get(i), problems, severities);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        String member = path.substring(path.lastIndexOf('/') + 1);
        boolean dataKeyed = DATA_KEYED.contains(member);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!dataKeyed && !SNAKE_CASE.matcher(e.getKey()).matches()) {
                problems.add(command + ": " + path + "/" + e.getKey());
            }
            if (e.getKey().equals("severity") && e.getValue().isTextual()) {
                severities.add(e.getValue().asText());
            }
            walk(command, path + "/" + e.getKey(), e.getValue(), problems, severities);
        }
    }
}
