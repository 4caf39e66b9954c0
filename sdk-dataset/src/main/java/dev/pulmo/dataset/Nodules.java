package dev.pulmo.dataset;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.io.CsvWriter;
import dev.pulmo.api.plugin.MinimumNoduleSize;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.api.plugin.SeriesNodule;
import dev.pulmo.dicom.SliceGeometry;
import dev.pulmo.geometry.AxialDiameters;
import dev.pulmo.geometry.BinaryMask;
import dev.pulmo.geometry.CocoRle;
import dev.pulmo.geometry.GeometryException;
import dev.pulmo.geometry.VolumeComponent;
import dev.pulmo.geometry.VolumeComponents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * 3-D lesions ({@code pulmo nodules}): a CT or PET-CT series' per-slice lesions grouped into nodules. A driver over
 * {@link TreeRun} and the per-image pipeline: each image's lesions are those {@code export-coco --segmentation rle}
 * exports ({@link CocoExport#image}: the binary masks' pixels through the modality's export rule, specks left out; the
 * guideline JSON's rings rasterised where an image has no masks), so the two never disagree.
 *
 * <p>Per category, the series' lesion pixels are stacked into a volume, slices in order along the series' normal
 * with an empty slice at each gap ({@link SeriesVolume}), and labelled 26-connected ({@link VolumeComponents}); each
 * component is a nodule of that category. Measures: the slice range (first and last image by position), the voxel
 * count, the volume (voxels × row spacing × column spacing × slice spacing, mm³), the long and short axis on the axial
 * slice where the long axis is greatest ({@link AxialDiameters}, as Lung-RADS and Fleischner measure), and the centroid
 * (the mean of the voxels' centres) in patient coordinates (DICOM LPS, mm).
 *
 * <p>Series whose images have no Image Plane geometry at all (X-ray) are 2-D: they have no nodules and no finding.
 * Rule codes besides the pipeline's: {@value #GEOMETRY} (error: a series with lesions whose slices do not make a volume:
 * some lack the Image Plane attributes, or differ in size, orientation or pixel spacing, or share a position; its
 * lesions are not grouped), {@value #TOO_FRAGMENTED} (error: more foreground runs than {@link VolumeComponents#MAX_RUNS}),
 * and the modality's series rules that need nodules ({@link SeriesRules#checkNodules}), such as chest CT's
 * {@value #TOO_SMALL} ({@link MinimumNoduleSize}: a malignant nodule whose long axis is below 4 mm, SPEC.md §6
 * "malignant nodule ≥ 0.4 cm", checked on the 3-D lesion rather than on each of its slices, whose end slices are
 * small). {@code validate} runs the same collector and rules ({@link SeriesRules#of}), so the two agree.
 */
public final class Nodules {
    public static final String GEOMETRY = "nodule.geometry";
    public static final String TOO_FRAGMENTED = "nodule.too-fragmented";
    public static final String TOO_SMALL = MinimumNoduleSize.CODE;

    /** The output formats of {@link #write}. */
    public enum Format { CSV, JSON }

    /** The columns of the CSV format, which are also the JSON objects' keys. */
    public static final List<String> COLUMNS = List.of("series", "category_id", "first_image", "last_image", "voxels",
            "volume_mm3", "long_axis_mm", "short_axis_mm", "centroid_lps");

    /**
     * One 3-D lesion.
     *
     * @param seriesKey   the series
     * @param series      the series folder relative to the tree's {@code lung_cancer} folder, with {@code /}
     * @param categoryId  the guideline category id of the series' modality
     * @param firstImage  the sequence number of the image of its first slice (by position along the normal)
     * @param lastImage   the sequence number of the image of its last slice
     * @param voxels      the number of voxels
     * @param volumeMm3   voxels × row spacing × column spacing × slice spacing, mm³
     * @param longAxisMm  the longest axial diameter, mm
     * @param shortAxisMm the longest diameter perpendicular to it on the same slice, mm
     * @param centroidLps the mean of the voxels' centres in patient coordinates {x, y, z} (DICOM LPS), mm
     */
    public record Nodule(SeriesKey seriesKey, String series, int categoryId, String firstImage, String lastImage, long voxels,
                         double volumeMm3, double longAxisMm, double shortAxisMm, double[] centroidLps) {
        public Nodule {
            centroidLps = centroidLps.clone();
        }

        /** The nodule as the modality's series rules see it ({@link dev.pulmo.api.plugin.SeriesContext#nodules()}). */
        public SeriesNodule toSeriesNodule() {
            return new SeriesNodule(categoryId, firstImage, lastImage, longAxisMm, shortAxisMm, volumeMm3);
        }

        @Override
        public double[] centroidLps() {
            return centroidLps.clone();
        }
    }

    /**
     * What a run found.
     *
     * @param failure set when the run stopped early (see {@link TreeRun}); the output is then incomplete
     */
    public record Summary(long series, long nodules, long errors, Optional<TreeRun.Failure> failure) {
    }

    private Nodules() {
    }

    /**
     * Finds the nodules of the tree of {@code layout} on {@code threads} workers; each goes to {@code out} and each
     * finding to {@code sink}, both in the tree's order.
     */
    public static Summary find(DatasetLayout layout, int threads, FindingSink sink, Consumer<Nodule> out) {
        return find(layout, threads, sink, out, () -> { });
    }

    /**
     * {@link #find(DatasetLayout, int, FindingSink, Consumer)}, calling {@code onImage} once per DICOM image of the tree
     * (of every modality, grouped or not), in the tree's order, from one thread at a time: a progress hook.
     */
    public static Summary find(DatasetLayout layout, int threads, FindingSink sink, Consumer<Nodule> out, Runnable onImage) {
        ImagePipeline pipeline = ImagePipeline.of(layout.catalog());
        TreeReader reader = TreeReader.local();
        FindingSink.Counts severities = new FindingSink.Counts();
        long[] count = {0};
        TreeRun.Summary run = TreeRun.run(layout, new TreeRun.Options(threads, "pulmo-nodules", false),
                s -> ofSeries(layout, pipeline, reader, s), (s, nodules) -> {
                    s.images().stream().filter(i -> i.dicom() != null).forEach(i -> onImage.run());
                    for (Nodule n : nodules) {
                        count[0]++;
                        out.accept(n);
                    }
                }, sink.and(severities));
        return new Summary(run.series(), count[0], severities.errors(), run.failure());
    }

    /**
     * Writes the nodules of the tree to {@code out} as {@code format}, streamed: a JSON array of objects, or CSV with a
     * header row ({@link #COLUMNS}); {@code centroid_lps} is {@code [x, y, z]} in both (a quoted cell in CSV). Numbers
     * in mm and mm³ are rounded to 4 decimals.
     *
     * @throws UncheckedIOException when {@code out} cannot be written
     */
    public static Summary write(DatasetLayout layout, int threads, Format format, Writer out, FindingSink sink) {
        return write(layout, threads, format, out, sink, () -> { });
    }

    /**
     * {@link #write(DatasetLayout, int, Format, Writer, FindingSink)} with a progress hook, called as
     * {@link #find(DatasetLayout, int, FindingSink, Consumer, Runnable)} calls it.
     *
     * @throws UncheckedIOException when {@code out} cannot be written
     */
    public static Summary write(DatasetLayout layout, int threads, Format format, Writer out, FindingSink sink, Runnable onImage) {
        try {
            if (format == Format.JSON) {
                JsonGenerator g = new JsonFactory().createGenerator(out);
                g.useDefaultPrettyPrinter();
                g.writeStartArray();
                Summary s = find(layout, threads, sink, n -> json(g, n), onImage);
                g.writeEndArray();
                g.writeRaw('\n');
                g.flush();
                return s;
            }
            out.write(String.join(",", COLUMNS) + "\n");
            Summary s = find(layout, threads, sink, n -> csv(out, n), onImage);
            out.flush();
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the nodules: " + e.getMessage(), e);
        }
    }

    private static void json(JsonGenerator g, Nodule n) {
        try {
            g.writeStartObject();
            g.writeStringField("series", n.series());
            g.writeNumberField("category_id", n.categoryId());
            g.writeStringField("first_image", n.firstImage());
            g.writeStringField("last_image", n.lastImage());
            g.writeNumberField("voxels", n.voxels());
            g.writeNumberField("volume_mm3", round(n.volumeMm3()));
            g.writeNumberField("long_axis_mm", round(n.longAxisMm()));
            g.writeNumberField("short_axis_mm", round(n.shortAxisMm()));
            g.writeArrayFieldStart("centroid_lps");
            for (double v : n.centroidLps()) {
                g.writeNumber(round(v));
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void csv(Writer w, Nodule n) {
        double[] c = n.centroidLps();
        CsvWriter.lf(w).record(n.series(), Integer.toString(n.categoryId()), n.firstImage(), n.lastImage(),
                Long.toString(n.voxels()), round(n.volumeMm3()).toPlainString(), round(n.longAxisMm()).toPlainString(),
                round(n.shortAxisMm()).toPlainString(), "[" + round(c[0]).toPlainString() + ", "
                        + round(c[1]).toPlainString() + ", " + round(c[2]).toPlainString() + "]");
    }

    private static BigDecimal round(double v) {
        return BigDecimal.valueOf(v).setScale(4, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }

    /**
     * One image on the stack: its sequence number, plane and COCO entry, with the lesions of each category that come
     * from a mask as the slice to stack (the lesions of the JSON's rings are the entry's RLEs). A slice keeps the
     * lesions' runs, not the mask's pixels, until the series is labelled.
     */
    private record Placed(String seq, SliceGeometry geometry, CocoExport.CocoImage image,
                          Map<Integer, VolumeComponents.Slice> lesionSlices) {
    }

    /**
     * The nodules of one series, in the order of their first slice, then category, then first voxel; the reasons it
     * has none that should have some are its findings. For a {@link TreeRun}'s series work (any thread).
     */
    public static TreeRun.SeriesOutcome<List<Nodule>> ofSeries(DatasetLayout layout, ImagePipeline pipeline, TreeReader reader,
                                                                SeriesFiles series) {
        List<Finding> findings = new ArrayList<>();
        if (!isAnnotated(series)) {
            return new TreeRun.SeriesOutcome<>(findings, List.of());
        }
        Collector collector = new Collector(layout, pipeline, series);
        for (ImageFiles image : series.images()) {
            TreeRun.at(image.dicom() != null ? image.dicom() : image.key(), () -> {
                collector.add(image, ImageInputs.read(image, partsFor(image), reader), findings);
                return null;
            });
        }
        return new TreeRun.SeriesOutcome<>(findings, collector.finish(findings));
    }

    /** Whether a series can have nodules at all: some image has masks or a JSON. */
    public static boolean isAnnotated(SeriesFiles series) {
        return series.images().stream().anyMatch(i -> i.hasMasks() || i.json() != null);
    }

    /** The parts of an image that {@link Collector#add} needs. */
    public static java.util.Set<ImageInputs.Part> partsFor(ImageFiles image) {
        return CocoExport.partsFor(CocoExport.SegmentationKind.RLE, image);
    }

    /**
     * One series' nodules, gathered image by image from inputs the caller read once (so a command that reads them for
     * its own purpose too, as {@code stats} does, opens each file once). Not thread-safe: one per series.
     */
    public static final class Collector {
        private final DatasetLayout layout;
        private final ImagePipeline pipeline;
        private final SeriesFiles series;
        private final List<Placed> placed = new ArrayList<>();
        private final List<SeriesVolume.Slice> slices = new ArrayList<>();
        private final List<String> withoutPlane = new ArrayList<>();
        private boolean lesions;

        /** A collector for {@code series}. */
        public Collector(DatasetLayout layout, ImagePipeline pipeline, SeriesFiles series) {
            this.layout = layout;
            this.pipeline = pipeline;
            this.series = series;
        }

        /**
         * Adds one image of the series, in sequence order, read with {@link Nodules#partsFor}; what cannot be used of it
         * goes to {@code findings} (the codes of {@link CocoExport#image}).
         */
        public void add(ImageFiles image, ImageInputs inputs, List<Finding> findings) {
            Map<Integer, VolumeComponents.Slice> lesionSlices = new HashMap<>();
            Optional<CocoExport.CocoImage> coco = CocoExport.image(layout, pipeline, CocoExport.SegmentationKind.RLE, inputs,
                    findings, lesionSlices);
            if (coco.isEmpty()) {
                return;
            }
            Optional<SliceGeometry> g = SliceGeometry.of(inputs.header().orElseThrow().dataset());
            if (g.isEmpty()) {
                withoutPlane.add(inputs.imageFile().orElseThrow());
                return;
            }
            placed.add(new Placed(image.key().seq(), g.get(), coco.get(), lesionSlices));
            slices.add(new SeriesVolume.Slice(coco.get().fileName(), g.get(), coco.get().width(), coco.get().height()));
            lesions |= !coco.get().objects().isEmpty();
        }

        /**
         * The series' nodules (see {@link Nodules#ofSeries}); the grouping's {@code nodule.*} findings and those of the
         * modality's series rules that need nodules ({@link SeriesRules#checkNodules}) go to {@code findings}.
         */
        public List<Nodule> finish(List<Finding> findings) {
            List<Nodule> nodules = group(findings);
            if (!nodules.isEmpty()) {
                findings.addAll(SeriesRules.checkNodules(layout.plugin(series.key().modality()), series.folder().toString(),
                        series.key().caseClass(), nodules.stream().map(Nodule::toSeriesNodule).toList()));
            }
            return nodules;
        }

        private List<Nodule> group(List<Finding> findings) {
            Location where = Location.ofFile(series.folder().toString());
            if (!lesions) {
                return List.of();
            }
            if (!withoutPlane.isEmpty()) {
                findings.add(Finding.error(GEOMETRY, where, withoutPlane.size() + " image(s) of the series lack Image Position, Image "
                        + "Orientation or Pixel Spacing (e.g. " + withoutPlane.get(0) + "): its lesions are not grouped into nodules"));
                return List.of();
            }
            SeriesVolume.Result result = SeriesVolume.of(slices);
            if (result.volume().isEmpty()) {
                findings.add(Finding.error(GEOMETRY, where, result.whyNot() + ": the series' lesions are not grouped into nodules"));
                return List.of();
            }
            return label(result.volume().get(), where, findings);
        }

        private List<Nodule> label(SeriesVolume volume, Location where, List<Finding> findings) {
            String folder = layout.root().relativize(series.folder()).toString().replace('\\', '/');
            TreeSet<Integer> categories = new TreeSet<>();
            placed.forEach(p -> p.image().objects().forEach(o -> categories.add(o.categoryId())));
            record Found(int firstSlice, int category, int id, Nodule nodule) {
            }
            List<Found> found = new ArrayList<>();
            VolumeComponents.Slice empty = VolumeComponents.Slice.of(BinaryMask.empty(slices.get(0).width(), slices.get(0).height()));
            for (int category : categories) {
                List<VolumeComponents.Slice> stack = new ArrayList<>();
                List<Integer> placedOfSlice = new ArrayList<>();
                for (int i = 0; i < volume.size(); i++) {
                    if (volume.gapBefore(i)) {
                        stack.add(empty);
                        placedOfSlice.add(-1);
                    }
                    Placed p = placed.get(volume.order()[i]);
                    VolumeComponents.Slice fromMask = p.lesionSlices().get(category);
                    if (fromMask != null) {
                        stack.add(fromMask); // the mask's own runs: no RLE made and decoded again
                    } else {
                        List<CocoRle> rles = p.image().objects().stream().filter(o -> o.categoryId() == category && o.rle().isPresent())
                                .map(o -> o.rle().get()).toList();
                        stack.add(rles.isEmpty() ? empty : VolumeComponents.Slice.of(CocoRle.merge(rles, false).decode()));
                    }
                    placedOfSlice.add(volume.order()[i]);
                }
                VolumeComponents components;
                try {
                    components = VolumeComponents.labelSlices(stack);
                } catch (GeometryException e) {
                    findings.add(Finding.error(TOO_FRAGMENTED, where, "category " + category + ": " + e.getMessage()));
                    continue;
                }
                for (VolumeComponent c : components.components()) {
                    Nodule n = measure(series.key(), folder, category, c, components, placed, placedOfSlice, volume.spacingMm());
                    found.add(new Found(c.firstSlice(), category, c.id(), n));
                }
            }
            found.sort(Comparator.comparingInt(Found::firstSlice).thenComparingInt(Found::category).thenComparingInt(Found::id));
            return found.stream().map(Found::nodule).toList();
        }
    }

    private static Nodule measure(SeriesKey key, String folder, int category, VolumeComponent c, VolumeComponents components,
                                  List<Placed> placed, List<Integer> placedOfSlice, double spacingMm) {
        double[] centroid = new double[3];
        AxialDiameters widest = new AxialDiameters(0, 0);
        for (VolumeComponent.Footprint f : c.footprints()) {
            SliceGeometry g = placed.get(placedOfSlice.get(f.slice())).geometry();
            double[] p = g.toPatient(f.centreX(), f.centreY());
            for (int a = 0; a < 3; a++) {
                centroid[a] += p[a] * f.pixels();
            }
            AxialDiameters d = components.diameters(c.id(), f.slice(), g.rowSpacing(), g.columnSpacing());
            if (d.longAxisMm() > widest.longAxisMm()) {
                widest = d;
            }
        }
        for (int a = 0; a < 3; a++) {
            centroid[a] /= c.voxels();
        }
        SliceGeometry first = placed.get(placedOfSlice.get(c.firstSlice())).geometry();
        double volume = c.voxels() * first.rowSpacing() * first.columnSpacing() * spacingMm;
        return new Nodule(key, folder, category, placed.get(placedOfSlice.get(c.firstSlice())).seq(),
                placed.get(placedOfSlice.get(c.lastSlice())).seq(), c.voxels(), volume, widest.longAxisMm(), widest.shortAxisMm(),
                centroid);
    }
}
