package dev.pulmo.cli;

import dev.pulmo.api.io.FileErrors;
import dev.pulmo.api.io.TerminalText;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.pulmo.dataset.Agreement;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pulmo agree}: the guideline's second check, a trainee's annotations against an expert's. */
@Command(name = "agree",
        header = "Score a trainee's annotations against an expert's (the second check).",
        description = {"Pairs the guideline JSON files of two folders (or two files) by file name (a flat folder pairs with a "
                + "tree; files of the same name pair by relative path first) and says how many were matched and which were "
                + "not. Matches lesions per image "
                + "and category, and scores them with IoU or Dice on exact polygon areas. An image passes when its "
                + "score reaches the threshold (0.90 by default, SPEC.md §7); the images that do not must be redone."},
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every image passes", "1:some images must be redone", "2:usage or I/O failure"})
final class AgreeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TRAINEE", description = "The trainee's JSON file or folder.")
    Path trainee;

    @Parameters(index = "1", paramLabel = "EXPERT", description = "The expert's JSON file or folder.")
    Path expert;

    @Option(names = "--metric", paramLabel = "<metric>", defaultValue = "iou", description = "iou or dice (default: ${DEFAULT-VALUE}).")
    String metric;

    @Option(names = "--threshold", paramLabel = "<score>", defaultValue = "0.9", description = "Pass mark in [0, 1] (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Mixin
    FormatOption format = FormatOption.forFindings();

    private static Map<String, Object> imageJson(Agreement.ImageScore s) {
        Map<String, Object> image = new LinkedHashMap<>();
        image.put("image", s.image());
        image.put("score", s.score());
        image.put("passed", s.passed());
        image.put("lesions", s.lesions().stream().map(l -> {
            Map<String, Object> lesion = new LinkedHashMap<>();
            lesion.put("category_id", l.categoryId());
            lesion.put("trainee_id", l.traineeId());
            lesion.put("expert_id", l.expertId());
            lesion.put("score", l.score());
            return lesion;
        }).toList());
        return image;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        for (Path p : List.of(trainee, expert)) {
            if (!Files.exists(p)) {
                spec.commandLine().getErr().println("pulmo agree: " + TerminalText.escape(p.toString()) + ": no such file or folder");
                return ExitCodes.USAGE_OR_IO;
            }
            if (!Files.isRegularFile(p) && !Files.isDirectory(p)) {
                // a FIFO would block the reader forever; leaving it out would pass an annotator on nothing
                spec.commandLine().getErr().println("pulmo agree: " + TerminalText.escape(p.toString()) + ": " + FileErrors.NOT_REGULAR);
                return ExitCodes.USAGE_OR_IO;
            }
        }
        Agreement.Metric m;
        try {
            m = Agreement.Metric.valueOf(metric.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("pulmo agree: --metric must be iou or dice, got '" + metric + "'");
            return ExitCodes.USAGE_OR_IO;
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            spec.commandLine().getErr().println("pulmo agree: --threshold must be in [0, 1], got " + threshold);
            return ExitCodes.USAGE_OR_IO;
        }
        Agreement.Report report = new Agreement(m, threshold).compareFolders(trainee, expert);
        if (format.findings() == FindingsReport.Format.json) {
            // snake_case keys throughout, as in every pulmo JSON report
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("images", report.images().stream().map(AgreeCommand::imageJson).toList());
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("metric", m.name().toLowerCase(Locale.ROOT));
            summary.put("threshold", threshold);
            summary.put("images", report.images().size());
            summary.put("matched", report.matched());
            summary.put("trainee_only", report.traineeOnly());
            summary.put("expert_only", report.expertOnly());
            summary.put("mean_score", report.meanScore());
            summary.put("passed", report.annotatorPassed());
            summary.put("to_redo", report.toRedo());
            json.put("summary", summary);
            json.put("findings", report.findings().stream().map(f -> Map.of("severity", f.severity().label(), "code", f.code(),
                    "file", String.valueOf(f.location().file()), "message", f.message())).toList());
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
        } else {
            for (Agreement.ImageScore s : report.images()) {
                out.printf(Locale.ROOT, "%s  %s %.4f  %s%n", s.passed() ? "pass" : "FAIL", m.name().toLowerCase(Locale.ROOT), s.score(), TerminalText.escape(String.valueOf(s.image())));
            }
            report.findings().forEach(f -> out.println(FindingsReport.textLine(f)));
            out.printf(Locale.ROOT, "paired by file name: %d matched, %d trainee files without an expert file, %d expert files "
                    + "without a trainee file%n", report.matched(), report.traineeOnly().size(), report.expertOnly().size());
            if (report.matched() == 0 && !report.traineeOnly().isEmpty() && !report.expertOnly().isEmpty()) {
                out.println("no file name is in both folders: are TRAINEE and EXPERT the same images? "
                        + "(files are paired by file name, e.g. cct_D0001_2_1.json)");
            }
            out.printf(Locale.ROOT, "%d images, mean %s %.4f, threshold %.2f: %s%n", report.images().size(),
                    m.name().toLowerCase(Locale.ROOT), report.meanScore(), threshold,
                    report.annotatorPassed() ? "the annotator passes" : report.toRedo().size() + " to redo");
            if (!report.toRedo().isEmpty()) {
                out.println("redo:");
                report.toRedo().forEach(r -> out.println("  " + TerminalText.escape(String.valueOf(r))));
            }
        }
        out.flush();
        return report.annotatorPassed() ? ExitCodes.OK : ExitCodes.FINDINGS;
    }
}
