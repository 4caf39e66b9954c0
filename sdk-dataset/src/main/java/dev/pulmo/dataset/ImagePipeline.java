package dev.pulmo.dataset;

import dev.pulmo.api.Annotation;
import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.BoundingBox;
import dev.pulmo.api.Finding;
import dev.pulmo.api.ImageRecord;
import dev.pulmo.api.Info;
import dev.pulmo.api.Location;
import dev.pulmo.api.Severity;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.api.plugin.ModalityCatalog;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.api.plugin.Validator;
import dev.pulmo.cocojson.GuidelineJsonValidator;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.PixelDataExtent;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.deid.DeidOptions;
import dev.pulmo.dicom.deid.Residue;
import dev.pulmo.dicom.deid.ResidueScanner;
import dev.pulmo.dicom.mask.MaskImage;
import dev.pulmo.geometry.BinaryMask;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The per-image pipeline (DESIGN.md, "Data flow of the main job"): pure functions over one image's
 * {@link ImageInputs}, no file access. {@link #convert} makes the image's guideline JSON from its masks with the
 * modality's export rule; {@link #check} is the first check of the image, and derives the lesions the JSON must have
 * through the very same export rule, so the two cannot disagree. Every tree command calls these; none reads a mask or
 * applies an export rule on its own. Thread-safe.
 *
 * <h2>Rule codes (one per fact, whatever the command)</h2>
 * <ul>
 *   <li>image: {@value #IMAGE_MISSING} (a JSON or mask without its image), {@value #IMAGE_UNREADABLE},
 *       {@value #IMAGE_PIXEL_DATA_TRUNCATED} (pixel data shorter than Rows × Columns × frames × samples × bits
 *       declare, or the file ends inside it; found without decoding), {@value #IMAGE_NO_PIXEL_DATA},
 *       {@value #IMAGE_PATIENT_ID} (Patient ID is not the patient folder's), {@value #IMAGE_NO_DATE} (no date for
 *       {@code date_captured})</li>
 *   <li>mask: {@value #MASK_UNREADABLE}, {@value #MASK_SIZE} (not the image's Rows × Columns),
 *       {@value #MASK_WRONG_IMAGE}, {@value #MASK_WRONG_STUDY}, {@value #MASK_WRONG_PATIENT} (the mask names another
 *       SOP Instance, study or patient than its image's), {@value #MASK_EMPTY} (warning)</li>
 *   <li>JSON: {@value #JSON_UNREADABLE}, the rules of {@link GuidelineJsonValidator} ({@code json.*}), and the JSON
 *       against the image header: {@value #JSON_IMAGES}, {@value #JSON_IMAGE_SIZE}, {@value #JSON_IMAGE_MODALITY},
 *       {@value #JSON_IMAGE_FILE_NAME}, {@value #JSON_IMAGE_IDS}, {@value #JSON_IMAGE_DEVICE} (warning)</li>
 *   <li>pairing: {@value #PAIRING_JSON_MISSING}, {@value #PAIRING_MASKS_MISSING}, {@value #PAIRING_NORMAL_ANNOTATED},
 *       {@value #PAIRING_MASKS_NOT_EXPECTED} (warning)</li>
 *   <li>annotations against masks: {@value #ANNOTATION_CATEGORIES} (the masks' and the annotations' categories
 *       differ), {@value #ANNOTATION_MISSING} (a lesion the export rule finds in a mask has no annotation with its
 *       box, to within {@value #BOX_TOLERANCE_PIXELS} pixel on each side), {@value #ANNOTATION_WITHOUT_LESION}</li>
 *   <li>conversion: {@value #CONVERT_INVALID_OUTPUT}, and the notes of {@link MaskExporter}
 *       ({@code convert.lesion-split}, {@code convert.holes-dropped})</li>
 *   <li>the modality plugins' rules (their own codes), {@value #PLUGIN_FAILED}; residual patient information in image
 *       and mask headers ({@code deid.residue.*}, {@link ResidueScanner}, the same scanner as {@code deid --check})</li>
 *   <li>{@value #FINDINGS_CAPPED}: more than {@value #MAX_FINDINGS_PER_FILE} findings of one file; the rest counted</li>
 * </ul>
 */
public final class ImagePipeline {
    public static final String IMAGE_MISSING = "image.missing";
    public static final String IMAGE_UNREADABLE = "image.unreadable";
    public static final String IMAGE_PIXEL_DATA_TRUNCATED = "image.pixel-data-truncated";
    public static final String IMAGE_NO_PIXEL_DATA = "image.no-pixel-data";
    public static final String IMAGE_PATIENT_ID = "image.patient-id";
    public static final String IMAGE_NO_DATE = "image.no-date";
    public static final String MASK_UNREADABLE = "mask.unreadable";
    public static final String MASK_SIZE = "mask.size-mismatch";
    public static final String MASK_WRONG_IMAGE = "mask.wrong-image";
    public static final String MASK_WRONG_STUDY = "mask.wrong-study";
    public static final String MASK_WRONG_PATIENT = "mask.wrong-patient";
    public static final String MASK_EMPTY = "mask.empty";
    public static final String JSON_UNREADABLE = "json.unreadable";
    public static final String JSON_IMAGES = "json.image-count";
    public static final String JSON_IMAGE_SIZE = "json.image-size";
    public static final String JSON_IMAGE_MODALITY = "json.image-modality";
    public static final String JSON_IMAGE_FILE_NAME = "json.image-file-name";
    public static final String JSON_IMAGE_IDS = "json.image-ids";
    public static final String JSON_IMAGE_DEVICE = "json.image-device";
    public static final String PAIRING_JSON_MISSING = "pairing.json-missing";
    public static final String PAIRING_MASKS_MISSING = "pairing.masks-missing";
    public static final String PAIRING_NORMAL_ANNOTATED = "pairing.normal-annotated";
    public static final String PAIRING_MASKS_NOT_EXPECTED = "pairing.masks-not-expected";
    public static final String ANNOTATION_CATEGORIES = "annotation.categories";
    public static final String ANNOTATION_MISSING = "annotation.missing";
    public static final String ANNOTATION_WITHOUT_LESION = "annotation.without-lesion";
    public static final String CONVERT_INVALID_OUTPUT = "convert.invalid-output";
    public static final String PLUGIN_FAILED = "plugin.failed";
    public static final String FINDINGS_CAPPED = "findings.capped";

    /** How far an annotation's box may be from the box of the lesion the export rule finds, on each side. */
    public static final int BOX_TOLERANCE_PIXELS = 1;
    /** Findings kept per file; the rest are counted in one {@value #FINDINGS_CAPPED} note. */
    public static final int MAX_FINDINGS_PER_FILE = 100;

    /** An image's guideline JSON as the main job makes it, or why it could not. */
    public record Converted(Optional<AnnotationFile> file, List<Finding> findings) {
        public Converted {
            Objects.requireNonNull(file, "file");
            findings = List.copyOf(findings);
        }

        /** The number of annotations made (0 when nothing was made). */
        public int annotationCount() {
            return file.map(f -> f.annotations().size()).orElse(0);
        }
    }

    /** A JSON's findings and, when it reads as the model, the model. */
    public record JsonChecked(Optional<AnnotationFile> file, List<Finding> findings) {
        public JsonChecked {
            Objects.requireNonNull(file, "file");
            findings = List.copyOf(findings);
        }

        public boolean hasErrors() {
            return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
        }

        /** Why the JSON did not read as the model: its first error, with where it is. */
        public String whyUnread() {
            return findings.stream().filter(f -> f.severity() == Severity.ERROR).findFirst()
                    .map(f -> f.location() + ": " + f.message()).orElse("not guideline JSON");
        }
    }

    /** What {@link #check} found, and the header it read (for the series rules), when the image could be read. */
    public record Checked(List<Finding> findings, Optional<DicomDataset> header) {
        public Checked {
            findings = List.copyOf(findings);
            Objects.requireNonNull(header, "header");
        }
    }

    private final ModalityCatalog catalog;
    /**
     * Each modality's JSON category table, made once: every file gets the same list, which the writer and the validator
     * know again by identity (equal tables would be compared category by category for each file).
     */
    private final Map<String, List<dev.pulmo.api.Category>> jsonCategories = new java.util.concurrent.ConcurrentHashMap<>();
    private final GuidelineJsonValidator jsonValidator;
    private final ResidueScanner residues;

    private ImagePipeline(ModalityCatalog catalog, DeidOptions deidOptions) {
        this.catalog = catalog;
        this.jsonValidator = GuidelineJsonValidator.of(catalog);
        this.residues = new ResidueScanner(deidOptions);
    }

    /** The pipeline for the modalities of {@code catalog}, judging residual PHI by the guideline's options. */
    public static ImagePipeline of(ModalityCatalog catalog) {
        return new ImagePipeline(catalog, DeidOptions.DATASET_DEFAULTS);
    }

    /** The same pipeline judging residual patient information by {@code options} (those the dataset was made with). */
    public ImagePipeline withDeidOptions(DeidOptions options) {
        return new ImagePipeline(catalog, options);
    }

    /** The catalog of modalities this pipeline knows. */
    public ModalityCatalog catalog() {
        return catalog;
    }

    private ModalityPlugin plugin(ImageKey key) {
        return catalog.find(key.modality()).orElseThrow(() -> new IllegalArgumentException("no plugin for modality " + key.modality()));
    }

    // ------------------------------------------------------------------------------------------------- convert

    /**
     * The main job for one image: the header's {@code images[]} entry, each mask's lesions through the modality's
     * export rule ({@link MaskExporter}), the modality's categories and {@code info}, checked by the guideline's JSON
     * rules before anything is written. Needs the header and masks of {@code inputs}. Nothing is made when the image
     * is missing or unreadable, a mask is unreadable, of another size or of another image, study or patient, there is
     * no date, or the result breaks a JSON rule.
     *
     * @param info     the {@code info} of the file
     * @param toolname every annotation's {@code toolname}
     */
    public Converted convert(ImageInputs inputs, Info info, String toolname) {
        List<Finding> findings = new ArrayList<>(inputs.readFindings());
        if (inputs.imageFile().isEmpty()) {
            orphans(inputs, findings);
            return new Converted(Optional.empty(), findings);
        }
        if (inputs.header().isEmpty() || !inputs.readFindings().isEmpty()) {
            return new Converted(Optional.empty(), findings);
        }
        DicomDataset header = inputs.header().get().dataset();
        String imageFile = inputs.imageFile().get();
        ImageRecord record;
        try {
            record = ImageHeaders.imageRecord(header, inputs.key(), fileName(imageFile));
        } catch (DicomException e) {
            findings.add(Finding.error(IMAGE_UNREADABLE, Location.ofFile(imageFile), e.withoutSource()));
            return new Converted(Optional.empty(), findings);
        }
        SortedMap<Integer, BinaryMask> masks = usableMasks(inputs, header, findings);
        if (masks.size() != inputs.maskFiles().size()) {
            return new Converted(Optional.empty(), findings);
        }
        return assemble(inputs.key(), imageFile, record, masks, inputs.maskFiles(), info, toolname, findings);
    }

    /**
     * The guideline JSON of one image from masks already in memory (an importer that draws them, such as
     * {@code pulmo import-tool}): the same assembly and checks as {@link #convert}.
     *
     * @param imageFile the image's name (for findings)
     * @param record    the image's {@code images[]} entry ({@link ImageHeaders#imageRecord})
     * @param masks     category id → mask of the image's size
     * @param maskFiles category id → the mask's file name (for findings)
     */
    public Converted convert(ImageKey key, String imageFile, ImageRecord record, SortedMap<Integer, BinaryMask> masks,
                             Map<Integer, String> maskFiles, Info info, String toolname) {
        return assemble(key, imageFile, record, masks, maskFiles, info, toolname, new ArrayList<>());
    }

    private Converted assemble(ImageKey key, String imageFile, ImageRecord record, SortedMap<Integer, BinaryMask> masks,
                               Map<Integer, String> maskFiles, Info info, String toolname, List<Finding> findings) {
        if (record.dateCaptured().isEmpty()) {
            findings.add(Finding.error(IMAGE_NO_DATE, Location.ofFile(imageFile),
                    "no acquisition, content, series or study date in the header: date_captured cannot be filled"));
            return new Converted(Optional.empty(), findings);
        }
        ModalityPlugin plugin = plugin(key);
        List<Annotation> annotations = new ArrayList<>();
        for (Map.Entry<Integer, BinaryMask> m : masks.entrySet()) {
            MaskExporter.Result r = MaskExporter.export(m.getValue(), plugin.exportRule(), record.id(), m.getKey(),
                    annotations.size() + 1L, toolname, maskFiles.getOrDefault(m.getKey(), imageFile));
            annotations.addAll(r.annotations());
            findings.addAll(r.notes());
        }
        AnnotationFile file = new AnnotationFile(info, jsonCategories(plugin), List.of(record), annotations);
        List<Finding> problems = jsonValidator.validate(file, imageFile);
        if (problems.stream().anyMatch(f -> f.severity() == Severity.ERROR)) {
            findings.add(Finding.error(CONVERT_INVALID_OUTPUT, Location.ofFile(imageFile),
                    "the JSON made from this image's masks does not pass the guideline's checks; not written"));
            findings.addAll(problems);
            return new Converted(Optional.empty(), findings);
        }
        return new Converted(Optional.of(file), findings);
    }

    /** The masks of an image that can be used, and why the others cannot. */
    public record Masks(SortedMap<Integer, BinaryMask> usable, List<Finding> findings) {
        public Masks {
            usable = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(usable));
            findings = List.copyOf(findings);
        }
    }

    /**
     * The masks of {@code inputs} (read with their header) that belong to the image: readable, of its size, naming its
     * SOP Instance, study and patient where they name one; for exports that read masks. The findings say why the
     * others cannot be used (the same codes as {@link #convert} and {@link #check}).
     */
    public Masks masks(ImageInputs inputs) {
        List<Finding> findings = new ArrayList<>(inputs.readFindings().stream()
                .filter(f -> f.code().equals(MASK_UNREADABLE)).toList());
        if (inputs.header().isEmpty()) {
            return new Masks(new TreeMap<>(), findings);
        }
        return new Masks(usableMasks(inputs, inputs.header().get().dataset(), findings), findings);
    }

    /**
     * The JSON of {@code inputs} checked by the guideline's rules and, unless it is malformed, bound to the model:
     * one parse of its bytes for both.
     */
    public JsonChecked checkJson(ImageInputs inputs) {
        if (inputs.jsonFile().isEmpty() || !inputs.hasJsonBytes()) {
            List<Finding> unread = inputs.readFindings().stream().filter(f -> f.code().equals(JSON_UNREADABLE)).toList();
            return new JsonChecked(Optional.empty(), unread);
        }
        // validate checks an image and groups its lesions into nodules from the same inputs: one parse for both
        return inputs.jsonChecked(this, () -> {
            GuidelineJsonValidator.Checked checked = jsonValidator.validateAndRead(inputs.jsonBytes(), inputs.jsonFile().get());
            return new JsonChecked(checked.model(), checked.findings());
        });
    }

    // --------------------------------------------------------------------------------------------------- check

    /**
     * The first check of one image (SPEC.md §7) with every part of {@code inputs}: pairing of image, JSON and masks;
     * the header (pixel data complete, Patient ID, residual patient information); the JSON's rules and its
     * agreement with the header; each mask against its image; the JSON's annotations against the lesions the
     * modality's export rule finds in the masks; the plugin's image rules. Findings of one file beyond
     * {@value #MAX_FINDINGS_PER_FILE} are counted, not listed.
     */
    public Checked check(ImageInputs inputs) {
        List<Finding> findings = new ArrayList<>(inputs.readFindings());
        ImageKey key = inputs.key();
        ModalityPlugin plugin = plugin(key);
        if (inputs.imageFile().isEmpty()) {
            orphans(inputs, findings);
            return new Checked(capPerFile(findings), Optional.empty());
        }
        String imageFile = inputs.imageFile().get();
        pairing(inputs, plugin, imageFile, findings);
        JsonChecked json = checkJson(inputs);
        findings.addAll(json.findings().stream().filter(f -> !f.code().equals(JSON_UNREADABLE)).toList());
        if (inputs.header().isEmpty()) {
            return new Checked(capPerFile(findings), Optional.empty());
        }
        DicomDataset header = inputs.header().get().dataset();
        pixelData(inputs.header().get(), imageFile, findings);
        for (Residue r : residues.scan(header)) {
            findings.add(Finding.error(r.code(), Location.of(imageFile, r.path()), r.message()));
        }
        String dicomPatient = header.getString(Tag.PatientID).orElse("");
        if (!dicomPatient.equals(key.patientId())) {
            findings.add(Finding.error(IMAGE_PATIENT_ID, Location.of(imageFile, Tag.toString(Tag.PatientID)),
                    "Patient ID is '" + dicomPatient + "' but the folder says " + key.patientId()));
        }
        HeaderImageContext context = new HeaderImageContext(imageFile, key.caseClass(), header, json.file());
        for (Validator v : plugin.validators()) {
            try {
                findings.addAll(v.validate(context));
            } catch (RuntimeException e) {
                findings.add(Finding.error(PLUGIN_FAILED, Location.ofFile(imageFile),
                        "the " + plugin.modality().code() + " rule " + v.code() + " failed: " + e));
            }
        }
        try {
            ImageHeaders.imageRecord(header, key, fileName(imageFile)); // Rows and Columns: what masks and JSON are held to
        } catch (DicomException e) {
            findings.add(Finding.error(IMAGE_UNREADABLE, Location.ofFile(imageFile), e.withoutSource()
                    + "; its JSON and masks cannot be checked against it"));
            return new Checked(capPerFile(findings), Optional.of(header));
        }
        json.file().ifPresent(f -> jsonAgainstHeader(f, header, inputs, findings));
        for (Map.Entry<Integer, MaskImage> m : inputs.masks().entrySet()) {
            String maskFile = inputs.maskFiles().get(m.getKey());
            for (Residue r : residues.scan(m.getValue().header())) {
                findings.add(Finding.error(r.code(), Location.of(maskFile, r.path()), r.message()));
            }
        }
        SortedMap<Integer, BinaryMask> masks = usableMasks(inputs, header, findings);
        masks.forEach((category, mask) -> {
            if (mask.isEmpty()) {
                findings.add(Finding.warning(MASK_EMPTY, Location.ofFile(inputs.maskFiles().get(category)), "the mask has no foreground pixel"));
            }
        });
        if (json.file().isPresent() && !inputs.maskFiles().isEmpty()) {
            annotationsAgainstMasks(json.file().get(), inputs, masks, masks.size() == inputs.maskFiles().size(), plugin, findings);
        }
        return new Checked(capPerFile(findings), Optional.of(header));
    }

    private void orphans(ImageInputs inputs, List<Finding> findings) {
        List<String> files = new ArrayList<>();
        inputs.jsonFile().ifPresent(files::add);
        files.addAll(inputs.maskFiles().values());
        for (String orphan : files) {
            findings.add(Finding.error(IMAGE_MISSING, Location.ofFile(orphan),
                    "no image " + inputs.key() + " for this file"));
        }
    }

    private static void pairing(ImageInputs inputs, ModalityPlugin plugin, String imageFile, List<Finding> findings) {
        ImageKey key = inputs.key();
        boolean hasMasks = !inputs.maskFiles().isEmpty();
        if (key.caseClass() == CaseClass.NORMAL && (hasMasks || inputs.jsonFile().isPresent())) {
            List<String> annotated = new ArrayList<>();
            inputs.jsonFile().ifPresent(annotated::add);
            annotated.addAll(inputs.maskFiles().values());
            for (String file : annotated) {
                findings.add(Finding.error(PAIRING_NORMAL_ANNOTATED, Location.ofFile(file),
                        "a normal case has images only (SPEC.md §2), but this image has annotations"));
            }
            return;
        }
        if (hasMasks && !plugin.classesWithMasks().contains(key.caseClass())) {
            findings.add(Finding.warning(PAIRING_MASKS_NOT_EXPECTED, Location.ofFile(imageFile),
                    "the " + plugin.modality().code() + " layout has binary/ masks only for "
                            + plugin.classesWithMasks().stream().map(CaseClass::folderName).sorted().toList()));
        }
        if (hasMasks && inputs.jsonFile().isEmpty()) {
            findings.add(Finding.error(PAIRING_JSON_MISSING, Location.ofFile(imageFile), "the image has masks but no JSON"));
        }
        if (inputs.jsonFile().isPresent() && !hasMasks && plugin.classesWithMasks().contains(key.caseClass())) {
            findings.add(Finding.error(PAIRING_MASKS_MISSING, Location.ofFile(inputs.jsonFile().get()),
                    "the image has a JSON but no binary mask"));
        }
    }

    /** Pixel data present and as long as the Image Pixel attributes say, judged from the header read alone. */
    private static void pixelData(ImageInputs.Header header, String imageFile, List<Finding> findings) {
        if (header.pixelData().isEmpty()) {
            findings.add(Finding.error(IMAGE_NO_PIXEL_DATA, Location.ofFile(imageFile), "the file has no Pixel Data (7FE0,0010)"));
            return;
        }
        PixelDataExtent e = header.pixelData().get();
        Location where = Location.of(imageFile, Tag.toString(e.tag()));
        if (!e.complete()) {
            findings.add(Finding.error(IMAGE_PIXEL_DATA_TRUNCATED, where, e.encapsulated()
                    ? String.format("the file ends inside its encapsulated pixel data (element at offset %d): %d fragment(s), "
                    + "%d bytes, no sequence delimiter", e.elementOffset(), e.fragments(), e.availableBytes())
                    : String.format("the pixel data at offset %d declares %d bytes but the file holds %d", e.elementOffset(),
                    e.declaredLength(), e.availableBytes())));
            return;
        }
        if (e.encapsulated() || e.tag() != Tag.PixelData) {
            return; // compressed frames have no fixed length to check without decoding
        }
        DicomDataset d = header.dataset();
        PixelAttributes v = new PixelAttributes(d);
        if (v.missing != null) {
            findings.add(Finding.error(IMAGE_PIXEL_DATA_TRUNCATED, where, "cannot check the pixel data's length: " + v.missing + " is missing"));
            return;
        }
        long bits = (long) v.rows * v.columns * v.frames * v.samples * v.bitsAllocated;
        long needed = (bits + 7) / 8;
        if (e.declaredLength() < needed) {
            findings.add(Finding.error(IMAGE_PIXEL_DATA_TRUNCATED, where, String.format(
                    "the pixel data holds %d bytes but Rows x Columns x frames x samples x Bits Allocated = %d x %d x %d x %d x %d"
                            + " bits need %d", e.declaredLength(), v.rows, v.columns, v.frames, v.samples, v.bitsAllocated, needed)));
        }
    }

    /** The Image Pixel attributes a length needs, with the standard's defaults. */
    private static final class PixelAttributes {
        int rows;
        int columns;
        int frames;
        int samples;
        int bitsAllocated;
        String missing;

        PixelAttributes(DicomDataset d) {
            rows = d.getInt(Tag.Rows).orElse(-1);
            columns = d.getInt(Tag.Columns).orElse(-1);
            bitsAllocated = d.getInt(Tag.BitsAllocated).orElse(-1);
            samples = d.getInt(Tag.SamplesPerPixel).orElse(1);
            frames = Math.max(1, d.getInt(Tag.NumberOfFrames).orElse(1));
            missing = rows < 0 ? "Rows" : columns < 0 ? "Columns" : bitsAllocated < 0 ? "Bits Allocated" : null;
        }
    }

    private static void jsonAgainstHeader(AnnotationFile f, DicomDataset header, ImageInputs inputs, List<Finding> findings) {
        String file = inputs.jsonFile().orElseThrow();
        ImageKey key = inputs.key();
        if (f.images().size() != 1) {
            findings.add(Finding.error(JSON_IMAGES, Location.of(file, "/images"),
                    "a guideline JSON describes one image, this one has " + f.images().size()));
            return;
        }
        ImageRecord r = f.images().get(0);
        int rows = header.getInt(Tag.Rows).orElse(-1);
        int columns = header.getInt(Tag.Columns).orElse(-1);
        if (r.width() != columns || r.height() != rows) {
            findings.add(Finding.error(JSON_IMAGE_SIZE, Location.of(file, "/images/0/width"), "the JSON says "
                    + r.width() + " x " + r.height() + " but the image is " + columns + " x " + rows + " (Columns x Rows)"));
        }
        if (!key.modality().equals(r.modality())) {
            findings.add(Finding.error(JSON_IMAGE_MODALITY, Location.of(file, "/images/0/modality"),
                    "modality " + r.modality() + " in a " + key.modality() + " folder"));
        }
        String imageName = fileName(inputs.imageFile().orElseThrow());
        if (!imageName.equals(r.fileName())) {
            findings.add(Finding.error(JSON_IMAGE_FILE_NAME, Location.of(file, "/images/0/file_name"),
                    "file_name is '" + r.fileName() + "', the image is " + imageName));
        }
        if (!key.patientId().equals(r.patientId()) || !key.series().equals(r.seriesId()) || !key.seq().equals(r.imageId())) {
            findings.add(Finding.error(JSON_IMAGE_IDS, Location.of(file, "/images/0/patient_id"), "patient/series/image ids are "
                    + r.patientId() + "/" + r.seriesId() + "/" + r.imageId() + " but the file's place says "
                    + key.patientId() + "/" + key.series() + "/" + key.seq()));
        }
        String manufacturer = header.getString(Tag.Manufacturer).orElse("");
        String model = header.getString(Tag.ManufacturerModelName).orElse("");
        if (!manufacturer.equals(r.manufacturer()) || !model.equals(r.manufacturerModelName())) {
            findings.add(Finding.warning(JSON_IMAGE_DEVICE, Location.of(file, "/images/0/manufacturer"),
                    "the JSON names the device '" + r.manufacturer() + " / " + r.manufacturerModelName()
                            + "', the image header '" + manufacturer + " / " + model + "'"));
        }
    }

    /**
     * The masks of {@code inputs} that can be used with {@code header} (adding the findings about the others to
     * {@code findings}): worked out once per image and kept with its inputs, so that the consumers of one image's inputs
     * (validate's check and its nodule grouping) share the same masks and their components.
     */
    private static SortedMap<Integer, BinaryMask> usableMasks(ImageInputs inputs, DicomDataset header, List<Finding> findings) {
        Masks known = inputs.usableMasks(header, () -> {
            List<Finding> found = new ArrayList<>();
            return new Masks(findUsableMasks(inputs, header, found), found);
        });
        findings.addAll(known.findings());
        return known.usable();
    }

    /**
     * The masks that belong to the image: of its size, and naming (where they name one) its SOP Instance, study and
     * patient. Every mask that does not is an error here; unreadable masks were reported by the reading.
     */
    private static SortedMap<Integer, BinaryMask> findUsableMasks(ImageInputs inputs, DicomDataset header, List<Finding> findings) {
        SortedMap<Integer, BinaryMask> usable = new TreeMap<>();
        int columns = header.getInt(Tag.Columns).orElse(-1);
        int rows = header.getInt(Tag.Rows).orElse(-1);
        String sopInstance = header.getString(Tag.SOPInstanceUID).orElse("");
        String study = header.getString(Tag.StudyInstanceUID).orElse("");
        String patient = header.getString(Tag.PatientID).orElse("");
        for (Map.Entry<Integer, MaskImage> m : inputs.masks().entrySet()) {
            MaskImage mask = m.getValue();
            Location where = Location.ofFile(inputs.maskFiles().get(m.getKey()));
            boolean ok = true;
            if (mask.columns() != columns || mask.rows() != rows) {
                findings.add(Finding.error(MASK_SIZE, where, "the mask is " + mask.columns() + " x " + mask.rows()
                        + " pixels but its image is " + columns + " x " + rows + " (Columns x Rows)"));
                ok = false;
            }
            String image = fileName(inputs.imageFile().orElse(""));
            ok &= sameIdentity(MASK_WRONG_IMAGE, "SOP Instance", mask.referencedSopInstanceUid(), sopInstance, image, where, findings);
            ok &= sameIdentity(MASK_WRONG_STUDY, "study", mask.studyInstanceUid(), study, image, where, findings);
            ok &= sameIdentity(MASK_WRONG_PATIENT, "patient", mask.patientId(), patient, image, where, findings);
            if (ok) {
                usable.put(m.getKey(), BinaryMask.fromPackedRows(mask.packedRowsView(), mask.columns(), mask.rows()));
            }
        }
        return usable;
    }

    private static boolean sameIdentity(String code, String what, String ofMask, String ofImage, String image, Location where,
                                        List<Finding> findings) {
        if (ofMask.isEmpty() || ofImage.isEmpty() || ofMask.equals(ofImage)) {
            return true;
        }
        findings.add(Finding.error(code, where, "the mask names " + what + " " + ofMask + " but its image " + image + " is of "
                + what + " " + ofImage + ": a mask of another " + ("SOP Instance".equals(what) ? "image" : what)));
        return false;
    }

    /**
     * The lesions the modality's export rule finds in each usable mask of {@code inputs} (read with header and masks):
     * category id → the boxes of the annotations {@link #convert} makes of that mask, in its order. A category whose
     * mask holds only parts below the rule's minimum area has no entry, as {@link #convert} writes none.
     */
    public SortedMap<Integer, List<BoundingBox>> lesions(ImageInputs inputs) {
        if (inputs.header().isEmpty()) {
            return new TreeMap<>();
        }
        return lesions(usableMasks(inputs, inputs.header().get().dataset(), new ArrayList<>()), plugin(inputs.key()));
    }

    private static SortedMap<Integer, List<BoundingBox>> lesions(SortedMap<Integer, BinaryMask> masks, ModalityPlugin plugin) {
        SortedMap<Integer, List<BoundingBox>> out = new TreeMap<>();
        masks.forEach((category, mask) -> {
            List<BoundingBox> boxes = MaskExporter.export(mask, plugin.exportRule(), 1, category, 1, "", "")
                    .annotations().stream().map(Annotation::bbox).toList();
            if (!boxes.isEmpty()) {
                out.put(category, boxes);
            }
        });
        return out;
    }

    private List<dev.pulmo.api.Category> jsonCategories(ModalityPlugin plugin) {
        return jsonCategories.computeIfAbsent(plugin.modality().code(),
                code -> List.copyOf(plugin.categoryTable().toJsonCategories()));
    }

    /**
     * The JSON's annotations against the lesions the export rule finds in each mask ({@link #lesions}): categories,
     * then each lesion's box matched one to one, to within {@value #BOX_TOLERANCE_PIXELS} pixel per side. Only the
     * categories of usable masks are compared; the sets of categories only when every mask is usable.
     */
    private static void annotationsAgainstMasks(AnnotationFile json, ImageInputs inputs, SortedMap<Integer, BinaryMask> masks,
                                                boolean allMasksUsable, ModalityPlugin plugin, List<Finding> findings) {
        String file = inputs.jsonFile().orElseThrow();
        SortedMap<Integer, List<BoundingBox>> lesions = lesions(masks, plugin);
        Map<Integer, List<Integer>> annotationsOfCategory = new LinkedHashMap<>();
        List<Annotation> annotations = json.annotations();
        for (int i = 0; i < annotations.size(); i++) {
            annotationsOfCategory.computeIfAbsent(annotations.get(i).categoryId(), k -> new ArrayList<>()).add(i);
        }
        if (allMasksUsable && !lesions.keySet().equals(new TreeSet<>(annotationsOfCategory.keySet()))) {
            findings.add(Finding.error(ANNOTATION_CATEGORIES, Location.of(file, "/annotations"), "the masks have lesions of categories "
                    + lesions.keySet() + " but the annotations are of categories " + new TreeSet<>(annotationsOfCategory.keySet())));
        }
        for (int category : masks.keySet()) {
            List<Integer> candidates = new ArrayList<>(annotationsOfCategory.getOrDefault(category, List.of()));
            for (BoundingBox lesion : lesions.getOrDefault(category, List.of())) {
                int best = -1;
                double bestDistance = Double.MAX_VALUE;
                for (int k = 0; k < candidates.size(); k++) {
                    double d = distance(annotations.get(candidates.get(k)).bbox(), lesion);
                    if (d < bestDistance) {
                        bestDistance = d;
                        best = k;
                    }
                }
                if (best >= 0 && bestDistance <= BOX_TOLERANCE_PIXELS) {
                    candidates.remove(best);
                } else {
                    findings.add(Finding.error(ANNOTATION_MISSING, Location.of(file, "/annotations"), "category " + category
                            + ": the mask's lesion at " + lesion.toCorners() + " has no annotation with its box (tolerance "
                            + BOX_TOLERANCE_PIXELS + " px); mask " + fileName(inputs.maskFiles().get(category))));
                }
            }
            for (int index : candidates) {
                Annotation a = annotations.get(index);
                findings.add(Finding.error(ANNOTATION_WITHOUT_LESION, Location.of(file, "/annotations/" + index), "category "
                        + category + ": annotation " + a.id() + " at " + a.bbox().toCorners() + " is no lesion of the mask "
                        + fileName(inputs.maskFiles().get(category))));
            }
        }
    }

    /** The largest difference between corresponding corners of two boxes, in pixels. */
    private static double distance(BoundingBox a, BoundingBox b) {
        return Math.max(Math.max(Math.abs(a.x1() - b.x1()), Math.abs(a.y1() - b.y1())),
                Math.max(Math.abs(a.x2() - b.x2()), Math.abs(a.y2() - b.y2())));
    }

    /**
     * At most {@value #MAX_FINDINGS_PER_FILE} findings per file, the rest counted in one {@value #FINDINGS_CAPPED} note
     * per file; what {@code convert} and {@code export-coco} report of a series.
     */
    public static List<Finding> capPerFile(List<Finding> findings) {
        if (findings.size() <= MAX_FINDINGS_PER_FILE) {
            return findings;
        }
        Map<String, Integer> perFile = new LinkedHashMap<>();
        List<Finding> kept = new ArrayList<>();
        for (Finding f : findings) {
            String file = String.valueOf(f.location().file());
            int n = perFile.merge(file, 1, Integer::sum);
            if (n <= MAX_FINDINGS_PER_FILE) {
                kept.add(f);
            }
        }
        perFile.forEach((file, n) -> {
            if (n > MAX_FINDINGS_PER_FILE) {
                kept.add(Finding.info(FINDINGS_CAPPED, Location.ofFile(file), (n - MAX_FINDINGS_PER_FILE)
                        + " more findings of this file are not listed (at most " + MAX_FINDINGS_PER_FILE + " per file)"));
            }
        });
        return kept;
    }

    private static String fileName(String file) {
        int slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
        return file.substring(slash + 1);
    }
}
