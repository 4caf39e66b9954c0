/**
 * Evaluation of detection and classification models on the dataset (guideline stage 5), exact to the
 * references model developers use:
 * <ul>
 *   <li>{@link CocoEvaluator}: COCO detection metrics for {@code bbox} and {@code segm} identical to pycocotools'
 *   {@code COCOeval} (matching, crowd regions, area ranges, per image and category detection limits, tie order,
 *   101-point interpolation), giving a {@link CocoSummary} (the 12 summary numbers, per category, precision and
 *   recall arrays); {@link CocoFiles} reads COCO ground truth and results files as pycocotools' {@code COCO} and
 *   {@code loadRes} do, and {@link CocoFileEvaluation} evaluates such files for any dataset.</li>
 *   <li>{@link Froc}: FROC on 3-D lesions as LUNA16 defines it, with a seeded bootstrap over patients.</li>
 *   <li>{@link RocAnalysis}: ROC AUC with DeLong's confidence interval, sensitivity and specificity at a threshold
 *   or at Youden's.</li>
 *   <li>{@link TreeEvaluation}: all of it on a dataset tree (guideline JSON and binary masks as ground truth),
 *   streamed and parallel, with predictions as a COCO results file or guideline JSON files with scores;
 *   {@link EvaluationReport} writes text, JSON and a self-contained HTML report.</li>
 * </ul>
 * Pixel geometry is SPEC.md §3's, which COCO shares. Errors are {@link EvaluationException}s.
 */
@Export
@Version("0.1.0")
package dev.pulmo.evaluation;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
