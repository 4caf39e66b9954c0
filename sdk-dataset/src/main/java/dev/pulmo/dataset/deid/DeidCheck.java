package dev.pulmo.dataset.deid;

import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.Finding;
import dev.pulmo.api.ImageRecord;
import dev.pulmo.api.Location;
import dev.pulmo.cocojson.GuidelineJson;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.deid.DeidOptions;
import dev.pulmo.dicom.deid.Residue;
import dev.pulmo.dicom.deid.ResidueScanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reports identifying information left in a tree that should be de-identified (SPEC.md §8), as findings; never
 * throws for what it finds. Per DICOM file (headers only): everything {@link ResidueScanner} reports under the
 * given options (attributes the profile removes or empties, private attributes off the safelist, Patient
 * Identity Removed not YES, Burned In Annotation YES); in the guideline layout also a Patient ID that differs from
 * the patient folder, a file name whose patient id differs from the folder, and a folder id longer than 7
 * characters (SPEC.md §3). Per JSON file: {@code patient_id} that differs from the folder. Unreadable files are
 * findings too, and other files of a layout tree (not .dcm, not JSON in a patient folder) are warnings.
 */
public final class DeidCheck {

    private final DeidOptions options;

    public DeidCheck(DeidOptions options) {
        this.options = options;
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
        List<Path> files;
        try (Stream<Path> s = Files.walk(tree)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + tree + ": " + e.getMessage(), e);
        }
        for (Path file : files) {
            String name = file.getFileName().toString().toLowerCase();
            Optional<String> folderId = folderId(layoutRoot, file);
            if (name.endsWith(".json") && folderId.isPresent()) {
                checkJson(file, folderId.get(), findings);
            } else if (name.endsWith(".dcm") || layoutRoot == null && !name.equals(DeidRunner.AUDIT_LOG)) {
                checkDicom(file, folderId, scanner, findings);
            } else if (!name.equals(DeidRunner.AUDIT_LOG)) {
                findings.add(Finding.warning("deid.check.unknown-file", Location.ofFile(file.toString()),
                        "neither DICOM nor guideline JSON in the dataset; not checked, and it may identify patients"));
            }
        }
        return findings;
    }

    private static Optional<String> folderId(Path layoutRoot, Path file) {
        if (layoutRoot == null || !file.startsWith(layoutRoot) || layoutRoot.relativize(file).getNameCount() < 4) {
            return Optional.empty();
        }
        return Optional.of(layoutRoot.relativize(file).getName(2).toString());
    }

    private static void checkDicom(Path file, Optional<String> folderId, ResidueScanner scanner, List<Finding> findings) {
        String where = file.toString();
        DicomFile dicom;
        try {
            dicom = DicomReader.create().withStopBeforePixelData(true).read(file);
        } catch (DicomException | UncheckedIOException e) {
            findings.add(Finding.error("deid.check.unreadable", Location.ofFile(where), "cannot be read as DICOM: "
                    + e.getMessage()));
            return;
        }
        for (Residue r : scanner.scan(dicom.dataset())) {
            findings.add(Finding.error(r.code(), Location.of(where, r.path()), r.message()));
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
