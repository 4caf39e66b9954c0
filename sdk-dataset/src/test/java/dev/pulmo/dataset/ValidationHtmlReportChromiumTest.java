package dev.pulmo.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.Severity;
import dev.pulmo.testing.HeadlessChromium;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The validation report as a browser sees it: headless Chromium loads the page, and the DOM it builds must carry the
 * counts worked out here from the findings themselves (totals, one group per rule and series with its count, every
 * finding once, one folded section per series), thumbnails with the offending box framed where the JSON says it is,
 * and paths relative to the dataset's root. A page of 100,000 findings must load in Chromium in reasonable time.
 * Screenshots and pages are kept under {@code target/validation-report/} for a person to look at.
 */
class ValidationHtmlReportChromiumTest {
    private static final Path ARTEFACTS = Path.of("target", "validation-report");

    @TempDir
    Path dir;

    private HeadlessChromium chromium() {
        Optional<HeadlessChromium> c = HeadlessChromium.find(dir.resolve("profiles"));
        Assumptions.assumeTrue(c.isPresent(), HeadlessChromium.MISSING);
        return c.get();
    }

    private static int count(String dom, String regex) {
        Matcher m = Pattern.compile(regex).matcher(dom);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static long dataCount(String dom, String id) {
        Matcher m = Pattern.compile("id=\"" + Pattern.quote(id) + "\" data-count=\"(\\d+)\"").matcher(dom);
        assertThat(m.find()).as("element %s", id).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** The series folder of a finding, as a person reads the layout: the parent of dcm/, json/ or binary/. */
    private static String seriesOf(Finding f, Path root) {
        if (f.location().file() == null) {
            return "(the tree)";
        }
        Path p = Path.of(f.location().file());
        Path series = Set.of("dcm", "json", "binary").contains(p.getParent().getFileName().toString()) ? p.getParent().getParent() : p;
        return root.relativize(series).toString();
    }

    /** Pairs (rule, series) with their counts, from the findings. */
    private static Map<String, Long> groups(List<Finding> findings, Path root) {
        Map<String, Long> groups = new LinkedHashMap<>();
        for (Finding f : findings) {
            groups.merge(f.code() + " " + seriesOf(f, root), 1L, Long::sum);
        }
        return groups;
    }

    private static Map<String, Long> groupsInDom(String dom) {
        Map<String, Long> groups = new HashMap<>();
        Matcher m = Pattern.compile("<tr class=\"group\" data-rule=\"([^\"]+)\" data-series=\"([^\"]+)\" data-count=\"(\\d+)\"").matcher(dom);
        while (m.find()) {
            assertThat(groups.put(m.group(1) + " " + m.group(2), Long.parseLong(m.group(3)))).as("one row per group").isNull();
        }
        return groups;
    }

    @Test
    void aDamagedTreeGroupsItsRepeatedFindingsFramesTheOffendingBoxAndCountsRightInChromium() throws Exception {
        HeadlessChromium browser = chromium();
        DatasetLayout layout = DemoTree.copyTo(dir.resolve("tree"));
        Path root = layout.root().toAbsolutePath();
        // every annotation of one CT series gets iscrowd 3: one finding per annotation, repeated across the series
        Path series;
        try (Stream<Path> s = Files.walk(root.resolve("chest-ct/malignant"))) {
            series = s.filter(p -> p.getFileName().toString().equals("json")).sorted().findFirst().orElseThrow().getParent();
        }
        List<Path> jsons;
        try (Stream<Path> s = Files.list(series.resolve("json"))) {
            jsons = s.sorted().toList();
        }
        int damaged = 0;
        for (Path j : jsons) {
            String text = Files.readString(j);
            damaged += count(text, "\"iscrowd\": 0");
            Files.writeString(j, text.replace("\"iscrowd\": 0", "\"iscrowd\": 3"));
        }
        assertThat(damaged).isPositive();
        // and one X-ray image loses its JSON
        Path xray;
        try (Stream<Path> s = Files.walk(root.resolve("x-ray/benign"))) {
            xray = s.filter(p -> p.toString().endsWith(".json")).sorted().findFirst().orElseThrow();
        }
        Files.delete(xray);

        FindingSink.Collected findings = new FindingSink.Collected();
        Files.createDirectories(ARTEFACTS);
        Path page = ARTEFACTS.resolve("report.html");
        try (ValidationHtmlReport.Spill spill = ValidationHtmlReport.spill();
             Writer w = Files.newBufferedWriter(page, StandardCharsets.UTF_8)) {
            DatasetValidator.Report report = new DatasetValidator(layout, 2).validate(() -> { }, spill.and(findings));
            spill.render(report, layout, w);
        }
        List<Finding> all = findings.findings();
        assertThat(all.stream().filter(f -> f.code().equals("json.annotation.iscrowd"))).hasSize(damaged);
        assertThat(all.stream().filter(f -> f.code().equals("pairing.json-missing"))).hasSize(1);

        String dom = browser.dumpDom(page);
        assertThat(dataCount(dom, "count-findings")).isEqualTo(all.size());
        assertThat(dataCount(dom, "count-errors")).isEqualTo(all.stream().filter(f -> f.severity() == Severity.ERROR).count());
        assertThat(dataCount(dom, "count-warnings")).isEqualTo(all.stream().filter(f -> f.severity() == Severity.WARNING).count());
        assertThat(groupsInDom(dom)).isEqualTo(groups(all, root));
        assertThat(count(dom, "<li class=\"finding ")).as("every finding once under All findings").isEqualTo(all.size());
        assertThat(count(dom, "<li class=\"worst ")).as("the worst files' findings").isPositive();
        assertThat(count(dom, "<details class=\"series\" open=\"\"")).isEqualTo(all.stream().map(f -> seriesOf(f, root)).distinct().count());
        assertThat(dom).contains("<nav id=\"toc\">").contains("href=\"#groups\"").contains("Next: ");
        assertThat(count(dom, "<details class=\"rule\" open=\"\"")).as("one open section per rule").isEqualTo(2);
        // paths relative to the dataset's root: the root is named in the title, the heading and the summary only
        assertThat(count(dom, Pattern.quote(root.toString()))).isEqualTo(3);
        assertThat(dom).contains("<p><b>" + root.relativize(jsons.get(0)) + "</b></p>");

        // the iscrowd group's thumbnail: the first damaged annotation's box framed, at the thumbnail's scale (256 / 512)
        Matcher thumb = Pattern.compile("data-rule=\"json.annotation.iscrowd\"[^>]*><td><img class=\"thumb\" alt=\"[^\"]*\" src=\"data:image/png;base64,([^\"]+)\"")
                .matcher(dom);
        assertThat(thumb.find()).as("the iscrowd group has a thumbnail").isTrue();
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(thumb.group(1))));
        assertThat(png.getWidth()).isEqualTo(256);
        Matcher bbox = Pattern.compile("\"bbox\": \\[([\\d.]+), ([\\d.]+), ([\\d.]+), ([\\d.]+)\\]").matcher(Files.readString(jsons.get(0)));
        assertThat(bbox.find()).isTrue();
        double s = 256.0 / 512;
        int left = (int) Math.floor(Double.parseDouble(bbox.group(1)) * s) - 3;
        int right = (int) Math.ceil(Double.parseDouble(bbox.group(3)) * s) + 3;
        int middle = (int) Math.round((Double.parseDouble(bbox.group(2)) + Double.parseDouble(bbox.group(4))) / 2 * s);
        assertThat(near(png, left, middle, ValidationHtmlReport.FRAME.getRGB())).as("left edge of the frame").isTrue();
        assertThat(near(png, right, middle, ValidationHtmlReport.FRAME.getRGB())).as("right edge of the frame").isTrue();
        assertThat(near(png, (left + right) / 2 + 40, middle + 40, ValidationHtmlReport.FRAME.getRGB())).as("nothing framed elsewhere").isFalse();

        Path screenshot = ARTEFACTS.resolve("report.png");
        browser.screenshot(page, screenshot, 1300, 2400);
        assertThat(colours(ImageIO.read(screenshot.toFile()))).as("a rendered page, not a blank one").isGreaterThan(50);
    }

