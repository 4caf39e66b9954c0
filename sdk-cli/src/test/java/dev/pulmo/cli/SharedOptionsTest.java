package dev.pulmo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.cli.CheckJsonCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The shared options (ROOT, --threads, --format, --out, --plugins) of every command: one declaration each (the mixins
 * {@link RootOption}, {@link ThreadsOption}, {@link FormatOption}, {@link OutOption}, {@link PluginOptions}), so every
 * command that has one says the same words of the same mistake.
 */
class SharedOptionsTest {

    /** The formats each command offers, default first, as its help promised before the options were shared. */
    private static final Map<String, List<String>> FORMATS = new LinkedHashMap<>();

    static {
        for (String c : new String[] {"convert", "check-json", "plugins", "split", "agree", "stats", "export-coco",
                "export-nifti", "deid", "ingest", "import-tool", "check-clinical"}) {
            FORMATS.put(c, List.of("text", "json"));
        }
        FORMATS.put("validate", List.of("text", "json", "html"));
        FORMATS.put("evaluate", List.of("text", "json", "html"));
        FORMATS.put("nodules", List.of("csv", "json"));
        FORMATS.put("mask2poly", List.of("geojson", "coco", "guideline"));
    }

    private static CommandSpec command(String name) {
        return PulmoCommand.newCommandLine().getSubcommands().get(name).getCommandSpec();
    }

    @Test
    void everyFormatOptionIsTheSharedMixinAndOffersTheCommandsFormats() {
        CommandLine pulmo = PulmoCommand.newCommandLine();
        List<String> withFormat = new ArrayList<>();
        pulmo.getSubcommands().forEach((name, sub) -> {
            OptionSpec format = sub.getCommandSpec().findOption("--format");
            if (format != null) {
                withFormat.add(name);
                assertThat(SharedOptions.mixin(sub.getCommandSpec(), FormatOption.class)).as(name).isPresent();
                List<String> candidates = new ArrayList<>();
                format.completionCandidates().forEach(candidates::add);
                assertThat(candidates).as(name).isEqualTo(FORMATS.get(name));
                assertThat(format.defaultValue()).as(name).isEqualTo(FORMATS.get(name).get(0));
            }
        });
        assertThat(withFormat).containsExactlyInAnyOrderElementsOf(FORMATS.keySet());
    }

    @Test
    void aFormatTheCommandDoesNotOfferIsTheSameUsageErrorEverywhere() {
        for (Map.Entry<String, List<String>> e : FORMATS.entrySet()) {
            Run r = CheckJsonCommandTest.run(e.getKey(), "--format", "xml");
            assertThat(r.exitCode()).as(e.getKey()).isEqualTo(2);
            assertThat(r.err()).as(e.getKey()).startsWith("pulmo: Invalid value for option '--format': expected one of "
                    + String.join(", ", e.getValue()) + ", not 'xml'");
        }
        // case does not matter, but a format of another command is refused
        assertThat(CheckJsonCommandTest.run("nodules", "--format", "text").err()).contains("expected one of csv, json, not 'text'");
        Run upper = CheckJsonCommandTest.run("check-json", "--format", "JSON", ConvertedDemo.root().toString());
        assertThat(upper.exitCode()).as(upper.err()).isZero();
        assertThat(upper.out()).startsWith("{");
    }

    @Test
    void anUnknownModalityIsTheSameUsageErrorInTheExportsAndPrintsNothingElse(@TempDir Path dir) {
        String root = ConvertedDemo.root().toString();
        for (String command : new String[] {"export-coco", "export-nifti"}) {
            Run r = CheckJsonCommandTest.run(command, root, "--modality", "CT", "--out", dir.resolve(command).toString());
            assertThat(r.exitCode()).as(command).isEqualTo(2);
            assertThat(r.err()).as(command).startsWith("pulmo: --modality CT: expected a loaded modality (known: XRY, CCT, PCT)");
            assertThat(r.out()).as(command).isEmpty();
        }
        // any case
        Run lower = CheckJsonCommandTest.run("export-coco", root, "--modality", "xry", "--images", "none", "--out", dir.resolve("x").toString());
        assertThat(lower.exitCode()).as(lower.err()).isZero();
    }

