package dev.pulmo.evaluation.internal;

import dev.pulmo.api.CategoryDefinition;
import dev.pulmo.dicom.SliceGeometry;
import dev.pulmo.evaluation.Detection;
import dev.pulmo.evaluation.Froc;
import dev.pulmo.evaluation.GroundTruthObject;
import dev.pulmo.geometry.BinaryMask;
import dev.pulmo.geometry.CocoIou;
import dev.pulmo.geometry.CocoRle;
import dev.pulmo.geometry.GeometryException;
import dev.pulmo.geometry.VolumeComponent;
import dev.pulmo.geometry.VolumeComponents;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * One series' lesions for FROC and for benign-vs-malignant classification.
 *
 * <p>A series is <em>volumetric</em> when every image evaluated has Image Position, Image Orientation and Pixel
 * Spacing (CT and PET-CT; not X-ray). Its lesions are 3-D: the 26-connected components of the stacked ground-truth
 * masks ({@link VolumeComponents}), slices ordered by their position along the normal, with an empty slice put
 * between two slices farther apart than 1.5 times the median spacing (a gap in the series keeps lesions apart).
 * A lesion's centre is the mean of its voxels' centres in patient coordinates (mm), its radius that of the sphere of
 * its volume ({@code (3V / 4π)^(1/3)}, voxel volume = row spacing × column spacing × median slice spacing), its
 * category the one covering most of its voxels. Each detection is a FROC candidate at the centre of its box on its
 * slice. In other series (X-ray) each ground-truth object is a lesion and there is no FROC.
 *
 * <p>Classification: a lesion's malignancy score is the highest score of a detection of a malignant category
 * (group 1) whose box overlaps the lesion's box on the detection's slice with IoU ≥ the report's IoU threshold, 0
 * when there is none; the lesion is positive when its category is malignant.
 */
public final class SeriesAnalysis {
    private SeriesAnalysis() {
    }

    /** One evaluated image of the series: its ground truth (with categories), detections and plane. */
    public record Slice(List<GroundTruthObject> objects, List<CategoryDefinition> categories, List<Detection> detections,
                        Optional<SliceGeometry> geometry, int width, int height) {
    }

    /** A lesion for classification: its malignancy score and whether it is malignant. */
    public record Lesion(double score, boolean malignant) {
    }

    /** The series' lesions, and its FROC scan when volumetric. */
    public record Result(List<Lesion> lesions, Optional<Froc.Scan> scan) {
    }

    /**
     * Analyses one series.
     *
     * @param malignantCategory whether a (COCO) category id is of the malignant group
     */
    public static Result analyse(String seriesId, String patientId, List<Slice> slices, IntPredicate malignantCategory, double iou) {
        boolean volumetric = !slices.isEmpty() && slices.stream().allMatch(s -> s.geometry().isPresent())
                && slices.stream().map(s -> s.width() + "x" + s.height()).distinct().count() == 1;
        return volumetric ? volumetric(seriesId, patientId, slices, malignantCategory, iou) : flat(slices, malignantCategory, iou);
    }

    private static Result flat(List<Slice> slices, IntPredicate malignantCategory, double iou) {
        List<Lesion> lesions = new ArrayList<>();
        for (Slice s : slices) {
            for (int i = 0; i < s.objects().size(); i++) {
                GroundTruthObject g = s.objects().get(i);
                lesions.add(new Lesion(malignancyScore(s.detections(), g.bbox(), malignantCategory, iou), s.categories().get(i).isMalignant()));
            }
        }
        return new Result(lesions, Optional.empty());
    }

    private static double malignancyScore(List<Detection> detections, double[] box, IntPredicate malignantCategory, double iou) {
        double best = 0;
        for (Detection d : detections) {
            if (malignantCategory.test(d.categoryId()) && d.bbox() != null && CocoIou.ofBoxes(d.bbox(), box, false) >= iou) {
                best = Math.max(best, d.score());
            }
        }
        return best;
    }

