package dev.pulmo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulmo.cli.CheckJsonCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
    @TempDir
    static Path dir;
    static Path demo;

    @BeforeAll
    static void demo() {
        demo = dir.resolve("demo");
        assertThat(CheckJsonCommandTest.run("demo", "--out", demo.toString()).exitCode()).isZero();
    }

    @Test
    void theDemoPassesInEveryFormat() throws Exception {
        Run text = CheckJsonCommandTest.run("validate", demo.toString());
        assertThat(text.exitCode()).as(text.out()).isZero();
        assertThat(text.out()).contains("0 errors, 0 warnings");
        Run json = CheckJsonCommandTest.run("validate", "--format", "json", demo.toString());
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertThat(report.at("/summary/errors").asInt()).isZero();
        Path html = dir.resolve("report.html");
        Run h = CheckJsonCommandTest.run("validate", "--format", "html", "--out", html.toString(), demo.toString());
        assertThat(h.exitCode()).isZero();
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("No file has an error or a warning.");
    }

    @Test
    void aBrokenCopyFailsWithFindingsAndTheHtmlShowsTheWorstFileWithItsThumbnail() throws Exception {
        Path broken = dir.resolve("broken");
        try (Stream<Path> s = Files.walk(demo)) {
            for (Path p : s.toList()) {
                Path t = broken.resolve(demo.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        Path json;
        try (Stream<Path> s = Files.walk(broken)) {
            json = s.filter(p -> p.toString().endsWith(".json") && p.toString().contains("chest-ct")).sorted().findFirst().orElseThrow();
        }
        Files.writeString(json, Files.readString(json).replace("\"modality\": \"CCT\"", "\"modality\": \"XRY\""));
        Run r = CheckJsonCommandTest.run("validate", broken.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("json.image-modality").contains("json.category.wrong-modality");
        Path html = dir.resolve("broken.html");
        CheckJsonCommandTest.run("validate", "--format", "html", "--out", html.toString(), broken.toString());
        String page = Files.readString(html);
        assertThat(page).contains("json.image-modality").contains("data:image/png;base64,")
                .contains(json.getFileName().toString());
    }

    @Test
    void aClinicalSheetIsCheckedAgainstTheTree() throws Exception {
        // the demo's X-ray patients are D0101..D0105; the sheet has one of them and one stranger
        Path sheet = dir.resolve("xray.csv");
        Files.writeString(sheet, "patient_id,age,sex,pathology,smoking\nD0101,,,,never\nZ9999,50,M,,current\n");
        Run r = CheckJsonCommandTest.run("validate", "--clinical", sheet.toString(), "--clinical-modality", "XRY", demo.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("clinical.patient-missing").contains("clinical.row-without-patient").contains("Z9999");
    }

    @Test
    void aMissingFolderIsAUsageError() {
        assertThat(CheckJsonCommandTest.run("validate", dir.resolve("nothing").toString()).exitCode()).isEqualTo(2);
    }
}
