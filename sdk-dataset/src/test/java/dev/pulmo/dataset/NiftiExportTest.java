package dev.pulmo.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulmo.api.Finding;
import dev.pulmo.api.plugin.CaseClass;
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
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export-nifti} read back with nibabel: for an axial, a feet-first and an oblique CT series (sequence numbers
 * shuffled against the positions) and a PET series whose rescale varies per slice, the affine (sform and qform) equals
 * the one computed from the DICOM headers with pydicom and numpy, the voxels equal the stored values (and the header's
 * slope and intercept the rescale; float modality values for the PET), the label volume equals the stacked masks; a
 * series with a gap is refused with a reason; dataset.json is what nnU-Net v2 reads.
 */
class NiftiExportTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    private static List<VolumeSeries.Slice> slices(Random r, int w, int h, int count, int skip, java.util.function.IntFunction<double[]> position) {
        List<String> seqs = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            seqs.add(Integer.toString(k + 1));
        }
        java.util.Collections.shuffle(seqs, r);
        List<VolumeSeries.Slice> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            if (k == skip) {
                continue;
            }
            short[] stored = new short[w * h];
            for (int i = 0; i < stored.length; i++) {
                stored[i] = (short) (r.nextInt(3000) - 1024);
            }
            Map<Integer, byte[]> masks = new HashMap<>();
            for (int category : new int[] {1, 3}) {
                if (r.nextInt(3) > 0) {
                    byte[] m = new byte[w * h];
                    int x0 = r.nextInt(w - 6), y0 = r.nextInt(h - 6);
                    for (int y = y0; y < y0 + 2 + r.nextInt(4); y++) {
                        for (int x = x0; x < x0 + 2 + r.nextInt(4); x++) {
                            m[y * w + x] = 1;
                        }
                    }
                    masks.put(category, m);
                }
            }
            out.add(new VolumeSeries.Slice(seqs.get(k), position.apply(k), stored, masks));
        }
        return out;
    }

    @Test
    void nibabelReadsTheAffineValuesAndLabelsTheDicomHeadersGive() throws IOException, InterruptedException {
        Assumptions.assumeTrue(NodulesTest.pythonHas("import nibabel, pydicom, numpy"),
                "needs /usr/bin/python3 with nibabel, pydicom and numpy (Debian python3-nibabel python3-pydicom python3-numpy)");
        DatasetLayout layout = new DatasetLayout(dir.resolve("tree/lung_cancer"), DatasetScannerTest.CATALOG);
        Random r = new Random(7);
        VolumeSeries.write(layout, new VolumeSeries.Series("CCT", CaseClass.MALIGNANT, "A0001", "2", 20, 16,
                new double[] {1, 0, 0, 0, 1, 0}, 0.7, 0.8, 2.5), slices(r, 20, 16, 6, -1, k -> new double[] {-7, -6.4, 10 + 2.5 * k}), b -> { });
        VolumeSeries.write(layout, new VolumeSeries.Series("CCT", CaseClass.BENIGN, "F0001", "3", 18, 18,
                new double[] {-1, 0, 0, 0, 1, 0}, 0.9, 0.9, 3), slices(r, 18, 18, 5, -1, k -> new double[] {8, -8, 40 - 3 * k}), b -> { });
        double[] iop = VolumeSeries.obliqueAboutX(25);
        double[] normal = {0, -iop[5], iop[4]};
        VolumeSeries.write(layout, new VolumeSeries.Series("CCT", CaseClass.MALIGNANT, "O0001", "4", 16, 20, iop, 0.75, 0.6, 2),
                slices(r, 16, 20, 5, -1, k -> new double[] {-5 + 2 * k * normal[0], -9 + 2 * k * normal[1], 3 + 2 * k * normal[2]}), b -> { });
        VolumeSeries.write(layout, new VolumeSeries.Series("CCT", CaseClass.MALIGNANT, "G0001", "5", 12, 12,
                new double[] {1, 0, 0, 0, 1, 0}, 1, 1, 2), slices(r, 12, 12, 6, 3, k -> new double[] {0, 0, 2.0 * k}), b -> { });
        // PET: one slice at a time, each with its own rescale slope
        List<VolumeSeries.Slice> pet = slices(r, 14, 14, 3, -1, k -> new double[] {-20, -20, 4.0 * k});
        for (int k = 0; k < pet.size(); k++) {
            String slope = Double.toString(0.5 + k * 0.25);
            VolumeSeries.write(layout, new VolumeSeries.Series("PCT", CaseClass.MALIGNANT, "P0001", "7", 14, 14,
                    new double[] {1, 0, 0, 0, 1, 0}, 4, 4, 4), List.of(pet.get(k)), b -> b.putString(Tag.RescaleSlope, VR.DS, slope)
                    .putString(Tag.RescaleIntercept, VR.DS, "0"));
        }
        Path out = dir.resolve("nnunet");
        FindingSink.Collected findings = new FindingSink.Collected();
        NiftiExport.Summary s = NiftiExport.export(layout, out, Optional.empty(), Set.of(), 2, findings);
        assertThat(s.failure()).isEmpty();
        assertThat(s.cases()).isEqualTo(Map.of("CCT", Map.of("imagesTr", 3L), "PCT", Map.of("imagesTr", 1L)));
        assertThat(s.refused()).isEqualTo(1);
        List<Finding> refused = findings.findings().stream().filter(f -> f.code().equals(NiftiExport.REFUSED)).toList();
        assertThat(refused).singleElement().satisfies(f -> assertThat(f.message()).contains("a gap of 4 mm").contains("cct_G0001_5_"));
        assertThat(findings.findings()).filteredOn(f -> f.code().equals(NiftiExport.RESCALE_VARIES)).hasSize(1);
        assertThat(Files.exists(out.resolve("CCT/imagesTr/G0001_5_0000.nii.gz"))).isFalse();

        String script = String.join("\n",
                "import glob, json, os, sys, numpy as np, nibabel as nib, pydicom",
                "out, root = sys.argv[1], sys.argv[2]",
                "folders = {'CCT': 'chest-ct', 'PCT': 'pet-ct'}",
                "errors = []; checked = 0",
                "for image in sorted(glob.glob(os.path.join(out, '*', 'imagesTr', '*_0000.nii.gz'))):",
                "    code = image.split(os.sep)[-3]",
                "    patient, series = os.path.basename(image)[:-len('_0000.nii.gz')].split('_')",
                "    dcm_dir = glob.glob(os.path.join(root, folders[code], '*', patient, series, 'dcm'))[0]",
                "    ds = [pydicom.dcmread(os.path.join(dcm_dir, f)) for f in os.listdir(dcm_dir)]",
                "    iop = np.array(ds[0].ImageOrientationPatient, dtype=float); row, col = iop[:3], iop[3:]",
                "    n = np.cross(row, col)",
                "    ds.sort(key=lambda d: float(np.dot(n, np.array(d.ImagePositionPatient, dtype=float))))",
                "    rs, cs = [float(v) for v in ds[0].PixelSpacing]",
                "    p0 = np.array(ds[0].ImagePositionPatient, dtype=float); p1 = np.array(ds[-1].ImagePositionPatient, dtype=float)",
                "    lps = np.eye(4); lps[:3, 0] = row * cs; lps[:3, 1] = col * rs; lps[:3, 2] = (p1 - p0) / (len(ds) - 1); lps[:3, 3] = p0",
                "    expected = np.diag([-1, -1, 1, 1]) @ lps",
                "    img = nib.load(image)",
                "    if not np.allclose(img.affine, expected, atol=1e-4): errors.append(image + ' sform %s vs %s' % (img.affine.tolist(), expected.tolist()))",
                "    if not np.allclose(img.get_qform(), expected, atol=1e-4): errors.append(image + ' qform')",
                "    if np.linalg.det(img.affine[:3, :3]) <= 0: errors.append(image + ' left-handed')",
                "    stored = np.stack([d.pixel_array for d in ds], axis=-1).transpose(1, 0, 2)",
                "    slopes = [float(d.RescaleSlope) for d in ds]; inters = [float(d.RescaleIntercept) for d in ds]",
                "    if len(set(slopes)) == 1:",
                "        if not np.array_equal(np.asanyarray(img.dataobj.get_unscaled()), stored): errors.append(image + ' stored values')",
                "        if abs(img.dataobj.slope - slopes[0]) > 1e-6 or abs(img.dataobj.inter - inters[0]) > 1e-6: errors.append(image + ' rescale')",
                "    else:",
                "        modality = stored * np.array(slopes)[None, None, :] + np.array(inters)[None, None, :]",
                "        if not np.allclose(img.get_fdata(), modality, rtol=1e-6): errors.append(image + ' float values')",
                "    labels = np.zeros(stored.shape, dtype=np.uint8)",
                "    for k, d in enumerate(ds):",
                "        stem = os.path.basename(d.filename)[:-4]",
                "        for m in sorted(glob.glob(os.path.join(os.path.dirname(dcm_dir), 'binary', stem + '_*_binary.dcm'))):",
                "            cat = int(os.path.basename(m).split('_')[4])",
                "            px = pydicom.dcmread(m).pixel_array.T != 0",
                "            labels[:, :, k] = np.where(px, np.maximum(labels[:, :, k], cat), labels[:, :, k])",
                "    lab = nib.load(os.path.join(out, code, 'labelsTr', patient + '_' + series + '.nii.gz'))",
                "    if not np.allclose(lab.affine, expected, atol=1e-4): errors.append(image + ' label affine')",
                "    if not np.array_equal(np.asanyarray(lab.dataobj), labels): errors.append(image + ' labels')",
                "    if labels.max() == 0: errors.append(image + ' no lesion to compare')",
                "    checked += 1",
                "for code in ('CCT', 'PCT'):",
                "    d = json.load(open(os.path.join(out, code, 'dataset.json')))",
                "    if d['numTraining'] != len(glob.glob(os.path.join(out, code, 'imagesTr', '*.nii.gz'))): errors.append(code + ' numTraining')",
                "    if d['labels'].get('background') != 0 or d['file_ending'] != '.nii.gz': errors.append(code + ' dataset.json')",
                "    if d['channel_names']['0'] != ('CT' if code == 'CCT' else 'PET'): errors.append(code + ' channel')",
                "print(json.dumps({'errors': errors, 'checked': checked}))");
        JsonNode report = python(script, out, layout.root());
        assertThat(report.get("checked").asInt()).isEqualTo(4);
    }

    /** A PET slice header with what SUVbw needs (QIBA's FDG example: 70 kg, 370 MBq of F-18 at 09:00, series at 10:00). */
    private static void suvHeaders(dev.pulmo.dicom.DicomDataset.Builder b, String slope, String weightKg) {
        b.putString(Tag.RescaleSlope, VR.DS, slope).putString(Tag.RescaleIntercept, VR.DS, "3")
                .putString(Tag.Units, VR.CS, "BQML").putString(Tag.DecayCorrection, VR.CS, "START")
                .putString(Tag.CorrectedImage, VR.CS, "ATTN", "DECY")
                .putString(Tag.SeriesDate, VR.DA, "20200102").putString(Tag.SeriesTime, VR.TM, "100000")
                .putSequence(Tag.RadiopharmaceuticalInformationSequence, List.of(dev.pulmo.dicom.DicomDataset.builder()
                        .putString(Tag.RadiopharmaceuticalStartTime, VR.TM, "090000")
                        .putString(Tag.RadionuclideTotalDose, VR.DS, "370000000")
                        .putString(Tag.RadionuclideHalfLife, VR.DS, "6586.2").build()));
        if (weightKg != null) {
            b.putString(Tag.PatientWeight, VR.DS, weightKg);
        }
    }

    @Test
    void petInSuvAsPydicomHeadersAndThePublishedFormulaGiveIt() throws IOException, InterruptedException {
        Assumptions.assumeTrue(NodulesTest.pythonHas("import nibabel, pydicom, numpy"),
                "needs /usr/bin/python3 with nibabel, pydicom and numpy (Debian python3-nibabel python3-pydicom python3-numpy)");
        DatasetLayout layout = new DatasetLayout(dir.resolve("tree/lung_cancer"), DatasetScannerTest.CATALOG);
        Random r = new Random(11);
        // a PET series with SUV headers and its own rescale slope per slice
        List<VolumeSeries.Slice> pet = slices(r, 10, 12, 3, -1, k -> new double[] {-20, -24, 4.0 * k});
        for (int k = 0; k < pet.size(); k++) {
            String slope = Double.toString(2 + k * 0.5);
            VolumeSeries.write(layout, new VolumeSeries.Series("PCT", CaseClass.MALIGNANT, "U0001", "7", 10, 12,
                    new double[] {1, 0, 0, 0, 1, 0}, 4, 4, 4), List.of(pet.get(k)), b -> suvHeaders(b, slope, "70"));
        }
        // a PET series without Patient's Weight: no SUV, refused with the reason
        VolumeSeries.write(layout, new VolumeSeries.Series("PCT", CaseClass.MALIGNANT, "W0001", "8", 10, 10,
                new double[] {1, 0, 0, 0, 1, 0}, 4, 4, 4), slices(r, 10, 10, 2, -1, k -> new double[] {0, 0, 4.0 * k}),
                b -> suvHeaders(b, "2", null));
        // CT is not PET: stored values as before
        VolumeSeries.write(layout, new VolumeSeries.Series("CCT", CaseClass.MALIGNANT, "C0001", "2", 8, 8,
                new double[] {1, 0, 0, 0, 1, 0}, 1, 1, 2), slices(r, 8, 8, 3, -1, k -> new double[] {0, 0, 2.0 * k}), b -> { });

        Path out = dir.resolve("nnunet");
        FindingSink.Collected findings = new FindingSink.Collected();
        NiftiExport.Summary s = NiftiExport.export(layout, out, Optional.empty(), Set.of(), NiftiExport.PetValues.SUV, 2, findings);
        assertThat(s.failure()).isEmpty();
        assertThat(s.cases()).isEqualTo(Map.of("CCT", Map.of("imagesTr", 1L), "PCT", Map.of("imagesTr", 1L)));
        assertThat(s.refused()).isEqualTo(1); // the PET series without SUV is counted with the refused series
        assertThat(findings.findings()).filteredOn(f -> f.severity() == dev.pulmo.api.Severity.ERROR).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(NiftiExport.SUV_UNAVAILABLE);
            assertThat(f.location().file()).endsWith("pet-ct/malignant/W0001/8");
            assertThat(f.message()).contains("Patient's Weight").contains("not exported");
        });
        assertThat(out.resolve("PCT/imagesTr/W0001_8_0000.nii.gz")).doesNotExist();
        assertThat(findings.findings()).noneMatch(f -> f.code().equals(NiftiExport.RESCALE_VARIES));

        // SUVbw = (slope * stored + intercept) * weight [g] / (dose * 2^(-t / half-life)), t from injection to series start
        String script = String.join("\n",
                "import datetime, glob, json, os, sys, numpy as np, nibabel as nib, pydicom",
                "out, root = sys.argv[1], sys.argv[2]",
                "errors = []",
                "def check(image, dcm_dir, suv):",
                "    ds = sorted((pydicom.dcmread(os.path.join(dcm_dir, f)) for f in os.listdir(dcm_dir)), key=lambda d: float(d.ImagePositionPatient[2]))",
                "    expected = []",
                "    for d in ds:",
                "        v = d.pixel_array.T.astype(np.float64) * float(d.RescaleSlope) + float(d.RescaleIntercept)",
                "        if suv:",
                "            drug = d.RadiopharmaceuticalInformationSequence[0]",
                "            t = lambda day, hms: datetime.datetime.strptime(day + hms[:6], '%Y%m%d%H%M%S')",
                "            seconds = (t(d.SeriesDate, d.SeriesTime) - t(d.SeriesDate, drug.RadiopharmaceuticalStartTime)).total_seconds()",
                "            v = v * float(d.PatientWeight) * 1000 / (float(drug.RadionuclideTotalDose) * 2 ** (-seconds / float(drug.RadionuclideHalfLife)))",
                "        expected.append(v)",
                "    expected = np.stack(expected, axis=-1)",
                "    img = nib.load(image)",
                "    if suv:",
                "        if img.get_data_dtype() != np.float32: errors.append(image + ' dtype %s' % img.get_data_dtype())",
                "        slope, inter = img.header.get_slope_inter()",
                "        if slope not in (None, 1.0) or inter not in (None, 0.0): errors.append(image + ' scl %s %s' % (slope, inter))",
                "        if not np.allclose(img.get_fdata(), expected, rtol=1e-6, atol=1e-6): errors.append(image + ' SUV values')",
                "        if abs(float(np.max(expected))) < 1: errors.append(image + ' no SUV to compare')",
                "    else:",
                "        if img.get_data_dtype() != np.int16: errors.append(image + ' dtype %s' % img.get_data_dtype())",
                "        if not np.allclose(img.get_fdata(), expected): errors.append(image + ' CT values')",
                "check(os.path.join(out, 'PCT', 'imagesTr', 'U0001_7_0000.nii.gz'), os.path.join(root, 'pet-ct', 'malignant', 'U0001', '7', 'dcm'), True)",
                "check(os.path.join(out, 'CCT', 'imagesTr', 'C0001_2_0000.nii.gz'), os.path.join(root, 'chest-ct', 'malignant', 'C0001', '2', 'dcm'), False)",
                "print(json.dumps({'errors': errors}))");
        JsonNode report = python(script, out, layout.root());
    }

    /** Runs {@code script} with the output and tree folders as arguments; its JSON report, its errors asserted empty. */
    private static JsonNode python(String script, Path out, Path root) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PYTHON, "-c", script, out.toString(), root.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] stdout = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).isZero();
        JsonNode report = new ObjectMapper().readTree(stdout);
        assertThat(report.get("errors")).as(report.toString()).isEmpty();
        return report;
    }

    @Test
    void theTestPartGoesToImagesTs() {
        DatasetLayout layout = new DatasetLayout(dir.resolve("tree/lung_cancer"), DatasetScannerTest.CATALOG);
        Random r = new Random(3);
        for (String patient : List.of("T0001", "T0002")) {
            VolumeSeries.write(layout, new VolumeSeries.Series("CCT", CaseClass.BENIGN, patient, "2", 8, 8,
                    new double[] {1, 0, 0, 0, 1, 0}, 1, 1, 2), slices(r, 8, 8, 3, -1, k -> new double[] {0, 0, 2.0 * k}), b -> { });
        }
        Path manifest = dir.resolve("split.csv");
        try {
            Files.writeString(manifest, SplitManifest.HEADER + "\n"
                    + "train,CCT,benign,T0001,2,1,chest-ct/benign/T0001/2/dcm/cct_T0001_2_1.dcm\n"
                    + "test,CCT,benign,T0002,2,1,chest-ct/benign/T0002/2/dcm/cct_T0002_2_1.dcm\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        NiftiExport.Summary s = NiftiExport.export(layout, dir.resolve("out"), Optional.of(manifest), Set.of("CCT"), 1, f -> { });
        assertThat(s.cases()).isEqualTo(Map.of("CCT", Map.of("imagesTr", 1L, "imagesTs", 1L)));
        assertThat(dir.resolve("out/CCT/imagesTs/T0002_2_0000.nii.gz")).exists();
        assertThat(dir.resolve("out/CCT/labelsTs/T0002_2.nii.gz")).exists();
        assertThat(dir.resolve("out/CCT/imagesTr/T0001_2_0000.nii.gz")).exists();
    }
}
