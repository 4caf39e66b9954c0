package dev.pulmo.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.pulmo.dataset.DatasetConverter;
import dev.pulmo.dataset.DatasetValidator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Locale;

/**
 * The summaries the tree commands print after their findings, whichever engine ran them ({@code pulmo}, or
 * {@code pulmo-spark} on Apache Spark): one place, so that both print the same.
 */
public final class TreeReports {

    private TreeReports() {
    }

    /** Ends {@code report} with convert's summary of {@code s} for the tree {@code root}, and closes it. */
    public static void convert(FindingsReport report, FindingsReport.Format format, PrintWriter out, String root,
                               DatasetConverter.Summary s) {
        double seconds = s.elapsed().toNanos() / 1e9;
        if (format == FindingsReport.Format.text) {
            out.printf(Locale.ROOT, "%s: %d images with masks: %d converted, %d up to date, %d failed; %d annotations written in %.1f s (%.0f images/s)%n",
                    root, s.images(), s.converted(), s.skipped(), s.failed(), s.annotations(), seconds,
                    s.images() / Math.max(seconds, 1e-9));
            report.finish(s.images());
            return;
        }
        report.finishFindings(s.images());
        try {
            JsonGenerator g = report.json();
            g.writeObjectFieldStart("convert");
            g.writeNumberField("converted", s.converted());
            g.writeNumberField("skipped", s.skipped());
            g.writeNumberField("failed", s.failed());
            g.writeNumberField("annotations", s.annotations());
            g.writeNumberField("seconds", seconds);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        report.close();
    }

    /** convert's exit status, saying on {@code err} why the run stopped early when it did. */
    public static int convertStatus(DatasetConverter.Summary s, PrintWriter err) {
        if (s.failure().isPresent()) {
            err.println("pulmo convert: stopped before the end of the tree: " + s.failure().get().message());
            err.flush();
            return ExitCodes.USAGE_OR_IO;
        }
        return s.failed() > 0 || s.errors() > 0 ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    /** Ends {@code report} with validate's summary of {@code r} for the tree {@code root}, and closes it. */
    public static void validate(FindingsReport report, FindingsReport.Format format, PrintWriter out, String root,
                                DatasetValidator.Report r) {
        if (format == FindingsReport.Format.text) {
            out.printf(Locale.ROOT, "%s: %d series, %d images, %d JSON files, %d masks%n", root, r.series(),
                    r.images(), r.jsonFiles(), r.masks());
        }
        report.finish(r.files());
    }
}
