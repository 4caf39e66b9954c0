package dev.pulmo.dataset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * PNG charts of a {@link DatasetStatistics.Report}, drawn with Java2D off screen (works headless):
 * {@value #IMAGES_CHART}, images per modality and class beside the guideline's target on a logarithmic axis
 * (the targets are 10⁵ times a small tree's counts), and {@value #SIZES_CHART}, the histogram of lesion sizes in
 * millimetres. Files are written atomically.
 */
public final class StatisticsCharts {
    public static final String IMAGES_CHART = "images-per-class.png";
    public static final String SIZES_CHART = "lesion-sizes-mm.png";
    /** Colours of the bars: counted images, target images. */
    public static final Color COUNTED = new Color(0x1f77b4);
    public static final Color TARGET = new Color(0xbbbbbb);

    private static final int WIDTH = 960;
    private static final int HEIGHT = 480;
    private static final int LEFT = 70;
    private static final int BOTTOM = 70;
    private static final int TOP = 40;

    private StatisticsCharts() {
    }

    /** Writes both charts into {@code folder} (created) and returns their paths. */
    public static List<Path> write(DatasetStatistics.Report report, Path folder) {
        List<Path> written = new ArrayList<>();
        charts(report).forEach((name, image) -> {
            Path target = folder.resolve(name);
            writePng(image, target);
            written.add(target);
        });
        return written;
    }

    /** Both charts by file name ({@value #IMAGES_CHART}, {@value #SIZES_CHART}), for writers of other file systems. */
    public static Map<String, BufferedImage> charts(DatasetStatistics.Report report) {
        Map<String, BufferedImage> charts = new LinkedHashMap<>();
        charts.put(IMAGES_CHART, imagesChart(report));
        charts.put(SIZES_CHART, sizesChart(report.sizeMm()));
        return charts;
    }

    /** Images per modality and class (blue) and their targets (grey), log₁₀ axis from 1 to 10⁶. */
    public static BufferedImage imagesChart(DatasetStatistics.Report report) {
        BufferedImage image = canvas();
        Graphics2D g = graphics(image);
        List<DatasetStatistics.ClassCounts> classes = report.classes();
        int plotWidth = WIDTH - LEFT - 20;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        double decades = 6;
        g.setColor(Color.BLACK);
        g.drawString("Images per modality and class (blue) against the guideline's target (grey), log scale", LEFT, 20);
        for (int d = 0; d <= decades; d++) {
            int y = TOP + plotHeight - (int) Math.round(d / decades * plotHeight);
            g.setColor(new Color(0xeeeeee));
            g.drawLine(LEFT, y, LEFT + plotWidth, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%,d", (long) Math.pow(10, d)), 5, y + 4);
        }
        double group = (double) plotWidth / Math.max(1, classes.size());
        int bar = (int) Math.max(2, group * 0.35);
        for (int i = 0; i < classes.size(); i++) {
            DatasetStatistics.ClassCounts c = classes.get(i);
            int x = LEFT + (int) Math.round(i * group + group * 0.1);
            bar(g, COUNTED, x, c.images(), bar, plotHeight, decades);
            c.target().ifPresent(t -> bar(g, TARGET, x + bar, t.images(), bar, plotHeight, decades));
            g.setColor(Color.BLACK);
            g.drawString(c.modality(), x, TOP + plotHeight + 18);
            g.drawString(c.caseClass().folderName(), x, TOP + plotHeight + 34);
        }
        g.drawLine(LEFT, TOP + plotHeight, LEFT + plotWidth, TOP + plotHeight);
        g.dispose();
        return image;
    }

    /** The size histogram in mm, overflow as the last bar. */
    public static BufferedImage sizesChart(SizeHistogram histogram) {
        BufferedImage image = canvas();
        Graphics2D g = graphics(image);
        long[] counts = histogram.counts();
        long max = Math.max(1, Math.max(histogram.overflow(), Arrays.stream(counts).max().orElse(0)));
        int plotWidth = WIDTH - LEFT - 20;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        g.setColor(Color.BLACK);
        g.drawString("Lesion size (longer side of the box, mm): " + histogram.total() + " lesions; top: " + max, LEFT, 20);
        double bin = (double) plotWidth / (counts.length + 1);
        for (int i = 0; i <= counts.length; i++) {
            long n = i < counts.length ? counts[i] : histogram.overflow();
            int h = (int) Math.round((double) n / max * plotHeight);
            int x = LEFT + (int) Math.round(i * bin);
            g.setColor(COUNTED);
            g.fillRect(x + 1, TOP + plotHeight - h, (int) Math.max(1, bin - 2), h);
            g.setColor(Color.BLACK);
            if (i % 2 == 0 || i == counts.length) {
                String label = i < counts.length ? String.format(Locale.ROOT, "%.0f", i * histogram.binWidth())
                        : String.format(Locale.ROOT, "≥%.0f", counts.length * histogram.binWidth());
                g.drawString(label, x, TOP + plotHeight + 18);
            }
        }
        g.drawLine(LEFT, TOP + plotHeight, LEFT + plotWidth, TOP + plotHeight);
        g.dispose();
        return image;
    }

    private static void bar(Graphics2D g, Color colour, int x, long value, int width, int plotHeight, double decades) {
        int h = value <= 0 ? 0 : (int) Math.round(Math.min(decades, Math.log10(value)) / decades * plotHeight);
        // a count of 1 is log 0; show it as a sliver so that it differs from nothing
        h = value > 0 ? Math.max(2, h) : 0;
        g.setColor(colour);
        g.fillRect(x, TOP + plotHeight - h, width, h);
    }

    private static BufferedImage canvas() {
        return new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    }

    private static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setStroke(new BasicStroke(1));
        return g;
    }

    static void writePng(BufferedImage image, Path target) {
        PngFiles.write(image, target);
    }
}
