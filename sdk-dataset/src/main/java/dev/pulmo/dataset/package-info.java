/**
 * The dataset as a tree of files in the guideline's layout (SPEC.md §2): {@link DatasetLayout} names and
 * parses paths, {@link DatasetScanner} walks a tree series by series in bounded memory and reports what does
 * not fit the layout as findings, {@link PatientSplit} makes the guideline's patient-level 8:1:1 split.
 */
@Export
@Version("0.1.0")
package dev.pulmo.dataset;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
