package dev.pulmo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.Annotation;
import dev.pulmo.api.AnnotationFile;
import dev.pulmo.cli.CheckJsonCommandTest.Run;
import dev.pulmo.cocojson.GuidelineJson;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.DemoDataset;
import dev.pulmo.dicom.mask.BinaryMaskDicom;
import dev.pulmo.dicom.mask.MaskImage;
import dev.pulmo.runtime.PluginRegistry;
import dev.pulmo.toolimport.ToolImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pulmo import-tool} on tool exports written here from the guideline's description (SPEC.md §10), onto
 * images of the synthetic demo dataset. Expected masks are computed here by the pixel rule alone: a pixel is
 * foreground when its centre is inside the shape (even-odd ray casting), minus the Sub corrections.
 */
class ImportToolCommandTest {
    @TempDir
    static Path shared;
    static Path demo;

    static final double[] TRIANGLE = {100.3, 100.2, 160.7, 110.5, 120.1, 170.9};
    static final double[] QUAD = {200.2, 200.4, 260.6, 205.3, 255.1, 262.7, 198.4, 258.2};

    @BeforeAll
    static void demoTree() {
        demo = shared.resolve("demo");
        try (PluginRegistry registry = PluginRegistry.classpath()) {
            DemoDataset.generate(new DatasetLayout(demo.resolve("lung_cancer"), registry.catalog()), 7, new DemoDataset.Size(1, 3, 2));
        }
    }

    /** The demo's image of {@code patient} whose sequence number is {@code seq} (one CT series per patient). */
    static Path ctImage(String patient, String seq) throws IOException {
        try (Stream<Path> s = Files.walk(demo.resolve("lung_cancer/chest-ct"))) {
            return s.filter(p -> p.getFileName().toString().matches("cct_" + patient + "_\\d+_" + seq + "\\.dcm")).findFirst().orElseThrow();
        }
    }

    static String stem(Path dicom) {
        String n = dicom.getFileName().toString();
        return n.substring(0, n.length() - 4);
    }

    // ------------------------------------------------------------------ tool JSON, as the guideline describes it

