package dev.pulmo.dataset.ingest;

import dev.pulmo.api.Location;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.clinical.Sex;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One row of the extraction list: a patient and a modality to take from the export, with the case class and the
 * clinical values the dataset's clinical sheet carries.
 *
 * @param where      the row's first cell in the list (file and cell, e.g. {@code cases.xlsx Sheet1!A5}): findings
 *                   about the case name this, never the hospital id
 * @param hospitalId the hospital's patient id, as DICOM Patient ID (0010,0020) holds it
 * @param modality   the modality code of a plugin, e.g. {@code CCT}
 * @param studyDate  when given, only studies of this date ({@code yyyyMMdd}) are taken
 * @param accession  when given, only studies of this Accession Number are taken
 */
public record IngestCase(Location where, String hospitalId, CaseClass caseClass, String modality, OptionalInt ageYears,
                         Optional<Sex> sex, Optional<String> pathology, Optional<String> smoking,
                         Optional<String> studyDate, Optional<String> accession) {
    public IngestCase {
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(hospitalId, "hospitalId");
        Objects.requireNonNull(caseClass, "caseClass");
        Objects.requireNonNull(modality, "modality");
    }

    /** Where the case is, for messages: {@code cases.csv A5}. */
    public String describe() {
        return where.file() + " " + where.pointer();
    }
}
