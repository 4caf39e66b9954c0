package dev.pulmo.evaluation.internal;

import dev.pulmo.api.Finding;
import dev.pulmo.dataset.AnnotatedImage;
import dev.pulmo.dataset.PngFiles;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.pixel.Grey8Image;
import dev.pulmo.evaluation.CocoSegmentation;
import dev.pulmo.evaluation.CocoSummary;
import dev.pulmo.evaluation.Detection;
import dev.pulmo.evaluation.EvaluationResult;
import dev.pulmo.evaluation.Froc;
import dev.pulmo.evaluation.FrocResult;
import dev.pulmo.evaluation.GroundTruthObject;
import dev.pulmo.evaluation.ImageOutcome;
import dev.pulmo.evaluation.RocAnalysis;
import dev.pulmo.geometry.GeometryException;
import dev.pulmo.geometry.MaskTracer;
import dev.pulmo.geometry.TracedComponent;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/**
 * The HTML report: one self-contained page (no script, no external file; pictures as inline SVG and PNG data URIs)
 * with the COCO tables, precision–recall curves per category, the FROC curves with their bootstrap band, the ROC
 * curves per level, and the images with the most errors, ground truth outlined in green and predictions in red
 * (unmatched, dashed) or cyan (matched) with their scores. Every number shown carries its full value in a
 * {@code data-value} attribute, for tools that read the page.
 */
public final class HtmlReport {
    /** Longest side of an embedded image, pixels: the report stays a few MB for 20 images. */
    private static final int THUMBNAIL = 512;
    /** Longest side of an image as shown: small PET slices are enlarged, X-rays reduced. */
    private static final int SHOWN = 400;
    private static final String[] COLOURS = {"#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2",
            "#7f7f7f", "#bcbd22", "#17becf"};

    private HtmlReport() {
    }

