package dev.pulmo.dataset;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.pulmo.api.CategoryDefinition;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.io.AtomicFiles;
import dev.pulmo.api.io.OutputPaths;
import dev.pulmo.dataset.PatientSplit.Part;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.SliceGeometry;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.pixel.Frame;
import dev.pulmo.dicom.pixel.PixelData;
import dev.pulmo.dicom.pixel.SuvScale;
import dev.pulmo.geometry.BinaryMask;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * CT and PET-CT series as NIfTI-1 volumes for nnU-Net v2 and MONAI ({@code pulmo export-nifti ROOT --out DIR}). Per
 * modality, {@code DIR/<code>/} is an nnU-Net raw dataset: {@code imagesTr/<case>_0000.nii.gz} and
 * {@code labelsTr/<case>.nii.gz} (the training and validation parts of a split, or every series without one),
 * {@code imagesTs/} and {@code labelsTs/} (the test part), and {@code dataset.json} (channel name {@code CT} for CT, so
 * nnU-Net normalises Hounsfield units, {@code PET} for PET-CT, else the modality code; labels {@code background} 0 and
 * each category's English name with its id; {@code numTraining}; {@code file_ending}). A case is
 * {@code <patient>_<series>}.
 *
 * <ul>
 *   <li>Image volume: the slices in order along the normal ({@link SeriesVolume}); voxels are the stored values
 *   (uint8/int8, uint16/int16, uint32/int32 as Bits Allocated and Pixel Representation say) with Rescale Slope and
 *   Intercept as {@code scl_slope}/{@code scl_inter}; when the rescale differs between slices (common in PET), float32
 *   modality values with slope 1 (a {@value #RESCALE_VARIES} note).</li>
 *   <li>PET images (Modality PT) with {@link PetValues#SUV}: float32 SUVbw (g/ml), {@code scl_slope} 1 and
 *   {@code scl_inter} 0: each voxel {@code (slope × stored + intercept) × factor} with the slice's own rescale and the
 *   body-weight factor of {@link SuvScale} (the one {@code export-coco} and {@code render} use: dose decayed from the
 *   injection to the series start by the half-life when Decay Correction is START, weight in g). A PET series where a
 *   slice's header does not allow SUV is refused ({@value #SUV_UNAVAILABLE}, an error naming what is missing), not
 *   exported in other units: one dataset's PET cases must share their unit.</li>
 *   <li>Label volume (uint8): each voxel the category id of the lesion covering it, 0 elsewhere: the lesions of
 *   {@link CocoExport#image} ({@code --segmentation rle}: the binary masks' pixels, the JSON's rings where an image has
 *   no masks); where two categories overlap, the higher id.</li>
 *   <li>Affine (sform and qform, code 1 "scanner"): voxel (i, j, k) = column, row, slice lies at
 *   {@code IPP₀ + rowDirection·columnSpacing·i + columnDirection·rowSpacing·j + step·k} in DICOM LPS (PS3.3 C.7.6.2.1.1;
 *   {@code step} = (IPP of the last slice − IPP of the first) / (n − 1)), turned to RAS by negating x and y. Slices go
 *   along row × column direction, so the affine is right-handed (qfac 1) for feet-first and head-first series alike.</li>
 * </ul>
 * Refused, with a reason ({@value #REFUSED}, an error; nothing is resampled): series whose slices are no volume
 * ({@link SeriesVolume}: sizes, orientation, pixel spacing, two slices at one position), have a gap, or whose positions
 * do not lie on one line at even steps (within 1 % of the spacing), or whose images differ in Bits Allocated or Pixel
 * Representation. Series without Image Plane attributes at all (X-ray) are 2-D and skipped without a finding.
 * Streamed: a series is written slice by slice through gzip on a worker, both files in one {@link AtomicFiles.Batch}.
 */
public final class NiftiExport {
    public static final String REFUSED = "nifti.refused";
    public static final String RESCALE_VARIES = "nifti.rescale-varies";
    public static final String NOT_IN_SPLIT = "nifti.not-in-split";
    public static final String SUV_UNAVAILABLE = "nifti.suv-unavailable";

    /** What a PET image volume holds. */
    public enum PetValues {
        /** The stored values with the rescale in the header, as for CT (activity concentration, e.g. Bq/ml). */
        STORED,
        /** Body-weight standardised uptake values (SUVbw, g/ml) as float32. */
        SUV
    }

    /**
     * What was written: cases per modality code and folder ({@code imagesTr}, {@code imagesTs}), and the series refused
     * ({@value #REFUSED} or {@value #SUV_UNAVAILABLE}).
     */
    public record Summary(Map<String, Map<String, Long>> cases, long refused, long errors, Optional<TreeRun.Failure> failure) {
    }

    /** One written case, for {@code dataset.json}. */
    private record Case(String modality, boolean training) {
    }

    /**
     * One slice: its files, plane, lesions and rescale; {@code suv} the SUVbw factor when the slice is exported in SUV,
     * {@code noSuv} why a PET slice is not when SUV was asked for (else null).
     */
    private record Slice(ImageFiles files, SliceGeometry geometry, CocoExport.CocoImage image, double slope, double intercept,
                         int bitsAllocated, int pixelRepresentation, Optional<SuvScale> suv, String noSuv) {
    }

    private final DatasetLayout layout;
    private final Path dir;
    private final Map<String, Part> parts;
    private final Set<String> modalities;
    private final PetValues petValues;
    private final ImagePipeline pipeline;
    private final TreeReader reader = TreeReader.local();

    private NiftiExport(DatasetLayout layout, Path dir, Map<String, Part> parts, Set<String> modalities, PetValues petValues) {
        this.layout = layout;
        this.dir = dir;
        this.parts = parts;
        this.modalities = modalities;
        this.petValues = petValues;
        this.pipeline = ImagePipeline.of(layout.catalog());
    }

    /**
     * Exports the CT and PET-CT series of the tree into {@code dir}.
     *
     * @param split      a split manifest ({@code pulmo split}), or empty
     * @param modalities modality codes to include, empty for all
     * @throws IllegalArgumentException naming file and line when the split manifest is not one
     */
    public static Summary export(DatasetLayout layout, Path dir, Optional<Path> split, Set<String> modalities, int threads,
                                 FindingSink sink) {
        return export(layout, dir, split, modalities, PetValues.STORED, threads, sink);
    }

    /**
     * As {@link #export(DatasetLayout, Path, Optional, Set, int, FindingSink)}, PET images holding {@code petValues}.
     *
     * @throws IllegalArgumentException naming file and line when the split manifest is not one
     */
    public static Summary export(DatasetLayout layout, Path dir, Optional<Path> split, Set<String> modalities, PetValues petValues,
                                 int threads, FindingSink sink) {
        return export(layout, dir, split, modalities, petValues, threads, sink, () -> { });
    }

    /**
     * As {@link #export(DatasetLayout, Path, Optional, Set, PetValues, int, FindingSink)}, calling {@code onImage} once
     * per DICOM image of the tree (exported, left out or refused alike), in the tree's order, from one thread at a
     * time: a progress hook.
     *
     * @throws IllegalArgumentException naming file and line when the split manifest is not one
     */
    public static Summary export(DatasetLayout layout, Path dir, Optional<Path> split, Set<String> modalities, PetValues petValues,
                                 int threads, FindingSink sink, Runnable onImage) {
        NiftiExport e = new NiftiExport(layout, dir, split.map(SplitManifest::partsByPatient).orElse(null), Set.copyOf(modalities),
                petValues);
        FindingSink.Counts severities = new FindingSink.Counts();
        Map<String, Map<String, Long>> cases = new TreeMap<>();
        long[] refused = {0};
        TreeRun.Summary run = TreeRun.run(layout, new TreeRun.Options(threads, "pulmo-export-nifti", false), e::series,
                (series, written) -> {
                    series.images().stream().filter(i -> i.dicom() != null).forEach(i -> onImage.run());
                    written.ifPresent(c -> cases.computeIfAbsent(c.modality(), m -> new TreeMap<>())
                            .merge(c.training() ? "imagesTr" : "imagesTs", 1L, Long::sum));
                }, sink.and(severities).and(f -> {
                            if (f.code().equals(REFUSED) || f.code().equals(SUV_UNAVAILABLE)) {
                                refused[0]++;
                            }
                        }));
        if (run.failure().isEmpty()) {
            cases.forEach(e::writeDatasetJson);
        }
        return new Summary(cases, refused[0], severities.errors(), run.failure());
    }

    private TreeRun.SeriesOutcome<Optional<Case>> series(SeriesFiles series) {
        List<Finding> findings = new ArrayList<>();
        SeriesKey key = series.key();
        Location where = Location.ofFile(series.folder().toString());
        if (!modalities.isEmpty() && !modalities.contains(key.modality())) {
            return new TreeRun.SeriesOutcome<>(findings, Optional.empty());
        }
        Part part = parts == null ? Part.TRAIN : parts.get(key.patientId());
        List<Slice> slices = new ArrayList<>();
        List<SeriesVolume.Slice> planes = new ArrayList<>();
        int withoutPlane = 0;
        for (ImageFiles image : series.images()) {
            Optional<Slice> s = TreeRun.at(image.dicom() != null ? image.dicom() : image.key(), () -> {
                ImageInputs inputs = ImageInputs.read(image, Nodules.partsFor(image), reader);
                Optional<CocoExport.CocoImage> coco = CocoExport.image(layout, pipeline, CocoExport.SegmentationKind.RLE, inputs, findings);
                if (coco.isEmpty()) {
                    return Optional.<Slice>empty();
                }
                DicomDataset h = inputs.header().orElseThrow().dataset();
                Optional<SliceGeometry> g = SliceGeometry.of(h);
                if (g.isEmpty()) {
                    return Optional.<Slice>empty();
                }
                Optional<SuvScale> suv = Optional.empty();
                String noSuv = null;
                if (petValues == PetValues.SUV && PetImage.isPet(h)) {
                    SuvScale.Outcome o = SuvScale.bodyWeight(h);
                    suv = o.scale();
                    noSuv = suv.isEmpty() ? o.reason() : null;
                }
                return Optional.of(new Slice(image, g.get(), coco.get(), h.getDouble(Tag.RescaleSlope).orElse(1),
                        h.getDouble(Tag.RescaleIntercept).orElse(0), h.getInt(Tag.BitsAllocated).orElse(16),
                        h.getInt(Tag.PixelRepresentation).orElse(0), suv, noSuv));
            });
            if (s.isPresent()) {
                slices.add(s.get());
                planes.add(new SeriesVolume.Slice(s.get().image().fileName(), s.get().geometry(), s.get().image().width(),
                        s.get().image().height()));
            } else if (image.dicom() != null) {
                withoutPlane++;
            }
        }
        if (slices.isEmpty()) {
            return new TreeRun.SeriesOutcome<>(findings, Optional.empty()); // 2-D (X-ray), or nothing readable (reported)
        }
        if (part == null) {
            findings.add(Finding.warning(NOT_IN_SPLIT, where, "patient " + key.patientId() + " is not in the split: left out"));
            return new TreeRun.SeriesOutcome<>(findings, Optional.empty());
        }
        Optional<String> why = withoutPlane > 0
                ? Optional.of(withoutPlane + " image(s) lack Image Position, Image Orientation or Pixel Spacing, or could not be read")
                : whyNoVolume(slices, planes);
        SeriesVolume volume = why.isEmpty() ? SeriesVolume.of(planes).volume().orElseThrow() : null;
        if (why.isPresent()) {
            findings.add(Finding.error(REFUSED, where, why.get() + ": the series is not exported (nothing is resampled)"));
            return new TreeRun.SeriesOutcome<>(findings, Optional.empty());
        }
        Optional<Slice> withoutSuv = slices.stream().filter(s -> s.noSuv() != null).findFirst();
        if (withoutSuv.isPresent()) {
            findings.add(Finding.error(SUV_UNAVAILABLE, where, "no SUVbw for " + withoutSuv.get().image().fileName() + ": "
                    + withoutSuv.get().noSuv() + "; the PET series is not exported (--pet-values stored exports its stored values)"));
            return new TreeRun.SeriesOutcome<>(findings, Optional.empty());
        }
        List<Slice> ordered = new ArrayList<>();
        for (int i : volume.order()) {
            ordered.add(slices.get(i));
        }
        boolean suv = ordered.get(0).suv().isPresent();
        boolean rescaleVaries = ordered.stream().anyMatch(s -> s.slope() != ordered.get(0).slope() || s.intercept() != ordered.get(0).intercept());
        if (rescaleVaries && !suv) {
            findings.add(Finding.info(RESCALE_VARIES, where, "the rescale differs between slices: the volume holds float32 "
                    + "modality values (scl_slope 1) instead of stored values"));
        }
        boolean training = part != Part.TEST;
        String folder = layout.plugin(key.modality()).modality().code();
        String caseId = key.patientId() + "_" + key.series();
        Path base = OutputPaths.resolveRelative(dir, folder);
        try (AtomicFiles.Batch batch = AtomicFiles.batch()) {
            batch.write(OutputPaths.resolveRelative(base, (training ? "imagesTr/" : "imagesTs/") + caseId + "_0000.nii.gz"),
                    out -> writeImage(out, ordered, rescaleVaries || suv));
            batch.write(OutputPaths.resolveRelative(base, (training ? "labelsTr/" : "labelsTs/") + caseId + ".nii.gz"),
                    out -> writeLabels(out, ordered));
            batch.commit();
        } catch (DicomException e) {
            // the headers were read, the pixels are not decodable: nothing of the series is written
            findings.add(Finding.error(ImagePipeline.IMAGE_UNREADABLE, where, "the series' pixels cannot be read, it is not exported: "
                    + e.getMessage()));
            return new TreeRun.SeriesOutcome<>(findings, Optional.empty());
        }
        return new TreeRun.SeriesOutcome<>(findings, Optional.of(new Case(folder, training)));
    }

    private static Optional<String> whyNoVolume(List<Slice> slices, List<SeriesVolume.Slice> planes) {
        SeriesVolume.Result r = SeriesVolume.of(planes);
        if (r.volume().isEmpty()) {
            return Optional.of(r.whyNot());
        }
        SeriesVolume v = r.volume().get();
        Optional<String> gap = v.firstGap(planes);
        if (gap.isPresent()) {
            return gap;
        }
        for (Slice s : slices) {
            if (s.bitsAllocated() != slices.get(0).bitsAllocated() || s.pixelRepresentation() != slices.get(0).pixelRepresentation()) {
                return Optional.of(s.image().fileName() + " has other Bits Allocated or Pixel Representation than " + slices.get(0).image().fileName());
            }
        }
        int n = v.size();
        double[] first = slices.get(v.order()[0]).geometry().position(), last = slices.get(v.order()[n - 1]).geometry().position();
        for (int k = 1; k < n - 1; k++) {
            double[] p = slices.get(v.order()[k]).geometry().position();
            double d = 0;
            for (int a = 0; a < 3; a++) {
                double expected = first[a] + (last[a] - first[a]) * k / (n - 1);
                d = Math.max(d, Math.abs(p[a] - expected));
            }
            if (d > 0.01 * v.spacingMm()) {
                return Optional.of("the position of " + slices.get(v.order()[k]).image().fileName() + " is " + SeriesVolume.mm(d)
                        + " mm off the line of evenly spaced slices from the first to the last");
            }
        }
        return Optional.empty();
    }

    /** Voxel to RAS: columns i, j, k and the origin, from the ordered slices (see the class comment). */
    private static double[][] affine(List<Slice> ordered) {
        SliceGeometry g = ordered.get(0).geometry();
        int n = ordered.size();
        double[] step = new double[3];
        if (n > 1) {
            double[] last = ordered.get(n - 1).geometry().position();
            for (int a = 0; a < 3; a++) {
                step[a] = (last[a] - g.position()[a]) / (n - 1);
            }
        } else {
            double[] normal = g.normal();
            double thickness = g.sliceThickness() > 0 ? g.sliceThickness() : 1;
            for (int a = 0; a < 3; a++) {
                step[a] = normal[a] * thickness;
            }
        }
        double[][] columns = new double[4][3];
        for (int a = 0; a < 3; a++) {
            columns[0][a] = g.rowDirection()[a] * g.columnSpacing();
            columns[1][a] = g.columnDirection()[a] * g.rowSpacing();
            columns[2][a] = step[a];
            columns[3][a] = g.position()[a];
        }
        double[][] affine = new double[3][4];
        for (int c = 0; c < 4; c++) {
            affine[0][c] = -columns[c][0]; // LPS → RAS
            affine[1][c] = -columns[c][1];
            affine[2][c] = columns[c][2];
        }
        return affine;
    }

    private static void header(OutputStream out, List<Slice> ordered, short datatype, double slope, double intercept, String what)
            throws IOException {
        double[][] a = affine(ordered);
        double stepLength = Math.sqrt(a[0][2] * a[0][2] + a[1][2] * a[1][2] + a[2][2] * a[2][2]);
        SliceGeometry g = ordered.get(0).geometry();
        NiftiWriter.writeHeader(out, new int[] {ordered.get(0).image().width(), ordered.get(0).image().height(), ordered.size()},
                new double[] {g.columnSpacing(), g.rowSpacing(), stepLength}, a, datatype, slope, intercept, what);
    }

    private void writeImage(OutputStream raw, List<Slice> ordered, boolean asFloat) throws IOException {
        Slice first = ordered.get(0);
        boolean signed = first.pixelRepresentation() == 1;
        short datatype = asFloat ? NiftiWriter.FLOAT32 : switch (first.bitsAllocated()) {
            case 8 -> signed ? NiftiWriter.INT8 : NiftiWriter.UINT8;
            case 16 -> signed ? NiftiWriter.INT16 : NiftiWriter.UINT16;
            case 32 -> signed ? NiftiWriter.INT32 : NiftiWriter.UINT32;
            default -> throw new IOException("Bits Allocated " + first.bitsAllocated() + " is not 8, 16 or 32");
        };
        int bytes = NiftiWriter.bitsOf(datatype) / 8;
        GZIPOutputStream gz = gzip(raw);
        OutputStream out = new BufferedOutputStream(gz, 1 << 16);
        header(out, ordered, datatype, asFloat ? 1 : first.slope(), asFloat ? 0 : first.intercept(),
                first.suv().isPresent() ? "pulmo export-nifti image: SUVbw (g/ml)" : "pulmo export-nifti image");
        for (Slice s : ordered) {
            double factor = s.suv().map(SuvScale::factor).orElse(1.0);
            Path file = s.files().dicom();
            Frame frame = PixelData.from(DicomReader.create().readOwned(reader.readAllBytes(file), file.toString())).frame(0);
            ByteBuffer row = ByteBuffer.allocate(frame.columns() * bytes).order(ByteOrder.LITTLE_ENDIAN);
            for (int r = 0; r < frame.rows(); r++) {
                row.clear();
                for (int c = 0; c < frame.columns(); c++) {
                    long v = frame.sample(c, r, 0);
                    switch (bytes) {
                        case 1 -> row.put((byte) v);
                        case 2 -> row.putShort((short) v);
                        default -> {
                            if (asFloat) {
                                row.putFloat((float) ((s.slope() * v + s.intercept()) * factor));
                            } else {
                                row.putInt((int) v);
                            }
                        }
                    }
                }
                out.write(row.array(), 0, row.position());
            }
        }
        out.flush();
        gz.finish();
    }

    /**
     * gzip at deflate level 1, as nibabel writes {@code .nii.gz} ({@code Opener.default_compresslevel}): measured on the
     * 5,000-image CT tree (benchmarks/README.md), the default level 6 spent most of the export's CPU time in deflate for
     * files a few per cent smaller.
     */
    private static GZIPOutputStream gzip(OutputStream raw) throws IOException {
        return new GZIPOutputStream(raw, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        };
    }

    private static void writeLabels(OutputStream raw, List<Slice> ordered) throws IOException {
        GZIPOutputStream gz = gzip(raw);
        OutputStream out = new BufferedOutputStream(gz, 1 << 16);
        header(out, ordered, NiftiWriter.UINT8, 1, 0, "pulmo export-nifti labels: category ids");
        for (Slice s : ordered) {
            int w = s.image().width(), h = s.image().height();
            byte[] labels = new byte[w * h];
            List<CocoExport.CocoObject> objects = new ArrayList<>(s.image().objects());
            objects.sort(Comparator.comparingInt(CocoExport.CocoObject::categoryId));
            for (CocoExport.CocoObject o : objects) {
                if (o.rle().isEmpty()) {
                    continue;
                }
                BinaryMask m = o.rle().get().decode();
                for (int r = 0; r < h; r++) {
                    for (int c = 0; c < w; c++) {
                        if (m.get(c, r)) {
                            labels[r * w + c] = (byte) o.categoryId();
                        }
                    }
                }
            }
            out.write(labels);
        }
        out.flush();
        gz.finish();
    }

    private void writeDatasetJson(String modality, Map<String, Long> counts) {
        var plugin = layout.plugin(modality);
        AtomicFiles.write(OutputPaths.resolveRelative(dir, modality + "/dataset.json"), out -> {
            JsonGenerator g = new JsonFactory().createGenerator(out);
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeObjectFieldStart("channel_names");
            g.writeStringField("0", modality.equals("CCT") ? "CT" : modality.equals("PCT") ? "PET" : modality);
            g.writeEndObject();
            g.writeObjectFieldStart("labels");
            g.writeNumberField("background", 0);
            Map<String, Integer> labels = new LinkedHashMap<>();
            for (CategoryDefinition d : plugin.categoryTable().categories()) {
                labels.put(d.englishName(), d.id());
            }
            for (Map.Entry<String, Integer> l : labels.entrySet()) {
                g.writeNumberField(l.getKey(), l.getValue());
            }
            g.writeEndObject();
            g.writeNumberField("numTraining", counts.getOrDefault("imagesTr", 0L));
            g.writeStringField("file_ending", ".nii.gz");
            g.writeStringField("name", plugin.modality().code() + " lesions (pulmo export-nifti)");
            g.writeEndObject();
            g.flush();
        });
    }
}
