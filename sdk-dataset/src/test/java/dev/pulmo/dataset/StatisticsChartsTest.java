package dev.pulmo.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.plugin.CaseClass;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The charts as pixels, for reports made by hand: bar lengths against values worked out here (nice axis tops by
 * hand), a bar of 1 visible, a bar of 0 absent, the targets as marks at their heights, the 4 mm line where 4 mm is.
 * The PNGs are read back from disk with ImageIO and kept under {@code target/charts/} for a person to look at.
 */
class StatisticsChartsTest {
    private static final Path ARTEFACTS = Path.of("target", "charts");

    private static DatasetStatistics.ClassCounts counts(String modality, CaseClass c, long images) {
        return new DatasetStatistics.ClassCounts(modality, c, images, images, 0, GuidelineTargets.of(modality, c));
    }

    private static SizeHistogram histogram(Map<Integer, Long> bins) {
        long[] counts = new long[DatasetStatistics.MM_BINS];
        bins.forEach((i, n) -> counts[i] = n);
        return new SizeHistogram(DatasetStatistics.MM_BIN_WIDTH, counts, 0);
    }

    /** XRY: 1 benign, 0 malignant, 5,000 normal images; CCT 40 / 7 / 0; sizes: CCT one 1-mm lesion and ten 11-mm ones. */
    private static DatasetStatistics.Report report() {
        List<DatasetStatistics.ClassCounts> classes = List.of(
                counts("XRY", CaseClass.BENIGN, 1), counts("XRY", CaseClass.MALIGNANT, 0), counts("XRY", CaseClass.NORMAL, 5_000),
                counts("CCT", CaseClass.BENIGN, 40), counts("CCT", CaseClass.MALIGNANT, 7), counts("CCT", CaseClass.NORMAL, 0));
        List<DatasetStatistics.CategoryCounts> categories = List.of(
                new DatasetStatistics.CategoryCounts("CCT", 1, "malignant", 1),
                new DatasetStatistics.CategoryCounts("CCT", 2, "metastatic lesion", 0),
                new DatasetStatistics.CategoryCounts("CCT", 3, "benign", 1_000));
        Map<String, SizeHistogram> sizes = new LinkedHashMap<>();
        sizes.put("XRY", histogram(Map.of()));
        sizes.put("CCT", histogram(Map.of(0, 1L, 5, 10L)));
        return new DatasetStatistics.Report(classes, categories, histogram(Map.of(0, 1L, 5, 10L)), histogram(Map.of(0, 1L, 5, 10L)),
                sizes, 3, 11, 0, Optional.empty());
    }

    private static BufferedImage written(BufferedImage image, String name) throws Exception {
        Files.createDirectories(ARTEFACTS);
        Path file = ARTEFACTS.resolve(name);
        PngFiles.write(image, file);
        return ImageIO.read(file.toFile());
    }

    private static boolean is(BufferedImage image, int x, int y, java.awt.Color colour) {
        return (image.getRGB(x, y) & 0xFFFFFF) == (colour.getRGB() & 0xFFFFFF);
    }

    /** Runs of {@code colour} along row {@code y}, as [start, end) pairs. */
    private static List<int[]> runs(BufferedImage image, int y, java.awt.Color colour) {
        List<int[]> runs = new ArrayList<>();
        int start = -1;
        for (int x = 0; x <= image.getWidth(); x++) {
            boolean in = x < image.getWidth() && is(image, x, y, colour);
            if (in && start < 0) {
                start = x;
            } else if (!in && start >= 0) {
                runs.add(new int[] {start, x});
                start = -1;
            }
        }
        return runs;
    }

    /** Rows of {@code colour} in column {@code x} from {@code fromY} upwards, without a gap. */
    private static int heightAt(BufferedImage image, int x, int fromY, java.awt.Color colour) {
        int h = 0;
        while (fromY - h >= 0 && is(image, x, fromY - h, colour)) {
            h++;
        }
        return h;
    }

