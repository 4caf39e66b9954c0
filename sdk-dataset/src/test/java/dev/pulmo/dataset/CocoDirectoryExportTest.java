package dev.pulmo.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulmo.api.Finding;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.VR;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export-coco --out DIR}: a generated tree (CT, X-ray and PET-CT, 5 patients per class, and a PET series whose
 * headers give SUV) split 8:1:1, exported, then checked in Python with no pycocotools: the COCO structure and rules
 * with {@code json}, every {@code file_name} read back with OpenCV at the stated width and height, the pixels against
 * pydicom's stored values through the rescale, SUV and the PS3.3 window computed in numpy, and each split file holding
 * exactly its part's patients as {@code split.csv} names them, every image of them (negatives included).
 */
class CocoDirectoryExportTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    static Path dir;
    static DatasetLayout layout;
    static Path manifest;

    @BeforeAll
    static void tree() {
        layout = new DatasetLayout(dir.resolve("tree").resolve("lung_cancer"), DatasetScannerTest.CATALOG);
        DemoDataset.generate(layout, 9, new DemoDataset.Size(5, 3, 2));
        // a PET series whose headers allow SUV: 70 kg, 370 MBq F-18 at 09:00, series at 10:00, decay corrected to START
        int n = 24;
        List<VolumeSeries.Slice> slices = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            short[] stored = new short[n * n];
            for (int i = 0; i < stored.length; i++) {
                stored[i] = (short) ((i * 37 + k * 1000) % 9000);
            }
            byte[] mask = new byte[n * n];
            for (int y = 8; y < 14; y++) {
                for (int x = 9; x < 15; x++) {
                    mask[y * n + x] = 1;
                }
            }
            slices.add(new VolumeSeries.Slice(Integer.toString(k + 1), new double[] {-40, -40, 3.0 * k}, stored, k == 1 ? Map.of(2, mask) : Map.of()));
        }
        VolumeSeries.write(layout, new VolumeSeries.Series("PCT", CaseClass.MALIGNANT, "S0001", "9", n, n,
                new double[] {1, 0, 0, 0, 1, 0}, 4, 4, 3), slices, b -> b
                .putString(Tag.RescaleSlope, VR.DS, "2.5").putString(Tag.RescaleIntercept, VR.DS, "0")
                .putString(Tag.Units, VR.CS, "BQML").putString(Tag.DecayCorrection, VR.CS, "START")
                .putString(Tag.CorrectedImage, VR.CS, "ATTN", "DECY")
                .putString(Tag.PatientWeight, VR.DS, "70")
                .putString(Tag.SeriesDate, VR.DA, "20200102").putString(Tag.SeriesTime, VR.TM, "100000")
                .putSequence(Tag.RadiopharmaceuticalInformationSequence, List.of(DicomDataset.builder()
                        .putString(Tag.RadiopharmaceuticalStartTime, VR.TM, "090000")
                        .putString(Tag.RadionuclideTotalDose, VR.DS, "370000000")
                        .putString(Tag.RadionuclideHalfLife, VR.DS, "6586.2").build())));
        Runs.Converted c = Runs.convert(layout, true, new HashMap<>());
        assertThat(c.findings()).noneMatch(f -> f.severity() == dev.pulmo.api.Severity.ERROR);
        manifest = dir.resolve("split.csv");
        List<Finding> findings = new ArrayList<>();
        List<SplitManifest.Row> rows = SplitManifest.write(layout, PatientSplit.Ratios.guideline(), 3, manifest, findings);
        assertThat(findings).allMatch(f -> f.code().equals("split.stratum-too-small"), "only the small strata's warnings");
        // 8:1:1 of this small tree's strata leaves test and validation empty: the manifest gets every part by hand
        List<String> patients = rows.stream().map(r -> r.image().patientId()).distinct().sorted().toList();
        StringBuilder csv = new StringBuilder(SplitManifest.HEADER + "\n");
        for (SplitManifest.Row r : rows) {
            int k = patients.indexOf(r.image().patientId()) % 5;
            ImageKey i = r.image();
            csv.append(String.join(",", k == 3 ? "test" : k == 4 ? "validation" : "train", i.modality(), i.caseClass().folderName(),
                    i.patientId(), i.series(), i.seq(), r.dicomPath())).append('\n');
        }
        try {
            Files.writeString(manifest, csv);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(SplitManifest.check(manifest)).isEmpty();
    }

    private static CocoDirectoryExport.Summary export(Path out, CocoDirectoryExport.Options options, List<Finding> findings) {
        FindingSink.Collected sink = new FindingSink.Collected();
        CocoDirectoryExport.Summary s = CocoDirectoryExport.export(layout, out, options, sink);
        findings.addAll(sink.findings());
        return s;
    }

    @Test
    void splitFilesHoldTheirPatientsAndThePngsAreTheWindowedPixels() throws Exception {
        Assumptions.assumeTrue(NodulesTest.pythonHas("import pydicom, numpy, cv2"),
                "needs /usr/bin/python3 with pydicom, numpy and OpenCV (Debian python3-pydicom python3-numpy python3-opencv)");
        Path out = dir.resolve("split-export");
        List<Finding> findings = new ArrayList<>();
        CocoDirectoryExport.Summary s = export(out, new CocoDirectoryExport.Options(CocoDirectoryExport.Images.PNG,
                CocoDirectoryExport.Windowing.LUNG, 8, Optional.of(manifest), Set.of(), CocoExport.SegmentationKind.POLYGON, 2), findings);
        assertThat(s.failure()).isEmpty();
        assertThat(s.errors()).as(findings.toString()).isZero();
        assertThat(s.imagesPerFile().keySet()).containsExactly("train.json", "val.json", "test.json");
        assertThat(s.imagesPerFile().values()).allSatisfy(v -> assertThat(v).isPositive());
        // the demo's PET series have no weight: each says so once; the SUV series does not
        assertThat(findings).filteredOn(f -> f.code().equals(CocoDirectoryExport.SUV_UNAVAILABLE))
                .isNotEmpty().allSatisfy(f -> assertThat(f.location().file()).doesNotContain("S0001"));
        JsonNode report = python(out, "8", "lung", "split");
        assertThat(report.get("errors")).as(report.toString()).isEmpty();
        assertThat(report.get("checked_pixels").asLong()).isGreaterThan(1_000_000);
        assertThat(report.get("suv_images").asInt()).isEqualTo(3);
        assertThat(report.get("annotations").asInt()).isPositive();
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void sixteenBitRleOfOneModalityIsDeterministic() throws Exception {
        Assumptions.assumeTrue(NodulesTest.pythonHas("import pydicom, numpy, cv2"),
                "needs /usr/bin/python3 with pydicom, numpy and OpenCV (Debian python3-pydicom python3-numpy python3-opencv)");
        CocoDirectoryExport.Options options = new CocoDirectoryExport.Options(CocoDirectoryExport.Images.PNG,
                CocoDirectoryExport.Windowing.parse("40,400"), 16, Optional.empty(), Set.of("PCT", "CCT"),
                CocoExport.SegmentationKind.RLE, 2);
        Path a = dir.resolve("a"), b = dir.resolve("b");
        List<Finding> findings = new ArrayList<>();
        CocoDirectoryExport.Summary s = export(a, options, findings);
        export(b, options, new ArrayList<>());
        assertThat(s.imagesPerFile()).containsOnlyKeys("coco.json");
        JsonNode report = python(a, "16", "40,400", "none");
        assertThat(report.get("errors")).as(report.toString()).isEmpty();
        assertThat(report.get("modalities").toString()).isEqualTo("[\"chest-ct\",\"pet-ct\"]");
        // the same files byte for byte, but for the date in info
        ObjectMapper mapper = new ObjectMapper();
        JsonNode ja = mapper.readTree(a.resolve("coco.json").toFile()), jb = mapper.readTree(b.resolve("coco.json").toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) ja).remove("info");
        ((com.fasterxml.jackson.databind.node.ObjectNode) jb).remove("info");
        assertThat(ja).isEqualTo(jb);
        try (Stream<Path> files = Files.walk(a.resolve("images"))) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readAllBytes(b.resolve(a.relativize(p).toString()))).isEqualTo(Files.readAllBytes(p));
            }
        }
        // image ids are those of the whole tree's export: the single-file export numbers the same files alike
        Path single = dir.resolve("single.json");
        CocoExport.export(layout, single, CocoExport.SegmentationKind.RLE, 2, f -> { });
        Map<String, Long> idOfDicom = new HashMap<>();
        mapper.readTree(single.toFile()).get("images").forEach(i -> idOfDicom.put(i.get("file_name").asText(), i.get("id").asLong()));
        for (JsonNode i : ja.get("images")) {
            String[] p = i.get("file_name").asText().split("/");
            String dicom = String.join("/", p[0], p[1], p[2], p[3], "dcm", p[4].replace(".png", ".dcm"));
            assertThat(i.get("id").asLong()).as(dicom).isEqualTo(idOfDicom.get(dicom));
        }
    }

    @Test
    void theProgressHookCountsEveryDicomImageOfTheTreeOnce() throws IOException {
        long dicomFiles;
        try (Stream<Path> files = Files.walk(layout.root())) {
            dicomFiles = files.filter(p -> p.getParent().getFileName().toString().equals("dcm") && Files.isRegularFile(p)).count();
        }
        java.util.concurrent.atomic.AtomicLong calls = new java.util.concurrent.atomic.AtomicLong();
        // --modality XRY only: the other modalities' images are left out of the files but still counted as done
        CocoDirectoryExport.Options options = new CocoDirectoryExport.Options(CocoDirectoryExport.Images.NONE,
                CocoDirectoryExport.Windowing.AUTO, 8, Optional.empty(), Set.of("XRY"), CocoExport.SegmentationKind.POLYGON, 2);
        CocoDirectoryExport.Summary s = CocoDirectoryExport.export(layout, dir.resolve("progress"), options, f -> { }, calls::incrementAndGet);
        assertThat(s.failure()).isEmpty();
        assertThat(dicomFiles).isGreaterThan(s.imagesPerFile().get("coco.json"));
        assertThat(calls.get()).isEqualTo(dicomFiles);
    }

    @Test
    void badSplitManifestNamesFileAndLine() throws IOException {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, SplitManifest.HEADER + "\ntrain,CCT,benign,P1,1,1,x.dcm\ntest,CCT,benign,P1,1,2,y.dcm\n");
        CocoDirectoryExport.Options options = new CocoDirectoryExport.Options(CocoDirectoryExport.Images.NONE,
                CocoDirectoryExport.Windowing.AUTO, 8, Optional.of(bad), Set.of(), CocoExport.SegmentationKind.POLYGON, 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CocoDirectoryExport.export(layout, dir.resolve("x"), options, f -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad.csv:3").hasMessageContaining("P1");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CocoDirectoryExport.Windowing.parse("wide"))
                .hasMessageContaining("expected lung, mediastinum, auto or centre,width");
    }

    /** The Python checks; {@code errors} lists every rule broken. */
    private JsonNode python(Path out, String bits, String window, String split) throws IOException, InterruptedException {
        String script = String.join("\n",
                "import csv, json, os, sys, datetime, numpy as np, pydicom, cv2",
                "out, root, manifest, bits, window, split = sys.argv[1:7]",
                "ymax = 255 if bits == '8' else 65535",
                "errors = []",
                "def err(m):",
                "    if len(errors) < 50: errors.append(m)",
                "def win(x, c, w):",
                "    lo, hi = c - 0.5 - (w - 1) / 2, c - 0.5 + (w - 1) / 2",
                "    y = ((x - (c - 0.5)) / (w - 1) + 0.5) * ymax",
                "    return np.floor(np.where(x <= lo, 0, np.where(x > hi, ymax, y)) + 0.5)",
                "def suv_factor(ds):",
                "    try:",
                "        if str(ds.Units).upper() != 'BQML' or str(ds.DecayCorrection).upper() != 'START': return None",
                "        w = float(ds.PatientWeight); r = ds.RadiopharmaceuticalInformationSequence[0]",
                "        t = lambda d, s: datetime.datetime.strptime(d + s[:6], '%Y%m%d%H%M%S')",
                "        dt = (t(ds.SeriesDate, ds.SeriesTime) - t(ds.SeriesDate, r.RadiopharmaceuticalStartTime)).total_seconds()",
                "        return w * 1000 / (float(r.RadionuclideTotalDose) * 2 ** (-dt / float(r.RadionuclideHalfLife)))",
                "    except Exception: return None",
                "files = ['train.json', 'val.json', 'test.json'] if split == 'split' else ['coco.json']",
                "parts = {}",
                "rows = {}",
                "with open(manifest) as f:",
                "    for row in csv.DictReader(f):",
                "        parts.setdefault(row['split'], set()).add(row['patient_id'])",
                "        rows.setdefault(row['split'], []).append(row)",
                "checked = 0; suv_images = 0; annotations = 0; modalities = set(); ids = set()",
                "for name, part in zip(files, ['train', 'validation', 'test']):",
                "    doc = json.load(open(os.path.join(out, name)))",
                "    for k in ('info', 'licenses', 'categories', 'images', 'annotations'):",
                "        if k not in doc: err(name + ': no ' + k)",
                "    if 'version' not in doc['info'] or 'date_created' not in doc['info']: err(name + ': info lacks version or date')",
                "    cats = {c['id'] for c in doc['categories']}",
                "    images = {i['id']: i for i in doc['images']}",
                "    if len(images) != len(doc['images']): err(name + ': duplicate image ids')",
                "    if ids & set(images): err(name + ': image ids shared with another file')",
                "    ids |= set(images)",
                "    seen_ann = set()",
                "    for a in doc['annotations']:",
                "        annotations += 1",
                "        if a['id'] in seen_ann: err(name + ': duplicate annotation id')",
                "        seen_ann.add(a['id'])",
                "        im = images.get(a['image_id'])",
                "        if im is None: err(name + ': annotation of no image'); continue",
                "        if a['category_id'] not in cats: err(name + ': unknown category %d' % a['category_id'])",
                "        x, y, w, h = a['bbox']",
                "        if not (w > 0 and h > 0 and x >= 0 and y >= 0 and x + w <= im['width'] and y + h <= im['height']): err(name + ': bbox %s' % a['bbox'])",
                "        if a['iscrowd'] != 0 or not a['area'] > 0: err(name + ': iscrowd or area')",
                "        seg = a['segmentation']",
                "        if isinstance(seg, list):",
                "            if not seg or any(len(r) < 6 or len(r) % 2 for r in seg): err(name + ': polygon')",
                "        elif seg.get('size') != [im['height'], im['width']] or not isinstance(seg.get('counts'), str): err(name + ': rle')",
                "    patients = set()",
                "    for im in doc['images']:",
                "        folder, cls, patient, series, png = im['file_name'].split('/')",
                "        patients.add(patient); modalities.add(folder)",
                "        arr = cv2.imread(os.path.join(out, 'images', im['file_name']), cv2.IMREAD_UNCHANGED)",
                "        if arr is None: err('cannot read ' + im['file_name']); continue",
                "        if arr.shape != (im['height'], im['width']): err(im['file_name'] + ': shape %s' % (arr.shape,))",
                "        if arr.dtype != (np.uint8 if bits == '8' else np.uint16): err(im['file_name'] + ': dtype ' + str(arr.dtype))",
                "        ds = pydicom.dcmread(os.path.join(root, folder, cls, patient, series, 'dcm', png[:-4] + '.dcm'))",
                "        x = ds.pixel_array.astype(np.float64) * float(getattr(ds, 'RescaleSlope', 1)) + float(getattr(ds, 'RescaleIntercept', 0))",
                "        suv = suv_factor(ds) if ds.Modality == 'PT' else None",
                "        if suv is not None: x = x * suv; suv_images += 1",
                "        if window not in ('lung', 'auto'): c, w = map(float, window.split(','))",
                "        elif window == 'lung' and ds.Modality == 'CT': c, w = -600.0, 1500.0",
                "        elif suv is not None: c, w = 5.0, 10.0",
                "        elif 'WindowCenter' in ds:",
                "            wc, ww = ds.WindowCenter, ds.WindowWidth",
                "            c = float(wc[0] if isinstance(wc, pydicom.multival.MultiValue) else wc)",
                "            w = float(ww[0] if isinstance(ww, pydicom.multival.MultiValue) else ww)",
                "        elif ds.Modality == 'CT': c, w = -600.0, 1500.0",
                "        else: c, w = (x.min() + x.max()) / 2 + 0.5, x.max() - x.min() + 1",
                "        expected = win(x, c, w)",
                "        diff = np.abs(expected - arr.astype(np.float64))",
                "        if diff.max() > 0: err(im['file_name'] + ': %d pixels differ, by up to %d' % ((diff > 0).sum(), diff.max()))",
                "        checked += arr.size",
                "    if split == 'split':",
                "        if patients != parts.get(part, set()): err(name + ': patients %s, manifest %s' % (sorted(patients), sorted(parts.get(part, set()))))",
                "        if len(doc['images']) != len(rows.get(part, [])): err(name + ': %d images, manifest %d' % (len(doc['images']), len(rows.get(part, []))))",
                "print(json.dumps({'errors': errors, 'checked_pixels': checked, 'suv_images': suv_images,",
                "                  'annotations': annotations, 'modalities': sorted(modalities)}))");
        Process p = new ProcessBuilder(PYTHON, "-c", script, out.toString(), layout.root().toString(), manifest.toString(), bits, window, split)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] stdout = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).isZero();
        return new ObjectMapper().readTree(stdout);
    }
}
