package dev.pulmo.dataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * PNG charts of a {@link DatasetStatistics.Report}, drawn with Java2D off screen (works headless). Every chart has
 * a linear count axis from 0 with labelled ticks and the value written on each bar; a bar of 1 is at least
 * {@value #MIN_BAR} pixels, so a count of 1 never looks like 0.
 * <ul>
 *   <li>{@value #IMAGES_CHART}: images per class, one panel per modality, with the guideline's target (SPEC.md §9)
 *       drawn as a mark on the same linear axis: a small tree's bars are short beside their targets, which is the
 *       truth the chart is there to show.</li>
 *   <li>{@value #CATEGORIES_CHART}: lesions per category of every loaded modality's table.</li>
 *   <li>{@value #SIZES_CHART}: lesion sizes in millimetres, one panel per modality, 2-mm bins, with the guideline's
 *       4 mm line (malignant nodule ≥ 0.4 cm, SPEC.md §6).</li>
 * </ul>
 * Files are written atomically. Drawn by hand rather than with JFreeChart: these three charts need only a linear
 * axis, bars, marks and labels (about 300 lines), while JFreeChart is a 1.6 MB LGPL dependency whose defaults
 * (gradients, shadows, auto-ranged axes) would need as much code to turn off.
 */
public final class StatisticsCharts {
    public static final String IMAGES_CHART = "images-per-class.png";
    public static final String CATEGORIES_CHART = "lesions-per-category.png";
    public static final String SIZES_CHART = "lesion-sizes-mm.png";
    /** Colour of the bars (counts). */
    public static final Color COUNTED = new Color(0x1f77b4);
    /** Colour of the guideline's target marks. */
    public static final Color TARGET = new Color(0xd62728);
    /** Colour of the 4 mm line. */
    public static final Color THRESHOLD = new Color(0xff7f0e);
    /** The guideline's smallest malignant nodule, in mm (SPEC.md §6). */
    public static final double THRESHOLD_MM = 4;

    static final int WIDTH = 960;
    static final int MIN_BAR = 3;
    private static final Color GRID = new Color(0xe6e6e6);
    private static final Color TEXT = new Color(0x222222);

    // images chart: panels side by side
    static final int IMAGES_HEIGHT = 480;
    static final int IMAGES_TOP = 70;
    static final int IMAGES_BASELINE = 400;
    static final int PANEL_AXIS = 64;

    // categories chart: one row per category
    static final int ROW = 20;
    static final int CATEGORIES_TOP = 50;
    static final int CATEGORIES_LEFT = 250;
    static final int CATEGORIES_RIGHT = WIDTH - 60;

    // sizes chart: panels stacked
    static final int SIZES_PANEL = 190;
    static final int SIZES_TOP = 40;
    static final int SIZES_LEFT = 70;
    static final int SIZES_RIGHT = WIDTH - 20;
    static final int SIZES_PLOT_TOP = 34;
    static final int SIZES_PLOT_HEIGHT = 120;

    private StatisticsCharts() {
    }

    /** Writes the three charts into {@code folder} (created) and returns their paths. */
    public static List<Path> write(DatasetStatistics.Report report, Path folder) {
        List<Path> written = new ArrayList<>();
        charts(report).forEach((name, image) -> {
            Path target = folder.resolve(name);
            writePng(image, target);
            written.add(target);
        });
        return written;
    }

    /**
     * The three charts by file name ({@value #IMAGES_CHART}, {@value #CATEGORIES_CHART}, {@value #SIZES_CHART}), for
     * writers of other file systems.
     */
    public static Map<String, BufferedImage> charts(DatasetStatistics.Report report) {
        Map<String, BufferedImage> charts = new LinkedHashMap<>();
        charts.put(IMAGES_CHART, imagesChart(report));
        charts.put(CATEGORIES_CHART, categoriesChart(report));
        charts.put(SIZES_CHART, sizesChart(report));
        return charts;
    }

    /** Images per class, one panel per modality, each with its own linear axis holding the counts and the targets. */
    public static BufferedImage imagesChart(DatasetStatistics.Report report) {
        Map<String, List<DatasetStatistics.ClassCounts>> byModality = new LinkedHashMap<>();
        report.classes().forEach(c -> byModality.computeIfAbsent(c.modality(), k -> new ArrayList<>()).add(c));
        BufferedImage image = canvas(WIDTH, IMAGES_HEIGHT);
        Graphics2D g = graphics(image);
        g.setFont(g.getFont().deriveFont(Font.BOLD, 14f));
        g.drawString("Images per modality and class, against the guideline's targets", 10, 22);
        g.setFont(g.getFont().deriveFont(Font.PLAIN, 12f));
        int panels = Math.max(1, byModality.size());
        int panelWidth = (WIDTH - 20) / panels;
        int plotHeight = IMAGES_BASELINE - IMAGES_TOP;
        int p = 0;
        for (Map.Entry<String, List<DatasetStatistics.ClassCounts>> e : byModality.entrySet()) {
            int x0 = 10 + p++ * panelWidth;
            int plotLeft = x0 + PANEL_AXIS;
            int plotWidth = panelWidth - PANEL_AXIS - 12;
            double top = 0;
            for (DatasetStatistics.ClassCounts c : e.getValue()) {
                top = Math.max(top, Math.max(c.images(), c.target().map(GuidelineTargets.Target::images).orElse(0L)));
            }
            ChartAxis axis = ChartAxis.holding(top);
            yAxis(g, axis, x0, plotLeft, plotLeft + plotWidth, IMAGES_BASELINE, plotHeight);
            g.setColor(TEXT);
            g.setFont(g.getFont().deriveFont(Font.BOLD));
            centred(g, e.getKey(), plotLeft + plotWidth / 2, IMAGES_TOP - 26);
            g.setFont(g.getFont().deriveFont(Font.PLAIN));
            List<DatasetStatistics.ClassCounts> classes = e.getValue();
            int slot = plotWidth / Math.max(1, classes.size());
            int bar = Math.max(MIN_BAR, slot / 2);
            for (int i = 0; i < classes.size(); i++) {
                DatasetStatistics.ClassCounts c = classes.get(i);
                int centre = plotLeft + i * slot + slot / 2;
                int h = barLength(axis, c.images(), plotHeight);
                g.setColor(COUNTED);
                g.fillRect(centre - bar / 2, IMAGES_BASELINE - h, bar, h);
                g.setColor(TEXT);
                centred(g, ChartAxis.format(c.images()), centre, IMAGES_BASELINE - h - 4);
                centred(g, c.caseClass().folderName(), centre, IMAGES_BASELINE + 18);
                if (c.target().isPresent()) {
                    long target = c.target().get().images();
                    int y = IMAGES_BASELINE - axis.pixels(target, plotHeight);
                    g.setColor(TARGET);
                    g.fillRect(centre - slot / 2 + 4, y - 1, slot - 8, 3);
                    String label = ChartAxis.format(target);
                    // above the mark, unless that would leave the plot or hit the bar's own value
                    int labelY = y - 5 < IMAGES_TOP - 8 ? y + 15 : y - 5;
                    centred(g, label, centre, labelY);
                    g.setColor(TEXT);
                    centred(g, percent(c.images(), target), centre, IMAGES_BASELINE + 34);
                }
            }
        }
        legend(g, IMAGES_HEIGHT - 22, new String[] {"images counted (under each class: % of its target)",
                "the guideline's target"}, new Color[] {COUNTED, TARGET});
        g.dispose();
        return image;
    }

    /** Lesions per category, one row per category of every loaded modality's table, on one linear axis. */
    public static BufferedImage categoriesChart(DatasetStatistics.Report report) {
        List<DatasetStatistics.CategoryCounts> rows = report.categories();
        int height = CATEGORIES_TOP + Math.max(1, rows.size()) * ROW + 50;
        BufferedImage image = canvas(WIDTH, height);
        Graphics2D g = graphics(image);
        g.setFont(g.getFont().deriveFont(Font.BOLD, 14f));
        g.drawString("Lesions (annotations) per category", 10, 22);
        g.setFont(g.getFont().deriveFont(Font.PLAIN, 12f));
        long max = rows.stream().mapToLong(DatasetStatistics.CategoryCounts::lesions).max().orElse(0);
        ChartAxis axis = ChartAxis.holding(max);
        int plotWidth = CATEGORIES_RIGHT - CATEGORIES_LEFT;
        int bottom = CATEGORIES_TOP + rows.size() * ROW;
        for (int t = 0; t < axis.ticks(); t++) {
            int x = CATEGORIES_LEFT + axis.pixels(axis.tick(t), plotWidth);
            g.setColor(GRID);
            g.drawLine(x, CATEGORIES_TOP, x, bottom);
            g.setColor(TEXT);
            centred(g, ChartAxis.format(axis.tick(t)), x, bottom + 16);
        }
        centred(g, "lesions", CATEGORIES_LEFT + plotWidth / 2, bottom + 34);
        g.drawLine(CATEGORIES_LEFT - 1, CATEGORIES_TOP, CATEGORIES_LEFT - 1, bottom);
        g.drawLine(CATEGORIES_LEFT - 1, bottom, CATEGORIES_RIGHT, bottom);
        String previous = null;
        for (int i = 0; i < rows.size(); i++) {
            DatasetStatistics.CategoryCounts c = rows.get(i);
            int y = CATEGORIES_TOP + i * ROW;
            if (previous != null && !previous.equals(c.modality())) {
                g.setColor(Color.GRAY);
                g.drawLine(10, y, CATEGORIES_RIGHT, y);
            }
            previous = c.modality();
            g.setColor(TEXT);
            g.drawString(c.modality() + "  " + c.categoryId() + "  " + c.englishName(), 10, y + ROW - 6);
            int w = barLength(axis, c.lesions(), plotWidth);
            g.setColor(COUNTED);
            g.fillRect(CATEGORIES_LEFT, y + 4, w, ROW - 8);
            g.setColor(TEXT);
            g.drawString(ChartAxis.format(c.lesions()), CATEGORIES_LEFT + w + 4, y + ROW - 6);
        }
        g.dispose();
        return image;
    }

    /** Lesion sizes in mm, one panel per modality (its own count axis), with the 4 mm line. */
    public static BufferedImage sizesChart(DatasetStatistics.Report report) {
        Map<String, SizeHistogram> panels = report.sizeMmByModality();
        BufferedImage image = canvas(WIDTH, SIZES_TOP + Math.max(1, panels.size()) * SIZES_PANEL + 30);
        Graphics2D g = graphics(image);
        g.setFont(g.getFont().deriveFont(Font.BOLD, 14f));
        g.drawString("Lesion size in mm (longer side of the box), per modality: " + ChartAxis.format(report.sizeMm().total())
                + " lesions" + (report.lesionsWithoutSpacing() > 0
                ? "; " + ChartAxis.format(report.lesionsWithoutSpacing()) + " without pixel spacing not shown" : ""), 10, 22);
        g.setFont(g.getFont().deriveFont(Font.PLAIN, 12f));
        int p = 0;
        for (Map.Entry<String, SizeHistogram> e : panels.entrySet()) {
            sizePanel(g, e.getKey(), e.getValue(), SIZES_TOP + p++ * SIZES_PANEL);
        }
        legend(g, image.getHeight() - 14, new String[] {"lesions per 2-mm bin",
                String.format(Locale.ROOT, "%.0f mm: the guideline's smallest malignant nodule", THRESHOLD_MM)},
                new Color[] {COUNTED, THRESHOLD});
        g.dispose();
        return image;
    }

    /** x of the left edge of bin {@code i} (the overflow bin is {@code counts.length}) in a sizes panel. */
    static double binX(int i, int bins) {
        return SIZES_LEFT + (double) i * (SIZES_RIGHT - SIZES_LEFT) / (bins + 1);
    }

    private static void sizePanel(Graphics2D g, String modality, SizeHistogram h, int y0) {
        long[] counts = h.counts();
        long max = h.overflow();
        long under = 0;
        for (int i = 0; i < counts.length; i++) {
            max = Math.max(max, counts[i]);
            under += (i + 1) * h.binWidth() <= THRESHOLD_MM ? counts[i] : 0;
        }
        int baseline = y0 + SIZES_PLOT_TOP + SIZES_PLOT_HEIGHT;
        g.setColor(TEXT);
        g.setFont(g.getFont().deriveFont(Font.BOLD));
        g.drawString(modality + ": " + ChartAxis.format(h.total()) + " lesions, " + ChartAxis.format(under) + " under "
                + String.format(Locale.ROOT, "%.0f", THRESHOLD_MM) + " mm", SIZES_LEFT, y0 + 16);
        g.setFont(g.getFont().deriveFont(Font.PLAIN));
        ChartAxis axis = ChartAxis.holding(max);
        yAxis(g, axis, 10, SIZES_LEFT, SIZES_RIGHT, baseline, SIZES_PLOT_HEIGHT);
        double bin = binX(1, counts.length) - binX(0, counts.length);
        Font small = g.getFont().deriveFont(10f);
        for (int i = 0; i <= counts.length; i++) {
            long n = i < counts.length ? counts[i] : h.overflow();
            int x = (int) Math.round(binX(i, counts.length));
            int w = (int) Math.round(binX(i + 1, counts.length)) - x;
            int len = barLength(axis, n, SIZES_PLOT_HEIGHT);
            g.setColor(COUNTED);
            g.fillRect(x + 1, baseline - len, Math.max(1, w - 2), len);
            g.setColor(TEXT);
            if (n > 0) {
                Font f = g.getFont();
                g.setFont(small);
                centred(g, ChartAxis.format(n), x + w / 2, baseline - len - 3);
                g.setFont(f);
            }
            if (i % 5 == 0 && i < counts.length) {
                g.drawLine(x, baseline, x, baseline + 3);
                centred(g, String.format(Locale.ROOT, "%.0f", i * h.binWidth()), x, baseline + 15);
            }
        }
        centred(g, String.format(Locale.ROOT, "≥%.0f", counts.length * h.binWidth()),
                (int) Math.round((binX(counts.length, counts.length) + SIZES_RIGHT) / 2), baseline + 15);
        centred(g, "mm", (SIZES_LEFT + SIZES_RIGHT) / 2, baseline + 30);
        int x4 = (int) Math.round(SIZES_LEFT + THRESHOLD_MM / h.binWidth() * bin);
        g.setColor(THRESHOLD);
        g.setStroke(new BasicStroke(2, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1, new float[] {6, 4}, 0));
        g.drawLine(x4, y0 + SIZES_PLOT_TOP - 6, x4, baseline);
        g.setStroke(new BasicStroke(1));
        g.drawString(String.format(Locale.ROOT, "%.0f mm", THRESHOLD_MM), x4 + 4, y0 + SIZES_PLOT_TOP + 4);
    }

    /** Grid lines, tick labels and the axis line of a vertical count axis. */
    private static void yAxis(Graphics2D g, ChartAxis axis, int labelLeft, int plotLeft, int plotRight, int baseline, int height) {
        FontMetrics m = g.getFontMetrics();
        for (int t = 0; t < axis.ticks(); t++) {
            int y = baseline - axis.pixels(axis.tick(t), height);
            g.setColor(GRID);
            g.drawLine(plotLeft, y, plotRight, y);
            g.setColor(TEXT);
            String label = ChartAxis.format(axis.tick(t));
            g.drawString(label, Math.max(labelLeft, plotLeft - 6 - m.stringWidth(label)), y + m.getAscent() / 2 - 1);
        }
        g.setColor(TEXT);
        g.drawLine(plotLeft, baseline - height, plotLeft, baseline);
        g.drawLine(plotLeft, baseline, plotRight, baseline);
    }

    /** Length of a bar of {@code value}: 0 only for 0, at least {@link #MIN_BAR} pixels otherwise. */
    static int barLength(ChartAxis axis, double value, int length) {
        return value <= 0 ? 0 : Math.max(MIN_BAR, axis.pixels(value, length));
    }

    private static String percent(long count, long target) {
        if (target == 0) {
            return "";
        }
        double p = 100.0 * count / target;
        return String.format(Locale.ROOT, p >= 10 || p == 0 ? "%.0f%%" : p >= 0.1 ? "%.1f%%" : "%.3f%%", p);
    }

    private static void legend(Graphics2D g, int y, String[] labels, Color[] colours) {
        int x = 14;
        for (int i = 0; i < labels.length; i++) {
            g.setColor(colours[i]);
            g.fillRect(x, y - 9, 18, 10);
            g.setColor(TEXT);
            g.drawString(labels[i], x + 24, y);
            x += 24 + g.getFontMetrics().stringWidth(labels[i]) + 30;
        }
    }

    private static void centred(Graphics2D g, String text, int x, int baselineY) {
        g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, baselineY);
    }

    private static BufferedImage canvas(int width, int height) {
        return new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    }

    private static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setStroke(new BasicStroke(1));
        g.setColor(TEXT);
        return g;
    }

    static void writePng(BufferedImage image, Path target) {
        PngFiles.write(image, target);
    }
}