    @Test
    void imagesChartHasABarForEveryNonZeroCountAndTheTargetsAsMarksOnALinearAxis() throws Exception {
        BufferedImage png = written(StatisticsCharts.imagesChart(report()), "images-per-class.png");
        int baseline = StatisticsCharts.IMAGES_BASELINE;
        int plot = baseline - StatisticsCharts.IMAGES_TOP; // 330 px
        List<int[]> bars = runs(png, baseline - 1, StatisticsCharts.COUNTED);
        // XRY benign (1), XRY normal (5,000), CCT benign (40), CCT malignant (7): four bars; the two zeros have none
        assertThat(bars).hasSize(4);
        // XRY: axis to max(5,000, target 10,000) = 10,000 (step 2,000); a count of 1 is 0.03 px: drawn 3 px
        assertThat(heightAt(png, bars.get(0)[0] + 1, baseline - 1, StatisticsCharts.COUNTED)).isEqualTo(StatisticsCharts.MIN_BAR);
        assertThat(heightAt(png, bars.get(1)[0] + 1, baseline - 1, StatisticsCharts.COUNTED)).isEqualTo(Math.round(5_000 / 10_000.0 * plot));
        // CCT: axis to the 375,000 target = 400,000 (step 100,000); 40 images is under a pixel: 3 px
        assertThat(heightAt(png, bars.get(2)[0] + 1, baseline - 1, StatisticsCharts.COUNTED)).isEqualTo(StatisticsCharts.MIN_BAR);
        // the target marks: 3 px of the target colour centred on the target's height, above each class
        int[] xryTargets = {500, 3_000, 10_000};
        int xrySlot = (bars.get(1)[0] + bars.get(1)[1]) / 2 - (bars.get(0)[0] + bars.get(0)[1]) / 2; // benign to normal centres
        for (int i = 0; i < 3; i++) {
            int x = (bars.get(0)[0] + bars.get(0)[1]) / 2 + i * xrySlot / 2;
            int y = baseline - (int) Math.round(xryTargets[i] / 10_000.0 * plot);
            assertThat(is(png, x, y, StatisticsCharts.TARGET) && is(png, x, y - 1, StatisticsCharts.TARGET)
                    && is(png, x, y + 1, StatisticsCharts.TARGET)).as("target mark %d at y %d", xryTargets[i], y).isTrue();
        }
        int y375 = baseline - (int) Math.round(375_000 / 400_000.0 * plot);
        assertThat(runs(png, y375, StatisticsCharts.TARGET).stream().filter(r -> r[1] - r[0] > 40)).hasSize(1);
    }

    @Test
    void categoriesChartDrawsEveryCategoryWithItsLength() throws Exception {
        BufferedImage png = written(StatisticsCharts.categoriesChart(report()), "lesions-per-category.png");
        int width = StatisticsCharts.CATEGORIES_RIGHT - StatisticsCharts.CATEGORIES_LEFT;
        int[] lengths = new int[3];
        for (int i = 0; i < 3; i++) {
            int y = StatisticsCharts.CATEGORIES_TOP + i * StatisticsCharts.ROW + StatisticsCharts.ROW / 2;
            List<int[]> r = runs(png, y, StatisticsCharts.COUNTED);
            lengths[i] = r.isEmpty() ? 0 : r.get(0)[1] - r.get(0)[0];
        }
        // 1,000 lesions: the axis goes to 1,000 (step 200); a bar of 1 would be 1/1,000 of 650 px: drawn 3 px
        assertThat(lengths).containsExactly(StatisticsCharts.MIN_BAR, 0, width);
    }

    @Test
    void sizesChartHasOnePanelPerModalityTheFourMillimetreLineAndCountAxes() throws Exception {
        BufferedImage png = written(StatisticsCharts.sizesChart(report()), "lesion-sizes-mm.png");
        int bins = DatasetStatistics.MM_BINS;
        int xryBaseline = StatisticsCharts.SIZES_TOP + StatisticsCharts.SIZES_PLOT_TOP + StatisticsCharts.SIZES_PLOT_HEIGHT;
        int cctBaseline = xryBaseline + StatisticsCharts.SIZES_PANEL;
        assertThat(runs(png, xryBaseline - 1, StatisticsCharts.COUNTED)).as("XRY has no lesions").isEmpty();
        List<int[]> cct = runs(png, cctBaseline - 1, StatisticsCharts.COUNTED);
        assertThat(cct).hasSize(2);
        // bin 0 (0-2 mm) and bin 5 (10-12 mm), each a 1/51 of the plot's width
        double binWidth = (StatisticsCharts.SIZES_RIGHT - StatisticsCharts.SIZES_LEFT) / (double) (bins + 1);
        assertThat(cct.get(0)[0]).isBetween((int) (StatisticsCharts.SIZES_LEFT), (int) (StatisticsCharts.SIZES_LEFT + 2));
        assertThat(cct.get(1)[0]).isBetween((int) (StatisticsCharts.SIZES_LEFT + 5 * binWidth), (int) (StatisticsCharts.SIZES_LEFT + 5 * binWidth) + 2);
        // axis to 10 (step 2): 10 lesions the full 120 px, 1 lesion 12 px
        assertThat(heightAt(png, cct.get(1)[0] + 2, cctBaseline - 1, StatisticsCharts.COUNTED)).isEqualTo(StatisticsCharts.SIZES_PLOT_HEIGHT);
        assertThat(heightAt(png, cct.get(0)[0] + 2, cctBaseline - 1, StatisticsCharts.COUNTED)).isEqualTo(12);
        // the 4 mm line: two bins of 2 mm from the left edge, in both panels
        int x4 = (int) Math.round(StatisticsCharts.SIZES_LEFT + 2 * binWidth);
        for (int baseline : new int[] {xryBaseline, cctBaseline}) {
            long dashes = 0;
            for (int y = baseline - StatisticsCharts.SIZES_PLOT_HEIGHT; y < baseline; y++) {
                dashes += is(png, x4, y, StatisticsCharts.THRESHOLD) || is(png, x4 - 1, y, StatisticsCharts.THRESHOLD) ? 1 : 0;
            }
            assertThat(dashes).as("4 mm line above baseline %d", baseline).isGreaterThan(StatisticsCharts.SIZES_PLOT_HEIGHT / 2);
        }
    }
}
