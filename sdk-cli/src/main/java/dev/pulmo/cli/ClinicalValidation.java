package dev.pulmo.cli;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.clinical.ClinicalSheet;
import dev.pulmo.clinical.ClinicalSheetCheck;
import dev.pulmo.clinical.ClinicalSheetException;
import dev.pulmo.clinical.ClinicalSheetReader;
import dev.pulmo.clinical.DatasetPatient;
import dev.pulmo.clinical.SheetColumns;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.DatasetScanner;
import dev.pulmo.dataset.ImageFiles;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.Tag;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The clinical sheet (SPEC.md §5) against a dataset tree, for {@code pulmo check-clinical} and
 * {@code pulmo validate --clinical}: one {@link DatasetPatient} per patient folder of the tree, with the Patient's
 * Age and Sex of the first image of the patient's first series (header read only, up to the pixel data), then
 * {@link ClinicalSheetReader} and {@link ClinicalSheetCheck}.
 *
 * <p>A patient is known by id, whatever the modality: the first class folder met (in the scanner's order) is the
 * patient's class. The tree's own layout findings are not repeated here (validation reports them). Codes besides
 * the {@code clinical.*} ones: {@code file.unreadable} (ERROR) when the sheet cannot be read at all,
 * {@code clinical.dicom-unreadable} (WARNING) when a header cannot be read (age and sex are then not compared).
 */
public final class ClinicalValidation {
    private ClinicalValidation() {
    }

    /** Checks {@code sheet} against every patient of {@code layout}; returns findings, never throws for bad data. */
    public static List<Finding> check(DatasetLayout layout, Path sheet, SheetColumns columns) {
        return check(layout, sheet, columns, Optional.empty());
    }

    /**
     * As {@link #check(DatasetLayout, Path, SheetColumns)}, limited to the patients of one modality (the guideline
     * keeps one sheet per modality) when {@code modality} is given, e.g. {@code CCT}.
     */
    public static List<Finding> check(DatasetLayout layout, Path sheet, SheetColumns columns, Optional<String> modality) {
        ClinicalSheet read;
        try {
            read = ClinicalSheetReader.withDefaults().columns(columns).read(sheet);
        } catch (ClinicalSheetException | UncheckedIOException e) {
            return List.of(Finding.error("file.unreadable", Location.ofFile(sheet.toString()), e.getMessage()));
        }
        List<Finding> headerFindings = new ArrayList<>();
        Map<String, DatasetPatient> patients = new LinkedHashMap<>();
        new DatasetScanner(layout).scan(series -> {
            if (modality.isPresent() && !modality.get().equals(series.key().modality())
                    || patients.containsKey(series.key().patientId())) {
                return;
            }
            Optional<Path> dicom = series.images().stream().map(ImageFiles::dicomFile).flatMap(Optional::stream).findFirst();
            DatasetPatient patient = DatasetPatient.of(series.key().patientId(), series.key().caseClass());
            if (dicom.isPresent()) {
                try {
                    DicomDataset header = DicomReader.create().withStopBeforePixelData(true).read(dicom.get()).dataset();
                    patient = new DatasetPatient(patient.patientId(), patient.caseClass(),
                            header.getString(Tag.PatientAge).filter(s -> !s.isBlank()),
                            header.getString(Tag.PatientSex).filter(s -> !s.isBlank()));
                } catch (DicomException | UncheckedIOException e) {
                    headerFindings.add(Finding.warning("clinical.dicom-unreadable", Location.ofFile(dicom.get().toString()),
                            "patient " + patient.patientId() + ": age and sex not compared: " + e.getMessage()));
                }
            }
            patients.put(patient.patientId(), patient);
        });
        List<Finding> findings = new ArrayList<>(new ClinicalSheetCheck(columns, 0).check(read, patients.values()));
        findings.addAll(headerFindings);
        return findings;
    }
}
