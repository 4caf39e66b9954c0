package dev.pulmo.evaluation;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.evaluation.internal.CocoJsonReader;
import dev.pulmo.evaluation.internal.SpilledResults;
import dev.pulmo.evaluation.internal.WorstImages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code pulmo evaluate --coco-gt}: COCOeval on a COCO ground truth file and a COCO results file, for any dataset,
 * with per-modality summaries when the images carry a {@code modality} and the images with the most errors. No
 * FROC or classification: a plain COCO file has neither series geometry nor patients.
 */
public final class CocoFileEvaluation {
    private CocoFileEvaluation() {
    }

    /**
     * Evaluates {@code results} against {@code groundTruth}.
     *
     * @param worst how many images with errors to keep for the report
     * @throws EvaluationException when a file is not COCO (naming the file and JSON Pointer) or a region cannot be
     *     decoded
     */
    public static EvaluationResult run(Path groundTruth, Path results, IouType iouType, CocoParams params,
                                       EvaluationResult.Thresholds thresholds, int worst) {
        return run(groundTruth, results, iouType, params, thresholds, worst, () -> { });
    }

    /**
     * {@link #run(Path, Path, IouType, CocoParams, EvaluationResult.Thresholds, int)}, calling {@code onImage} once per
     * ground-truth image as it is evaluated, from any worker thread: a progress hook.
     *
     * @throws EvaluationException as the method without the hook
     */
    public static EvaluationResult run(Path groundTruth, Path results, IouType iouType, CocoParams params,
                                       EvaluationResult.Thresholds thresholds, int worst, Runnable onImage) {
        CocoFiles.GroundTruth truth = CocoFiles.readGroundTruth(groundTruth);
        CocoFiles.ImageIndex index = new CocoFiles.ImageIndex(truth.images());
        Set<Integer> known = new HashSet<>();
        truth.categories().forEach(c -> known.add(c.id()));
        CocoEvaluator evaluator = CocoEvaluator.create(truth.categories(), iouType, params);
        WorstImages worstImages = new WorstImages(worst);
        long kept, unknownCategory;
        // the results stream once into a spill file; each image's are decoded when the image is evaluated
        try (SpilledResults spill = SpilledResults.read(results, (i, r) -> index.resolve(results, i, r).id(),
                r -> known.contains(r.category()))) {
            truth.images().parallelStream().forEach(image -> {
                List<SpilledResults.Indexed> raw = spill.ofImage(image.id());
                List<Detection> detections = new ArrayList<>(raw.size());
                for (SpilledResults.Indexed r : raw) {
                    detections.add(CocoJsonReader.detection(results, spill.boxes(), r.index(), r.result(), image, iouType));
                }
                ImageOutcome outcome = evaluator.add(image, truth.objectsOf(image.id()), detections);
                worstImages.offer(new EvaluationResult.WorstImage(image, null, outcome.errors(thresholds.score()), outcome));
                onImage.run();
            });
            kept = spill.kept();
            unknownCategory = spill.results() - kept;
        }
        Map<String, Set<Long>> byModality = new TreeMap<>();
        for (CocoImage image : truth.images()) {
            if (!image.modality().isEmpty()) {
                byModality.computeIfAbsent(image.modality(), m -> new TreeSet<>()).add(image.id());
            }
        }
        Map<String, CocoSummary> perModality = new HashMap<>();
        byModality.forEach((modality, ids) -> perModality.put(modality, evaluator.summarize(ids::contains)));
        long crowd = truth.objectsByImage().values().stream().flatMap(List::stream).filter(GroundTruthObject::crowd).count();
        List<Finding> findings = new ArrayList<>();
        if (unknownCategory > 0) {
            findings.add(Finding.warning("evaluate.category-unknown", Location.ofFile(results.toString()),
                    unknownCategory + " results name a category the ground truth does not have; left out, as COCOeval does"));
        }
        return new EvaluationResult(groundTruth.toString(), results.toString(), evaluator.summarize(), iouType, perModality,
                Map.of(), Map.of(), worstImages.worstFirst(),
                new EvaluationResult.Counts(truth.images().size(), truth.objectCount() - crowd, crowd, kept, unknownCategory),
                thresholds, findings);
    }
}
