/**
 * The dataset as a tree of files in the guideline's layout (SPEC.md §2): {@link DatasetLayout} names and
 * parses paths, {@link DatasetScanner} walks a tree series by series in bounded memory and reports what does
 * not fit the layout as findings.
 *
 * <p>The per-image pipeline every tree command runs on (README.md of this module): {@link ImageInputs} (one image's
 * header, masks and JSON, each read once through a {@link TreeReader}), {@link ImagePipeline} (pure functions: convert,
 * check, and the rule codes of these facts), {@link TreeRun} (scanner, bounded pool, results in the tree's order to a
 * {@link FindingSink}) and {@link SeriesRules} (the modalities' series rules).
 *
 * <p>The jobs on a tree, each a driver over the pipeline: {@link DatasetConverter} (masks → guideline JSON through each
 * modality's export rule, {@link MaskExporter}), {@link DatasetValidator} (the first check, with
 * {@link ValidationHtmlReport} and {@link ClinicalTreeCheck}), {@link SeriesSegmentation} (a series as DICOM SEG),
 * {@link MaskPolygons} (a mask as GeoJSON, COCO or guideline JSON),
 * {@link Agreement} (the second check), {@link PatientSplit} and {@link SplitManifest} (the patient-level 8:1:1
 * split), {@link DatasetStatistics} against {@link GuidelineTargets} (with {@link StatisticsCharts}),
 * {@link AnnotatedImage} (rendering), {@link CocoExport} (standard COCO) and {@link CocoDirectoryExport} (PNG images and
 * per-split COCO files for training), {@link Nodules} (3-D lesions, over {@link SeriesVolume}), {@link NiftiExport}
 * (NIfTI volumes for nnU-Net and MONAI), and {@link DemoDataset}, a synthetic tree.
 */
@Export
@Version("0.4.0")
package dev.pulmo.dataset;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