    static String points(double... xy) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < xy.length; i += 2) {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "{\"x\": %s, \"y\": %s, \"highlight\": true, \"active\": false}", xy[i], xy[i + 1]));
        }
        return sb.append("]").toString();
    }

    static String annotation(int id, String tag, String label, String tool, double[] handles, String area, String corrections) {
        return "{\"id\": " + id + ", \"option\": {\"tag\": \"" + tag + "\", \"isCopyCheck\": false, \"isSelected\": false},"
                + " \"annotationData\": {\"tool\": \"" + tool + "\", \"visible\": true, \"active\": false, \"color\": \"#f67081\","
                + " \"handles\": " + points(handles) + ", \"label\": \"" + label + "\","
                + (area == null ? "" : " \"area\": \"" + area + "\",")
                + " \"toolSaveColor\": \"#f67081\", \"save\": true, \"status\": \"pass\""
                + (corrections == null ? "" : ", \"corrections\": " + corrections) + "}}";
    }

    static Path toolFile(Path file, String... annotations) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "[[" + String.join(",\n", annotations) + "]]");
    }

    static double shoelace(double[] xy) {
        double twice = 0;
        for (int i = 0; i < xy.length; i += 2) {
            int j = (i + 2) % xy.length;
            twice += xy[i] * xy[j + 1] - xy[j] * xy[i + 1];
        }
        return Math.abs(twice) / 2;
    }

    // ------------------------------------------------------------------ expectations by the pixel rule

    static boolean inside(double[] xy, double x, double y) {
        boolean in = false;
        for (int i = 0, j = xy.length - 2; i < xy.length; j = i, i += 2) {
            double xi = xy[i], yi = xy[i + 1], xj = xy[j], yj = xy[j + 1];
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) {
                in = !in;
            }
        }
        return in;
    }

    static BiPredicate<Double, Double> box(double x1, double y1, double x2, double y2) {
        return (x, y) -> x > x1 && x < x2 && y > y1 && y < y2;
    }

    /** Foreground pixels (c, r) whose centre satisfies {@code rule}, row-major. */
    static byte[] expected(int width, int height, BiPredicate<Double, Double> rule) {
        byte[] m = new byte[width * height];
        for (int r = 0; r < height; r++) {
            for (int c = 0; c < width; c++) {
                m[r * width + c] = (byte) (rule.test(c + 0.5, r + 0.5) ? 1 : 0);
            }
        }
        return m;
    }

    static byte[] binary(MaskImage mask) {
        byte[] b = mask.foreground().clone();
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (b[i] != 0 ? 1 : 0);
        }
        return b;
    }

    static long count(byte[] mask) {
        long n = 0;
        for (byte b : mask) {
            n += b;
        }
        return n;
    }

    // ------------------------------------------------------------------ tests

    @Test
    void oneImageBecomesMasksPerCategoryAndGuidelineJson(@TempDir Path dir) throws Exception {
        Path source = ctImage("D0002", "1"); // malignant, first slice: the demo drew no lesion there
        byte[] sourceBytes = Files.readAllBytes(source);
        Path tool = toolFile(dir.resolve("tool/export.json"),
                annotation(0, "1", "0", "Free", TRIANGLE, Double.toString(shoelace(TRIANGLE)), null),
                // the same category as the triangle, with a box cut out of it; its stated area is wrong
                annotation(1, "lesionA1", "1", "Line", QUAD, "999", "[{\"operation\": \"Sub\", \"tool\": \"Box\", "
                        + "\"handles\": [{\"x\": 220, \"y\": 220}, {\"x\": 240, \"y\": 240}]}]"),
                annotation(2, "lesionB1", "benign", "Box", new double[] {300, 320, 340, 350}, "1200", null));
        Path out = dir.resolve("out");

        Run r = CheckJsonCommandTest.run("import-tool", tool.toString(), "--image", source.toString(), "--out", out.toString());

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("imported 1 of 1 tool files: 2 masks, 3 annotations");
        assertThat(r.out()).contains("WARNING tool.area-mismatch: annotation 1: stated area 999");
        assertThat(r.out()).doesNotContain("annotation 0: stated").doesNotContain("annotation 2: stated");
        Path series = out.resolve("lung_cancer").resolve(demo.resolve("lung_cancer").relativize(source)).getParent().getParent();
        assertThat(Files.readAllBytes(series.resolve("dcm").resolve(source.getFileName()))).isEqualTo(sourceBytes);
        assertThat(Files.readAllBytes(source)).as("the source is only read").isEqualTo(sourceBytes);

        BiPredicate<Double, Double> hole = box(220, 220, 240, 240);
        byte[] malignant = expected(512, 512, (x, y) -> inside(TRIANGLE, x, y) || inside(QUAD, x, y) && !hole.test(x, y));
        byte[] benign = expected(512, 512, box(300, 320, 340, 350));
        assertThat(count(benign)).isEqualTo(40 * 30);
        MaskImage mask1 = BinaryMaskDicom.read(series.resolve("binary/" + stem(source) + "_1_binary.dcm"));
        MaskImage mask3 = BinaryMaskDicom.read(series.resolve("binary/" + stem(source) + "_3_binary.dcm"));
        assertThat(mask1.columns()).isEqualTo(512);
        assertThat(binary(mask1)).isEqualTo(malignant);
        assertThat(binary(mask3)).isEqualTo(benign);
        try (Stream<Path> masks = Files.list(series.resolve("binary"))) {
            assertThat(masks.count()).isEqualTo(2);
        }

        Path json = series.resolve("json/" + stem(source) + ".json");
        AnnotationFile file = GuidelineJson.read(json);
        assertThat(file.images().get(0).width()).isEqualTo(512);
        assertThat(file.images().get(0).fileName()).isEqualTo(source.getFileName().toString());
        assertThat(file.annotations()).extracting(Annotation::categoryId).containsExactlyInAnyOrder(1, 1, 3);
        Annotation boxed = file.annotations().stream().filter(a -> a.categoryId() == 3).findFirst().orElseThrow();
        assertThat(boxed.bbox().toCorners()).containsExactly(300.0, 320.0, 340.0, 350.0);
        assertThat(file.annotations()).allMatch(a -> a.toolname().equals("annotation-tool"));
        assertThat(CheckJsonCommandTest.run("check-json", json.toString()).exitCode()).isZero();
    }

    @Test
    void categoryAndClassCanBeGivenForALooseImage(@TempDir Path dir) throws Exception {
        Path loose = Files.copy(ctImage("D0002", "3"), Files.createDirectories(dir.resolve("loose")).resolve(ctImage("D0002", "3").getFileName()));
        Path tool = toolFile(dir.resolve("t.json"), annotation(0, "1", "", "Box", new double[] {10, 12, 14, 15}, null, null),
                annotation(1, "1", "", "Box", new double[] {505, 10, 520, 14}, null, null), // reaches past the right edge
                annotation(2, "1", "", "Box", new double[] {600, 10, 610, 14}, null, null)); // wholly outside
        Path out = dir.resolve("out");

        Run noClass = CheckJsonCommandTest.run("import-tool", tool.toString(), "--image", loose.toString(), "--out", out.toString());
        assertThat(noClass.exitCode()).isEqualTo(2);
        assertThat(noClass.err()).contains("give the case class");

        Run r = CheckJsonCommandTest.run("import-tool", tool.toString(), "--image", loose.toString(), "--out", out.toString(),
                "--class", "benign", "--category", "5");
        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("WARNING import.region-clipped: annotation 1 reaches outside the 512 x 512 image")
                .contains("WARNING import.region-outside: annotation 2 covers no pixel");
        try (Stream<Path> s = Files.walk(out)) {
            Set<String> names = s.filter(Files::isRegularFile).map(p -> out.relativize(p).toString()).collect(Collectors.toCollection(TreeSet::new));
            String seriesPath = "lung_cancer/chest-ct/benign/D0002/" + stem(loose).split("_")[2] + "/";
            assertThat(names).containsExactly(seriesPath + "binary/" + stem(loose) + "_5_binary.dcm",
                    seriesPath + "dcm/" + loose.getFileName(), seriesPath + "json/" + stem(loose) + ".json");
            MaskImage m = BinaryMaskDicom.read(out.resolve(seriesPath + "binary/" + stem(loose) + "_5_binary.dcm"));
            assertThat(binary(m)).isEqualTo(expected(512, 512, (x, y) -> box(10, 12, 14, 15).test(x, y) || box(505, 10, 520, 14).test(x, y)));
            assertThat(count(binary(m))).isEqualTo(4 * 3 + 7 * 4);
        }
    }

    @Test
    void aWholeExportIsMatchedToTheTreeByFileNameAndItsFaultsReported(@TempDir Path dir) throws Exception {
        Path tree = dir.resolve("tree");
        try (Stream<Path> s = Files.walk(demo)) {
            for (Path p : s.toList()) {
                Path t = tree.resolve(demo.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        Path benignFirst = ctImage("D0001", "1");
        Path malignantMiddle = ctImage("D0002", "2"); // has the demo's own masks
        Path malignantLast = ctImage("D0002", "3");
        Path normal = ctImage("D0003", "1");
        Path tools = dir.resolve("export");
        double[] box = {50, 60, 70, 65};
        toolFile(tools.resolve("a/" + stem(benignFirst) + ".json"), annotation(0, "양성", "", "Box", box, "100", null));
        toolFile(tools.resolve(stem(malignantMiddle) + ".json"), annotation(0, "benign", "", "Box", box, "100", null));
        toolFile(tools.resolve(stem(malignantLast) + ".json"),
                annotation(0, "lesionB", "0", "Box", box, "100", null),
                annotation(1, "2", "", "Free", TRIANGLE, null, null));
        toolFile(tools.resolve(stem(normal) + ".json"), annotation(0, "3", "", "Box", box, null, null));
        toolFile(tools.resolve("cct_D9999_1_1.json"), annotation(0, "3", "", "Box", box, null, null));
        Files.writeString(tools.resolve("notes.json"), "[]");
        Path broken = ctImage("D0001", "2");
        Files.writeString(tools.resolve(stem(broken) + ".json"), "[[{\"id\": 0,\n \"annotationData\": }]]");
        Set<String> demoMasksOfMiddle;
        try (Stream<Path> s = Files.list(malignantMiddle.getParent().resolveSibling("binary"))) {
            demoMasksOfMiddle = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(stem(malignantMiddle) + "_")).collect(Collectors.toSet());
        }
        assertThat(demoMasksOfMiddle).isNotEmpty();

        Run r = CheckJsonCommandTest.run("import-tool", tools.toString(), "--tree", tree.toString(), "--format", "text");

        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("imported 3 of 7 tool files");
        assertThat(r.out()).contains("ERROR import.tool-file-name").contains("notes.json");
        assertThat(r.out()).contains("cct_D9999_1_1.json: ERROR import.image-missing");
        assertThat(r.out()).contains(stem(normal) + ".json: ERROR import.class-without-masks");
        assertThat(r.out()).contains(stem(broken) + ".json: ERROR import.tool-unreadable").contains("2:");
        assertThat(r.out()).contains("ERROR import.category-unknown: annotation 0: neither option.tag 'lesionB' nor label '0'");
        assertThat(r.out()).contains("WARNING import.mask-kept");

        Path treeOf = tree.resolve(demo.relativize(benignFirst).toString());
        MaskImage benignMask = BinaryMaskDicom.read(treeOf.getParent().resolveSibling("binary").resolve(stem(benignFirst) + "_3_binary.dcm"));
        assertThat(binary(benignMask)).isEqualTo(expected(512, 512, box(50, 60, 70, 65)));
        AnnotationFile benignJson = GuidelineJson.read(treeOf.getParent().resolveSibling("json").resolve(stem(benignFirst) + ".json"));
        assertThat(benignJson.annotations()).singleElement().satisfies(a -> assertThat(a.bbox().toCorners()).containsExactly(50.0, 60.0, 70.0, 65.0));

        // the demo's masks of the middle slice are kept, and the JSON covers them and the imported one
        Path middle = tree.resolve(demo.relativize(malignantMiddle).toString());
        Set<Integer> demoCategories = demoMasksOfMiddle.stream().map(n -> Integer.parseInt(n.split("_")[4])).collect(Collectors.toSet());
        AnnotationFile middleJson = GuidelineJson.read(middle.getParent().resolveSibling("json").resolve(stem(malignantMiddle) + ".json"));
        Set<Integer> expectedCategories = new TreeSet<>(demoCategories);
        expectedCategories.add(3);
        Set<Integer> jsonCategories = middleJson.annotations().stream().map(Annotation::categoryId).collect(Collectors.toCollection(TreeSet::new));
        assertThat(jsonCategories).isEqualTo(expectedCategories);
        for (String name : demoMasksOfMiddle) {
            assertThat(Files.readAllBytes(middle.getParent().resolveSibling("binary").resolve(name)))
                    .isEqualTo(Files.readAllBytes(malignantMiddle.getParent().resolveSibling("binary").resolve(name)));
        }

        // the last slice: the unknown annotation left out, the triangle in category 2
        Path last = tree.resolve(demo.relativize(malignantLast).toString());
        MaskImage lastMask = BinaryMaskDicom.read(last.getParent().resolveSibling("binary").resolve(stem(malignantLast) + "_2_binary.dcm"));
        assertThat(binary(lastMask)).isEqualTo(expected(512, 512, (x, y) -> inside(TRIANGLE, x, y)));
        assertThat(last.getParent().resolveSibling("binary").resolve(stem(malignantLast) + "_1_binary.dcm")).doesNotExist();

        // nothing is written for the images whose tool files failed
        Path normalInTree = tree.resolve(demo.relativize(normal).toString());
        assertThat(normalInTree.getParent().resolveSibling("binary")).doesNotExist();
        assertThat(normalInTree.getParent().resolveSibling("json")).doesNotExist();
        Path brokenInTree = tree.resolve(demo.relativize(broken).toString());
        assertThat(brokenInTree.getParent().resolveSibling("json").resolve(stem(broken) + ".json")).doesNotExist();

        // the progress hook (import-tool's progress line) gets every tool file's result once, as it is done, in order
        List<ToolImporter.ImageResult> hooked = new java.util.ArrayList<>();
        ToolImporter.TreeResult again;
        try (PluginRegistry plugins = PluginRegistry.classpath()) {
            again = new ToolImporter(DatasetLayout.of(tree, plugins.catalog()), ToolImporter.Options.defaults()).importTree(tools, hooked::add);
        }
        assertThat(hooked).hasSize(7).containsExactlyElementsOf(again.images());
        assertThat(List.of(r.err())).allMatch(String::isEmpty);
    }
}
