package dev.pulmo.dataset;

import dev.pulmo.api.io.FileErrors;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.io.AtomicFiles;
import dev.pulmo.dataset.PatientSplit.Part;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A split written out for training pipelines: one CSV row per image,
 * {@code split,modality,class,patient_id,series,seq,dicom} (paths relative to the dataset's top folder), and
 * the leakage check that reads it back: a patient whose images are in two parts is an error.
 */
public final class SplitManifest {
    static final String HEADER = "split,modality,class,patient_id,series,seq,dicom";

    /** One image of the manifest. */
    public record Row(Part part, ImageKey image, String dicomPath) {
    }

    private SplitManifest() {
    }

    /**
     * Splits the images of a tree by patient (see {@link PatientSplit}) and writes the manifest atomically.
     *
     * @return the rows written, in tree order
     */
    public static List<Row> write(DatasetLayout layout, PatientSplit.Ratios ratios, long seed, Path manifest, List<Finding> findings) {
        return write(layout, ratios, seed, patientId -> Optional.empty(), manifest, findings);
    }

    /**
     * As {@link #write(DatasetLayout, PatientSplit.Ratios, long, Path, List)}, with one more stratum per patient
     * besides modality and class, e.g. {@code smoking=current} from the clinical sheet (SPEC.md §5, §9).
     *
     * @param extraStratum patient id → the patient's extra stratum, or empty for none
     */
    public static List<Row> write(DatasetLayout layout, PatientSplit.Ratios ratios, long seed,
                                  Function<String, Optional<String>> extraStratum, Path manifest, List<Finding> findings) {
        List<ImageKey> images = new ArrayList<>();
        Map<String, Set<String>> strata = new HashMap<>();
        findings.addAll(new DatasetScanner(layout).scan(series -> {
            for (ImageFiles i : series.images()) {
                if (i.dicom() != null) {
                    images.add(i.key());
                    strata.computeIfAbsent(i.key().patientId(), p -> new TreeSet<>())
                            .add(i.key().modality() + "/" + i.key().caseClass().folderName());
                }
            }
        }));
        strata.forEach((patient, own) -> extraStratum.apply(patient).ifPresent(own::add));
        Map<String, Part> parts = PatientSplit.assign(strata, ratios, seed);
        List<Row> rows = new ArrayList<>(images.size());
        for (ImageKey k : images) {
            rows.add(new Row(parts.get(k.patientId()), k, layout.root().relativize(layout.dicomFile(k)).toString().replace('\\', '/')));
        }
        AtomicFiles.write(manifest, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write(HEADER + "\n");
            for (Row r : rows) {
                ImageKey k = r.image();
                w.write(String.join(",", r.part().label(), k.modality(), k.caseClass().folderName(), k.patientId(),
                        k.series(), k.seq(), r.dicomPath()) + "\n");
            }
            w.flush();
        });
        return rows;
    }

    /** Patients per part in the rows (each patient counted once). */
    public static Map<Part, Integer> patientsPerPart(List<Row> rows) {
        Map<String, Part> byPatient = new LinkedHashMap<>();
        rows.forEach(r -> byPatient.putIfAbsent(r.image().patientId(), r.part()));
        Map<Part, Integer> counts = new EnumMap<>(Part.class);
        byPatient.values().forEach(p -> counts.merge(p, 1, Integer::sum));
        return counts;
    }

    /**
     * Checks a manifest for leakage: returns {@code split.leakage} errors for every patient found in more than
     * one part, and {@code split.bad-row} errors for rows that cannot be read (with their line number).
     */
    public static List<Finding> check(Path manifest) {
        List<Finding> findings = new ArrayList<>();
        Map<String, Map<String, Integer>> firstLineOfPatientInPart = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(FileErrors.requireRegularFile(manifest), StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null || !header.replace("\uFEFF", "").equals(HEADER)) {
                findings.add(Finding.error("split.bad-header", new Location(manifest.toString(), null, 1, 1),
                        "expected the header '" + HEADER + "'"));
                return findings;
            }
            String line;
            int n = 1;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length != 7 || parsePart(f[0]) == null) {
                    findings.add(Finding.error("split.bad-row", new Location(manifest.toString(), null, n, 1),
                            "expected 7 fields, the first one of train, test, validation"));
                    continue;
                }
                firstLineOfPatientInPart.computeIfAbsent(f[3], p -> new LinkedHashMap<>()).putIfAbsent(f[0], n);
            }
        } catch (IOException e) {
            throw FileErrors.cannotRead(manifest, e);
        }
        firstLineOfPatientInPart.forEach((patient, partsSeen) -> {
            if (partsSeen.size() > 1) {
                int line = partsSeen.values().stream().skip(1).findFirst().orElse(0);
                findings.add(Finding.error("split.leakage", new Location(manifest.toString(), null, line, 1),
                        "patient " + patient + " is in " + String.join(" and ", partsSeen.keySet())
                                + ": one patient's images must all be in one part"));
            }
        });
        return findings;
    }

    private static Part parsePart(String label) {
        for (Part p : Part.values()) {
            if (p.label().equals(label)) {
                return p;
            }
        }
        return null;
    }
}
