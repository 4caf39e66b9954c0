/**
 * De-identification of a whole dataset tree (SPEC.md §8): {@link dev.pulmo.dataset.deid.DeidRunner} de-identifies
 * every DICOM file of a tree in the guideline's layout (or a plain folder) into a new tree whose folder and file
 * names, DICOM Patient IDs and JSON {@code patient_id}/{@code file_name} use managed patient ids;
 * {@link dev.pulmo.dataset.deid.PatientIdMap} keeps the mapping and the secret key outside the output;
 * {@link dev.pulmo.dataset.deid.DeidCheck} reports identifying information left in a tree. The per-dataset
 * profile is {@code dev.pulmo.dicom.deid}.
 */
@Export
@Version("0.1.0")
package dev.pulmo.dataset.deid;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
