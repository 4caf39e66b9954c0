package dev.pulmo.evaluation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.pulmo.api.Finding;
import dev.pulmo.api.io.AtomicFiles;
import dev.pulmo.evaluation.internal.HtmlReport;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Writes an {@link EvaluationResult} as text (COCOeval's summary lines and the other metrics, for a terminal), JSON
 * (every number) or HTML (a self-contained page with PR, FROC and ROC curves as inline SVG and the images with the
 * most errors drawn).
 *
 * <p>JSON layout: {@code coco} with {@code iou_type}, {@code images}, {@code stat_names}, {@code stats} (COCOeval's
 * 12, in its order, −1 where nothing was measured), {@code per_category} ({@code category_id}, {@code name},
 * {@code gt}, {@code crowd}, {@code stats}), {@code per_modality} ({@code images}, {@code stats}), {@code params},
 * {@code precision_area_all_maxdets_100} ({@code [t][r][k]}) and {@code recall} ({@code [t][k][a][m]});
 * {@code froc} by modality; {@code classification} by level; {@code worst_images}; {@code counts};
 * {@code thresholds}; {@code findings}. Numbers are written so that they read back to the same double; NaN
 * (undefined) is written as null.
 */
public final class EvaluationReport {
    private static final JsonFactory JSON = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private EvaluationReport() {
    }

    /** The output formats. */
    public enum Format { TEXT, JSON, HTML }

    /**
     * Writes {@code result} in {@code format} to {@code target} atomically (temporary file, then rename).
     *
     * @throws UncheckedIOException when the file cannot be written
     */
    public static void write(EvaluationResult result, Format format, Path target) {
        AtomicFiles.write(target, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            write(result, format, w);
            w.flush();
        });
    }

    /** Writes {@code result} in {@code format} to {@code out} (not closed). */
    public static void write(EvaluationResult result, Format format, Writer out) {
        try {
            switch (format) {
                case TEXT -> {
                    PrintWriter p = new PrintWriter(out);
                    text(result, p);
                    p.flush();
                }
                case JSON -> json(result, out);
                case HTML -> out.write(HtmlReport.page(result));
                default -> throw new IllegalArgumentException(format.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ text

    private static final String[] STAT_LINES = {
            "Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ]",
            "Average Precision  (AP) @[ IoU=0.50      | area=   all | maxDets=100 ]",
            "Average Precision  (AP) @[ IoU=0.75      | area=   all | maxDets=100 ]",
            "Average Precision  (AP) @[ IoU=0.50:0.95 | area= small | maxDets=100 ]",
            "Average Precision  (AP) @[ IoU=0.50:0.95 | area=medium | maxDets=100 ]",
            "Average Precision  (AP) @[ IoU=0.50:0.95 | area= large | maxDets=100 ]",
            "Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets=  1 ]",
            "Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets= 10 ]",
            "Average Recall     (AR) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ]",
            "Average Recall     (AR) @[ IoU=0.50:0.95 | area= small | maxDets=100 ]",
            "Average Recall     (AR) @[ IoU=0.50:0.95 | area=medium | maxDets=100 ]",
            "Average Recall     (AR) @[ IoU=0.50:0.95 | area= large | maxDets=100 ]"};

    private static void text(EvaluationResult r, PrintWriter out) {
        EvaluationResult.Counts c = r.counts();
        out.printf(Locale.ROOT, "COCO %s: %,d images, %,d ground truth objects (+%,d crowd), %,d detections%s%n",
                r.iouType().cocoName(), c.images(), c.groundTruth(), c.crowd(), c.detections(),
                c.detectionsLeftOut() > 0 ? String.format(Locale.ROOT, " (%,d left out)", c.detectionsLeftOut()) : "");
        double[] stats = r.coco().stats();
        for (int i = 0; i < stats.length; i++) {
            // COCOeval's own summary lines (cocoeval.py _summarize), three decimals
            out.printf(Locale.ROOT, " %s = %.3f%n", STAT_LINES[i], stats[i]);
        }
        out.println();
        out.printf(Locale.ROOT, "%-6s %-24s %7s %6s %7s %7s %7s %7s%n", "id", "category", "gt", "crowd", "AP", "AP50", "AP75", "AR100");
        for (CocoSummary.CategorySummary s : r.coco().perCategory()) {
            double[] v = s.stats();
            out.printf(Locale.ROOT, "%-6d %-24s %7d %6d %7s %7s %7s %7s%n", s.category().id(), s.category().name(),
                    s.groundTruths(), s.crowds(), num(v[0]), num(v[1]), num(v[2]), num(v[8]));
        }
        if (!r.cocoByModality().isEmpty()) {
            out.println();
            out.printf(Locale.ROOT, "%-8s %8s %7s %7s %7s %7s%n", "modality", "images", "AP", "AP50", "AP75", "AR100");
            r.cocoByModality().forEach((m, s) -> {
                double[] v = s.stats();
                out.printf(Locale.ROOT, "%-8s %8d %7s %7s %7s %7s%n", m, s.images(), num(v[0]), num(v[1]), num(v[2]), num(v[8]));
            });
        }
        r.froc().forEach((modality, f) -> {
            out.println();
            out.printf(Locale.ROOT, "FROC %s (LUNA16): %d scans, %d lesions, %d found, %d candidates, %d false positives%n",
                    modality, f.scans(), f.lesions(), f.lesionsFound(), f.candidates(), f.falsePositives());
            out.print("  sensitivity at FP/scan");
            for (int i = 0; i < Froc.FP_RATES.length; i++) {
                out.printf(Locale.ROOT, "  %s: %s", rate(Froc.FP_RATES[i]), num(f.sensitivityAtRates()[i]));
            }
            out.println();
            out.printf(Locale.ROOT, "  average (CPM) %s%s%n", num(f.averageSensitivity()), f.hasIntervals()
                    ? String.format(Locale.ROOT, "  %.0f%% CI %s-%s (bootstrap over patients, %d samples, seed %d)",
                    f.bootstrap().confidence() * 100, num(f.averageInterval().lower()), num(f.averageInterval().upper()),
                    f.bootstrap().samples(), f.bootstrap().seed()) : "");
        });
        if (!r.classification().isEmpty()) {
            out.println();
            out.println("benign vs malignant (malignant positive):");
            for (String level : EvaluationResult.LEVELS) {
                RocAnalysis.Result roc = r.classification().get(level);
                if (roc == null) {
                    continue;
                }
                out.printf(Locale.ROOT, "  %-8s %5d+ %5d-  AUC %s  %.0f%% CI %s-%s (DeLong)", level, roc.positives(), roc.negatives(),
                        num(roc.auc()), roc.confidence() * 100, num(roc.lower()), num(roc.upper()));
                if (roc.atThreshold() != null) {
                    out.printf(Locale.ROOT, "  at %s: sens %s spec %s", num(roc.atThreshold().threshold()),
                            num(roc.atThreshold().sensitivity()), num(roc.atThreshold().specificity()));
                }
                if (roc.atYouden() != null) {
                    out.printf(Locale.ROOT, "  Youden %s: sens %s spec %s", num(roc.atYouden().threshold()),
                            num(roc.atYouden().sensitivity()), num(roc.atYouden().specificity()));
                }
                out.println();
            }
        }
        if (!r.worstImages().isEmpty()) {
            out.println();
            out.printf(Locale.ROOT, "images with the most errors (IoU %s, score >= %s):%n", num(r.thresholds().iou()),
                    num(r.thresholds().score()));
            for (EvaluationResult.WorstImage w : r.worstImages().subList(0, Math.min(10, r.worstImages().size()))) {
                out.printf(Locale.ROOT, "  %4d  %s%n", w.errors(), w.image().fileName());
            }
        }
        for (Finding f : r.findings()) {
            out.println(f);
        }
    }

    private static String rate(double r) {
        return r < 1 ? "1/" + Math.round(1 / r) : Long.toString(Math.round(r));
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "n/a" : v == -1 ? "-1" : String.format(Locale.ROOT, "%.3f", v);
    }

    // ------------------------------------------------------------------ JSON

    private static void json(EvaluationResult r, Writer out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("ground_truth", r.groundTruth());
            g.writeStringField("predictions", r.predictions());
            g.writeFieldName("coco");
            coco(g, r.coco(), r.iouType(), r.cocoByModality());
            g.writeObjectFieldStart("froc");
            for (Map.Entry<String, FrocResult> e : r.froc().entrySet()) {
                g.writeFieldName(e.getKey());
                froc(g, e.getValue());
            }
            g.writeEndObject();
            g.writeObjectFieldStart("classification");
            for (String level : EvaluationResult.LEVELS) {
                RocAnalysis.Result roc = r.classification().get(level);
                if (roc != null) {
                    g.writeFieldName(level);
                    roc(g, roc);
                }
            }
            g.writeEndObject();
            g.writeArrayFieldStart("worst_images");
            for (EvaluationResult.WorstImage w : r.worstImages()) {
                g.writeStartObject();
                g.writeNumberField("image_id", w.image().id());
                g.writeStringField("file_name", w.image().fileName());
                g.writeNumberField("errors", w.errors());
                g.writeNumberField("missed", w.outcome().missed().size());
                g.writeNumberField("unmatched_detections", w.outcome().unmatched().size());
                g.writeEndObject();
            }
            g.writeEndArray();
            EvaluationResult.Counts c = r.counts();
            g.writeObjectFieldStart("counts");
            g.writeNumberField("images", c.images());
            g.writeNumberField("ground_truth", c.groundTruth());
            g.writeNumberField("crowd", c.crowd());
            g.writeNumberField("detections", c.detections());
            g.writeNumberField("detections_left_out", c.detectionsLeftOut());
            g.writeEndObject();
            g.writeObjectFieldStart("thresholds");
            g.writeNumberField("iou", r.thresholds().iou());
            g.writeNumberField("score", r.thresholds().score());
            g.writeEndObject();
            g.writeArrayFieldStart("findings");
            for (Finding f : r.findings()) {
                g.writeStartObject();
                g.writeStringField("severity", f.severity().label());
                g.writeStringField("code", f.code());
                g.writeStringField("file", f.location().file());
                g.writeStringField("message", f.message());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write('\n');
    }

    private static void coco(JsonGenerator g, CocoSummary s, IouType type, Map<String, CocoSummary> byModality) throws IOException {
        g.writeStartObject();
        g.writeStringField("iou_type", type.cocoName());
        g.writeNumberField("images", s.images());
        g.writeArrayFieldStart("stat_names");
        for (String name : CocoSummary.STAT_NAMES) {
            g.writeString(name);
        }
        g.writeEndArray();
        numbers(g, "stats", s.stats());
        g.writeArrayFieldStart("per_category");
        for (CocoSummary.CategorySummary c : s.perCategory()) {
            g.writeStartObject();
            g.writeNumberField("category_id", c.category().id());
            g.writeStringField("name", c.category().name());
            g.writeNumberField("gt", c.groundTruths());
            g.writeNumberField("crowd", c.crowds());
            numbers(g, "stats", c.stats());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeObjectFieldStart("per_modality");
        for (Map.Entry<String, CocoSummary> e : byModality.entrySet()) {
            g.writeObjectFieldStart(e.getKey());
            g.writeNumberField("images", e.getValue().images());
            numbers(g, "stats", e.getValue().stats());
            g.writeEndObject();
        }
        g.writeEndObject();
        CocoParams p = s.params();
        g.writeObjectFieldStart("params");
        numbers(g, "iouThrs", p.iouThresholds());
        numbers(g, "recThrs", p.recallThresholds());
        g.writeArrayFieldStart("maxDets");
        for (int m : p.maxDetections()) {
            g.writeNumber(m);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("areaRng");
        for (CocoParams.AreaRange a : p.areaRanges()) {
            g.writeStartArray();
            g.writeNumber(a.min());
            g.writeNumber(a.max());
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("areaRngLbl");
        for (CocoParams.AreaRange a : p.areaRanges()) {
            g.writeString(a.label());
        }
        g.writeEndArray();
        g.writeEndObject();
        int t = p.iouThresholds().length, r = p.recallThresholds().length, k = s.categories().size();
        int a = p.areaRanges().size(), m = p.maxDetections().length;
        g.writeArrayFieldStart("precision_area_all_maxdets_100");
        for (int ti = 0; ti < t; ti++) {
            g.writeStartArray();
            for (int ri = 0; ri < r; ri++) {
                g.writeStartArray();
                for (int ki = 0; ki < k; ki++) {
                    g.writeNumber(s.precision(ti, ri, ki, 0, m - 1));
                }
                g.writeEndArray();
            }
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("recall");
        for (int ti = 0; ti < t; ti++) {
            g.writeStartArray();
            for (int ki = 0; ki < k; ki++) {
                g.writeStartArray();
                for (int ai = 0; ai < a; ai++) {
                    g.writeStartArray();
                    for (int mi = 0; mi < m; mi++) {
                        g.writeNumber(s.recall(ti, ki, ai, mi));
                    }
                    g.writeEndArray();
                }
                g.writeEndArray();
            }
            g.writeEndArray();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void froc(JsonGenerator g, FrocResult f) throws IOException {
        g.writeStartObject();
        g.writeNumberField("scans", f.scans());
        g.writeNumberField("lesions", f.lesions());
        g.writeNumberField("lesions_found", f.lesionsFound());
        g.writeNumberField("candidates", f.candidates());
        g.writeNumberField("false_positives", f.falsePositives());
        g.writeNumberField("ignored_candidates", f.ignoredCandidates());
        numbers(g, "fp_rates", Froc.FP_RATES);
        numbers(g, "sensitivity", f.sensitivityAtRates());
        number(g, "average_sensitivity", f.averageSensitivity());
        if (f.hasIntervals()) {
            g.writeArrayFieldStart("sensitivity_ci");
            for (Froc.Interval i : f.sensitivityIntervals()) {
                interval(g, i);
            }
            g.writeEndArray();
            g.writeFieldName("average_sensitivity_ci");
            interval(g, f.averageInterval());
            g.writeObjectFieldStart("bootstrap");
            g.writeNumberField("samples", f.bootstrap().samples());
            g.writeNumberField("samples_with_lesions", f.bootstrapSamplesUsed());
            g.writeNumberField("seed", f.bootstrap().seed());
            g.writeNumberField("confidence", f.bootstrap().confidence());
            g.writeStringField("unit", "patient");
            g.writeEndObject();
        }
        g.writeObjectFieldStart("curve");
        numbers(g, "fp_per_scan", f.curveFalsePositivesPerScan());
        numbers(g, "sensitivity", f.curveSensitivity());
        numbers(g, "threshold", f.curveThresholds());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void interval(JsonGenerator g, Froc.Interval i) throws IOException {
        g.writeStartObject();
        number(g, "mean", i.mean());
        number(g, "lower", i.lower());
        number(g, "upper", i.upper());
        g.writeEndObject();
    }

    private static void roc(JsonGenerator g, RocAnalysis.Result r) throws IOException {
        g.writeStartObject();
        g.writeNumberField("positives", r.positives());
        g.writeNumberField("negatives", r.negatives());
        number(g, "auc", r.auc());
        number(g, "auc_variance", r.variance());
        g.writeObjectFieldStart("auc_ci");
        number(g, "lower", r.lower());
        number(g, "upper", r.upper());
        g.writeNumberField("confidence", r.confidence());
        g.writeStringField("method", "delong");
        g.writeEndObject();
        if (r.atThreshold() != null) {
            g.writeFieldName("at_threshold");
            point(g, r.atThreshold());
        }
        if (r.atYouden() != null) {
            g.writeFieldName("at_youden");
            point(g, r.atYouden());
        }
        g.writeObjectFieldStart("curve");
        numbers(g, "fpr", r.curveFalsePositiveRate());
        numbers(g, "tpr", r.curveTruePositiveRate());
        numbers(g, "threshold", r.curveThresholds());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void point(JsonGenerator g, RocAnalysis.OperatingPoint p) throws IOException {
        g.writeStartObject();
        number(g, "threshold", p.threshold());
        number(g, "sensitivity", p.sensitivity());
        number(g, "specificity", p.specificity());
        g.writeNumberField("tp", p.truePositives());
        g.writeNumberField("fp", p.falsePositives());
        g.writeNumberField("tn", p.trueNegatives());
        g.writeNumberField("fn", p.falseNegatives());
        g.writeEndObject();
    }

    private static void numbers(JsonGenerator g, String name, double[] values) throws IOException {
        g.writeArrayFieldStart(name);
        for (double v : values) {
            value(g, v);
        }
        g.writeEndArray();
    }

    private static void number(JsonGenerator g, String name, double v) throws IOException {
        g.writeFieldName(name);
        value(g, v);
    }

    /** A finite double as itself; NaN (undefined) as null; ±∞ (a curve's first threshold) as a string. */
    private static void value(JsonGenerator g, double v) throws IOException {
        if (Double.isNaN(v)) {
            g.writeNull();
        } else if (Double.isInfinite(v)) {
            g.writeString(v > 0 ? "Infinity" : "-Infinity");
        } else {
            g.writeNumber(v);
        }
    }
}
