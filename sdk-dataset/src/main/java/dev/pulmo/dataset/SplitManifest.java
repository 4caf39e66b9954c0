package dev.pulmo.dataset;

import dev.pulmo.api.io.FileErrors;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.io.AtomicFiles;
import dev.pulmo.api.io.CsvWriter;
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
    /** The first line of every manifest. */
    public static final String HEADER = "split,modality,class,patient_id,series,seq,dicom";

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
        findings.addAll(unhonouredRatios(strata, parts, ratios, manifest));
        List<Row> rows = new ArrayList<>(images.size());
        for (ImageKey k : images) {
            rows.add(new Row(parts.get(k.patientId()), k, layout.root().relativize(layout.dicomFile(k)).toString().replace('\\', '/')));
        }
        AtomicFiles.write(manifest, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            w.write(HEADER + "\n");
            CsvWriter csv = CsvWriter.lf(w); // a folder name that would run as a formula is neutralised
            for (Row r : rows) {
                ImageKey k = r.image();
                csv.record(r.part().label(), k.modality(), k.caseClass().folderName(), k.patientId(), k.series(), k.seq(),
                        r.dicomPath());
            }
            w.flush();
        });
        return rows;
    }

    /** The rule code of a stratum too small for the ratios (a part with a weight got no patient). */
    public static final String STRATUM_TOO_SMALL = "split.stratum-too-small";

    /**
     * One warning per stratum (patients with the same strata, as {@link PatientSplit#assign} groups them) in which a
     * part with a non-zero weight got no patient: the split was still made, patient by patient, and the warning says
     * what each part got.
     */
    static List<Finding> unhonouredRatios(Map<String, Set<String>> strata, Map<String, Part> parts, PatientSplit.Ratios ratios,
                                          Path manifest) {
        Map<String, Map<Part, Integer>> counts = new java.util.TreeMap<>();
        strata.forEach((patient, own) -> counts.computeIfAbsent(String.join("+", new TreeSet<>(own)), k -> new EnumMap<>(Part.class))
                .merge(parts.get(patient), 1, Integer::sum));
        int[] weights = {ratios.train(), ratios.test(), ratios.validation()};
        int smallest = java.util.Arrays.stream(weights).filter(w -> w > 0).min().orElse(1);
        int needed = (ratios.total() + smallest - 1) / smallest;
        List<Finding> warnings = new ArrayList<>();
        counts.forEach((stratum, perPart) -> {
            boolean unhonoured = false;
            for (Part part : Part.values()) {
                unhonoured |= weights[part.ordinal()] > 0 && perPart.getOrDefault(part, 0) == 0;
            }
            if (unhonoured) {
                int patients = perPart.values().stream().mapToInt(Integer::intValue).sum();
                warnings.add(Finding.warning(STRATUM_TOO_SMALL, Location.ofFile(manifest.toString()),
                        "stratum " + stratum + " has " + patients + (patients == 1 ? " patient" : " patients")
                                + ", too few for the ratios " + ratios + " (every part gets a patient from about " + needed
                                + " on); split as train " + perPart.getOrDefault(Part.TRAIN, 0) + ", test "
                                + perPart.getOrDefault(Part.TEST, 0) + ", validation " + perPart.getOrDefault(Part.VALIDATION, 0)
                                + ", each patient in one part"));
            }
        });
        return warnings;
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
        boolean isManifest = readLines(manifest, (n, f) -> {
            if (f.length != 7 || parsePart(f[0]) == null) {
                findings.add(Finding.error("split.bad-row", new Location(manifest.toString(), null, n, 1),
                        "expected 7 fields, the first one of train, test, validation"));
                return;
            }
            firstLineOfPatientInPart.computeIfAbsent(f[3], p -> new LinkedHashMap<>()).putIfAbsent(f[0], n);
        });
        if (!isManifest) {
            findings.add(Finding.error("split.bad-header", new Location(manifest.toString(), null, 1, 1),
                    "expected the header '" + HEADER + "'"));
            return findings;
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

    /**
     * The part of every patient of a manifest, read in one pass; a patient is identified by its id, as the split
     * assigns parts (one patient's images of every modality are in one part).
     *
     * @throws IllegalArgumentException naming the file and line when the header or a row is not a manifest's, or a
     *                                  patient is in two parts (leakage)
     * @throws UncheckedIOException     when the file cannot be read
     */
    public static Map<String, Part> partsByPatient(Path manifest) {
        Map<String, Part> parts = new HashMap<>();
        boolean isManifest = readLines(manifest, (n, f) -> {
            Part part = f.length == 7 ? parsePart(f[0]) : null;
            if (part == null) {
                throw new IllegalArgumentException(manifest + ":" + n + ": expected 7 fields (" + HEADER
                        + "), the first one of train, test, validation");
            }
            Part before = parts.putIfAbsent(f[3], part);
            if (before != null && before != part) {
                throw new IllegalArgumentException(manifest + ":" + n + ": patient " + f[3] + " is in " + before.label()
                        + " and " + part.label() + ": one patient's images must all be in one part");
            }
        });
        if (!isManifest) {
            throw new IllegalArgumentException(manifest + ":1: expected the header '" + HEADER + "' of a pulmo split manifest");
        }
        return parts;
    }

    /** One data line of a manifest: its line number (the header is line 1) and its comma-separated fields. */
    @FunctionalInterface
    public interface LineVisitor {
        void line(int number, String[] fields);
    }

    /**
     * Reads a manifest: checks its header, then hands every non-blank line after it to {@code visitor}. Only a regular
     * file is opened (a FIFO would block).
     *
     * @return false, having visited nothing, when the first line is not the manifest header
     * @throws UncheckedIOException naming the file when it cannot be read
     */
    public static boolean readLines(Path manifest, LineVisitor visitor) {
        try (BufferedReader r = Files.newBufferedReader(FileErrors.requireRegularFile(manifest), StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null || !header.replace("\uFEFF", "").equals(HEADER)) {
                return false;
            }
            String line;
            int n = 1;
            while ((line = r.readLine()) != null) {
                n++;
                if (!line.isBlank()) {
                    visitor.line(n, CsvWriter.unneutralised(line.split(",", -1)));
                }
            }
            return true;
        } catch (IOException e) {
            throw FileErrors.cannotRead(manifest, e);
        }
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