    /** The page. */
    public static String page(EvaluationResult r) {
        StringBuilder h = new StringBuilder(1 << 16);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>pulmo evaluate</title>\n<style>")
                .append("body{font-family:sans-serif;margin:1.5em;color:#222;max-width:1200px}")
                .append("table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:2px 8px;text-align:right}")
                .append("th:first-child,td:first-child{text-align:left}h2{margin-top:1.5em;border-bottom:1px solid #ddd}")
                .append("figure{display:inline-block;margin:0 1em 1em 0;vertical-align:top}figcaption{font-size:85%;max-width:520px;word-break:break-all}")
                .append("svg text{font-family:sans-serif}.note{color:#666;font-size:90%}")
                .append("</style></head><body>\n");
        h.append("<h1>pulmo evaluate</h1>\n<p>Ground truth <code>").append(esc(r.groundTruth())).append("</code>, predictions <code>")
                .append(esc(r.predictions())).append("</code>.</p>\n");
        EvaluationResult.Counts c = r.counts();
        h.append("<p id=\"counts\">").append(value("count-images", c.images(), "%,.0f")).append(" images, ")
                .append(value("count-gt", c.groundTruth(), "%,.0f")).append(" ground-truth objects (+")
                .append(value("count-crowd", c.crowd(), "%,.0f")).append(" crowd), ")
                .append(value("count-detections", c.detections(), "%,.0f")).append(" detections.</p>\n");
        coco(h, r);
        prCurves(h, r.coco());
        if (!r.froc().isEmpty()) {
            h.append("<h2>FROC (LUNA16)</h2>\n<p class=\"note\">A detection hits a 3-D lesion when its centre lies within the lesion's radius; ")
                    .append("sensitivity at 1/8 to 8 false positives per scan and their mean (CPM); band: bootstrap over patients.</p>\n");
            r.froc().forEach((modality, f) -> froc(h, modality, f));
        }
        if (!r.classification().isEmpty()) {
            roc(h, r);
        }
        worst(h, r);
        if (!r.findings().isEmpty()) {
            h.append("<h2>Findings</h2>\n<ul id=\"findings\">");
            for (Finding f : r.findings()) {
                h.append("<li>").append(esc(f.toString())).append("</li>");
            }
            h.append("</ul>\n");
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    // ------------------------------------------------------------------ tables

    private static void coco(StringBuilder h, EvaluationResult r) {
        CocoSummary s = r.coco();
        h.append("<h2>COCO detection (").append(r.iouType().cocoName()).append(")</h2>\n<table id=\"coco-stats\"><tr><th>metric</th>");
        for (String name : CocoSummary.STAT_NAMES) {
            h.append("<th>").append(name).append("</th>");
        }
        h.append("</tr>\n<tr><td>all images</td>");
        double[] stats = s.stats();
        for (int i = 0; i < stats.length; i++) {
            h.append("<td>").append(value("coco-" + CocoSummary.STAT_NAMES.get(i), stats[i], "%.3f")).append("</td>");
        }
        h.append("</tr>\n");
        for (Map.Entry<String, CocoSummary> e : r.cocoByModality().entrySet()) {
            h.append("<tr class=\"modality\" data-modality=\"").append(esc(e.getKey())).append("\"><td>").append(esc(e.getKey()))
                    .append(" (").append(e.getValue().images()).append(" images)</td>");
            for (double v : e.getValue().stats()) {
                h.append("<td>").append(value(null, v, "%.3f")).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n<table id=\"coco-categories\"><tr><th>category</th><th>id</th><th>gt</th><th>crowd</th><th>AP</th><th>AP50</th>")
                .append("<th>AP75</th><th>AR100</th></tr>\n");
        for (CocoSummary.CategorySummary c : s.perCategory()) {
            double[] v = c.stats();
            h.append("<tr data-category=\"").append(c.category().id()).append("\"><td>").append(esc(c.category().name())).append("</td><td>")
                    .append(c.category().id()).append("</td><td>").append(c.groundTruths()).append("</td><td>").append(c.crowds())
                    .append("</td><td>").append(value(null, v[0], "%.3f")).append("</td><td>").append(value(null, v[1], "%.3f"))
                    .append("</td><td>").append(value(null, v[2], "%.3f")).append("</td><td>").append(value(null, v[8], "%.3f"))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    /** A number shown to a few decimals, with its full value (and an id) for tools. */
    private static String value(String id, double v, String format) {
        String shown = Double.isNaN(v) ? "n/a" : v == -1 ? "&minus;1" : String.format(Locale.ROOT, format, v);
        return "<span" + (id == null ? "" : " id=\"" + esc(id) + "\"") + " data-value=\"" + (Double.isNaN(v) ? "NaN" : Double.toString(v))
                + "\">" + shown + "</span>";
    }

    // ------------------------------------------------------------------ charts

    /** A square chart: axes from (x0, y0) to (x1, y1) in data units mapped onto a 360 × 300 plot. */
    private static final class Chart {
        static final int W = 460, H = 360, LEFT = 55, TOP = 20, PW = 360, PH = 290, LEGEND = 230;
        final StringBuilder svg = new StringBuilder();
        final double x0, x1, y0, y1;
        final boolean logX;

        Chart(String id, String title, String xLabel, String yLabel, double x0, double x1, double y0, double y1, boolean logX) {
            this.x0 = x0;
            this.x1 = x1;
            this.y0 = y0;
            this.y1 = y1;
            this.logX = logX;
            svg.append("<svg id=\"").append(id).append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W + LEGEND)
                    .append("\" height=\"").append(H).append("\" viewBox=\"0 0 ").append(W + LEGEND).append(' ').append(H).append("\">")
                    .append("<title>").append(esc(title)).append("</title>")
                    .append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(PW)
                    .append("\" height=\"").append(PH).append("\" fill=\"#fff\" stroke=\"#444\"/>")
                    .append("<text x=\"").append(LEFT + PW / 2).append("\" y=\"").append(H - 8).append("\" text-anchor=\"middle\" font-size=\"12\">")
                    .append(esc(xLabel)).append("</text>")
                    .append("<text x=\"14\" y=\"").append(TOP + PH / 2).append("\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 14 ")
                    .append(TOP + PH / 2).append(")\">").append(esc(yLabel)).append("</text>");
        }

        double px(double x) {
            double f = logX ? (Math.log(x) - Math.log(x0)) / (Math.log(x1) - Math.log(x0)) : (x - x0) / (x1 - x0);
            return LEFT + Math.max(0, Math.min(1, f)) * PW;
        }

        double py(double y) {
            return TOP + PH - Math.max(0, Math.min(1, (y - y0) / (y1 - y0))) * PH;
        }

        void xTick(double x, String label) {
            double p = px(x);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>", p, TOP, p, TOP + PH))
                    .append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\">%s</text>", p, TOP + PH + 14, label));
        }

        void yTick(double y, String label) {
            double p = py(y);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>", LEFT, p, LEFT + PW, p))
                    .append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-size=\"11\">%s</text>", LEFT - 4, p + 4, label));
        }

        void line(double[] xs, double[] ys, String colour, String cls, String dash) {
            StringBuilder d = new StringBuilder();
            for (int i = 0; i < xs.length; i++) {
                if (Double.isNaN(ys[i]) || (logX && xs[i] <= 0)) {
                    continue;
                }
                d.append(d.length() == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f %.1f", px(xs[i]), py(ys[i])));
            }
            svg.append("<path class=\"").append(cls).append("\" d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(colour)
                    .append("\" stroke-width=\"2\"").append(dash == null ? "" : " stroke-dasharray=\"" + dash + "\"").append("/>");
        }

        void band(double[] xs, double[] lower, double[] upper, String colour) {
            StringBuilder d = new StringBuilder();
            for (int i = 0; i < xs.length; i++) {
                d.append(i == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f %.1f", px(xs[i]), py(upper[i])));
            }
            for (int i = xs.length - 1; i >= 0; i--) {
                d.append("L").append(String.format(Locale.ROOT, "%.1f %.1f", px(xs[i]), py(lower[i])));
            }
            svg.append("<path class=\"band\" d=\"").append(d).append("Z\" fill=\"").append(colour).append("\" fill-opacity=\"0.15\" stroke=\"none\"/>");
        }

        void legend(int row, String colour, String text) {
            int y = TOP + 10 + row * 16;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>", LEFT + PW + 12, y,
                    LEFT + PW + 30, y, colour)).append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>",
                    LEFT + PW + 34, y + 4, esc(text)));
        }

