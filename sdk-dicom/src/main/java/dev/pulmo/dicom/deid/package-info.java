/**
 * De-identification of DICOM datasets (SPEC.md §8, guideline 2.3.2): the DICOM standard's Basic Application
 * Level Confidentiality Profile (PS3.15 Annex E, Table E.1-1), driven by the standard's own table, with the
 * options this dataset needs; consistent UID replacement and per-patient date shifts derived from a secret
 * {@link dev.pulmo.dicom.deid.DeidKey}; private attributes removed except a safelist; burned-in text blanked by
 * device-layout rules; and a {@link dev.pulmo.dicom.deid.ResidueScanner} that reports identifying information
 * left in a dataset.
 *
 * <p>Entry point: {@link dev.pulmo.dicom.deid.Deidentifier#deidentify}. Patient id mapping and the dataset tree
 * are handled by {@code dev.pulmo.dataset.deid}.
 */
@Export
@Version("0.1.0")
package dev.pulmo.dicom.deid;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
