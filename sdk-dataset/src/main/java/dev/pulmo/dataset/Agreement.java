package dev.pulmo.dataset;

import dev.pulmo.api.Annotation;
import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.Segmentation;
import dev.pulmo.cocojson.GuidelineJson;
import dev.pulmo.cocojson.GuidelineJsonException;
import dev.pulmo.geometry.Dice;
import dev.pulmo.geometry.Iou;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.operation.union.UnaryUnionOp;

/**
 * The guideline's second check (SPEC.md §7): a trainee's annotations pass when they agree with the
 * expert's by at least a threshold (0.90 by default). The guideline does not define the measure; this class
 * offers IoU and Dice, on exact polygon areas:
 * <ul>
 *   <li>per lesion: within each category, trainee and expert lesions are matched greedily by best score; an
 *       unmatched lesion on either side scores 0;</li>
 *   <li>per image: the category-aware overlap of the union of each side's shapes,
 *       IoU = Σ|T_c ∩ E_c| / Σ|T_c ∪ E_c| and Dice = 2Σ|T_c ∩ E_c| / Σ(|T_c| + |E_c|) over categories c; an image
 *       where neither side has a lesion scores 1. The image passes when its score reaches the threshold;</li>
 *   <li>per annotator: the mean image score and the list of images to redo (those that fail, and those the
 *       expert annotated and the trainee did not).</li>
 * </ul>
 * A lesion's shape is its segmentation ring (repaired with JTS's GeometryFixer if it crosses itself, with a
 * warning), or its bbox when the segmentation is not a ring.
 */
public final class Agreement {

    /** The agreement measure. */
    public enum Metric {
        IOU, DICE;

        double score(Geometry a, Geometry b) {
            return this == IOU ? Iou.of(a, b) : Dice.of(a, b);
        }
    }

    /** One matched (or unmatched) pair of lesions; an id is {@code null} on the side that has no lesion. */
    public record LesionScore(int categoryId, Long traineeId, Long expertId, double score) {
    }

    /** One image's result. */
    public record ImageScore(String image, double score, boolean passed, List<LesionScore> lesions) {
        public ImageScore {
            lesions = List.copyOf(lesions);
        }
    }

    /**
     * A whole comparison: per image, the annotator's summary, what to redo, problems met on the way, and how the files
     * were paired.
     *
     * @param matched     the number of (trainee, expert) file pairs scored or attempted
     * @param traineeOnly trainee files (paths relative to the trainee folder) with no expert file of the same name
     * @param expertOnly  expert files (relative to the expert folder) with no trainee file of the same name: each
     *                    scores 0 and must be redone
     */
    public record Report(Metric metric, double threshold, List<ImageScore> images, List<String> toRedo,
                         List<Finding> findings, int matched, List<String> traineeOnly, List<String> expertOnly) {
        public Report {
            images = List.copyOf(images);
            toRedo = List.copyOf(toRedo);
            findings = List.copyOf(findings);
            traineeOnly = List.copyOf(traineeOnly);
            expertOnly = List.copyOf(expertOnly);
        }

        /** Mean image score; 1 when there are no images. */
        public double meanScore() {
            return images.stream().mapToDouble(ImageScore::score).average().orElse(1.0);
        }

        /** The annotator passes when nothing must be redone. */
        public boolean annotatorPassed() {
            return toRedo.isEmpty();
        }
    }

    private static final GeometryFactory FACTORY = new GeometryFactory();

    private final Metric metric;
    private final double threshold;

