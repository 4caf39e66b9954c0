package dev.pulmo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.cli.CheckJsonCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

    @Test
    void theDemoWritesADatasetConvertsItAndTheResultPassesTheChecks(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("demo");
        Run demo = CheckJsonCommandTest.run("demo", "--out", out.toString());
        assertThat(demo.exitCode()).as(demo.out() + demo.err()).isZero();
        assertThat(demo.out()).contains("DICOM images").contains("converted").contains("0 failed").contains(": 0 errors; report in");
        assertThat(out.resolve("validation.html")).exists();
        assertThat(out.resolve("stats/images-per-class.png")).exists();
        assertThat(javax.imageio.ImageIO.read(out.resolve("render.png").toFile()).getWidth()).isEqualTo(512);
        long jsonFiles;
        try (Stream<Path> s = Files.walk(out)) {
            jsonFiles = s.filter(p -> p.toString().endsWith(".json")).count();
        }
        assertThat(jsonFiles).isPositive();
        Run check = CheckJsonCommandTest.run("check-json", out.toString());
        assertThat(check.exitCode()).as(check.out()).isZero();
        assertThat(check.out()).contains(jsonFiles + " files checked: 0 errors, 0 warnings");
        Run again = CheckJsonCommandTest.run("convert", out.toString(), "--threads", "2");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains(jsonFiles + " images with masks: 0 converted, " + jsonFiles + " up to date, 0 failed");
    }

    @Test
    void theNextLinesAreCommandsThatWorkAsPrinted(@TempDir Path dir) {
        Path out = dir.resolve("my demo");   // a space: the printed paths must be quoted for the shell
        Run demo = CheckJsonCommandTest.run("demo", "--out", out.toString());
        assertThat(demo.exitCode()).isZero();
        String text = demo.out().replace(System.lineSeparator(), "\n");
        List<String> next = List.of(text.substring(text.indexOf("Next:\n") + 6).split("\n"));
        assertThat(next).hasSizeGreaterThanOrEqualTo(4).allSatisfy(line -> assertThat(line).startsWith("  pulmo "));
        for (String line : next) {
            List<String> words = new java.util.ArrayList<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("'([^']*)'|(\\S+)").matcher(line.substring("  pulmo ".length()));
            while (m.find()) {
                words.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
            Run r = CheckJsonCommandTest.run(words.toArray(String[]::new));
            assertThat(r.exitCode()).as(line + "\n" + r.out() + r.err()).isZero();
        }
        assertThat(out.resolve("coco/coco.json")).exists();
        assertThat(out.resolve("coco/images")).isDirectory();
        assertThat(out.resolve("split.csv")).exists();
    }

    @Test
    void convertOfAMissingFolderOrBadThreadsIsAUsageError(@TempDir Path dir) {
        assertThat(CheckJsonCommandTest.run("convert", dir.resolve("none").toString()).exitCode()).isEqualTo(2);
        assertThat(CheckJsonCommandTest.run("convert", dir.toString(), "--threads", "0").exitCode()).isEqualTo(2);
    }

    @Test
    void anEmptyFolderIsAFindingNotACrash(@TempDir Path dir) {
        Run r = CheckJsonCommandTest.run("convert", dir.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("ERROR layout.empty: no dataset here");
    }
}
