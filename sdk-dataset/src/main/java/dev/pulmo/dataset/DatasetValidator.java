package dev.pulmo.dataset;

import dev.pulmo.api.Annotation;
import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.BoundingBox;
import dev.pulmo.api.Finding;
import dev.pulmo.api.ImageRecord;
import dev.pulmo.api.Location;
import dev.pulmo.api.Severity;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.api.plugin.Validator;
import dev.pulmo.cocojson.GuidelineJson;
import dev.pulmo.cocojson.GuidelineJsonException;
import dev.pulmo.cocojson.GuidelineJsonValidator;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.deid.DeidOptions;
import dev.pulmo.dicom.deid.Residue;
import dev.pulmo.dicom.deid.ResidueScanner;
import dev.pulmo.dicom.mask.BinaryMaskDicom;
import dev.pulmo.dicom.mask.MaskImage;
import dev.pulmo.geometry.BinaryMask;
import dev.pulmo.geometry.MaskComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The guideline's first check (SPEC.md §7) and more, over a whole tree, reading only: nothing in the tree is
 * written or modified.
 *
 * <ul>
 *   <li>layout and names (the {@link DatasetScanner}'s {@code layout.*} findings);</li>
 *   <li>pairing: every annotated image has its JSON and its masks, every JSON and mask has its image, normal
 *       cases have neither ({@code validate.image-missing}, {@code validate.json-missing},
 *       {@code validate.masks-missing}, {@code validate.normal-annotated}, {@code validate.masks-not-expected});</li>
 *   <li>the JSON rules of {@link GuidelineJsonValidator} ({@code json.*});</li>
 *   <li>DICOM ↔ JSON: size, modality, file name, ids, device ({@code validate.json-*}), and the DICOM Patient ID
 *       against the folder ({@code validate.dicom-patient-id});</li>
 *   <li>mask ↔ JSON: the same categories, and each lesion of a mask covered by the annotations that meet it within
 *       one pixel, each annotation meeting a lesion
 *       ({@code validate.mask-categories}, {@code validate.mask-bbox}); masks readable and of the image's size
 *       ({@code validate.mask-unreadable}, {@code validate.mask-size});</li>
 *   <li>the modality plugins' acquisition rules (their own codes);</li>
 *   <li>residual patient information in the image headers, judged by the de-identification profile with the
 *       dataset's options ({@code deid.residue.*}).</li>
 * </ul>
 */
public final class DatasetValidator {

    /** The findings and what was looked at. */
    public record Report(List<Finding> findings, long series, long images, long jsonFiles, long masks) {
        public Report {
            findings = List.copyOf(findings);
        }

        public long errors() {
            return findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
        }
    }

    private final DatasetLayout layout;
    private final int threads;
    private final GuidelineJsonValidator jsonValidator;
    private final ResidueScanner residues = new ResidueScanner(DeidOptions.DATASET_DEFAULTS);

    public DatasetValidator(DatasetLayout layout, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.layout = layout;
        this.threads = threads;
        this.jsonValidator = GuidelineJsonValidator.of(layout.catalog());
    }

    /** Checks the tree; {@code onImage} is called once per image checked (from worker threads). */
    public Report validate(Runnable onImage) {
        List<Finding> findings = Collections.synchronizedList(new ArrayList<>());
        AtomicLong series = new AtomicLong();
        AtomicLong images = new AtomicLong();
        AtomicLong jsonFiles = new AtomicLong();
        AtomicLong masks = new AtomicLong();
        findings.addAll(SeriesWorkers.forEachSeries(layout, threads, "pulmo-validate", s -> {
            series.incrementAndGet();
            for (ImageFiles image : s.images()) {
                List<Finding> own = new ArrayList<>();
                try {
                    check(image, own);
                } catch (RuntimeException e) {
                    own.add(Finding.error("validate.failed", Location.ofFile(image.key().toString()), "unexpected failure: " + e));
                }
                findings.addAll(own);
                images.incrementAndGet();
                jsonFiles.addAndGet(image.json() == null ? 0 : 1);
                masks.addAndGet(image.masks().size());
                onImage.run();
            }
        }));
        return new Report(findings, series.get(), images.get(), jsonFiles.get(), masks.get());
    }

    private void check(ImageFiles image, List<Finding> findings) {
        ImageKey key = image.key();
        ModalityPlugin plugin = layout.plugin(key.modality());
        boolean annotated = image.json() != null || image.hasMasks();
        if (image.dicom() == null) {
            for (Path orphan : orphans(image)) {
                findings.add(Finding.error("validate.image-missing", Location.ofFile(orphan.toString()),
                        "no image for this file: expected " + layout.dicomFile(key)));
            }
            return;
        }
        String dicomName = image.dicom().toString();
        if (key.caseClass() == CaseClass.NORMAL && annotated) {
            for (Path p : orphans(image)) {
                findings.add(Finding.error("validate.normal-annotated", Location.ofFile(p.toString()),
                        "a normal case has images only (SPEC.md §2), but this image has annotations"));
            }
        } else if (image.hasMasks() && !plugin.classesWithMasks().contains(key.caseClass())) {
            findings.add(Finding.warning("validate.masks-not-expected", Location.ofFile(dicomName),
                    "the " + plugin.modality().code() + " layout has binary/ masks only for "
                            + plugin.classesWithMasks().stream().map(CaseClass::folderName).sorted().toList()));
        }
        if (image.hasMasks() && image.json() == null) {
            findings.add(Finding.error("validate.json-missing", Location.ofFile(dicomName),
                    "the image has masks but no JSON: expected " + layout.jsonFile(key)));
        }
        if (image.json() != null && !image.hasMasks() && plugin.classesWithMasks().contains(key.caseClass())) {
            findings.add(Finding.error("validate.masks-missing", Location.ofFile(image.json().toString()),
                    "the image has a JSON but no binary mask in " + layout.maskFile(key, 0).getParent()));
        }

        DicomDataset header;
        try {
            header = DicomReader.create().withStopBeforePixelData(true).read(image.dicom()).dataset();
        } catch (DicomException e) {
            findings.add(Finding.error("validate.image-unreadable", Location.ofFile(dicomName), e.getMessage()));
            return;
        }
        for (Residue r : residues.scan(header)) {
            findings.add(Finding.error(r.code(), Location.of(dicomName, r.path()), r.message()));
        }
        String dicomPatient = header.getString(Tag.PatientID).orElse("");
        if (!dicomPatient.equals(key.patientId())) {
            findings.add(Finding.error("validate.dicom-patient-id", Location.of(dicomName, Tag.toString(Tag.PatientID)),
                    "Patient ID is '" + dicomPatient + "' but the folder says " + key.patientId()));
        }

        Optional<AnnotationFile> json = Optional.empty();
        if (image.json() != null) {
            List<Finding> jsonFindings = jsonValidator.validate(image.json());
            findings.addAll(jsonFindings);
            // a file that breaks rules but reads as the model is still compared with its image and masks
            if (jsonFindings.stream().noneMatch(f -> f.code().equals("json.malformed") || f.code().equals("file.unreadable"))) {
                try {
                    json = Optional.of(GuidelineJson.read(image.json()));
                    checkJsonAgainstHeader(json.get(), header, image, findings);
                } catch (GuidelineJsonException e) {
                    // a missing member or wrong type: already a json.* finding of the validator
                }
            }
        }
        HeaderImageContext context = new HeaderImageContext(dicomName, key.caseClass(), header, json);
        for (Validator v : plugin.validators()) {
            try {
                findings.addAll(v.validate(context));
            } catch (RuntimeException e) {
                findings.add(Finding.error("validate.plugin-failed", Location.ofFile(dicomName),
                        "the " + plugin.modality().code() + " rule " + v.code() + " failed: " + e));
            }
        }
        checkMasks(image, header, json, findings);
    }

    private static List<Path> orphans(ImageFiles image) {
        List<Path> out = new ArrayList<>();
        if (image.json() != null) {
            out.add(image.json());
        }
        out.addAll(image.masks().values());
        return out;
    }

    private void checkJsonAgainstHeader(AnnotationFile f, DicomDataset header, ImageFiles image, List<Finding> findings) {
        String file = image.json().toString();
        ImageKey key = image.key();
        if (f.images().size() != 1) {
            findings.add(Finding.error("validate.json-images", Location.of(file, "/images"),
                    "a guideline JSON describes one image, this one has " + f.images().size()));
            return;
        }
        ImageRecord r = f.images().get(0);
        int rows = header.getInt(Tag.Rows).orElse(-1);
        int columns = header.getInt(Tag.Columns).orElse(-1);
        if (r.width() != columns || r.height() != rows) {
            findings.add(Finding.error("validate.json-size", Location.of(file, "/images/0/width"), "the JSON says "
                    + r.width() + " x " + r.height() + " but the image is " + columns + " x " + rows + " (Columns x Rows)"));
        }
        if (!key.modality().equals(r.modality())) {
            findings.add(Finding.error("validate.json-modality", Location.of(file, "/images/0/modality"),
                    "modality " + r.modality() + " in a " + key.modality() + " folder"));
        }
        if (!image.dicom().getFileName().toString().equals(r.fileName())) {
            findings.add(Finding.error("validate.json-file-name", Location.of(file, "/images/0/file_name"),
                    "file_name is '" + r.fileName() + "', the image is " + image.dicom().getFileName()));
        }
        if (!key.patientId().equals(r.patientId()) || !key.series().equals(r.seriesId()) || !key.seq().equals(r.imageId())) {
            findings.add(Finding.error("validate.json-ids", Location.of(file, "/images/0/patient_id"), "patient/series/image ids are "
                    + r.patientId() + "/" + r.seriesId() + "/" + r.imageId() + " but the file's place says "
                    + key.patientId() + "/" + key.series() + "/" + key.seq()));
        }
        String manufacturer = header.getString(Tag.Manufacturer).orElse("");
        String model = header.getString(Tag.ManufacturerModelName).orElse("");
        if (!manufacturer.equals(r.manufacturer()) || !model.equals(r.manufacturerModelName())) {
            findings.add(Finding.warning("validate.json-device", Location.of(file, "/images/0/manufacturer"),
                    "the JSON names the device '" + r.manufacturer() + " / " + r.manufacturerModelName()
                            + "', the image header '" + manufacturer + " / " + model + "'"));
        }
    }

    private static void checkMasks(ImageFiles image, DicomDataset header, Optional<AnnotationFile> json, List<Finding> findings) {
        int rows = header.getInt(Tag.Rows).orElse(-1);
        int columns = header.getInt(Tag.Columns).orElse(-1);
        Map<Integer, List<MaskComponent>> lesionsOfCategory = new TreeMap<>();
        for (Map.Entry<Integer, Path> m : image.masks().entrySet()) {
            MaskImage mask;
            try {
                mask = BinaryMaskDicom.read(m.getValue());
            } catch (DicomException e) {
                findings.add(Finding.error("validate.mask-unreadable", Location.ofFile(m.getValue().toString()), e.getMessage()));
                continue;
            }
            if (mask.columns() != columns || mask.rows() != rows) {
                findings.add(Finding.error("validate.mask-size", Location.ofFile(m.getValue().toString()), "the mask is "
                        + mask.columns() + " x " + mask.rows() + " pixels but its image is " + columns + " x " + rows));
                continue;
            }
            List<MaskComponent> lesions = BinaryMask.fromBytes(mask.foreground(), mask.columns(), mask.rows()).components();
            if (lesions.isEmpty()) {
                findings.add(Finding.warning("validate.mask-empty", Location.ofFile(m.getValue().toString()), "the mask has no foreground pixel"));
            }
            lesionsOfCategory.put(m.getKey(), lesions);
        }
        if (json.isEmpty() || !image.hasMasks()) {
            return;
        }
        String file = image.json().toString();
        Map<Integer, List<Annotation>> annotationsOfCategory = new TreeMap<>();
        for (Annotation a : json.get().annotations()) {
            annotationsOfCategory.computeIfAbsent(a.categoryId(), k -> new ArrayList<>()).add(a);
        }
        TreeSet<Integer> inMasks = new TreeSet<>(image.masks().keySet());
        if (!inMasks.equals(new TreeSet<>(annotationsOfCategory.keySet()))) {
            findings.add(Finding.error("validate.mask-categories", Location.of(file, "/annotations"), "the masks are of categories "
                    + inMasks + " but the annotations of categories " + annotationsOfCategory.keySet()));
        }
        // Each lesion of a mask (8-connected component) must be covered by the annotations that meet it, to within a
        // pixel on every side, and every annotation must meet a lesion of its category's mask.
        lesionsOfCategory.forEach((category, lesions) -> {
            List<Annotation> annotations = annotationsOfCategory.getOrDefault(category, List.of());
            boolean[] used = new boolean[annotations.size()];
            for (MaskComponent lesion : lesions) {
                BoundingBox covered = null;
                for (int i = 0; i < annotations.size(); i++) {
                    if (meets(annotations.get(i).bbox(), lesion.bounds())) {
                        used[i] = true;
                        covered = covered == null ? annotations.get(i).bbox() : union(covered, annotations.get(i).bbox());
                    }
                }
                BoundingBox mb = lesion.bounds();
                if (covered == null) {
                    findings.add(Finding.error("validate.mask-bbox", Location.of(file, "/annotations"), "category " + category
                            + ": the mask's lesion at " + mb.toCorners() + " has no annotation"));
                } else if (Math.abs(covered.x1() - mb.x1()) > 1 || Math.abs(covered.y1() - mb.y1()) > 1
                        || Math.abs(covered.x2() - mb.x2()) > 1 || Math.abs(covered.y2() - mb.y2()) > 1) {
                    findings.add(Finding.error("validate.mask-bbox", Location.of(file, "/annotations"), "category " + category
                            + ": the annotations cover " + covered.toCorners() + " but the mask's lesion " + mb.toCorners() + " (tolerance 1 px)"));
                }
            }
            for (int i = 0; i < used.length; i++) {
                if (!used[i]) {
                    findings.add(Finding.error("validate.mask-bbox", Location.of(file, "/annotations"), "category " + category
                            + ": annotation " + annotations.get(i).id() + " at " + annotations.get(i).bbox().toCorners() + " meets no lesion of the mask"));
                }
            }
        });
    }

    /** The boxes overlap or lie within one pixel of each other. */
    private static boolean meets(BoundingBox a, BoundingBox b) {
        return a.x1() <= b.x2() + 1 && b.x1() <= a.x2() + 1 && a.y1() <= b.y2() + 1 && b.y1() <= a.y2() + 1;
    }

    private static BoundingBox union(BoundingBox a, BoundingBox b) {
        return new BoundingBox(Math.min(a.x1(), b.x1()), Math.min(a.y1(), b.y1()), Math.max(a.x2(), b.x2()), Math.max(a.y2(), b.y2()));
    }
}
