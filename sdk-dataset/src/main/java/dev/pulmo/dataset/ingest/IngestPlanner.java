package dev.pulmo.dataset.ingest;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.Severity;
import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.api.plugin.ImageContext;
import dev.pulmo.api.plugin.IngestRules;
import dev.pulmo.api.plugin.ModalityCatalog;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.api.plugin.SeriesContext;
import dev.pulmo.api.plugin.SourceSeries;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Plans an ingest: groups the export's images by patient, study and series; offers each series of a listed patient to
 * the modality plugins' {@link IngestRules#routes}; matches it to the list's row of that patient and modality (and
 * study date or accession number when the row gives one); orders its images; and applies the plugin's
 * {@link IngestRules#exclusions}. The core has no routing or acquisition rule of its own. Its own findings, all naming
 * a source folder or file or a cell of the list, never a hospital id:
 * <ul>
 *   <li>{@value #PATIENT_NOT_LISTED} (warning): a series of a patient not on the list, left out</li>
 *   <li>{@value #NOT_ROUTED} (warning): no plugin takes the series (reports, presentation states, the CT of a PET-CT
 *   study), left out</li>
 *   <li>{@value #ROUTED_TWICE} (error): two plugins take it, left out</li>
 *   <li>{@value #MODALITY_NOT_LISTED} (warning): the patient is listed for other modalities only, left out</li>
 *   <li>{@value #OTHER_STUDY} (warning): the row names a study date or accession number the series' study does not
 *   have, left out</li>
 *   <li>{@value #DUPLICATE_INSTANCE} (warning): a SOP Instance found in two files; the first (in path order) is used</li>
 *   <li>{@value #CASE_WITHOUT_IMAGES} (error): a row of the list that gets no series</li>
 *   <li>{@value #NO_PATIENT_ID} (warning): a file without Patient ID, StudyInstanceUID or SeriesInstanceUID</li>
 * </ul>
 * Images are numbered by position along the series' slice normal ({@code n · ImagePositionPatient}, {@code n} the
 * cross product of the ImageOrientationPatient directions, PS3.3 C.7.6.2.1.1) from the smallest, when every image has
 * both attributes and one orientation; otherwise by Instance Number; ties by SOP Instance UID. Never by file order.
 */
public final class IngestPlanner {
    public static final String PATIENT_NOT_LISTED = "ingest.patient-not-listed";
    public static final String NOT_ROUTED = "ingest.not-routed";
    public static final String ROUTED_TWICE = "ingest.routed-twice";
    public static final String MODALITY_NOT_LISTED = "ingest.modality-not-listed";
    public static final String OTHER_STUDY = "ingest.other-study";
    public static final String DUPLICATE_INSTANCE = "ingest.duplicate-instance";
    public static final String CASE_WITHOUT_IMAGES = "ingest.case-without-images";
    public static final String NO_PATIENT_ID = "ingest.no-patient-id";

    /** The attributes the core reads of every image: grouping, matching, ordering. */
    public static final Set<String> CORE_ATTRIBUTES = Set.of("PatientID", "StudyInstanceUID", "SeriesInstanceUID",
            "SOPInstanceUID", "SOPClassUID", "Modality", "StudyDate", "AccessionNumber", "SeriesNumber", "InstanceNumber",
            "ImagePositionPatient", "ImageOrientationPatient");

    private final ModalityCatalog catalog;

    public IngestPlanner(ModalityCatalog catalog) {
        this.catalog = catalog;
    }

    /** The attributes to read per image: the core's and every ingesting plugin's. */
    public Set<String> attributes() {
        Set<String> keywords = new LinkedHashSet<>(CORE_ATTRIBUTES);
        for (ModalityPlugin p : catalog.all()) {
            p.ingestRules().ifPresent(r -> keywords.addAll(r.attributes()));
        }
        return keywords;
    }

    /** One series of the export. */
    private record Group(String patientId, String studyUid, String seriesUid, List<SourceImage> images) {
        SourceImage first() {
            return images.get(0);
        }
    }

    /** Plans the export {@code scan} against {@code cases}. */
    public IngestPlan plan(SourceScanner.Scan scan, List<IngestCase> cases) {
        List<Finding> findings = new ArrayList<>(scan.findings());
        List<IngestPlan.LeftOut> leftOut = new ArrayList<>();
        for (Finding f : scan.findings()) {
            leftOut.add(new IngestPlan.LeftOut(f.location().file(), "", 1, Optional.empty(), List.of(f)));
        }
        Map<String, Group> series = new TreeMap<>();
        Map<String, Set<String>> studyModalities = new HashMap<>();
        Map<String, Path> instances = new HashMap<>();
        for (SourceImage image : scan.images()) {
            String patient = image.get("PatientID");
            String study = image.get("StudyInstanceUID");
            String seriesUid = image.get("SeriesInstanceUID");
            if (patient.isEmpty() || study.isEmpty() || seriesUid.isEmpty()) {
                Finding f = Finding.warning(NO_PATIENT_ID, Location.ofFile(image.file().toString()),
                        "no Patient ID, Study Instance UID or Series Instance UID: cannot be placed; skipped");
                findings.add(f);
                leftOut.add(new IngestPlan.LeftOut(image.file().toString(), image.get("Modality"), 1, Optional.empty(), List.of(f)));
                continue;
            }
            Path earlier = instances.putIfAbsent(image.get("SOPInstanceUID"), image.file());
            if (earlier != null) {
                findings.add(Finding.warning(DUPLICATE_INSTANCE, Location.ofFile(image.file().toString()),
                        "the same SOP Instance as " + earlier + "; that file is used"));
                continue;
            }
            series.computeIfAbsent(patient + "\u0000" + study + "\u0000" + seriesUid,
                    k -> new Group(patient, study, seriesUid, new ArrayList<>())).images().add(image);
            if (!image.get("Modality").isEmpty()) {
                studyModalities.computeIfAbsent(study, k -> new java.util.TreeSet<>()).add(image.get("Modality"));
            }
        }
        Map<String, List<IngestCase>> listed = IngestCases.byHospitalId(cases);
        List<IngestPlan.TakenSeries> taken = new ArrayList<>();
        Set<IngestCase> served = new java.util.HashSet<>();
        // each series' folder computed once (it walks the series' files), not in every comparison of the sort
        Map<Group, String> folders = new java.util.IdentityHashMap<>();
        series.values().forEach(g -> folders.put(g, folderOf(g.images())));
        List<Group> groups = new ArrayList<>(series.values());
        groups.sort(Comparator.comparing((Group g) -> folders.get(g)).thenComparing(g -> g.first().file()));
        for (Group g : groups) {
            String folder = folders.get(g);
            String modality = g.first().get("Modality");
            String what = "series " + g.first().get("SeriesNumber") + " (" + (modality.isEmpty() ? "no Modality" : modality)
                    + ", " + g.images().size() + (g.images().size() == 1 ? " file" : " files") + ")";
            List<IngestCase> patientCases = listed.getOrDefault(g.patientId(), List.of());
            if (patientCases.isEmpty()) {
                leave(leftOut, findings, folder, g, Optional.empty(), Finding.warning(PATIENT_NOT_LISTED,
                        Location.ofFile(folder), what + ": its patient is not on the extraction list; left out"));
                continue;
            }
            Source source = new Source(folder, g, studyModalities.getOrDefault(g.studyUid(), Set.of()));
            List<ModalityPlugin> routed = new ArrayList<>();
            for (ModalityPlugin p : catalog.all()) {
                if (p.ingestRules().map(r -> r.routes(source)).orElse(false)) {
                    routed.add(p);
                }
            }
            Optional<IngestCase> anyCase = Optional.of(patientCases.get(0));
            if (routed.isEmpty()) {
                leave(leftOut, findings, folder, g, anyCase, Finding.warning(NOT_ROUTED, Location.ofFile(folder), what
                        + " of a study with " + source.studyModalities() + ": no modality plugin takes it; left out"));
                continue;
            }
            if (routed.size() > 1) {
                leave(leftOut, findings, folder, g, anyCase, Finding.error(ROUTED_TWICE, Location.ofFile(folder), what
                        + ": taken by several modality plugins " + routed.stream().map(p -> p.modality().code()).toList()
                        + "; left out"));
                continue;
            }
            ModalityPlugin plugin = routed.get(0);
            String code = plugin.modality().code();
            List<IngestCase> modalityCases = patientCases.stream().filter(c -> c.modality().equals(code)).toList();
            if (modalityCases.isEmpty()) {
                leave(leftOut, findings, folder, g, anyCase, Finding.warning(MODALITY_NOT_LISTED, Location.ofFile(folder),
                        what + " is " + code + ", but its patient is listed for " + patientCases.stream()
                                .map(IngestCase::modality).distinct().toList() + " only; left out"));
                continue;
            }
            String studyDate = g.first().get("StudyDate");
            String accession = g.first().get("AccessionNumber");
            Optional<IngestCase> match = modalityCases.stream()
                    .filter(c -> c.studyDate().map(studyDate::equals).orElse(true))
                    .filter(c -> c.accession().map(accession::equals).orElse(true)).findFirst();
            if (match.isEmpty()) {
                leave(leftOut, findings, folder, g, Optional.of(modalityCases.get(0)), Finding.warning(OTHER_STUDY,
                        Location.ofFile(folder), what + ": its study's date or accession number is not the one the list's row "
                                + modalityCases.get(0).describe() + " names; left out"));
                continue;
            }
            IngestCase theCase = match.get();
            List<SourceImage> ordered = ordered(g.images());
            Series context = new Series(folder, theCase.caseClass(), ordered);
            List<Finding> reasons = plugin.ingestRules().orElseThrow().exclusions(context);
            findings.addAll(reasons);
            if (IngestRules.excludes(reasons)) {
                leftOut.add(new IngestPlan.LeftOut(folder, modality, g.images().size(), Optional.of(theCase),
                        reasons.stream().filter(f -> f.severity() == Severity.ERROR).toList()));
                continue;
            }
            served.add(theCase);
            String sortKey = studyDate + "\u0000" + g.studyUid() + "\u0000"
                    + String.format("%012d", parseIntOr(g.first().get("SeriesNumber"), 0)) + "\u0000" + g.seriesUid();
            taken.add(new IngestPlan.TakenSeries(theCase, plugin, folder, g.seriesUid(), sortKey, ordered));
        }
        List<IngestCase> without = new ArrayList<>();
        for (IngestCase c : cases) {
            if (!served.contains(c)) {
                without.add(c);
                long left = leftOut.stream().filter(l -> l.theCase().isPresent()
                        && l.theCase().get().hospitalId().equals(c.hospitalId())).count();
                findings.add(Finding.error(CASE_WITHOUT_IMAGES, c.where(), "no " + c.modality() + " series of this row's patient"
                        + " is taken from the sources (" + (left == 0 ? "none found"
                        : left + " of the patient's series left out, see their findings") + ")"));
            }
        }
        return new IngestPlan(taken, leftOut, without, findings, scan.files());
    }

    private static void leave(List<IngestPlan.LeftOut> leftOut, List<Finding> findings, String folder, Group g,
            Optional<IngestCase> theCase, Finding reason) {
        findings.add(reason);
        leftOut.add(new IngestPlan.LeftOut(folder, g.first().get("Modality"), g.images().size(), theCase, List.of(reason)));
    }

    /** The deepest folder holding every file of the series. */
    static String folderOf(List<SourceImage> images) {
        Path common = images.get(0).file().getParent();
        for (SourceImage i : images) {
            while (common != null && !i.file().startsWith(common)) {
                common = common.getParent();
            }
        }
        return common == null ? images.get(0).file().toString() : common.toString();
    }

    /** The images in the order they are numbered: along the slice normal, else by Instance Number; ties by UID. */
    static List<SourceImage> ordered(List<SourceImage> images) {
        // each image's sort keys computed once, not in every comparison (a record's hash covers all its attributes)
        List<Numbered> keyed = new ArrayList<>(images.size());
        double[] orientation = null;
        boolean byPosition = true;
        for (SourceImage image : images) {
            double position = 0;
            if (byPosition) {
                double[] iop = numbers(image.get("ImageOrientationPatient"), 6);
                double[] ipp = numbers(image.get("ImagePositionPatient"), 3);
                if (iop == null || ipp == null || orientation != null && !same(orientation, iop)) {
                    byPosition = false;
                } else {
                    orientation = orientation == null ? iop : orientation;
                    double[] n = {iop[1] * iop[5] - iop[2] * iop[4], iop[2] * iop[3] - iop[0] * iop[5],
                            iop[0] * iop[4] - iop[1] * iop[3]};
                    position = n[0] * ipp[0] + n[1] * ipp[1] + n[2] * ipp[2];
                }
            }
            keyed.add(new Numbered(image, position, parseIntOr(image.get("InstanceNumber"), Long.MAX_VALUE),
                    image.get("SOPInstanceUID")));
        }
        Comparator<Numbered> byInstance = Comparator.comparingLong(Numbered::instanceNumber);
        Comparator<Numbered> ties = Comparator.comparing(Numbered::sopInstanceUid).thenComparing(k -> k.image().file());
        keyed.sort(byPosition ? Comparator.comparingDouble(Numbered::position).thenComparing(byInstance).thenComparing(ties)
                : byInstance.thenComparing(ties));
        List<SourceImage> out = new ArrayList<>(keyed.size());
        keyed.forEach(k -> out.add(k.image()));
        return out;
    }

    /** An image with its sort keys. */
    private record Numbered(SourceImage image, double position, long instanceNumber, String sopInstanceUid) {
    }

    private static boolean same(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > 0.01) {
                return false;
            }
        }
        return true;
    }

    private static double[] numbers(String value, int count) {
        if (value.isEmpty()) {
            return null;
        }
        String[] parts = value.split("\\\\");
        if (parts.length != count) {
            return null;
        }
        double[] out = new double[count];
        try {
            for (int i = 0; i < count; i++) {
                out[i] = Double.parseDouble(parts[i].trim());
                if (!Double.isFinite(out[i])) {
                    return null;
                }
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return out;
    }

    private static long parseIntOr(String value, long fallback) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** A series as routing sees it. */
    private record Source(String folder, Group group, Set<String> studyModalities) implements SourceSeries {
        @Override
        public int size() {
            return group.images().size();
        }

        @Override
        public Optional<String> attribute(String keyword) {
            return group.first().attribute(keyword);
        }
    }

    /** A series as exclusions see it: its images in numbering order, with the case's class. */
    private record Series(String folder, CaseClass caseClass, List<SourceImage> sources) implements SeriesContext {
        @Override
        public List<ImageContext> images() {
            List<ImageContext> out = new ArrayList<>(sources.size());
            for (SourceImage s : sources) {
                out.add(new Image(s, caseClass));
            }
            return out;
        }
    }

    private record Image(SourceImage source, CaseClass caseClass) implements ImageContext {
        @Override
        public String file() {
            return source.file().toString();
        }

        @Override
        public Optional<String> attribute(String keyword) {
            return source.attribute(keyword);
        }

        @Override
        public Optional<AnnotationFile> annotations() {
            return Optional.empty();
        }
    }
}
