package dev.pulmo.dataset;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.clinical.ClinicalSheet;
import dev.pulmo.clinical.ClinicalSheetCheck;
import dev.pulmo.clinical.ClinicalSheetException;
import dev.pulmo.clinical.ClinicalSheetReader;
import dev.pulmo.clinical.DatasetPatient;
import dev.pulmo.clinical.SheetColumns;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.Tag;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The clinical sheet (SPEC.md §5) against a dataset tree: {@link ClinicalSheetReader} and {@link ClinicalSheetCheck}
 * on the tree's patients, each known by id with the Patient's Age and Sex of the first image of the patient's first
 * series. {@code pulmo validate --clinical} gathers the patients in its own walk ({@link DatasetValidator#withPatients});
 * {@code pulmo check-clinical} has {@link #check(DatasetLayout, Path, SheetColumns, Optional)} read the first header
 * of each patient.
 *
 * <p>Codes besides the {@code clinical.*} ones: {@code file.unreadable} (ERROR) when the sheet cannot be read at all,
 * {@code clinical.dicom-unreadable} (WARNING) when a header cannot be read (age and sex are then not compared).
 */
public final class ClinicalTreeCheck {
    private ClinicalTreeCheck() {
    }

    /**
     * What a patient's first DICOM header says for the sheet: Patient's Age and Sex, and the date the age refers to
     * (Study Date, else Series Date, else Acquisition Date; a date that is not a DA value is taken as absent).
     */
    static DatasetPatient patient(String patientId, dev.pulmo.api.plugin.CaseClass caseClass, DicomDataset header) {
        Optional<java.time.LocalDate> date = Optional.empty();
        for (int tag : new int[] {Tag.StudyDate, Tag.SeriesDate, Tag.AcquisitionDate}) {
            try {
                date = header.getDate(tag);
            } catch (DicomException e) {
                date = Optional.empty();
            }
            if (date.isPresent()) {
                break;
            }
        }
        return new DatasetPatient(patientId, caseClass, header.getString(Tag.PatientAge).filter(s -> !s.isBlank()),
                header.getString(Tag.PatientSex).filter(s -> !s.isBlank()), date);
    }

    /** Checks {@code sheet} against {@code patients}; returns findings, never throws for bad data. */
    public static List<Finding> check(Path sheet, SheetColumns columns, Collection<DatasetPatient> patients) {
        ClinicalSheet read;
        try {
            read = ClinicalSheetReader.withDefaults().columns(columns).read(sheet);
        } catch (ClinicalSheetException | UncheckedIOException e) {
            return List.of(Finding.error("file.unreadable", Location.ofFile(sheet.toString()), e.getMessage()));
        }
        return new ClinicalSheetCheck(columns, ClinicalSheetCheck.AGE_TOLERANCE_FROM_DATES_YEARS).check(read, patients);
    }

    /**
     * Checks {@code sheet} against every patient of {@code layout}, or of one modality's patients when
     * {@code modality} is given (e.g. {@code CCT}): the tree is walked reading one header per patient.
     */
    public static List<Finding> check(DatasetLayout layout, Path sheet, SheetColumns columns, Optional<String> modality) {
        TreeReader reader = TreeReader.local();
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
                    patient = patient(patient.patientId(), patient.caseClass(), reader.readDicomHeader(dicom.get()).dataset());
                } catch (DicomException e) {
                    headerFindings.add(Finding.warning("clinical.dicom-unreadable", Location.ofFile(dicom.get().toString()),
                            "patient " + patient.patientId() + ": age and sex not compared: " + e.withoutSource()));
                }
            }
            patients.put(patient.patientId(), patient);
        }, f -> { }); // the tree's own layout findings are validation's to report
        List<Finding> findings = new ArrayList<>(check(sheet, columns, patients.values()));
        findings.addAll(headerFindings);
        return findings;
    }
}