        String done() {
            return svg.append("</svg>").toString();
        }
    }

    private static void prCurves(StringBuilder h, CocoSummary s) {
        double[] recall = s.params().recallThresholds();
        int limits = s.params().maxDetections().length;
        h.append("<h2>Precision–recall</h2>\n<p class=\"note\">COCOeval's interpolated precision at its 101 recall points, area all, ")
                .append(s.params().maxDetections()[limits - 1]).append(" detections, per category.</p>\n");
        int[] thresholds = {0, s.params().iouThresholds().length > 5 ? 5 : s.params().iouThresholds().length - 1};
        for (int t : thresholds) {
            double iou = s.params().iouThresholds()[t];
            Chart chart = new Chart("pr-iou-" + String.format(Locale.ROOT, "%.2f", iou), "precision-recall at IoU " + iou, "recall", "precision",
                    0, 1, 0, 1, false);
            for (int i = 0; i <= 10; i += 2) {
                chart.xTick(i / 10.0, String.format(Locale.ROOT, "%.1f", i / 10.0));
                chart.yTick(i / 10.0, String.format(Locale.ROOT, "%.1f", i / 10.0));
            }
            int row = 0;
            for (int k = 0; k < s.categories().size(); k++) {
                double[] p = new double[recall.length];
                boolean measured = false;
                for (int r = 0; r < recall.length; r++) {
                    p[r] = s.precision(t, r, k, 0, limits - 1);
                    measured |= p[r] > -1;
                }
                if (!measured) {
                    continue;
                }
                String colour = COLOURS[k % COLOURS.length];
                chart.line(recall, p, colour, "pr category-" + s.categories().get(k).id(), null);
                chart.legend(row++, colour, s.categories().get(k).name() + " (" + s.categories().get(k).id() + ")");
            }
            h.append("<figure>").append(chart.done()).append("<figcaption>IoU ").append(String.format(Locale.ROOT, "%.2f", iou))
                    .append("</figcaption></figure>\n");
        }
    }

    private static void froc(StringBuilder h, String modality, FrocResult f) {
        Chart chart = new Chart("froc-" + modality, "FROC " + modality, "false positives per scan", "sensitivity",
                Froc.FP_RATES[0], Froc.FP_RATES[Froc.FP_RATES.length - 1], 0, 1, true);
        for (double rate : Froc.FP_RATES) {
            chart.xTick(rate, rate < 1 ? "1/" + Math.round(1 / rate) : Long.toString(Math.round(rate)));
        }
        for (int i = 0; i <= 10; i += 2) {
            chart.yTick(i / 10.0, String.format(Locale.ROOT, "%.1f", i / 10.0));
        }
        if (f.hasIntervals()) {
            chart.band(f.bandRates(), f.bandLower(), f.bandUpper(), COLOURS[1]);
        }
        chart.line(f.bandRates(), f.bandSensitivity(), COLOURS[1], "froc", null);
        for (int i = 0; i < Froc.FP_RATES.length; i++) {
            chart.svg.append(String.format(Locale.ROOT, "<circle class=\"froc-point\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\" data-rate=\"%s\" data-value=\"%s\"/>",
                    chart.px(Froc.FP_RATES[i]), chart.py(f.sensitivityAtRates()[i]), COLOURS[1], Froc.FP_RATES[i], f.sensitivityAtRates()[i]));
        }
        chart.legend(0, COLOURS[1], modality + " CPM " + String.format(Locale.ROOT, "%.3f", f.averageSensitivity()));
        h.append("<figure>").append(chart.done()).append("<figcaption>").append(esc(modality)).append(": ").append(f.scans())
                .append(" scans, ").append(f.lesions()).append(" lesions, ").append(f.candidates()).append(" candidates</figcaption></figure>\n");
        h.append("<table class=\"froc\" data-modality=\"").append(esc(modality)).append("\"><tr><th>FP per scan</th>");
        for (double rate : Froc.FP_RATES) {
            h.append("<th>").append(rate < 1 ? "1/" + Math.round(1 / rate) : Long.toString(Math.round(rate))).append("</th>");
        }
        h.append("<th>average (CPM)</th></tr>\n<tr><td>sensitivity</td>");
        for (double v : f.sensitivityAtRates()) {
            h.append("<td>").append(value(null, v, "%.3f")).append("</td>");
        }
        h.append("<td>").append(value("froc-" + modality + "-cpm", f.averageSensitivity(), "%.3f")).append("</td></tr>\n");
        if (f.hasIntervals()) {
            h.append("<tr><td>").append(String.format(Locale.ROOT, "%.0f", f.bootstrap().confidence() * 100)).append("% CI</td>");
            for (Froc.Interval i : f.sensitivityIntervals()) {
                h.append("<td>").append(String.format(Locale.ROOT, "%.3f–%.3f", i.lower(), i.upper())).append("</td>");
            }
            h.append("<td>").append(String.format(Locale.ROOT, "%.3f–%.3f", f.averageInterval().lower(), f.averageInterval().upper()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void roc(StringBuilder h, EvaluationResult r) {
        h.append("<h2>Benign vs malignant (ROC)</h2>\n<p class=\"note\">Malignant is positive; AUC with DeLong's interval.</p>\n");
        Chart chart = new Chart("roc", "ROC", "1 − specificity", "sensitivity", 0, 1, 0, 1, false);
        for (int i = 0; i <= 10; i += 2) {
            chart.xTick(i / 10.0, String.format(Locale.ROOT, "%.1f", i / 10.0));
            chart.yTick(i / 10.0, String.format(Locale.ROOT, "%.1f", i / 10.0));
        }
        chart.line(new double[] {0, 1}, new double[] {0, 1}, "#bbb", "chance", "4 4");
        int row = 0;
        StringBuilder table = new StringBuilder("<table id=\"classification\"><tr><th>level</th><th>positives</th><th>negatives</th>")
                .append("<th>AUC</th><th>CI</th><th>sensitivity @ threshold</th><th>specificity @ threshold</th><th>Youden threshold</th>")
                .append("<th>sensitivity</th><th>specificity</th></tr>\n");
        for (String level : EvaluationResult.LEVELS) {
            RocAnalysis.Result roc = r.classification().get(level);
            if (roc == null) {
                continue;
            }
            String colour = COLOURS[row % COLOURS.length];
            chart.line(roc.curveFalsePositiveRate(), roc.curveTruePositiveRate(), colour, "roc roc-" + level, null);
            chart.legend(row++, colour, level + " AUC " + (Double.isNaN(roc.auc()) ? "n/a" : String.format(Locale.ROOT, "%.3f", roc.auc())));
            table.append("<tr data-level=\"").append(level).append("\"><td>").append(level).append("</td><td>").append(roc.positives())
                    .append("</td><td>").append(roc.negatives()).append("</td><td>").append(value("auc-" + level, roc.auc(), "%.3f"))
                    .append("</td><td>").append(Double.isNaN(roc.lower()) ? "n/a" : String.format(Locale.ROOT, "%.3f–%.3f", roc.lower(), roc.upper()))
                    .append("</td>");
            RocAnalysis.OperatingPoint p = roc.atThreshold();
            table.append("<td>").append(p == null ? "" : value(null, p.sensitivity(), "%.3f")).append("</td><td>")
                    .append(p == null ? "" : value(null, p.specificity(), "%.3f")).append("</td>");
            RocAnalysis.OperatingPoint y = roc.atYouden();
            table.append("<td>").append(y == null ? "" : value(null, y.threshold(), "%.3f")).append("</td><td>")
                    .append(y == null ? "" : value(null, y.sensitivity(), "%.3f")).append("</td><td>")
                    .append(y == null ? "" : value(null, y.specificity(), "%.3f")).append("</td></tr>\n");
        }
        h.append("<figure>").append(chart.done()).append("</figure>\n").append(table).append("</table>\n");
    }

    // ------------------------------------------------------------------ images

    private static void worst(StringBuilder h, EvaluationResult r) {
        if (r.worstImages().isEmpty()) {
            return;
        }
        h.append("<h2>Images with the most errors</h2>\n<p class=\"note\">Errors at IoU ").append(r.thresholds().iou())
                .append(" and score ≥ ").append(r.thresholds().score()).append(": detections that match nothing plus ground truth ")
                .append("no detection at that score took. Ground truth: green when found, yellow when missed; predictions: cyan when ")
                .append("matched, red dashed when not (those below the score threshold are not drawn).</p>\n");
        for (EvaluationResult.WorstImage w : r.worstImages()) {
            h.append("<figure class=\"worst\" data-file=\"").append(esc(w.image().fileName())).append("\" data-errors=\"").append(w.errors())
                    .append("\">").append(picture(w, r.thresholds().score())).append("<figcaption>").append(esc(w.image().fileName()))
                    .append(": ").append(w.errors()).append(" errors (").append(w.outcome().missed().size()).append(" missed, ")
                    .append(w.outcome().unmatched().size()).append(" unmatched)</figcaption></figure>\n");
        }
    }

    private static String picture(EvaluationResult.WorstImage w, double minScore) {
        int width = Math.max(1, w.image().width()), height = Math.max(1, w.image().height());
        double scale = Math.min(1, THUMBNAIL / (double) Math.max(width, height));
        int pngW = Math.max(1, (int) Math.round(width * scale)), pngH = Math.max(1, (int) Math.round(height * scale));
        double shown = SHOWN / (double) Math.max(width, height);
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(Math.round(width * shown)).append("\" height=\"")
                .append(Math.round(height * shown)).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\">");
        Optional<String> png = w.dicom() == null ? Optional.empty() : png(w, pngW, pngH);
        if (png.isPresent()) {
            s.append("<image width=\"").append(width).append("\" height=\"").append(height).append("\" href=\"data:image/png;base64,")
                    .append(png.get()).append("\"/>");
        } else {
            s.append("<rect width=\"").append(width).append("\" height=\"").append(height).append("\" fill=\"#111\"/>");
        }
        // in image units, so that lines are 1.5 px and labels 11 px on screen whatever the image's size
        double stroke = 1.5 / shown;
        for (ImageOutcome.Match m : w.outcome().matches()) {
            groundTruth(s, m.groundTruth(), w, stroke, m.groundTruth().crowd() ? "crowd" : "found");
        }
        for (GroundTruthObject g : w.outcome().missed()) {
            groundTruth(s, g, w, stroke, "missed");
        }
        for (ImageOutcome.Match m : w.outcome().matches()) {
            if (!m.groundTruth().crowd()) {
                prediction(s, m.detection(), "tp", "#00e5ff", null, stroke, minScore);
            }
        }
        for (Detection d : w.outcome().unmatched()) {
            if (d.score() >= minScore) {
                prediction(s, d, "fp", "#ff3030", "6 4", stroke, minScore);
            }
        }
        return s.append("</svg>").toString();
    }

    private static Optional<String> png(EvaluationResult.WorstImage w, int shownW, int shownH) {
        try {
            Grey8Image grey = AnnotatedImage.grey(w.dicom(), Optional.empty());
            BufferedImage full = grey.toBufferedImage();
            BufferedImage small = new BufferedImage(shownW, shownH, BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D g = small.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(full, 0, 0, shownW, shownH, null);
            g.dispose();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            PngFiles.write(small, bytes);
            return Optional.of(Base64.getEncoder().encodeToString(bytes.toByteArray()));
        } catch (DicomException | UncheckedIOException | IllegalArgumentException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void groundTruth(StringBuilder s, GroundTruthObject g, EvaluationResult.WorstImage w, double stroke, String cls) {
        String path = outline(g, w);
        if (path == null && g.bbox() != null) {
            double[] b = g.bbox();
            path = String.format(Locale.ROOT, "M%.2f %.2fH%.2fV%.2fH%.2fZ", b[0], b[1], b[0] + b[2], b[1] + b[3], b[0]);
        }
        if (path != null) {
            s.append("<path class=\"ground-truth ").append(cls).append("\" d=\"").append(path).append("\" fill=\"none\" stroke=\"")
                    .append(cls.equals("missed") ? "#ffd000" : "#30ff30").append("\" stroke-width=\"")
                    .append(String.format(Locale.ROOT, "%.1f", stroke)).append("\"").append(cls.equals("crowd") ? " stroke-dasharray=\"2 2\"" : "")
                    .append("/>");
        }
    }

    /** The region's traced outline (holes included) as an SVG path, or null when it has no region. */
    private static String outline(GroundTruthObject g, EvaluationResult.WorstImage w) {
        CocoSegmentation segmentation = g.segmentation();
        if (segmentation == null) {
            return null;
        }
        try {
            StringBuilder d = new StringBuilder();
            for (TracedComponent c : MaskTracer.trace(segmentation.toRle(w.image().width(), w.image().height()).decode())) {
                Geometry geometry = c.geometry();
                for (int i = 0; i < geometry.getNumGeometries(); i++) {
                    Polygon p = (Polygon) geometry.getGeometryN(i);
                    ring(d, p.getExteriorRing());
                    for (int k = 0; k < p.getNumInteriorRing(); k++) {
                        ring(d, p.getInteriorRingN(k));
                    }
                }
            }
            return d.length() == 0 ? null : d.toString();
        } catch (GeometryException | ClassCastException e) {
            return null;
        }
    }

    private static void ring(StringBuilder d, LineString ring) {
        Coordinate[] cs = ring.getCoordinates();
        for (int i = 0; i < cs.length; i++) {
            d.append(i == 0 ? "M" : "L").append((long) cs[i].x).append(' ').append((long) cs[i].y);
        }
        d.append('Z');
    }

    private static void prediction(StringBuilder s, Detection d, String cls, String colour, String dash, double stroke, double minScore) {
        double[] b = d.bbox();
        if (b == null) {
            return;
        }
        s.append(String.format(Locale.ROOT, "<rect class=\"prediction %s\" data-score=\"%s\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\"%s/>",
                cls, d.score(), b[0], b[1], Math.max(0, b[2]), Math.max(0, b[3]), colour, stroke, dash == null ? "" : " stroke-dasharray=\"" + dash + "\""));
        double font = stroke * 11 / 1.5;
        s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\" font-size=\"%.1f\">%.2f</text>", b[0], Math.max(font, b[1] - stroke * 2),
                colour, font, d.score()));
    }

    private static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
