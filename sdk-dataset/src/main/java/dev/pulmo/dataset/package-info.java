/**
 * The dataset as a tree of files in the guideline's layout (SPEC.md §2): {@link DatasetLayout} names and
 * parses paths, {@link DatasetScanner} walks a tree series by series in bounded memory and reports what does
 * not fit the layout as findings.
 *
 * <p>The jobs on a tree: {@link DatasetConverter} (masks → guideline JSON through each modality's export rule,
 * {@link MaskExporter}), {@link DatasetValidator} (the first check, with {@link ValidationHtmlReport}),
 * {@link Agreement} (the second check), {@link PatientSplit} and {@link SplitManifest} (the patient-level 8:1:1
 * split), {@link DatasetStatistics} against {@link GuidelineTargets} (with {@link StatisticsCharts}),
 * {@link AnnotatedImage} (rendering), {@link CocoExport} (standard COCO), and {@link DemoDataset}, a synthetic tree.
 */
@Export
@Version("0.1.0")
package dev.pulmo.dataset;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