    private static boolean near(BufferedImage png, int x, int y, int rgb) {
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                int px = x + dx;
                int py = y + dy;
                if (px >= 0 && py >= 0 && px < png.getWidth() && py < png.getHeight() && (png.getRGB(px, py) & 0xFFFFFF) == (rgb & 0xFFFFFF)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int colours(BufferedImage png) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < png.getHeight(); y += 5) {
            for (int x = 0; x < png.getWidth(); x += 5) {
                colours.add(png.getRGB(x, y));
            }
        }
        return colours.size();
    }

    @Test
    void aHundredThousandFindingsAreGroupedFoldedAndLoadInChromium() throws Exception {
        HeadlessChromium browser = chromium();
        Path root = dir.resolve("big/lung_cancer").toAbsolutePath();
        // 250 series x 40 images x 10 findings of 5 rules (no files on disk: no thumbnails)
        List<Finding> all = new ArrayList<>();
        String[] rules = {"json.annotation.iscrowd", "json.annotation.area-mismatch", "mask.empty", "lesion.too-small", "json.image-device"};
        for (int s = 0; s < 250; s++) {
            Path series = root.resolve("chest-ct/malignant/P" + (s / 2) + "/" + (s % 2 + 2));
            for (int i = 1; i <= 40; i++) {
                String file = series.resolve("json/cct_P" + (s / 2) + "_" + (s % 2 + 2) + "_" + i + ".json").toString();
                for (int k = 0; k < 10; k++) {
                    String rule = rules[k % rules.length];
                    all.add(k % 3 == 0 ? Finding.warning(rule, new Location(file, "/annotations/" + k + "/area", 1, 1), "<b>not bold</b> & " + k)
                            : Finding.error(rule, new Location(file, "/annotations/" + k, 1, 1), "message " + k));
                }
            }
        }
        assertThat(all).hasSize(100_000);
        Files.createDirectories(ARTEFACTS);
        Path page = ARTEFACTS.resolve("report-100000.html");
        long written = System.nanoTime();
        try (ValidationHtmlReport.Spill spill = ValidationHtmlReport.spill();
             Writer w = Files.newBufferedWriter(page, StandardCharsets.UTF_8)) {
            all.forEach(spill::accept);
            spill.render(new DatasetValidator.Report(250, 10_000, 10_000, 0, 80_000, 20_000, 0, List.of(), Optional.empty()),
                    new DatasetLayout(root, DatasetScannerTest.CATALOG), w);
        }
        double writeSeconds = (System.nanoTime() - written) / 1e9;
        String html = Files.readString(page);
        assertThat(html).doesNotContain("<b>not bold</b>").contains("&lt;b&gt;not bold&lt;/b&gt; &amp; 0").doesNotContain("<script");

        long start = System.nanoTime();
        String dom = browser.dumpDom(page);
        double loadSeconds = (System.nanoTime() - start) / 1e9;
        Path small = ARTEFACTS.resolve("empty.html");
        Files.writeString(small, "<!DOCTYPE html><html><body><p>empty</p></body></html>");
        start = System.nanoTime();
        browser.dumpDom(small);
        double emptySeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("100,000 findings: report written in %.1f s, %d MB; Chromium --dump-dom %.1f s (an empty page: %.1f s)%n",
                writeSeconds, Files.size(page) >> 20, loadSeconds, emptySeconds);

        assertThat(dataCount(dom, "count-findings")).isEqualTo(100_000);
        assertThat(dataCount(dom, "count-warnings")).isEqualTo(all.stream().filter(f -> f.severity() == Severity.WARNING).count());
        assertThat(groupsInDom(dom)).isEqualTo(groups(all, root)).hasSize(250 * 5);
        assertThat(count(dom, "<details class=\"series\" data-series=")).as("250 series, all folded").isEqualTo(250);
        assertThat(count(dom, "<details class=\"series\" open")).isZero();
        assertThat(count(dom, "<details class=\"rule\" data-rule=")).as("5 rules of 250 series each, folded").isEqualTo(5);
        assertThat(count(dom, "<li class=\"finding ")).isEqualTo(100_000);
        // the whole page, including Chromium's start, well within what a person waits for on a shared 2-core machine
        assertThat(loadSeconds).isLessThan(emptySeconds + 30);

        Path screenshot = ARTEFACTS.resolve("report-100000.png");
        browser.screenshot(page, screenshot, 1300, 2400);
        assertThat(colours(ImageIO.read(screenshot.toFile()))).isGreaterThan(10);
    }
}
