package dev.pulmo.cli;

import dev.pulmo.api.io.TerminalText;
import dev.pulmo.api.Finding;
import dev.pulmo.cocojson.GuidelineJsonValidator;
import dev.pulmo.runtime.PluginRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pulmo check-json}: validates guideline JSON files against SPEC.md §3 and the modalities' tables. */
@Command(name = "check-json",
        header = "Check guideline JSON annotation files.",
        description = {"Validates guideline JSON files (folders are searched recursively for *.json) against the "
                + "dataset guideline: members, types, lengths, modality and category tables, ids, boxes, polygons, "
                + "areas and dates. Prints every finding with its file, line:column and JSON Pointer."},
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:no errors (warnings allowed)", "1:errors found", "2:usage or I/O failure"})
final class CheckJsonCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "JSON files, or folders to search for *.json.")
    List<Path> inputs;

    @Mixin
    PluginOptions plugins;

    @Option(names = "--format", paramLabel = "<format>", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    FindingsReport.Format format;

    @Override
    public Integer call() {
        List<Path> files = new ArrayList<>();
        for (Path input : inputs) {
            if (!Files.exists(input)) {
                spec.commandLine().getErr().println("pulmo check-json: " + TerminalText.escape(input.toString()) + ": no such file or folder");
                return ExitCodes.USAGE_OR_IO;
            }
            files.addAll(jsonFiles(input));
        }
        List<Finding> findings = new ArrayList<>();
        try (PluginRegistry registry = plugins.open()) {
            GuidelineJsonValidator validator = GuidelineJsonValidator.of(registry.catalog());
            for (Path f : files) {
                findings.addAll(validator.validate(f));
            }
        }
        FindingsReport.print(findings, files.size(), format, spec.commandLine().getOut());
        return FindingsReport.exitCode(findings);
    }

    private static List<Path> jsonFiles(Path input) {
        if (!Files.isDirectory(input)) {
            return List.of(input);
        }
        try (Stream<Path> s = Files.walk(input)) {
            return s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + input + ": " + e.getMessage(), e);
        }
    }

}
