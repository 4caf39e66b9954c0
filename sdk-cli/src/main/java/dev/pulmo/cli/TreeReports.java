package dev.pulmo.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.pulmo.dataset.CocoExport;
import dev.pulmo.dataset.DatasetConverter;
import dev.pulmo.dataset.DatasetStatistics;
import dev.pulmo.dataset.DatasetValidator;
import dev.pulmo.dataset.GuidelineTargets;
import dev.pulmo.dataset.SizeHistogram;
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

    /**
     * Ends {@code report} with stats' tables of {@code r} (text before the count line; JSON as members after the
     * summary), and closes it. A run that stopped early gets no tables: counts of part of a tree would mislead.
     */
    public static void stats(FindingsReport report, FindingsReport.Format format, PrintWriter out, DatasetStatistics.Report r) {
        if (r.failure().isPresent()) {
            report.finish(r.jsonFiles());
        } else if (format == FindingsReport.Format.json) {
            report.finishFindings(r.jsonFiles());
            statsJson(r, report.json());
            report.close();
        } else {
            statsTables(r, out);
            report.finish(r.jsonFiles());
        }
        out.flush();
    }

    /** stats' exit status, saying on {@code err} why the run stopped early when it did. */
    public static int statsStatus(DatasetStatistics.Report r, PrintWriter err) {
        if (r.failure().isPresent()) {
            err.println("pulmo stats: stopped before the end of the tree: " + r.failure().get().message());
            err.flush();
            return ExitCodes.USAGE_OR_IO;
        }
        return r.errors() > 0 ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    /** stats' tables of {@code r}, as text: classes against targets, categories, size histograms. */
    public static void statsTables(DatasetStatistics.Report r, PrintWriter out) {
        out.printf(Locale.ROOT, "%-8s %-10s %10s %10s %12s %12s %10s %10s%n", "modality", "class", "patients", "target", "images", "target",
                "lesions", "nodules");
        for (DatasetStatistics.ClassCounts c : r.classes()) {
            out.printf(Locale.ROOT, "%-8s %-10s %,10d %10s %,12d %12s %,10d %,10d%n", c.modality(), c.caseClass().folderName(), c.patients(),
                    c.target().map(t -> String.format(Locale.ROOT, "%,d", t.patients())).orElse("-"), c.images(),
                    c.target().map(t -> String.format(Locale.ROOT, "%,d", t.images())).orElse("-"), c.lesions(), c.nodules());
        }
        out.println();
        out.printf(Locale.ROOT, "%-8s %4s %-24s %10s%n", "modality", "id", "category", "lesions");
        for (DatasetStatistics.CategoryCounts c : r.categories()) {
            out.printf(Locale.ROOT, "%-8s %4d %-24s %,10d%n", c.modality(), c.categoryId(), c.englishName(), c.lesions());
        }
        out.println();
        histogram("lesion size, pixels (longer side of the box)", "px", r.sizePixels(), out);
        histogram("lesion size, mm (" + r.lesionsWithoutSpacing() + " lesions without pixel spacing left out)", "mm", r.sizeMm(), out);
        histogram("nodule long axis, mm (" + r.malignantNodulesBelowMinimum() + " malignant nodules below the minimum)", "mm",
                r.noduleLongAxisMm(), out);
    }

    private static void histogram(String title, String unit, SizeHistogram h, PrintWriter out) {
        out.println(title + ":");
        long[] counts = h.counts();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                out.printf(Locale.ROOT, "  %5.0f-%-5.0f %s %,8d%n", i * h.binWidth(), (i + 1) * h.binWidth(), unit, counts[i]);
            }
        }
        if (h.overflow() > 0) {
            out.printf(Locale.ROOT, "  >=%-8.0f %s %,8d%n", counts.length * h.binWidth(), unit, h.overflow());
        }
    }

    /** The statistics as members of the findings report's JSON object, after its findings and summary. */
    private static void statsJson(DatasetStatistics.Report r, JsonGenerator g) {
        try {
            g.writeArrayFieldStart("classes");
            for (DatasetStatistics.ClassCounts c : r.classes()) {
                g.writeStartObject();
                g.writeStringField("modality", c.modality());
                g.writeStringField("class", c.caseClass().folderName());
                g.writeNumberField("patients", c.patients());
                g.writeNumberField("images", c.images());
                g.writeNumberField("lesions", c.lesions());
                g.writeNumberField("nodules", c.nodules());
                if (c.target().isPresent()) {
                    GuidelineTargets.Target t = c.target().get();
                    g.writeObjectFieldStart("target");
                    g.writeNumberField("patients", t.patients());
                    g.writeNumberField("images", t.images());
                    g.writeEndObject();
                } else {
                    g.writeNullField("target");
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("categories");
            for (DatasetStatistics.CategoryCounts c : r.categories()) {
                g.writeStartObject();
                g.writeStringField("modality", c.modality());
                g.writeNumberField("id", c.categoryId());
                g.writeStringField("name", c.englishName());
                g.writeNumberField("lesions", c.lesions());
                g.writeEndObject();
            }
            g.writeEndArray();
            histogram(g, "lesion_size_pixels", r.sizePixels());
            histogram(g, "lesion_size_mm", r.sizeMm());
            g.writeObjectFieldStart("lesion_size_mm_by_modality");
            for (java.util.Map.Entry<String, SizeHistogram> e : r.sizeMmByModality().entrySet()) {
                histogram(g, e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeNumberField("lesions_without_spacing", r.lesionsWithoutSpacing());
            histogram(g, "nodule_long_axis_mm", r.noduleLongAxisMm());
            g.writeNumberField("malignant_nodules_below_minimum", r.malignantNodulesBelowMinimum());
            g.writeNumberField("json_files", r.jsonFiles());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void histogram(JsonGenerator g, String name, SizeHistogram h) throws IOException {
        g.writeObjectFieldStart(name);
        g.writeNumberField("bin_width", h.binWidth());
        g.writeArrayFieldStart("counts");
        for (long c : h.counts()) {
            g.writeNumber(c);
        }
        g.writeEndArray();
        g.writeNumberField("overflow", h.overflow());
        g.writeEndObject();
    }

    /**
     * Ends {@code report} with export-coco's summary of {@code s} (text: {@code target: N images, M annotations (kind)},
     * unless the run stopped early), and closes it.
     */
    public static void exportCoco(FindingsReport report, FindingsReport.Format format, PrintWriter out, String target,
                                  CocoSegmentation segmentation, CocoExport.Summary s) {
        if (format == FindingsReport.Format.text && s.failure().isEmpty()) {
            out.println(target + ": " + s.images() + " images, " + s.annotations() + " annotations (" + segmentation + ")");
        }
        report.finish(s.images());
    }

    /** export-coco's exit status, saying on {@code err} why nothing was written when the run stopped early. */
    public static int exportCocoStatus(CocoExport.Summary s, PrintWriter err) {
        if (s.failure().isPresent()) {
            err.println("pulmo export-coco: stopped before the end of the tree, nothing written: " + s.failure().get().message());
            err.flush();
            return ExitCodes.USAGE_OR_IO;
        }
        return s.errors() > 0 ? ExitCodes.FINDINGS : ExitCodes.OK;
    }
}
