package dev.pulmo.dataset.deid;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.Finding;
import dev.pulmo.api.ImageRecord;
import dev.pulmo.api.Location;
import dev.pulmo.api.io.FileTrees;
import dev.pulmo.clinical.ClinicalField;
import dev.pulmo.clinical.ClinicalRecord;
import dev.pulmo.clinical.ClinicalSheet;
import dev.pulmo.clinical.ClinicalSheetException;
import dev.pulmo.clinical.ClinicalSheetReader;
import dev.pulmo.cocojson.GuidelineJson;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.deid.DeidOptions;
import dev.pulmo.dicom.deid.IdentifierSearch;
import dev.pulmo.dicom.deid.Residue;
import dev.pulmo.dicom.deid.ResidueScanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reports identifying information left in a tree that should be de-identified (SPEC.md §8), as findings; never
 * throws for what it finds. Per DICOM file (headers only): everything {@link ResidueScanner} reports under the
 * given options (attributes the profile removes or empties, private attributes off the safelist, Patient
 * Identity Removed not YES, Burned In Annotation YES); in the guideline layout also a Patient ID that differs from
 * the patient folder, a file name whose patient id differs from the folder, and a folder id longer than 7
 * characters (SPEC.md §3). Per JSON file: {@code patient_id} that differs from the folder. Unreadable files and
 * folders are findings too (and the check goes on), and other files of a layout tree (not .dcm, not JSON in a patient
 * folder) are warnings, except what {@code ingest} writes beside {@code lung_cancer/}: its clinical sheets
 * ({@code clinical/*.xlsx, .csv}: every cell searched, patient ids at most 7 characters) and its exclusion report
 * ({@code ingest-report/exclusions.csv, .html}: searched as text).
 *
 * <p>With {@link #withIdentifiers} (the mapping's hospital ids, names and birth dates, {@link PatientIdMap#identifiers})
 * it also searches every string value at every depth of every DICOM file (private and unknown values too), every
 * string, number and member name of every JSON file, and the text of every other file, and reports each identifier
 * found as {@code deid.check.identifier}, naming the patient by new id and the kind of identifier, never its value.
 */
public final class DeidCheck {

    /** Other files are searched as text up to this size; larger ones are only reported. */
    private static final long MAX_TEXT_SCAN_BYTES = 64L << 20;

    private static final JsonFactory JSON = new JsonFactory();

    private final DeidOptions options;
    private final IdentifierSearch identifiers;

    public DeidCheck(DeidOptions options) {
        this(options, IdentifierSearch.of(List.of()));
    }

    private DeidCheck(DeidOptions options, IdentifierSearch identifiers) {
        this.options = options;
        this.identifiers = identifiers;
    }

    /** @return this check, also searching for {@code search}'s identifiers everywhere */
    public DeidCheck withIdentifiers(IdentifierSearch search) {
        return new DeidCheck(options, search);
    }

    /**
     * @throws IllegalArgumentException when {@code tree} is not a folder
     * @throws UncheckedIOException     when it cannot be listed
     */
    public List<Finding> check(Path tree) {
        if (!Files.isDirectory(tree)) {
            throw new IllegalArgumentException(tree + " is not a folder");
        }
        Path top = tree.resolve(DatasetLayout.TOP_FOLDER);
        Path layoutRoot = tree.getFileName() != null && tree.getFileName().toString().equals(DatasetLayout.TOP_FOLDER)
                ? tree : Files.isDirectory(top) ? top : null;
        ResidueScanner scanner = new ResidueScanner(options);
        List<Finding> findings = new ArrayList<>();
        FileTrees.Listing listing = FileTrees.regularFiles(tree, p -> true);
        findings.addAll(listing.problems());
        for (Path file : listing.files()) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            Optional<String> folderId = folderId(layoutRoot, file);
            if (name.endsWith(".json") && folderId.isPresent()) {
                checkJson(file, folderId.get(), findings);
                searchJson(file, findings);
            } else if (isIngestOutput(tree, file, DatasetLayout.CLINICAL_FOLDER, ".xlsx", ".csv")) {
                checkClinicalSheet(file, findings);
            } else if (isIngestOutput(tree, file, DatasetLayout.INGEST_REPORT_FOLDER, ".csv", ".html")) {
                searchText(file, findings); // text written from managed ids and list cells only: searched as such
            } else if (name.endsWith(".dcm") || layoutRoot == null && !name.equals(DeidRunner.AUDIT_LOG)) {
                checkDicom(file, folderId, scanner, findings);
            } else {
                if (!name.equals(DeidRunner.AUDIT_LOG)) {
                    findings.add(Finding.warning("deid.check.unknown-file", Location.ofFile(file.toString()),
                            "neither DICOM nor guideline JSON in the dataset; not checked, and it may identify patients"));
                }
                searchText(file, findings);
            }
        }
        return findings;
    }

    /** A file {@code ingest} writes beside {@code lung_cancer/}: {@code TREE/<folder>/<name><one of the suffixes>}. */
    private static boolean isIngestOutput(Path tree, Path file, String folder, String... suffixes) {
        if (!tree.relativize(file).equals(Path.of(folder).resolve(file.getFileName()))) {
            return false;
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return java.util.Arrays.stream(suffixes).anyMatch(name::endsWith);
    }

    /**
     * A clinical sheet {@code ingest} writes ({@code TREE/clinical/<folder>.xlsx, .csv}): every cell searched for the
     * mapping's identifiers (an .xlsx is compressed, so its bytes would hide them), and every patient id a de-identified
     * id of at most 7 characters.
     */
    private void checkClinicalSheet(Path file, List<Finding> findings) {
        ClinicalSheetReader reader = ClinicalSheetReader.withDefaults();
        try {
            Set<String> reported = new HashSet<>();
            for (ClinicalSheetReader.Cell cell : reader.cells(file)) {
                for (IdentifierSearch.Match m : identifiers.find(cell.text())) {
                    report(file.toString(), cell.reference(), m.identifier(), reported, findings);
                }
            }
            ClinicalSheet sheet = reader.read(file);
            for (ClinicalRecord r : sheet.records()) {
                if (r.patientId().length() > PatientIdMap.MAX_ID_LENGTH) {
                    findings.add(Finding.error("deid.check.patient-id-too-long", sheet.cell(r.rowNumber(), ClinicalField.PATIENT_ID),
                            "a patient id of " + r.patientId().length() + " characters in the clinical sheet; "
                                    + "de-identified ids have at most " + PatientIdMap.MAX_ID_LENGTH + " (SPEC.md §3)"));
                }
            }
        } catch (ClinicalSheetException | UncheckedIOException e) {
            findings.add(Finding.error("deid.check.unreadable", Location.ofFile(file.toString()),
                    "cannot be read as a clinical sheet: " + e.getMessage()));
        }
    }

    private void report(String file, String pointer, IdentifierSearch.Identifier id, Set<String> reported,
            List<Finding> findings) {
        if (reported.add(pointer + '\u0000' + id.patient() + id.kind())) {
            findings.add(Finding.error("deid.check.identifier", Location.of(file, pointer), "holds "
                    + id.kind().description() + " of patient " + id.patient() + " (an identifier the mapping file "
                    + "de-identified)"));
        }
    }

    /** Every string, number and member name of a JSON file, streamed. */
    private void searchJson(Path file, List<Finding> findings) {
        if (identifiers.isEmpty()) {
            return;
        }
        Set<String> reported = new HashSet<>();
        try (JsonParser p = JSON.createParser(file.toFile())) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME || t == JsonToken.VALUE_STRING || t.isNumeric()) {
                    String pointer = p.getParsingContext().pathAsPointer().toString();
                    for (IdentifierSearch.Match m : identifiers.find(p.getText())) {
                        report(file.toString(), pointer, m.identifier(), reported, findings);
                    }
                }
            }
        } catch (IOException e) {
            // not JSON at all: search its bytes as text
            searchText(file, findings);
        }
    }

    /** A file of another kind, as UTF-8 and as Latin-1 text. */
    private void searchText(Path file, List<Finding> findings) {
        if (identifiers.isEmpty()) {
            return;
        }
        try {
            if (Files.size(file) > MAX_TEXT_SCAN_BYTES) {
                findings.add(Finding.warning("deid.check.not-searched", Location.ofFile(file.toString()),
                        "larger than " + MAX_TEXT_SCAN_BYTES + " bytes; not searched for identifiers"));
                return;
            }
            byte[] bytes = Files.readAllBytes(file);
            Set<String> reported = new HashSet<>();
            for (String text : List.of(new String(bytes, StandardCharsets.UTF_8), new String(bytes, StandardCharsets.ISO_8859_1))) {
                for (IdentifierSearch.Match m : identifiers.find(text)) {
                    report(file.toString(), "", m.identifier(), reported, findings);
                }
            }
        } catch (IOException e) {
            findings.add(FileTrees.unreadable(file, e));
        }
    }

    private static Optional<String> folderId(Path layoutRoot, Path file) {
        if (layoutRoot == null || !file.startsWith(layoutRoot) || layoutRoot.relativize(file).getNameCount() < 4) {
            return Optional.empty();
        }
        return Optional.of(layoutRoot.relativize(file).getName(2).toString());
    }

    private void checkDicom(Path file, Optional<String> folderId, ResidueScanner scanner, List<Finding> findings) {
        String where = file.toString();
        DicomFile dicom;
        try {
            dicom = DicomReader.create().withStopBeforePixelData(true).read(file);
        } catch (DicomException | UncheckedIOException e) {
            findings.add(Finding.error("deid.check.unreadable", Location.ofFile(where), "cannot be read as DICOM: "
                    + (e instanceof DicomException d ? d.withoutSource() : e.getMessage())));
            return;
        }
        for (Residue r : scanner.scan(dicom.dataset())) {
            findings.add(Finding.error(r.code(), Location.of(where, r.path()), r.message()));
        }
        Set<String> reported = new HashSet<>();
        for (IdentifierSearch.Located found : identifiers.scan(dicom.dataset())) {
            report(where, found.path(), found.identifier(), reported, findings);
        }
        if (folderId.isPresent()) {
            String id = folderId.get();
            if (!dicom.dataset().getString(Tag.PatientID).orElse("").strip().equals(id)) {
                findings.add(Finding.error("deid.check.patient-id-not-folder", Location.of(where, Tag.toString(Tag.PatientID)),
                        "Patient ID is not the patient folder's id " + id));
            }
            if (id.length() > PatientIdMap.MAX_ID_LENGTH) {
                findings.add(Finding.error("deid.check.patient-id-too-long", Location.ofFile(where),
                        "patient folder id has " + id.length() + " characters; de-identified ids have at most "
                                + PatientIdMap.MAX_ID_LENGTH + " (SPEC.md §3)"));
            }
            String fileName = file.getFileName().toString();
            Optional<DatasetLayout.ParsedName> parsed = DatasetLayout.parse(fileName, "dcm", fileName.endsWith("_binary.dcm"));
            if (parsed.isPresent() && !parsed.get().patientId().equals(id)) {
                findings.add(Finding.error("deid.check.file-name-not-folder", Location.ofFile(where),
                        "the file name's patient id is not the patient folder's id " + id));
            }
        }
    }

    private static void checkJson(Path file, String folderId, List<Finding> findings) {
        AnnotationFile annotations;
        try {
            annotations = GuidelineJson.read(file);
        } catch (RuntimeException e) {
            findings.add(Finding.error("deid.check.unreadable", Location.ofFile(file.toString()),
                    "cannot be read as guideline JSON: " + e.getMessage()));
            return;
        }
        for (int i = 0; i < annotations.images().size(); i++) {
            ImageRecord image = annotations.images().get(i);
            if (!folderId.equals(image.patientId())) {
                findings.add(Finding.error("deid.check.patient-id-not-folder",
                        Location.of(file.toString(), "/images/" + i + "/patient_id"),
                        "patient_id is not the patient folder's id " + folderId));
            }
        }
    }
}