    private static Result volumetric(String seriesId, String patientId, List<Slice> slices, IntPredicate malignantCategory, double iou) {
        double[] normal = slices.get(0).geometry().orElseThrow().normal();
        Integer[] order = new Integer[slices.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> slices.get(i).geometry().orElseThrow().along(normal)));
        double[] gaps = new double[Math.max(0, order.length - 1)];
        for (int i = 1; i < order.length; i++) {
            gaps[i - 1] = Math.abs(slices.get(order[i]).geometry().orElseThrow().along(normal)
                    - slices.get(order[i - 1]).geometry().orElseThrow().along(normal));
        }
        double spacing = median(gaps);
        SliceGeometry first = slices.get(order[0]).geometry().orElseThrow();
        if (!(spacing > 0)) {
            spacing = first.sliceThickness() > 0 ? first.sliceThickness() : Math.max(first.rowSpacing(), first.columnSpacing());
        }
        int width = slices.get(0).width(), height = slices.get(0).height();
        // The stack: lesion masks in order along the normal, an empty slice at each gap; -1 marks those.
        List<BinaryMask> stack = new ArrayList<>();
        List<Integer> imageOfSlice = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            if (i > 0 && gaps[i - 1] > 1.5 * spacing) {
                stack.add(BinaryMask.empty(width, height));
                imageOfSlice.add(-1);
            }
            stack.add(lesionMask(slices.get(order[i]), width, height));
            imageOfSlice.add(order[i]);
        }
        VolumeComponents volume = VolumeComponents.label(stack);
        int count = volume.count();
        // Each ground-truth object (an 8-connected part of one category's mask) lies in one 3-D component.
        Map<Long, double[]> areaByCategory = new HashMap<>();
        CategoryDefinition[] category = new CategoryDefinition[count];
        double[] categoryArea = new double[count];
        for (int z = 0; z < stack.size(); z++) {
            int image = imageOfSlice.get(z);
            if (image < 0) {
                continue;
            }
            Slice s = slices.get(image);
            for (int i = 0; i < s.objects().size(); i++) {
                int[] pixel = firstPixel(s.objects().get(i), width, height);
                if (pixel == null) {
                    continue;
                }
                int k = volume.componentAt(pixel[0], pixel[1], z);
                CategoryDefinition c = s.categories().get(i);
                double[] areas = areaByCategory.computeIfAbsent((long) k * 1000 + c.id(), key -> new double[1]);
                areas[0] += s.objects().get(i).area();
                if (areas[0] > categoryArea[k]) {
                    categoryArea[k] = areas[0];
                    category[k] = c;
                }
            }
        }
        double voxelVolume = first.rowSpacing() * first.columnSpacing() * spacing;
        List<Froc.Lesion> frocLesions = new ArrayList<>();
        List<Lesion> lesions = new ArrayList<>();
        for (VolumeComponent c : volume.components()) {
            double[] centre = new double[3];
            double best = 0;
            for (VolumeComponent.Footprint f : c.footprints()) {
                Slice s = slices.get(imageOfSlice.get(f.slice()));
                double[] p = s.geometry().orElseThrow().toPatient(f.centreX(), f.centreY());
                for (int a = 0; a < 3; a++) {
                    centre[a] += p[a] * f.pixels();
                }
                best = Math.max(best, malignancyScore(s.detections(), f.bounds().toCoco(), malignantCategory, iou));
            }
            for (int a = 0; a < 3; a++) {
                centre[a] /= c.voxels();
            }
            double radius = Math.cbrt(3 * c.voxels() * voxelVolume / (4 * Math.PI));
            frocLesions.add(new Froc.Lesion(centre[0], centre[1], centre[2], radius, false));
            CategoryDefinition cat = category[c.id()];
            lesions.add(new Lesion(best, cat != null && cat.isMalignant()));
        }
        List<Froc.Candidate> candidates = new ArrayList<>();
        for (Slice s : slices) {
            SliceGeometry g = s.geometry().orElseThrow();
            for (Detection d : s.detections()) {
                double[] b = d.bbox();
                if (b == null) {
                    continue;
                }
                double[] p = g.toPatient(b[0] + b[2] / 2, b[1] + b[3] / 2);
                candidates.add(new Froc.Candidate(p[0], p[1], p[2], d.score()));
            }
        }
        return new Result(lesions, Optional.of(new Froc.Scan(seriesId, patientId, frocLesions, candidates)));
    }

    /** The union of a slice's ground-truth regions. */
    private static BinaryMask lesionMask(Slice s, int width, int height) {
        List<CocoRle> rles = new ArrayList<>();
        for (GroundTruthObject g : s.objects()) {
            if (g.segmentation() != null) {
                try {
                    CocoRle rle = g.segmentation().toRle(width, height);
                    if (rle.width() == width && rle.height() == height) {
                        rles.add(rle);
                    }
                } catch (GeometryException e) {
                    // a region that cannot be rasterised was reported when the ground truth was read
                }
            }
        }
        return rles.isEmpty() ? BinaryMask.empty(width, height) : CocoRle.merge(rles, false).decode();
    }

    /** The first foreground pixel of an object's region in column-major order (RLE counts[0]), or null. */
    private static int[] firstPixel(GroundTruthObject g, int width, int height) {
        if (g.segmentation() == null) {
            return null;
        }
        try {
            CocoRle rle = g.segmentation().toRle(width, height);
            int[] counts = rle.counts();
            if (counts.length < 2 || rle.width() != width || rle.height() != height) {
                return null;
            }
            return new int[] {counts[0] / height, counts[0] % height};
        } catch (GeometryException e) {
            return null;
        }
    }

    private static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
