package dev.pulmo.evaluation;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Severity;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything one evaluation found, as {@link EvaluationReport} writes it: COCO metrics overall and per modality,
 * FROC per volumetric modality, benign-vs-malignant ROC per level, the images with the most errors, counts and
 * findings.
 *
 * @param groundTruth what was evaluated against: the dataset tree or the COCO ground truth file
 * @param predictions the predictions read
 * @param coco COCO metrics over every image evaluated
 * @param iouType what the COCO metrics compared: boxes or masks
 * @param cocoByModality the same per modality code (COCOeval with that modality's images), empty when images carry
 *     no modality
 * @param froc FROC per modality code, for series with 3-D geometry only
 * @param classification ROC analysis per level: {@code lesion}, {@code image}, {@code patient}
 * @param worstImages images with the most errors at the report's IoU and score thresholds, most first
 * @param counts what was read
 * @param thresholds the IoU and score thresholds of the classification's operating points and of the image errors
 * @param findings problems met on the way (files left out, …); errors make the evaluation incomplete
 */
public record EvaluationResult(String groundTruth, String predictions, CocoSummary coco, IouType iouType,
                               Map<String, CocoSummary> cocoByModality, Map<String, FrocResult> froc,
                               Map<String, RocAnalysis.Result> classification, List<WorstImage> worstImages,
                               Counts counts, Thresholds thresholds, List<Finding> findings) {

    /** Levels of the classification analysis, in report order. */
    public static final List<String> LEVELS = List.of("lesion", "image", "patient");

    /** What was read. */
    public record Counts(long images, long groundTruth, long crowd, long detections, long detectionsLeftOut) {
    }

    /**
     * The report's thresholds: IoU for a lesion and a detection to be the same object (classification, image
     * errors) and the score at or above which a detection is called (operating points, image errors).
     */
    public record Thresholds(double iou, double score) {
    }

    /**
     * An image with its errors at the report's thresholds ({@link ImageOutcome#errors(double)}).
     *
     * @param dicom the image file, when the ground truth is a dataset tree (the report draws on it), else null
     */
    public record WorstImage(CocoImage image, Path dicom, int errors, ImageOutcome outcome) {
    }

    public EvaluationResult {
        cocoByModality = Collections.unmodifiableMap(new TreeMap<>(cocoByModality));
        froc = Collections.unmodifiableMap(new TreeMap<>(froc));
        classification = Map.copyOf(classification);
        worstImages = List.copyOf(worstImages);
        findings = List.copyOf(findings);
    }

    /** Findings of severity ERROR: input that was left out. */
    public long errors() {
        return findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
    }
}
