package dev.pulmo.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.Annotation;
import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.BoundingBox;
import dev.pulmo.api.CategoryTable;
import dev.pulmo.api.Modality;
import dev.pulmo.api.Severity;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.api.plugin.ExportRule;
import dev.pulmo.api.plugin.ModalityCatalog;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.api.plugin.SeriesValidator;
import dev.pulmo.api.plugin.Validator;
import dev.pulmo.cocojson.GuidelineJson;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.mask.BinaryMaskDicom;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The property the per-image pipeline exists for: on random trees of all three modalities, with lesions that touch
 * diagonally, lie inside each other's boxes, have holes, or are specks below a rule's minimum area, {@code convert}
 * and {@code validate} agree. After a conversion, validation finds no disagreement between masks and JSON (no error at
 * but the data's own rules), and for every image the lesions {@link ImagePipeline#lesions} derives equal those the converter wrote.
 *
 * <p>The shapes are drawn here, with what each must become known from how it is drawn (a speck of 1 to 3 pixels, a
 * ring with its hole, two squares meeting at one corner, an L with a blob inside its box); the JSON is read back by
 * the JSON reader, not taken from the converter.
 */
class PipelineAgreementTest {
    @TempDir
    Path dir;

    /** A modality whose export rule drops parts below {@code minimumPixels}, otherwise {@code base}'s. */
    private record WithMinimumArea(ModalityPlugin base, long minimumPixels) implements ModalityPlugin {
        @Override public Modality modality() { return base.modality(); }
        @Override public String folderName() { return base.folderName(); }
        @Override public String filePrefix() { return base.filePrefix(); }
        @Override public CategoryTable categoryTable() { return base.categoryTable(); }
        @Override public Set<CaseClass> classesWithMasks() { return base.classesWithMasks(); }
        @Override public List<Validator> validators() { return base.validators(); }
        @Override public List<SeriesValidator> seriesValidators() { return base.seriesValidators(); }

        @Override
        public ExportRule exportRule() {
            ExportRule r = base.exportRule();
            return new ExportRule(r.geometry(), r.simplifyTolerancePixels(), minimumPixels, r.area());
        }
    }

    private static ModalityCatalog catalog(boolean specksDropped) {
        if (!specksDropped) {
            return DatasetScannerTest.CATALOG;
        }
        return ModalityCatalog.of(DatasetScannerTest.CATALOG.all().stream()
                .map(p -> (ModalityPlugin) new WithMinimumArea(p, 4)).toList());
    }

    @ParameterizedTest(name = "seed {0}, specks below 4 px dropped: {1}")
    @CsvSource({"1, false", "2, true", "3, false", "4, true"})
    void convertAndValidateAgreeOnRandomTrees(long seed, boolean specksDropped) throws IOException {
        DatasetLayout layout = new DatasetLayout(dir.resolve("lung_cancer"), catalog(specksDropped));
        DemoDataset.generate(layout, seed, new DemoDataset.Size(1, 3, 2));
        int masks = redrawMasks(layout, new Random(seed));
        assertThat(masks).as("masks drawn").isGreaterThan(5);

        Runs.Converted converted = Runs.convert(layout, true, new HashMap<>());
        assertThat(converted.findings()).filteredOn(f -> f.severity() == Severity.ERROR).isEmpty();

        // the random shapes break the guideline's 4 mm rule for malignant lesions (lesion.too-small on X-ray,
        // nodule.too-small on CT): that is a rule of the data, not a disagreement; anything else would be one
        Runs.Validated validated = Runs.validate(layout);
        assertThat(validated.findings()).filteredOn(f -> f.severity() != Severity.INFO && !f.code().equals("lesion.too-small")
                && !f.code().equals("nodule.too-small")).isEmpty();

        ImagePipeline pipeline = ImagePipeline.of(layout.catalog());
        long compared = 0;
        List<ImageFiles> images = new ArrayList<>();
        new DatasetScanner(layout).scan(s -> images.addAll(s.images()));
        for (ImageFiles image : images) {
            if (!image.hasMasks()) {
                continue;
            }
            SortedMap<Integer, List<BoundingBox>> derived = pipeline.lesions(
                    ImageInputs.read(image, Set.of(ImageInputs.Part.HEADER, ImageInputs.Part.MASKS), TreeReader.local()));
            AnnotationFile written = GuidelineJson.read(layout.jsonFile(image.key()));
            Map<String, Integer> expected = new HashMap<>();
            derived.forEach((c, boxes) -> boxes.forEach(b -> expected.merge(c + " " + b, 1, Integer::sum)));
            Map<String, Integer> actual = new HashMap<>();
            for (Annotation a : written.annotations()) {
                actual.merge(a.categoryId() + " " + a.bbox(), 1, Integer::sum);
            }
            assertThat(actual).as(image.key().toString()).isEqualTo(expected);
            compared++;
        }
        assertThat(compared).isEqualTo(masksImages(layout));
    }

    private static long masksImages(DatasetLayout layout) throws IOException {
        try (Stream<Path> s = Files.walk(layout.root())) {
            return s.filter(p -> p.toString().endsWith(".json")).count();
        }
    }

    /**
     * Replaces the demo's masks with random shapes, for every image of a class that has masks: 0 to 3 categories per
     * image, each mask a few shapes. Returns the number of masks written.
     */
    private static int redrawMasks(DatasetLayout layout, Random random) throws IOException {
        List<ImageFiles> images = new ArrayList<>();
        new DatasetScanner(layout).scan(s -> images.addAll(s.images()));
        int written = 0;
        for (ImageFiles image : images) {
            for (Path m : image.masks().values()) {
                Files.delete(m);
            }
            ModalityPlugin plugin = layout.plugin(image.key().modality());
            if (!plugin.classesWithMasks().contains(image.key().caseClass()) || random.nextInt(4) == 0) {
                continue;
            }
            DicomDataset header = DicomReader.create().withStopBeforePixelData(true).read(image.dicom()).dataset();
            int w = header.getInt(Tag.Columns).orElseThrow();
            int h = header.getInt(Tag.Rows).orElseThrow();
            List<Integer> categories = new ArrayList<>(plugin.categoryTable().categories().stream().map(c -> c.id()).toList());
            java.util.Collections.shuffle(categories, random);
            int count = 1 + random.nextInt(3);
            for (int c : categories.subList(0, count)) {
                byte[] mask = new byte[w * h];
                int shapes = 1 + random.nextInt(4);
                for (int s = 0; s < shapes; s++) {
                    drawShape(mask, w, h, random);
                }
                BinaryMaskDicom.write(layout.maskFile(image.key(), c), header, mask, w, h, "2.25.42" + random.nextInt(1000), 901);
                written++;
            }
        }
        return written;
    }

    private static void drawShape(byte[] mask, int w, int h, Random random) {
        int size = Math.min(w, h);
        int cx = 4 + random.nextInt(w - 8);
        int cy = 4 + random.nextInt(h - 8);
        int r = 2 + random.nextInt(Math.max(2, size / 16));
        switch (random.nextInt(5)) {
            case 0 -> disc(mask, w, h, cx, cy, r, 0);
            case 1 -> disc(mask, w, h, cx, cy, r + 3, r); // a ring: a lesion with a hole
            case 2 -> { // two squares meeting at one corner: one 8-connected lesion, two 4-connected pieces
                rect(mask, w, h, cx - 3, cy - 3, cx, cy);
                rect(mask, w, h, cx, cy, cx + 3, cy + 3);
            }
            case 3 -> { // an L and a blob inside the L's box, not touching it: two lesions whose boxes overlap
                rect(mask, w, h, cx - 8, cy - 8, cx - 6, cy + 8);
                rect(mask, w, h, cx - 8, cy + 6, cx + 8, cy + 8);
                rect(mask, w, h, cx + 1, cy - 6, cx + 4, cy - 2);
            }
            default -> { // a speck of 1 to 3 pixels
                int n = 1 + random.nextInt(3);
                for (int i = 0; i < n; i++) {
                    set(mask, w, h, cx + i, cy);
                }
            }
        }
    }

    private static void disc(byte[] mask, int w, int h, int cx, int cy, int outer, int inner) {
        for (int y = cy - outer; y <= cy + outer; y++) {
            for (int x = cx - outer; x <= cx + outer; x++) {
                int d = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                if (d <= outer * outer && d >= inner * inner) {
                    set(mask, w, h, x, y);
                }
            }
        }
    }

    /** Pixels [x1, x2) × [y1, y2). */
    private static void rect(byte[] mask, int w, int h, int x1, int y1, int x2, int y2) {
        for (int y = y1; y < y2; y++) {
            for (int x = x1; x < x2; x++) {
                set(mask, w, h, x, y);
            }
        }
    }

    private static void set(byte[] mask, int w, int h, int x, int y) {
        if (x >= 0 && y >= 0 && x < w && y < h) {
            mask[y * w + x] = 1;
        }
    }
}
