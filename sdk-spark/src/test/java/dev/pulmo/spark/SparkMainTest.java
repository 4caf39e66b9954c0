package dev.pulmo.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.cli.PulmoCommand;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.DemoDataset;
import dev.pulmo.testing.SharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The pulmo-spark command against pulmo: the same report, summary and exit status; plugins passed with --jars. */
class SparkMainTest {
    @TempDir
    Path dir;

    record Ran(int status, String out, String err) {
    }

    private static Ran pulmo(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = PulmoCommand.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        return new Ran(status, out.toString(), err.toString());
    }

    private static Ran pulmoSpark(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = SparkMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Ran(status, out.toString(), err.toString());
    }

    /** The run's time, which differs from run to run. */
    private static String timeless(String report, Path root, String name) {
        return report.replace(root.toString(), name).replaceAll("in [0-9.]+ s \\([0-9]+ images/s\\)", "in T s");
    }

    @Test
    void convertThenValidatePrintWhatPulmoPrints() throws Exception {
        Trees.Generated generated = Trees.generated(dir.resolve("a"), 5, new DemoDataset.Size(1, 3, 2));
        DatasetLayout local = generated.layout();
        DatasetLayout onSpark = Trees.copy(local, dir.resolve("b"));
        Files.writeString(local.root().resolve("stray.txt"), "x");
        Files.writeString(onSpark.root().resolve("stray.txt"), "x");

        Ran convert = pulmo("convert", "--threads", "2", local.root().getParent().toString());
        Ran sparkConvert = pulmoSpark("convert", "--master", "local[2]", "--findings", dir.resolve("findings").toUri().toString(),
                onSpark.root().getParent().toString());
        assertThat(sparkConvert.status()).as(sparkConvert.err()).isEqualTo(convert.status()).isEqualTo(1);
        assertThat(timeless(sparkConvert.out(), onSpark.root(), "ROOT")).isEqualTo(timeless(convert.out(), local.root(), "ROOT"));
        assertThat(Trees.contents(onSpark)).isEqualTo(Trees.contents(local));
        // the findings as JSON lines: one line per finding of the report (one error: the stray file)
        List<String> lines;
        try (Stream<Path> parts = Files.list(dir.resolve("findings"))) {
            lines = parts.filter(p -> p.getFileName().toString().startsWith("part-")).flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertThat(lines).filteredOn(l -> l.contains("\"severity\":\"ERROR\"")).singleElement()
                .satisfies(l -> assertThat(l).contains("\"code\":\"layout.unexpected-file\"", "stray.txt"));

        for (String format : new String[] {"text", "json"}) {
            Ran validate = pulmo("validate", "--format", format, local.root().toString());
            // option values in any case, as pulmo's: JSON for json
            Ran sparkValidate = pulmoSpark("validate", "--format", format.toUpperCase(java.util.Locale.ROOT), "--master", "local[2]",
                    onSpark.root().toString());
            assertThat(sparkValidate.status()).as(sparkValidate.err()).isEqualTo(validate.status()).isEqualTo(1);
            assertThat(sparkValidate.out().replace(onSpark.root().toString(), "ROOT"))
                    .isEqualTo(validate.out().replace(local.root().toString(), "ROOT"));
        }
    }

    @Test
    void statsAndExportCocoPrintAndWriteWhatPulmoDoes() throws Exception {
        Trees.Generated generated = Trees.generated(dir.resolve("a"), 8, new DemoDataset.Size(1, 3, 2));
        DatasetLayout local = generated.layout();
        Trees.convertLocally(local);
        DatasetLayout onSpark = Trees.copy(local, dir.resolve("b"));
        // a JSON that cannot be read: a finding, exit status 1, in both
        Path broken = local.jsonFile(generated.demo().lesions().get(0).image());
        Files.writeString(broken, "{\"info\": [");
        Files.writeString(onSpark.root().resolve(local.root().relativize(broken).toString()), "{\"info\": [");

        for (String format : new String[] {"text", "json"}) {
            Ran stats = pulmo("stats", "--format", format, "--charts", dir.resolve("charts-" + format + "-local").toString(),
                    local.root().toString());
            Ran sparkStats = pulmoSpark("stats", "--format", format, "--master", "local[2]",
                    "--charts", dir.resolve("charts-" + format + "-spark").toUri().toString(), onSpark.root().toString());
            assertThat(sparkStats.status()).as(sparkStats.err()).isEqualTo(stats.status()).isEqualTo(1);
            assertThat(sparkStats.out().replace(onSpark.root().toString(), "ROOT"))
                    .isEqualTo(stats.out().replace(local.root().toString(), "ROOT"))
                    .contains("json.unreadable");
            for (String chart : new String[] {"images-per-class.png", "lesion-sizes-mm.png"}) {
                assertThat(Files.readAllBytes(dir.resolve("charts-" + format + "-spark").resolve(chart)))
                        .isEqualTo(Files.readAllBytes(dir.resolve("charts-" + format + "-local").resolve(chart)));
            }
        }

        // a tree that is not there: exit status 2 and a message naming it, as pulmo does
        Path none = dir.resolve("none");
        Ran missing = pulmo("stats", none.toString());
        Ran sparkMissing = pulmoSpark("stats", "--master", "local[2]", none.toString());
        assertThat(sparkMissing.status()).isEqualTo(missing.status()).isEqualTo(2);
        assertThat(missing.err()).contains(none + ": expected a folder").contains("no such folder");
        // the same words, whatever the file system: pulmo's first line with pulmo-spark's name
        assertThat(sparkMissing.err()).isEqualTo(missing.err().lines().findFirst().orElseThrow().replaceFirst("^pulmo: ", "pulmo-spark: ") + "\n");
        assertThat(sparkMissing.err()).isEqualTo("pulmo-spark: ROOT " + none + ": expected a folder (the dataset: its lung_cancer folder or "
                + "a folder containing it), no such folder\n");

        // pulmo export-coco writes a folder (images, per-split files); without images or a split, its one COCO file is
        // the file pulmo-spark export-coco writes
        Path localOut = dir.resolve("local-coco");
        Path sparkOut = dir.resolve("spark-coco.json");
        Ran export = pulmo("export-coco", "--segmentation", "rle", "--images", "none", "--out", localOut.toString(),
                local.root().getParent().toString());
        Ran sparkExport = pulmoSpark("export-coco", "--segmentation", "rle", "--master", "local[2]", "--out", sparkOut.toString(),
                onSpark.root().getParent().toString());
        assertThat(sparkExport.status()).as(sparkExport.err()).isEqualTo(export.status()).isEqualTo(1);
        assertThat(sparkExport.out().replace(sparkOut.toString(), "OUT")).contains("OUT: ").contains(" annotations (rle)");
        // the same categories, images and annotations in the same order; the training export's info says more
        // (version, date, images) than the single file's
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode onSparkCoco = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(sparkOut.toFile());
        com.fasterxml.jackson.databind.node.ObjectNode localCoco = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(localOut.resolve("coco.json").toFile());
        assertThat(onSparkCoco.remove("info").get("segmentation").asText()).isEqualTo(localCoco.remove("info").get("segmentation").asText())
                .isEqualTo("rle");
        assertThat(onSparkCoco).isEqualTo(localCoco);
        assertThat(onSparkCoco.get("annotations")).isNotEmpty();

        // an output that is a folder: exit status 2 and a message naming it, as pulmo's
        Path folder = Files.createDirectories(dir.resolve("a-folder.json"));
        Ran intoFolder = pulmoSpark("export-coco", "--master", "local[2]", "--out", folder.toString(), onSpark.root().toString());
        assertThat(intoFolder.status()).isEqualTo(2);
        assertThat(intoFolder.err()).contains("pulmo export-coco: ").contains(folder.toString());
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).isEmpty();
        }
        // an output that is no URI: exit status 2 and a message, not a trace
        Ran noUri = pulmoSpark("export-coco", "--master", "local[2]", "--out", "hdfs://[bad", onSpark.root().toString());
        assertThat(noUri.status()).isEqualTo(2);
        assertThat(noUri.err()).startsWith("pulmo export-coco: ").doesNotContain("\tat ");
    }

    @Test
    void aPluginJarPassedWithJarsIsFoundOnTheDriverAndTheExecutors() throws Exception {
        Path jar;
        try (Stream<Path> s = Files.list(Path.of("target/test-plugins"))) {
            jar = s.filter(p -> p.getFileName().toString().startsWith("example-mammography-plugin")).findFirst().orElseThrow();
        }
        // a mammography series whose image is a real DICOM file of the shared corpus under the layout's name
        Path series = dir.resolve("lung_cancer/mammography/normal/P0001/1");
        Files.createDirectories(series.resolve("dcm"));
        Path anyDicom;
        try (Stream<Path> s = Files.walk(SharedData.dicomCorpus())) {
            anyDicom = s.filter(p -> p.toString().endsWith(".dcm")).sorted().findFirst().orElseThrow();
        }
        Files.copy(anyDicom, series.resolve("dcm/mmg_P0001_1_1.dcm"));

        Ran without = pulmoSpark("validate", "--master", "local[2]", dir.toString());
        // no folder of a loaded modality: one finding, which names the folder it found
        assertThat(without.out()).contains("layout.empty", "it holds 1 folder ('mammography')");
        Ran with = pulmoSpark("validate", "--master", "local[2]", "--jars", jar.toString(), dir.toString());
        assertThat(with.status()).as(with.err()).isNotEqualTo(2);
        assertThat(with.out()).doesNotContain("layout.unknown-modality-folder").contains(": 1 series, 1 images, 0 JSON files, 0 masks");
    }
}
