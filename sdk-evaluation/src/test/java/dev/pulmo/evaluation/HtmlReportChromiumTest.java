package dev.pulmo.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.pulmo.testing.HeadlessChromium;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report as a browser sees it: headless Chromium (Debian's {@code chromium}) loads the page written for a
 * generated tree, and the DOM it builds must carry the evaluation's numbers (every COCO stat, AUCs, FROC scores), the
 * three kinds of chart and the worst images with their predictions drawn. A screenshot is kept as
 * {@code target/evaluate-report/report.png} (with the page beside it) for a person to look at.
 */
class HtmlReportChromiumTest {
    private static final Path ARTEFACTS = Path.of("target", "evaluate-report");

    @TempDir
    Path dir;

    /** The {@code data-value} of the element with {@code id} in the DOM. */
    private static double valueOf(String dom, String id) {
        Matcher m = Pattern.compile("id=\"" + Pattern.quote(id) + "\" data-value=\"([^\"]+)\"").matcher(dom);
        assertThat(m.find()).as("element %s in the DOM", id).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static int count(String dom, String regex) {
        Matcher m = Pattern.compile(regex).matcher(dom);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void chromiumShowsTheNumbersTheChartsAndTheWorstImages() throws IOException, InterruptedException {
        Optional<HeadlessChromium> chromium = HeadlessChromium.find(dir);
        Assumptions.assumeTrue(chromium.isPresent(), HeadlessChromium.MISSING);
        HeadlessChromium browser = chromium.get();
        // every object found shifted by 3 px, every third missed, a false positive on every fifth
        int[] n = {0};
        ArrayNode results = DemoTree.results(a -> {
            JsonNode b = a.get("bbox");
            return n[0]++ % 3 == 0 ? null : DemoTree.result(a.get("image_id").asLong(), a.get("category_id").asInt(),
                    b.get(0).asDouble() + 3, b.get(1).asDouble(), b.get(2).asDouble(), b.get(3).asDouble(), 0.6 + (n[0] % 7) * 0.05);
        });
        for (JsonNode a : DemoTree.COCO.get("annotations")) {
            if (a.get("id").asLong() % 5 == 0) {
                results.add(DemoTree.result(a.get("image_id").asLong(), a.get("category_id").asInt(), 10, 10, 25, 25, 0.8));
            }
        }
        Path pred = DemoTree.write(dir.resolve("pred.json"), results);
        TreeEvaluation.Options d = TreeEvaluation.Options.defaults();
        EvaluationResult result = TreeEvaluation.run(DemoTree.LAYOUT, pred, new TreeEvaluation.Options(IouType.SEGM, d.params(),
                d.thresholds(), Set.of(), null, null, new Froc.Bootstrap(300, 2, 0.95), 0.95, 6, 2));
        Files.createDirectories(ARTEFACTS);
        Path page = ARTEFACTS.resolve("report.html").toAbsolutePath();
        EvaluationReport.write(result, EvaluationReport.Format.HTML, page);
        String html = Files.readString(page);
        assertThat(html).doesNotContain("<script").doesNotContain("src=\"http").doesNotContain("href=\"http");

        String dom = browser.dumpDom(page);
        double[] stats = result.coco().stats();
        for (int i = 0; i < stats.length; i++) {
            assertThat(valueOf(dom, "coco-" + CocoSummary.STAT_NAMES.get(i))).as(CocoSummary.STAT_NAMES.get(i)).isEqualTo(stats[i]);
        }
        assertThat(stats[0]).isBetween(0.01, 0.99);
        for (String level : EvaluationResult.LEVELS) {
            assertThat(valueOf(dom, "auc-" + level)).as(level).isEqualTo(result.classification().get(level).auc());
        }
        for (String modality : result.froc().keySet()) {
            assertThat(valueOf(dom, "froc-" + modality + "-cpm")).isEqualTo(result.froc().get(modality).averageSensitivity());
            assertThat(dom).contains("id=\"froc-" + modality + "\"");
        }
        assertThat(valueOf(dom, "count-images")).isEqualTo(result.counts().images());
        assertThat(dom).contains("id=\"pr-iou-0.50\"").contains("id=\"roc\"");
        assertThat(count(dom, "class=\"roc roc-")).isEqualTo(3);
        assertThat(count(dom, "<figure class=\"worst\"")).isEqualTo(result.worstImages().size()).isPositive();
        assertThat(count(dom, "href=\"data:image/png;base64,")).isEqualTo(result.worstImages().size());
        // the worst image first, with its missed ground truth and its predictions drawn
        EvaluationResult.WorstImage first = result.worstImages().get(0);
        assertThat(dom).contains("data-file=\"" + first.image().fileName() + "\" data-errors=\"" + first.errors() + "\"");
        assertThat(dom.indexOf("data-errors=\"" + first.errors() + "\"")).isLessThan(dom.lastIndexOf("<figure class=\"worst\""));
        assertThat(count(dom, "class=\"ground-truth missed\"")).isPositive();
        assertThat(count(dom, "class=\"prediction (tp|fp)\"")).isPositive();

        Path screenshot = ARTEFACTS.resolve("report.png").toAbsolutePath();
        browser.screenshot(page, screenshot, 1300, 5200);
        BufferedImage png = ImageIO.read(new File(screenshot.toString()));
        assertThat(png.getWidth()).isEqualTo(1300);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < png.getHeight(); y += 7) {
            for (int x = 0; x < png.getWidth(); x += 7) {
                colours.add(png.getRGB(x, y));
            }
        }
        assertThat(colours.size()).as("a rendered page, not a blank one").isGreaterThan(50);
    }
}
