package dev.pulmo.cli;

import dev.pulmo.api.io.TerminalText;
import dev.pulmo.api.Finding;
import dev.pulmo.api.io.FileTrees;
import dev.pulmo.cocojson.GuidelineJsonValidator;
import dev.pulmo.runtime.PluginRegistry;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pulmo check-json}: validates guideline JSON files against SPEC.md §3 and the modalities' tables. */
@Command(name = "check-json",
        header = "Check guideline JSON annotation files.",
        description = {"Validates guideline JSON files (folders are searched recursively for *.json) against the "
                + "dataset guideline: members, types, lengths, modality and category tables, ids, boxes, polygons, "
                + "areas and dates. Prints every finding with its file, line:column and JSON Pointer.",
                "Only regular files are opened: a FIFO, socket or device is reported (given by name: an error, exit 2; "
                + "met in a folder: a warning), as is a folder that cannot be read. Bytes that are not well-formed "
                + "UTF-8 (overlong forms, encoded surrogates) are an error with their byte offset; at most 1000 "
                + "findings are listed per file, and the rest counted."},
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

    @Mixin
    FormatOption format = FormatOption.forFindings();

    @Override
    public Integer call() {
        List<Path> files = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (Path input : inputs) {
            if (!Files.exists(input, LinkOption.NOFOLLOW_LINKS)) {
                spec.commandLine().getErr().println("pulmo check-json: " + TerminalText.escape(input.toString()) + ": no such file or folder");
                return ExitCodes.USAGE_OR_IO;
            }
            if (Files.isDirectory(input)) {
                // a folder is walked without stopping at what cannot be read; FIFOs are reported, never opened
                FileTrees.Listing listing = FileTrees.regularFiles(input, p -> p.getFileName().toString().endsWith(".json"));
                files.addAll(listing.files());
                findings.addAll(listing.problems());
            } else {
                files.add(input); // the validator opens regular files only
            }
        }
        try (PluginRegistry registry = plugins.open()) {
            GuidelineJsonValidator validator = GuidelineJsonValidator.of(registry.catalog());
            for (Path f : files) {
                findings.addAll(validator.validate(f));
            }
        }
        FindingsReport.print(findings, files.size(), format.findings(), spec.commandLine().getOut());
        return FindingsReport.exitCode(findings);
    }

}
