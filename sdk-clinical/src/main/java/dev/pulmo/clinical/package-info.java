/**
 * The per-modality clinical sheet (SPEC.md §5): {@link dev.pulmo.clinical.ClinicalSheetReader} reads it from
 * Excel ({@code .xlsx}) or CSV (UTF-8) into typed {@link dev.pulmo.clinical.ClinicalRecord}s, with header
 * names configurable ({@link dev.pulmo.clinical.SheetColumns}, Korean and English by default) and every cell
 * fault as a {@link dev.pulmo.api.Finding} located at its cell ({@code clinical.xlsx Sheet1!B7});
 * {@link dev.pulmo.clinical.ClinicalSheetCheck} checks it against the dataset tree
 * ({@link dev.pulmo.clinical.DatasetPatient}): patients without rows, rows without patients, missing pathology,
 * age and sex against the DICOM header, duplicates, and columns that identify a person.
 * {@link dev.pulmo.clinical.ClinicalSheet#value(String, String)} gives any column's value per patient, for
 * stratifying the patient-level split.
 */
@Export
@Version("0.2.0")
package dev.pulmo.clinical;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
