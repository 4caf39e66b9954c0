package dev.pulmo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulmo.cli.CheckJsonCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsCommandTest {

    private static long count(Path root, String suffix) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(suffix)).count();
        }
    }

    @Test
    void jsonReportCountsTheTreeAgainstTheTargetsAndChartsAreWritten(@TempDir Path dir) throws Exception {
        Path root = ConvertedDemo.root();
        Run r = CheckJsonCommandTest.run("stats", root.getParent().toString(), "--format", "json", "--charts", dir.resolve("charts").toString());
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(r.out());
        long images = 0;
        long lesions = 0;
        for (JsonNode c : report.get("classes")) {
            images += c.get("images").asLong();
            lesions += c.get("lesions").asLong();
            if (c.get("modality").asText().equals("PCT") && c.get("class").asText().equals("malignant")) {
                assertThat(c.get("target").get("patients").asLong()).isEqualTo(3_000);
                assertThat(c.get("target").get("images").asLong()).isEqualTo(750_000);
                assertThat(c.get("patients").asLong()).isEqualTo(2); // the demo: 2 patients per class
            }
        }
        // independent counts: files on disk; every JSON annotation of the demo is one lesion
        assertThat(images).isEqualTo(count(root, ".dcm") - count(root, "_binary.dcm"));
        long annotations = 0;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path json : s.filter(p -> p.toString().endsWith(".json")).toList()) {
                annotations += new ObjectMapper().readTree(json.toFile()).get("annotations").size();
            }
        }
        assertThat(lesions).isEqualTo(annotations).isPositive();
        assertThat(report.get("json_files").asLong()).isEqualTo(count(root, ".json"));
        long histogram = 0;
        for (JsonNode n : report.get("lesion_size_mm").get("counts")) {
            histogram += n.asLong();
        }
        assertThat(histogram + report.get("lesion_size_mm").get("overflow").asLong()).isEqualTo(lesions);
        long perModality = 0;
        for (JsonNode h : report.get("lesion_size_mm_by_modality")) {
            for (JsonNode n : h.get("counts")) {
                perModality += n.asLong();
            }
            perModality += h.get("overflow").asLong();
        }
        assertThat(perModality).isEqualTo(lesions);
        assertThat(report.get("findings")).isEmpty();
        // the nodules stats counts are those pulmo nodules lists, per modality and class folder
        JsonNode nodules = new ObjectMapper().readTree(CheckJsonCommandTest.run("nodules", root.toString(), "--format", "json").out());
        for (JsonNode c : report.get("classes")) {
            String folder = switch (c.get("modality").asText()) {
                case "CCT" -> "chest-ct/";
                case "PCT" -> "pet-ct/";
                default -> "x-ray/";
            } + c.get("class").asText() + "/";
            long listed = 0;
            for (JsonNode n : nodules) {
                listed += n.get("series").asText().startsWith(folder) ? 1 : 0;
            }
            assertThat(c.get("nodules").asLong()).as(folder).isEqualTo(listed);
        }
        assertThat(report.get("malignant_nodules_below_minimum").asLong()).isZero();
        assertThat(ImageIO.read(dir.resolve("charts/images-per-class.png").toFile()).getWidth()).isEqualTo(960);
        assertThat(ImageIO.read(dir.resolve("charts/lesions-per-category.png").toFile()).getWidth()).isEqualTo(960);
        // one panel per modality: three of them
        assertThat(ImageIO.read(dir.resolve("charts/lesion-sizes-mm.png").toFile()).getHeight()).isGreaterThan(3 * 150);
    }

    @Test
    void textReportHasTheTable() {
        Run r = CheckJsonCommandTest.run("stats", ConvertedDemo.root().toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).containsPattern("CCT +malignant +2 +2,500 +8 +375,000")
                .containsPattern("XRY +normal +1 +10,000 +1 +10,000 +0")
                .contains("lesion size, mm").contains("0 errors");
    }

    @Test
    void aCorruptJsonGivesExitOneAndAFindingAndAMissingFolderExitTwo(@TempDir Path dir) throws Exception {
        Path tree = dir.resolve("lung_cancer/x-ray/malignant/P1/1/json");
        Files.createDirectories(tree);
        Files.writeString(tree.resolve("xry_P1_1_1.json"), "{\"info\": [");
        Run r = CheckJsonCommandTest.run("stats", dir.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("ERROR json.unreadable").contains("xry_P1_1_1.json");
        assertThat(r.err()).doesNotContain("Exception");
        Run missing = CheckJsonCommandTest.run("stats", dir.resolve("none").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no such folder");
    }
}
