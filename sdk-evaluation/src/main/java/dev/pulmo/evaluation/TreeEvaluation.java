package dev.pulmo.evaluation;

import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.ImageKey;
import dev.pulmo.evaluation.internal.SeriesAnalysis;
import dev.pulmo.evaluation.internal.SplitFilter;
import dev.pulmo.evaluation.internal.TreeGroundTruth;
import dev.pulmo.evaluation.internal.TreePredictions;
import dev.pulmo.evaluation.internal.TreeRunner;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code pulmo evaluate ROOT}: a model's predictions against a dataset tree (SPEC.md §2), streamed and parallel.
 *
 * <ul>
 *   <li>Ground truth: the binary masks, exactly (one object per connected part, holes kept), or the guideline JSON
 *   where an image has no masks; the same objects, category ids and image ids as {@code pulmo export-coco
 *   --segmentation rle}, so the tree and its export evaluate alike. Predictions: a COCO results file, or guideline
 *   JSON files with a {@code score} per annotation in a folder mirroring the tree.</li>
 *   <li>COCO metrics ({@link CocoEvaluator}) over every image evaluated and per modality.</li>
 *   <li>FROC ({@link Froc}) per modality over volumetric series (CT, PET-CT): 3-D lesions from the stacked masks,
 *   one candidate per detection at its box's centre in patient coordinates; bootstrap over patients.</li>
 *   <li>Benign vs malignant ROC ({@link RocAnalysis}), malignant (category group 1) positive, with a unit's score the
 *   highest score of a detection of a malignant category: per lesion (3-D lesions in volumetric series, objects
 *   elsewhere; the detection must overlap the lesion with box IoU ≥ the IoU threshold on one of its slices), per
 *   image (images with ground truth; positive when one of its objects is malignant), per patient (patients of the
 *   benign and malignant classes; positive for the malignant class). Normal cases are not benign-vs-malignant
 *   cases and are left out of the image and patient levels. Units without such a detection score 0.</li>
 * </ul>
 * Problems with files of the tree are findings (the image or file is left out), never exceptions.
 */
public final class TreeEvaluation {
    private TreeEvaluation() {
    }

    /**
     * What to evaluate and how.
     *
     * @param iouType box or mask IoU for the COCO metrics
     * @param params COCOeval's parameters
     * @param thresholds IoU for lesion association and image errors; score for operating points and image errors
     * @param modalities modality codes to evaluate, empty for all
     * @param split a split manifest ({@code pulmo split}), or null for every image
     * @param part the part of the manifest to evaluate ({@code train}, {@code test}, {@code validation})
     * @param bootstrap the FROC's bootstrap over patients
     * @param confidence the two-sided level of the AUCs' DeLong intervals
     * @param worstImages how many images with errors the report keeps
     * @param threads worker threads
     */
    public record Options(IouType iouType, CocoParams params, EvaluationResult.Thresholds thresholds, Set<String> modalities,
                          Path split, String part, Froc.Bootstrap bootstrap, double confidence, int worstImages, int threads) {
        public Options {
            Objects.requireNonNull(iouType, "iouType");
            Objects.requireNonNull(params, "params");
            Objects.requireNonNull(thresholds, "thresholds");
            modalities = Set.copyOf(modalities);
            if (split != null && part == null) {
                throw new IllegalArgumentException("a split manifest needs the part to evaluate");
            }
        }

        /** Defaults: bbox, COCOeval's parameters, IoU 0.5, score 0.5, every modality and image, LUNA16's bootstrap (seed 1). */
        public static Options defaults() {
            return new Options(IouType.BBOX, CocoParams.defaults(), new EvaluationResult.Thresholds(0.5, 0.5), Set.of(), null, null,
                    Froc.Bootstrap.luna16(1), 0.95, 20, Runtime.getRuntime().availableProcessors());
        }
    }

    /**
     * Evaluates {@code predictions} (a COCO results file, or a folder of guideline JSON files with scores) against the
     * tree of {@code layout}.
     *
     * @throws EvaluationException when the predictions or the split manifest cannot be read, naming the file and
     *     place, or a modality is not in the catalog
     */
    public static EvaluationResult run(DatasetLayout layout, Path predictions, Options options) {
        return run(layout, predictions, options, () -> { });
    }

    /**
     * {@link #run(DatasetLayout, Path, Options)}, calling {@code onImage} once per image of the tree as it is evaluated
     * (or passed over by the split or the modalities), from any worker thread: a progress hook.
     *
     * @throws EvaluationException as {@link #run(DatasetLayout, Path, Options)}
     */
    public static EvaluationResult run(DatasetLayout layout, Path predictions, Options options, Runnable onImage) {
        Set<String> known = TreeRunner.modalities(layout);
        for (String m : options.modalities()) {
            if (!known.contains(m)) {
                throw new EvaluationException("modality " + m + " is not loaded (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
        Set<String> inPart = options.split() == null ? null : SplitFilter.imagesOf(options.split(), options.part());
        Predicate<ImageKey> wanted = key -> (options.modalities().isEmpty() || options.modalities().contains(key.modality()))
                && (inPart == null || inPart.contains(layout.root().relativize(layout.dicomFile(key)).toString().replace('\\', '/')));
        TreeGroundTruth truth = new TreeGroundTruth(layout);
        CocoEvaluator evaluator = CocoEvaluator.create(truth.categories(), options.iouType(), options.params());
        TreeRunner.Gathered g;
        long detections;
        try (TreePredictions source = TreePredictions.open(predictions, layout)) {
            g = new TreeRunner(truth, source, evaluator, options.thresholds(), wanted, options.threads(), options.worstImages(), onImage).run();
            detections = source.detections();
        }

        Map<String, CocoSummary> byModality = new HashMap<>();
        g.imageIdsByModality().forEach((modality, ids) ->
                byModality.put(modality, evaluator.summarize(id -> Arrays.binarySearch(ids, id) >= 0)));
        Map<String, FrocResult> froc = new HashMap<>();
        g.scans().forEach((modality, scans) -> froc.put(modality, Froc.compute(scans, options.bootstrap())));
        Map<String, RocAnalysis.Result> classification = new HashMap<>();
        classify(classification, "lesion", g.lesions(), options);
        classify(classification, "image", g.images(), options);
        classify(classification, "patient", g.patients(), options);
        return new EvaluationResult(layout.root().toString(), predictions.toString(), evaluator.summarize(), options.iouType(),
                byModality, froc, classification, g.worstImages(),
                new EvaluationResult.Counts(g.imageCount(), g.groundTruthCount(), 0, detections, 0),
                options.thresholds(), g.findings());
    }

    private static void classify(Map<String, RocAnalysis.Result> out, String level, List<SeriesAnalysis.Lesion> units, Options options) {
        if (units.isEmpty()) {
            return;
        }
        double[] scores = new double[units.size()];
        boolean[] positive = new boolean[units.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = units.get(i).score();
            positive[i] = units.get(i).malignant();
        }
        out.put(level, RocAnalysis.analyse(scores, positive, options.confidence(), OptionalDouble.of(options.thresholds().score())));
    }
}