    public Agreement(Metric metric, double threshold) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
        }
        this.metric = metric;
        this.threshold = threshold;
    }

    /** Scores one image's annotations; {@code findings} receives repairs made to broken shapes. */
    public ImageScore compare(String image, AnnotationFile trainee, AnnotationFile expert, List<Finding> findings) {
        Map<Integer, List<Annotation>> t = byCategory(trainee);
        Map<Integer, List<Annotation>> e = byCategory(expert);
        TreeSet<Integer> categories = new TreeSet<>(t.keySet());
        categories.addAll(e.keySet());
        double intersection = 0;
        double areaT = 0;
        double areaE = 0;
        List<LesionScore> lesions = new ArrayList<>();
        for (int c : categories) {
            List<Annotation> ta = t.getOrDefault(c, List.of());
            List<Annotation> ea = e.getOrDefault(c, List.of());
            List<Geometry> tg = ta.stream().map(a -> shape(a, image + " (trainee)", findings)).toList();
            List<Geometry> eg = ea.stream().map(a -> shape(a, image + " (expert)", findings)).toList();
            lesions.addAll(match(c, ta, tg, ea, eg));
            Geometry tu = union(tg);
            Geometry eu = union(eg);
            intersection += OverlayNGRobust.overlay(tu, eu, org.locationtech.jts.operation.overlayng.OverlayNG.INTERSECTION).getArea();
            areaT += tu.getArea();
            areaE += eu.getArea();
        }
        double score;
        if (areaT + areaE == 0) {
            score = 1.0;
        } else if (metric == Metric.IOU) {
            score = intersection / (areaT + areaE - intersection);
        } else {
            score = 2 * intersection / (areaT + areaE);
        }
        score = Math.min(1.0, score);
        return new ImageScore(image, score, score >= threshold, lesions);
    }

    /**
     * Compares two folders of guideline JSON files (or two files), pairing files by file name: the guideline's file
     * names are unique per image, so a trainee's flat folder pairs with the expert's tree. When several files of a
     * folder have the same name, those with the same path relative to their folders pair first, the others in path
     * order. Images are named by the expert file's relative path. The report says how many files were paired and
     * which were not: an expert file without a trainee file scores 0 ({@code agree.no-trainee}, to redo); a trainee
     * file without an expert file cannot be scored ({@code agree.no-expert}).
     */
    public Report compareFolders(Path traineeRoot, Path expertRoot) {
        Map<String, Path> trainee = jsonFiles(traineeRoot);
        Map<String, List<String>> traineeByName = byFileName(trainee.keySet());
        Map<String, Path> expert = jsonFiles(expertRoot);
        Map<String, List<String>> expertByName = byFileName(expert.keySet());
        List<ImageScore> images = new ArrayList<>();
        List<String> redo = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        List<String> traineeOnly = new ArrayList<>();
        List<String> expertOnly = new ArrayList<>();
        int matched = 0;
        TreeSet<String> names = new TreeSet<>(traineeByName.keySet());
        names.addAll(expertByName.keySet());
        for (String name : names) {
            List<String> ts = new ArrayList<>(traineeByName.getOrDefault(name, List.of()));
            List<String> es = new ArrayList<>(expertByName.getOrDefault(name, List.of()));
            // the relative path breaks ties: same path first, then the rest in path order
            List<String[]> pairs = new ArrayList<>();
            for (String e : List.copyOf(es)) {
                if (ts.remove(e)) {
                    es.remove(e);
                    pairs.add(new String[] {e, e});
                }
            }
            while (!ts.isEmpty() && !es.isEmpty()) {
                pairs.add(new String[] {ts.remove(0), es.remove(0)});
            }
            pairs.sort(java.util.Comparator.comparing((String[] pair) -> pair[1]));
            for (String[] pair : pairs) {
                matched++;
                String key = pair[1];
                AnnotationFile ef = read(expert.get(key), findings);
                if (ef == null) {
                    continue;
                }
                AnnotationFile tf = read(trainee.get(pair[0]), findings);
                if (tf == null) {
                    images.add(new ImageScore(key, 0, false, List.of()));
                    redo.add(key);
                    continue;
                }
                ImageScore s = compare(key, tf, ef, findings);
                images.add(s);
                if (!s.passed()) {
                    redo.add(key);
                }
            }
            for (String t : ts) {
                traineeOnly.add(t);
                findings.add(Finding.warning("agree.no-expert", Location.ofFile(trainee.get(t).toString()),
                        "the expert has no annotation file named " + name + "; it cannot be scored"));
            }
            for (String e : es) {
                expertOnly.add(e);
                findings.add(Finding.error("agree.no-trainee", Location.ofFile(expert.get(e).toString()),
                        "the trainee has no annotation file named " + name + " for an image the expert annotated"));
                images.add(new ImageScore(e, 0, false, List.of()));
                redo.add(e);
            }
        }
        return new Report(metric, threshold, images, redo, findings, matched, traineeOnly, expertOnly);
    }

    /** Relative paths grouped by their file name, each group in path order. */
    private static Map<String, List<String>> byFileName(java.util.Collection<String> relativePaths) {
        Map<String, List<String>> byName = new TreeMap<>();
        for (String path : new TreeSet<>(relativePaths)) {
            byName.computeIfAbsent(path.substring(path.lastIndexOf('/') + 1), k -> new ArrayList<>()).add(path);
        }
        return byName;
    }

    private static AnnotationFile read(Path p, List<Finding> findings) {
        try {
            return GuidelineJson.read(p);
        } catch (GuidelineJsonException e) {
            findings.add(Finding.error("agree.unreadable-json", new Location(p.toString(), e.pointer(), e.line(), e.column()), e.getMessage()));
        } catch (UncheckedIOException e) {
            findings.add(Finding.error("file.unreadable", Location.ofFile(p.toString()), e.getMessage()));
        }
        return null;
    }

    private static Map<String, Path> jsonFiles(Path root) {
        Map<String, Path> files = new TreeMap<>();
        if (Files.isRegularFile(root)) {
            files.put(root.getFileName().toString(), root);
            return files;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".json"))
                    .forEach(p -> files.put(root.relativize(p).toString().replace('\\', '/'), p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root + ": " + e.getMessage(), e);
        }
        return files;
    }

    private List<LesionScore> match(int category, List<Annotation> ta, List<Geometry> tg, List<Annotation> ea, List<Geometry> eg) {
        record Pair(int t, int e, double score) {
        }
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < tg.size(); i++) {
            for (int j = 0; j < eg.size(); j++) {
                if (tg.get(i).getEnvelopeInternal().intersects(eg.get(j).getEnvelopeInternal())) {
                    double s = metric.score(tg.get(i), eg.get(j));
                    if (s > 0) {
                        pairs.add(new Pair(i, j, s));
                    }
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::score).reversed().thenComparingInt(Pair::t).thenComparingInt(Pair::e));
        boolean[] tUsed = new boolean[tg.size()];
        boolean[] eUsed = new boolean[eg.size()];
        List<LesionScore> out = new ArrayList<>();
        for (Pair p : pairs) {
            if (!tUsed[p.t] && !eUsed[p.e]) {
                tUsed[p.t] = true;
                eUsed[p.e] = true;
                out.add(new LesionScore(category, ta.get(p.t).id(), ea.get(p.e).id(), p.score));
            }
        }
        for (int i = 0; i < tUsed.length; i++) {
            if (!tUsed[i]) {
                out.add(new LesionScore(category, ta.get(i).id(), null, 0));
            }
        }
        for (int j = 0; j < eUsed.length; j++) {
            if (!eUsed[j]) {
                out.add(new LesionScore(category, null, ea.get(j).id(), 0));
            }
        }
        return out;
    }

    private static Map<Integer, List<Annotation>> byCategory(AnnotationFile f) {
        Map<Integer, List<Annotation>> m = new TreeMap<>();
        for (Annotation a : f.annotations()) {
            m.computeIfAbsent(a.categoryId(), k -> new ArrayList<>()).add(a);
        }
        return m;
    }

    private static Geometry union(List<Geometry> shapes) {
        return shapes.isEmpty() ? FACTORY.createPolygon() : UnaryUnionOp.union(shapes);
    }

    /** The lesion's polygon: its ring, repaired if needed, or its bbox. */
    static Geometry shape(Annotation a, String where, List<Finding> findings) {
        Segmentation s = a.segmentation();
        if (!s.isWellFormed()) {
            return box(a);
        }
        Coordinate[] ring = new Coordinate[s.pointCount() + 1];
        for (int i = 0; i < s.pointCount(); i++) {
            ring[i] = new Coordinate(s.get(2 * i), s.get(2 * i + 1));
        }
        ring[ring.length - 1] = ring[0];
        if (ring.length < 4) {
            return box(a);
        }
        Geometry g = FACTORY.createPolygon(ring);
        if (!g.isValid()) {
            findings.add(Finding.warning("agree.polygon-repaired", Location.ofFile(where),
                    "annotation " + a.id() + ": its segmentation crosses itself; scored as repaired by JTS's GeometryFixer"));
            g = GeometryFixer.fix(g);
        }
        return g;
    }

    private static Geometry box(Annotation a) {
        var b = a.bbox();
        return FACTORY.toGeometry(new org.locationtech.jts.geom.Envelope(b.x1(), b.x2(), b.y1(), b.y2()));
    }
}
