package dev.pulmo.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulmo.api.Finding;
import dev.pulmo.api.plugin.CaseClass;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 3-D nodules: generated series (a gap, shuffled sequence numbers, feet-first, oblique) against an independent
 * labelling in Python (pydicom reads the files, {@code scipy.ndimage.label} with a 3×3×3 structure labels the stacked
 * masks, numpy computes positions, centroids in LPS and the longest distance between pixel corners), and a box-shaped
 * nodule measured by hand.
 */
class NodulesTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    private DatasetLayout layout() {
        return new DatasetLayout(dir.resolve("lung_cancer"), DatasetScannerTest.CATALOG);
    }

    /** Ellipsoids (in voxel indices of the slices as placed) and a few single voxels, per category. */
    private static List<VolumeSeries.Slice> randomSlices(Random r, int width, int height, int count, int gapAt,
                                                         java.util.function.IntFunction<double[]> position, int[] categories) {
        record Ellipsoid(int category, double cx, double cy, double cz, double rx, double ry, double rz) {
        }
        List<Ellipsoid> blobs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            blobs.add(new Ellipsoid(categories[r.nextInt(categories.length)], 5 + r.nextDouble() * (width - 10),
                    5 + r.nextDouble() * (height - 10), r.nextDouble() * count, 2 + r.nextDouble() * 6, 2 + r.nextDouble() * 5,
                    1 + r.nextDouble() * 3));
        }
        List<VolumeSeries.Slice> slices = new ArrayList<>();
        List<String> seqs = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            seqs.add(Integer.toString(k + 1));
        }
        java.util.Collections.shuffle(seqs, r);
        for (int k = 0; k < count; k++) {
            if (k == gapAt) {
                continue;
            }
            Map<Integer, byte[]> masks = new HashMap<>();
            for (Ellipsoid e : blobs) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        double dx = (x + 0.5 - e.cx()) / e.rx(), dy = (y + 0.5 - e.cy()) / e.ry(), dz = (k - e.cz()) / e.rz();
                        if (dx * dx + dy * dy + dz * dz <= 1) {
                            masks.computeIfAbsent(e.category(), c -> new byte[width * height])[y * width + x] = 1;
                        }
                    }
                }
            }
            if (r.nextInt(3) == 0) {
                masks.computeIfAbsent(categories[0], c -> new byte[width * height])[r.nextInt(width * height)] = 1;
            }
            slices.add(new VolumeSeries.Slice(seqs.get(k), position.apply(k), null, masks));
        }
        return slices;
    }

    @Test
    void groupsAsScipyLabelsTheStackedMasks() throws IOException, InterruptedException {
        Assumptions.assumeTrue(pythonHas("import pydicom, numpy, scipy.ndimage"),
                "needs /usr/bin/python3 with pydicom, numpy and scipy (Debian python3-pydicom python3-numpy python3-scipy)");
        DatasetLayout layout = layout();
        Random r = new Random(18);
        // axial head first, a gap where slice 7 would be, sequence numbers shuffled
        VolumeSeries.write(layout, new VolumeSeries.Series("CCT", CaseClass.MALIGNANT, "N0001", "2", 48, 40,
                new double[] {1, 0, 0, 0, 1, 0}, 0.7, 0.8, 2.5), randomSlices(r, 48, 40, 16, 7,
                k -> new double[] {-16.8, -14, 10 + 2.5 * k}, new int[] {1, 3}), b -> { });
        // feet first: positions fall as the slices go on, the row direction points right
        VolumeSeries.write(layout, new VolumeSeries.Series("CCT", CaseClass.BENIGN, "N0002", "3", 40, 40,
                new double[] {-1, 0, 0, 0, 1, 0}, 0.9, 0.9, 3), randomSlices(r, 40, 40, 12, -1,
                k -> new double[] {18, -18, 50 - 3 * k}, new int[] {3, 4}), b -> { });
        // oblique: tilted 20° about x, positions along the normal, a gap after slice 4
        double[] iop = VolumeSeries.obliqueAboutX(20);
        double[] normal = {0, -iop[5], iop[4]};
        VolumeSeries.write(layout, new VolumeSeries.Series("CCT", CaseClass.MALIGNANT, "N0003", "4", 36, 44, iop, 0.75, 0.75, 2),
                randomSlices(r, 36, 44, 14, 5, k -> new double[] {-10 + 2 * k * normal[0], -20 + 2 * k * normal[1], 5 + 2 * k * normal[2]},
                        new int[] {1, 2}), b -> { });

        FindingSink.Collected findings = new FindingSink.Collected();
        List<Nodules.Nodule> nodules = new ArrayList<>();
        Nodules.Summary s = Nodules.find(layout, 2, findings, nodules::add);
        assertThat(s.failure()).isEmpty();
        assertThat(findings.findings()).allSatisfy(f -> assertThat(f.code()).isEqualTo(Nodules.TOO_SMALL));

        JsonNode expected = oracle(layout.root());
        assertThat(nodules).hasSize(expected.size());
        List<JsonNode> want = new ArrayList<>();
        expected.forEach(want::add);
        Comparator<double[]> byCentroid = Comparator.<double[]>comparingDouble(c -> Math.round(c[2] * 1000))
                .thenComparingDouble(c -> Math.round(c[1] * 1000)).thenComparingDouble(c -> Math.round(c[0] * 1000));
        want.sort(Comparator.<JsonNode, String>comparing(n -> n.get("series").asText()).thenComparingInt(n -> n.get("category_id").asInt())
                .thenComparing(n -> new double[] {n.get("centroid_lps").get(0).asDouble(), n.get("centroid_lps").get(1).asDouble(),
                        n.get("centroid_lps").get(2).asDouble()}, byCentroid));
        List<Nodules.Nodule> got = new ArrayList<>(nodules);
        got.sort(Comparator.comparing(Nodules.Nodule::series).thenComparingInt(Nodules.Nodule::categoryId)
                .thenComparing(Nodules.Nodule::centroidLps, byCentroid));
        for (int i = 0; i < got.size(); i++) {
            Nodules.Nodule n = got.get(i);
            JsonNode e = want.get(i);
            String what = n.series() + " nodule " + i;
            assertThat(n.series()).as(what).isEqualTo(e.get("series").asText());
            assertThat(n.categoryId()).as(what).isEqualTo(e.get("category_id").asInt());
            assertThat(n.voxels()).as(what).isEqualTo(e.get("voxels").asLong());
            assertThat(n.firstImage()).as(what).isEqualTo(e.get("first_image").asText());
            assertThat(n.lastImage()).as(what).isEqualTo(e.get("last_image").asText());
            assertThat(n.volumeMm3()).as(what).isCloseTo(e.get("volume_mm3").asDouble(), offset(1e-6));
            assertThat(n.longAxisMm()).as(what).isCloseTo(e.get("long_axis_mm").asDouble(), offset(1e-6));
            for (int a = 0; a < 3; a++) {
                assertThat(n.centroidLps()[a]).as(what + " centroid " + a).isCloseTo(e.get("centroid_lps").get(a).asDouble(), offset(1e-6));
            }
            assertThat(n.shortAxisMm()).as(what).isPositive().isLessThanOrEqualTo(n.longAxisMm() + 1e-9);
        }
        // the gap and the random blobs give several nodules per series; not a vacuous comparison
        assertThat(got.stream().map(Nodules.Nodule::series).distinct()).hasSize(3);
        assertThat(got.stream().filter(n -> !n.firstImage().equals(n.lastImage()))).isNotEmpty();
    }

    @Test
    void boxNoduleMeasuredByHandAndTheMalignantMinimumOnTheLongAxis() throws IOException {
        DatasetLayout layout = layout();
        int w = 20, h = 16;
        List<VolumeSeries.Slice> slices = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            Map<Integer, byte[]> masks = new HashMap<>();
            byte[] malignant = new byte[w * h];
            if (k >= 1 && k <= 3) { // a box: columns 5-14, rows 6-9, slices 1-3
                for (int y = 6; y <= 9; y++) {
                    for (int x = 5; x <= 14; x++) {
                        malignant[y * w + x] = 1;
                    }
                }
            }
            if (k == 4) { // a 2 x 2 pixel malignant lesion on one slice: 1 mm square, √2 mm across
                malignant[2 * w + 1] = malignant[2 * w + 2] = malignant[3 * w + 1] = malignant[3 * w + 2] = 1;
            }
            if (k > 0) {
                masks.put(1, malignant);
            }
            // sequence numbers run against the positions (5 is the lowest z)
            slices.add(new VolumeSeries.Slice(Integer.toString(5 - k), new double[] {-10, -20, 2.0 * k}, null, masks));
        }
        VolumeSeries.write(layout, new VolumeSeries.Series("CCT", CaseClass.MALIGNANT, "H0001", "5", w, h,
                new double[] {1, 0, 0, 0, 1, 0}, 0.5, 0.5, 2), slices, b -> { });
        FindingSink.Collected findings = new FindingSink.Collected();
        List<Nodules.Nodule> nodules = new ArrayList<>();
        Nodules.find(layout, 1, findings, nodules::add);
        assertThat(nodules).hasSize(2);
        Nodules.Nodule box = nodules.get(0);
        assertThat(box.series()).isEqualTo("chest-ct/malignant/H0001/5");
        assertThat(box.categoryId()).isEqualTo(1);
        assertThat(box.voxels()).isEqualTo(120);
        assertThat(box.volumeMm3()).isCloseTo(120 * 0.25 * 2, offset(1e-9));
        assertThat(box.firstImage()).isEqualTo("4"); // z = 2
        assertThat(box.lastImage()).isEqualTo("2"); // z = 6
        // 10 x 4 pixels of 0.5 mm: 5 x 2 mm; long axis its diagonal √29, short axis the chord 2·√29/5 across it
        assertThat(box.longAxisMm()).isCloseTo(Math.sqrt(29), offset(1e-9));
        assertThat(box.shortAxisMm()).isCloseTo(2 * Math.sqrt(29) / 5, offset(1e-9));
        // centre of columns 5-14 is x index 9.5, rows 6-9 is 7.5: -10 + 0.5·9.5, -20 + 0.5·7.5; z the mean of 2, 4, 6
        assertThat(box.centroidLps()).containsExactly(new double[] {-5.25, -16.25, 4}, offset(1e-9));
        Nodules.Nodule small = nodules.get(1);
        assertThat(small.firstImage()).isEqualTo("1").isEqualTo(small.lastImage());
        assertThat(small.longAxisMm()).isCloseTo(Math.sqrt(2), offset(1e-9));
        List<Finding> tooSmall = findings.findings().stream().filter(f -> f.code().equals(Nodules.TOO_SMALL)).toList();
        assertThat(tooSmall).singleElement().satisfies(f -> assertThat(f.message()).contains("images 1 to 1").contains("1.414 mm")
                .contains("minimum of 4 mm"));

        // stats counts the nodules beside the slice lesions and checks the minimum on the 3-D long axis, once per nodule
        Runs.Stats stats = Runs.stats(layout);
        DatasetStatistics.ClassCounts cct = stats.report().classes().stream()
                .filter(c -> c.modality().equals("CCT") && c.caseClass() == CaseClass.MALIGNANT).findFirst().orElseThrow();
        assertThat(cct.nodules()).isEqualTo(2);
        assertThat(stats.report().malignantNodulesBelowMinimum()).isEqualTo(1);
        assertThat(stats.report().noduleLongAxisMm().counts()[0]).isEqualTo(1); // √2 mm in 0-2 mm
        assertThat(stats.report().noduleLongAxisMm().counts()[2]).isEqualTo(1); // √29 mm in 4-6 mm
        assertThat(stats.findings()).filteredOn(f -> f.code().equals(Nodules.TOO_SMALL)).hasSize(1);

        StringWriter csv = new StringWriter();
        Nodules.write(layout, 1, Nodules.Format.CSV, csv, new FindingSink.Collected());
        assertThat(csv.toString().lines().toList()).startsWith(
                "series,category_id,first_image,last_image,voxels,volume_mm3,long_axis_mm,short_axis_mm,centroid_lps",
                "chest-ct/malignant/H0001/5,1,4,2,120,60,5.3852,2.1541,\"[-5.25, -16.25, 4]\"");
        StringWriter json = new StringWriter();
        Nodules.write(layout, 1, Nodules.Format.JSON, json, new FindingSink.Collected());
        JsonNode array = new ObjectMapper().readTree(json.toString());
        assertThat(array).hasSize(2);
        List<String> keys = new ArrayList<>();
        array.get(0).fieldNames().forEachRemaining(keys::add);
        assertThat(keys).isEqualTo(Nodules.COLUMNS);
        assertThat(array.get(0).get("long_axis_mm").asDouble()).isEqualTo(5.3852);
        assertThat(array.get(0).get("centroid_lps").get(1).asDouble()).isEqualTo(-16.25);
    }

    @Test
    void seriesWithoutAVolumeAreRefusedWithAReason() {
        DatasetLayout layout = layout();
        byte[] mask = new byte[64];
        mask[9] = 1;
        List<VolumeSeries.Slice> slices = List.of(
                new VolumeSeries.Slice("1", new double[] {0, 0, 0}, null, Map.of(3, mask)),
                new VolumeSeries.Slice("2", null, null, Map.of(3, mask)),
                new VolumeSeries.Slice("3", new double[] {0, 0, 4}, null, Map.of()));
        VolumeSeries.write(layout, new VolumeSeries.Series("CCT", CaseClass.BENIGN, "G0001", "2", 8, 8,
                new double[] {1, 0, 0, 0, 1, 0}, 1, 1, 2), slices, b -> { });
        VolumeSeries.write(layout, new VolumeSeries.Series("CCT", CaseClass.BENIGN, "G0002", "2", 8, 8,
                new double[] {1, 0, 0, 0, 1, 0}, 1, 1, 2), List.of(
                new VolumeSeries.Slice("1", new double[] {0, 0, 0}, null, Map.of(3, mask)),
                new VolumeSeries.Slice("2", new double[] {0, 0, 0}, null, Map.of(3, mask))), b -> { });
        FindingSink.Collected findings = new FindingSink.Collected();
        List<Nodules.Nodule> nodules = new ArrayList<>();
        Nodules.find(layout, 2, findings, nodules::add);
        assertThat(nodules).isEmpty();
        assertThat(findings.findings()).hasSize(2).allSatisfy(f -> assertThat(f.code()).isEqualTo(Nodules.GEOMETRY));
        assertThat(findings.findings().get(0).message()).contains("1 image(s)").contains("cct_G0001_2_2.dcm");
        assertThat(findings.findings().get(1).message()).contains("same position");
    }

    /** Nodules of every series of the tree under {@code root}, computed in Python from the files alone. */
    private JsonNode oracle(Path root) throws IOException, InterruptedException {
        String script = String.join("\n",
                "import json, os, sys, glob, numpy as np, pydicom",
                "from scipy import ndimage",
                "from scipy.spatial.distance import pdist",
                "root = sys.argv[1]",
                "out = []",
                "for dcm_dir in sorted(glob.glob(os.path.join(root, '*', '*', '*', '*', 'dcm'))):",
                "    series_dir = os.path.dirname(dcm_dir)",
                "    series = os.path.relpath(series_dir, root)",
                "    slices = []",
                "    for f in os.listdir(dcm_dir):",
                "        ds = pydicom.dcmread(os.path.join(dcm_dir, f))",
                "        seq = f[:-4].split('_')[3]",
                "        iop = np.array([float(v) for v in ds.ImageOrientationPatient])",
                "        ipp = np.array([float(v) for v in ds.ImagePositionPatient])",
                "        sp = [float(v) for v in ds.PixelSpacing]",
                "        slices.append((seq, ipp, iop, sp, int(ds.Rows), int(ds.Columns)))",
                "    row, col = slices[0][2][:3], slices[0][2][3:]",
                "    n = np.cross(row, col)",
                "    slices.sort(key=lambda s: float(np.dot(n, s[1])))",
                "    pos = [float(np.dot(n, s[1])) for s in slices]",
                "    d = np.diff(pos)",
                "    spacing = float(d.min())",
                "    h, w = slices[0][4], slices[0][5]",
                "    rs, cs = slices[0][3]",
                "    stack, seq_of, ipp_of = [], [], []",
                "    for i, s in enumerate(slices):",
                "        if i > 0 and pos[i] - pos[i - 1] > 1.5 * spacing:",
                "            stack.append(None); seq_of.append(None); ipp_of.append(None)",
                "        stack.append(s[0]); seq_of.append(s[0]); ipp_of.append(s[1])",
                "    masks = {}",
                "    for f in glob.glob(os.path.join(series_dir, 'binary', '*.dcm')):",
                "        parts = os.path.basename(f)[:-4].split('_')",
                "        masks[(parts[3], int(parts[4]))] = pydicom.dcmread(f).pixel_array != 0",
                "    for cat in sorted({k[1] for k in masks}):",
                "        vol = np.zeros((len(stack), h, w), dtype=np.uint8)",
                "        for z, seq in enumerate(stack):",
                "            if seq is not None and (seq, cat) in masks:",
                "                vol[z] = masks[(seq, cat)]",
                "        labels, count = ndimage.label(vol, structure=np.ones((3, 3, 3), dtype=int))",
                "        for k in range(1, count + 1):",
                "            zs, ys, xs = np.nonzero(labels == k)",
                "            pts = np.array([ipp_of[z] + row * cs * x + col * rs * y for z, y, x in zip(zs, ys, xs)])",
                "            longest = 0.0",
                "            for z in sorted(set(zs.tolist())):",
                "                yy, xx = np.nonzero(labels[z] == k)",
                "                corners = np.unique(np.concatenate([np.stack([(xx + dx) * cs, (yy + dy) * rs], 1)",
                "                                    for dx in (0, 1) for dy in (0, 1)]), axis=0)",
                "                longest = max(longest, float(pdist(corners).max()) if len(corners) > 1 else 0.0)",
                "            out.append({'series': series, 'category_id': cat, 'first_image': seq_of[zs.min()],",
                "                        'last_image': seq_of[zs.max()], 'voxels': int(len(zs)),",
                "                        'volume_mm3': len(zs) * rs * cs * spacing, 'long_axis_mm': longest,",
                "                        'centroid_lps': pts.mean(axis=0).tolist()})",
                "print(json.dumps(out))");
        Process p = new ProcessBuilder(PYTHON, "-c", script, root.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).isZero();
        return new ObjectMapper().readTree(out);
    }

    static boolean pythonHas(String imports) {
        try {
            Process probe = new ProcessBuilder(PYTHON, "-c", imports).redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