    @Test
    void everyThreadsOptionIsTheSharedMixinWithOneMessage(@TempDir Path dir) {
        String root = ConvertedDemo.root().toString();
        Map<String, String[]> runs = new LinkedHashMap<>();
        runs.put("convert", new String[] {root});
        runs.put("validate", new String[] {root});
        runs.put("stats", new String[] {root});
        runs.put("export-coco", new String[] {root, "--out", dir.resolve("coco").toString()});
        runs.put("export-nifti", new String[] {root, "--out", dir.resolve("nifti").toString()});
        runs.put("nodules", new String[] {root});
        runs.put("evaluate", new String[] {root, "--predictions", root});
        runs.put("ingest", new String[] {root, "--cases", dir.resolve("cases.csv").toString(), "--out", dir.resolve("t").toString(),
                "--map", dir.resolve("map.json").toString()});
        runs.put("deid", new String[] {root, dir.resolve("deid").toString(), "--map", dir.resolve("map.json").toString()});
        PulmoCommand.newCommandLine().getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandSpec().findOption("--threads") != null) {
                assertThat(runs).as("a test run of " + name).containsKey(name);
                assertThat(SharedOptions.mixin(sub.getCommandSpec(), ThreadsOption.class)).as(name).isPresent();
            }
        });
        runs.forEach((name, args) -> {
            List<String> all = new ArrayList<>(List.of(name));
            all.addAll(List.of(args));
            all.addAll(List.of("--threads", "0"));
            Run r = CheckJsonCommandTest.run(all.toArray(String[]::new));
            assertThat(r.exitCode()).as(name).isEqualTo(2);
            assertThat(r.err()).as(name).startsWith("pulmo: --threads 0: expected a number of worker threads, at least 1");
        });
        assertThat(dir.toFile().list()).as("nothing written").isEmpty();
    }

    @Test
    void aFileGivenAsTheTreeIsTheSameMessageInEveryCommandThatTakesOne(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("x.json"), "{}");
        String f = file.toString();
        String expected = ": expected a folder (the dataset: its lung_cancer folder or a folder containing it), found a file";
        Map<String, String[]> runs = new LinkedHashMap<>();
        runs.put("ROOT", new String[] {"export-nifti", f, "--out", dir.resolve("n").toString()});
        runs.put("ROOT ", new String[] {"nodules", f});
        runs.put("ROOT  ", new String[] {"evaluate", f, "--predictions", f});
        runs.put("ROOT   ", new String[] {"split", f});
        runs.put("--tree", new String[] {"check-clinical", f, "--tree", f});
        runs.put("--tree ", new String[] {"import-tool", dir.toString(), "--tree", f});
        runs.forEach((label, args) -> {
            Run r = CheckJsonCommandTest.run(args);
            assertThat(r.exitCode()).as(args[0]).isEqualTo(2);
            assertThat(r.err()).as(args[0]).startsWith("pulmo: " + label.trim() + " " + f + expected);
        });
    }

    @Test
    void outIsTheSharedMixinAndSaysTheSameOfAFileWhereAFolderGoesAndTheOtherWayRound(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("f.txt"), "x");
        Path folder = Files.createDirectory(dir.resolve("d"));
        String root = ConvertedDemo.root().toString();
        String image = Files.walk(ConvertedDemo.root()).filter(p -> p.toString().endsWith(".dcm") && p.toString().contains("/dcm/"))
                .findFirst().orElseThrow().toString();
        List<String[]> folders = List.of(
                new String[] {"export-coco", root, "--out", file.toString()},
                new String[] {"export-nifti", root, "--out", file.toString()},
                new String[] {"ingest", root, "--cases", file.toString(), "--map", dir.resolve("m.json").toString(), "--out", file.toString()},
                new String[] {"import-tool", file.toString(), "--image", image, "--out", file.toString()},
                new String[] {"mask2poly", image, "--out", file.toString()},
                new String[] {"seg", "--extract", file.toString(), "--out", file.toString()},
                new String[] {"pixels", image, image, "--out", file.toString()});
        for (String[] args : folders) {
            Run r = CheckJsonCommandTest.run(args);
            assertThat(r.exitCode()).as(args[0]).isEqualTo(2);
            assertThat(r.err()).as(args[0]).startsWith("pulmo: --out " + file + ": expected a folder to write, found a file");
        }
        List<String[]> files = List.of(
                new String[] {"validate", root, "--out", folder.toString()},
                new String[] {"evaluate", root, "--predictions", root, "--out", folder.toString()},
                new String[] {"nodules", root, "--out", folder.toString()},
                new String[] {"split", root, "--out", folder.toString()},
                new String[] {"render", image, "--out", folder.toString()},
                new String[] {"seg", folder.toString(), "--out", folder.toString()});
        for (String[] args : files) {
            Run r = CheckJsonCommandTest.run(args);
            assertThat(r.exitCode()).as(args[0]).isEqualTo(2);
            assertThat(r.err()).as(args[0]).startsWith("pulmo: --out " + folder + ": expected a file to write, found a folder");
        }
        assertThat(folder.toFile().list()).isEmpty();
        PulmoCommand.newCommandLine().getSubcommands().forEach((name, sub) -> {
            // import-tool's --out is in an argument group, which holds no mixins: it is checked by OutOption.folder;
            // demo's names the folder of the demo dataset, with a default
            if (sub.getCommandSpec().findOption("--out") != null && !name.equals("demo") && !name.equals("import-tool")) {
                assertThat(SharedOptions.mixin(sub.getCommandSpec(), OutOption.class)).as(name).isPresent();
            }
        });
        // each command keeps its own words for what --out is, and whether it is required
        assertThat(command("render").findOption("--out").paramLabel()).isEqualTo("PNG");
        assertThat(command("render").findOption("--out").required()).isTrue();
        assertThat(command("validate").findOption("--out").required()).isFalse();
        assertThat(command("export-nifti").findOption("--out").description()).containsExactly("The folder to write (created).");
    }
}
