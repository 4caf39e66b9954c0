package dev.pulmo.toolimport;

import dev.pulmo.api.Finding;
import dev.pulmo.api.GuidelineDates;
import dev.pulmo.api.ImageRecord;
import dev.pulmo.api.Info;
import dev.pulmo.api.Location;
import dev.pulmo.api.io.FileTrees;
import dev.pulmo.api.Severity;
import dev.pulmo.api.io.AtomicFiles;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.cocojson.GuidelineJson;
import dev.pulmo.cocojson.GuidelineJsonException;
import dev.pulmo.cocojson.tool.ToolAnnotation;
import dev.pulmo.cocojson.tool.ToolImportResult;
import dev.pulmo.cocojson.tool.ToolJsonReader;
import dev.pulmo.dataset.DatasetConverter;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.ImageFiles;
import dev.pulmo.dataset.ImageInputs;
import dev.pulmo.dataset.ImagePipeline;
import dev.pulmo.dataset.TreeReader;
import dev.pulmo.dataset.ImageHeaders;
import dev.pulmo.dataset.ImageKey;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.Uids;
import dev.pulmo.dicom.mask.BinaryMaskDicom;
import dev.pulmo.dicom.mask.MaskImage;
import dev.pulmo.geometry.BinaryMask;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Imports the annotation tool's export (SPEC.md §10) into the guideline's layout (SPEC.md §2–4): for each image,
 * every tool annotation becomes a region ({@link ToolRegions}), the region is rasterised against the image's
 * Columns × Rows ({@link ToolRegion#toMask}), the regions of one category are OR-ed into one mask, each non-empty
 * mask is written as the image's binary DICOM mask ({@link BinaryMaskDicom}), and the guideline JSON is made from
 * the image's masks by the modality's export rule, exactly as {@code pulmo convert} makes it
 * ({@link ImagePipeline#convert(ImageKey, String, ImageRecord, SortedMap, java.util.Map, Info, String)}). The image's
 * header and its masks already there are read once through the per-image pipeline ({@link ImageInputs}), which also
 * decides whether a kept mask can be used. The source images are only read; every output is written to a temporary
 * file and renamed.
 *
 * <h2>Category of an annotation</h2>
 * The tool's JSON has no category id (the guideline's sample carries only {@code option.tag}, e.g.
 * {@code lesionA1}, and {@code label}, e.g. {@code "0"}). An annotation's category is, in this order:
 * <ol>
 *   <li>the {@linkplain Options#category() fixed category} when one is given (the CLI's {@code --category}),
 *       for every annotation;</li>
 *   <li>else the first of {@code option.tag} and {@code annotationData.label} whose trimmed text names a category
 *       of the image's modality: its id ({@code 3}), its canonical name ({@code 양성}), an accepted misspelling,
 *       or its English name ignoring case ({@code benign});</li>
 *   <li>else none: {@code import.category-unknown} (ERROR) and the annotation is left out.</li>
 * </ol>
 * A tool whose labels number the lesions ({@code "1"}, {@code "2"}) would have them read as category ids; give
 * the category explicitly for such exports.
 *
 * <h2>Which image a tool file belongs to</h2>
 * {@link #importImage} is told. {@link #importTree} takes every {@code *.json} under the tool folder (at any
 * depth) named like the image it annotates, {@code <prefix>_<patientId>_<series>_<seq>.json}; the prefix gives the
 * modality and the image is the tree's {@code <folder>/<class>/<patientId>/<series>/dcm/<same stem>.dcm} in
 * whichever class folder has it. A tool file describes one image: annotations of a second per-image list
 * ({@code /1/…}) are reported ({@code import.image-index}) and left out.
 *
 * <h2>Existing files</h2>
 * Masks of the categories the tool file has are replaced. A mask of another category already in the image's
 * {@code binary/} folder is kept, included in the JSON so that masks and JSON agree, and reported
 * ({@code import.mask-kept}, WARNING): delete it and re-import if the tool's export is meant to replace it.
 *
 * <p>Other rule codes: {@code import.tool-unreadable}, {@code import.image-unreadable},
 * {@code import.class-without-masks} (a normal case, or a class the modality keeps no masks for), {@code
 * import.region-clipped} (WARNING: part of a region lies outside the image), {@code import.region-outside}
 * (WARNING: none of its pixel centres is inside the image), {@code import.mask-write-failed},
 * {@code import.tool-file-name}, {@code import.image-missing}, {@code import.image-ambiguous}; the reader's
 * {@code tool.*} findings; the geometry checks {@code tool.area-mismatch}, {@code tool.bbox-mismatch},
 * {@code tool.ring-invalid}, {@code tool.region-empty} ({@link ToolRegionCheck}); the pipeline's {@code mask.*} codes
 * for a kept mask that cannot be used, and the conversion's findings and notes ({@link ImagePipeline}).
 */
public final class ToolImporter {
    /** Name-based UIDs of the mask series: one per source series, the same on every run. */
    private static final UUID MASK_SERIES_NAMESPACE = new UUID(0x70756c6d6f746f6fL, 0x6c2d6d61736b7331L);

    /**
     * @param category a fixed category id for every annotation, or empty to read it from each annotation
     * @param info     the JSON's {@code info}; a blank {@code date_created} is set to when the importer was made
     * @param toolname the JSON's {@code toolname} of every annotation
     * @param checks   tolerances of the stated area and box
     */
    public record Options(Optional<Integer> category, Info info, String toolname, ToolRegionCheck checks) {
        public Options {
            Objects.requireNonNull(category, "category");
            Objects.requireNonNull(info, "info");
            Objects.requireNonNull(toolname, "toolname");
            Objects.requireNonNull(checks, "checks");
        }

        /** Categories from the annotations, the converter's default info, toolname {@code annotation-tool}. */
        public static Options defaults() {
            return new Options(Optional.empty(), DatasetConverter.Options.defaults().info(), "annotation-tool",
                    ToolRegionCheck.DEFAULT);
        }

        public Options withCategory(Optional<Integer> id) {
            return new Options(id, info, toolname, checks);
        }

        public Options withToolname(String name) {
            return new Options(category, info, name, checks);
        }
    }

    /** What importing one tool file did. */
    public record ImageResult(Path toolFile, Optional<ImageKey> image, int masksWritten, long annotationsWritten,
                              boolean jsonWritten, List<Finding> findings) {
        public ImageResult {
            findings = List.copyOf(findings);
        }

        /** True when the JSON was written and no finding is an error. */
        public boolean ok() {
            return jsonWritten && findings.stream().noneMatch(f -> f.severity() == Severity.ERROR);
        }
    }

    /** What importing a tool folder did: one result per tool file, in file order. */
    public record TreeResult(List<ImageResult> images) {
        public TreeResult {
            images = List.copyOf(images);
        }

        public List<Finding> findings() {
            return images.stream().flatMap(i -> i.findings().stream()).toList();
        }
    }

    private final DatasetLayout layout;
    private final Options options;
    private final Info info;
    private final ImagePipeline pipeline;
    private final TreeReader reader = TreeReader.local();

    /** An importer writing into {@code layout}. */
    public ToolImporter(DatasetLayout layout, Options options) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.options = Objects.requireNonNull(options, "options");
        Info given = options.info();
        this.info = given.dateCreated().isBlank()
                ? new Info(given.description(), given.version(), given.contributor(), GuidelineDates.format(LocalDateTime.now().withNano(0)))
                : given;
        this.pipeline = ImagePipeline.of(layout.catalog());
    }

    /**
     * The key of a DICOM file named {@code <prefix>_<patientId>_<series>_<seq>.dcm}: the prefix names the modality;
     * the class is {@code caseClass} when given, else the class folder of a file that sits in a guideline tree
     * ({@code <class>/<patientId>/<series>/dcm/<file>}).
     *
     * @throws IllegalArgumentException naming the file when the name or the folders do not say
     */
    public ImageKey keyOf(Path dicomFile, Optional<CaseClass> caseClass) {
        String name = dicomFile.getFileName().toString();
        DatasetLayout.ParsedName parsed = DatasetLayout.parse(name, "dcm", false).orElseThrow(() -> new IllegalArgumentException(
                dicomFile + ": expected a name of the form <prefix>_<patientId>_<series>_<seq>.dcm"));
        ModalityPlugin plugin = pluginOfPrefix(parsed.prefix()).orElseThrow(() -> new IllegalArgumentException(
                dicomFile + ": '" + parsed.prefix() + "' is not the file prefix of any loaded modality"));
        Optional<CaseClass> c = caseClass.or(() -> classFolderOf(dicomFile.toAbsolutePath()));
        if (c.isEmpty()) {
            throw new IllegalArgumentException(dicomFile + ": not inside a guideline tree's class folder; give the case class");
        }
        return new ImageKey(plugin.modality().code(), c.get(), parsed.patientId(), parsed.series(), parsed.seq());
    }

    private static Optional<CaseClass> classFolderOf(Path file) {
        Path dcm = file.getParent();
        if (dcm == null || !dcm.getFileName().toString().equals(DatasetLayout.DICOM_FOLDER)) {
            return Optional.empty();
        }
        Path classFolder = dcm.getParent() == null || dcm.getParent().getParent() == null ? null : dcm.getParent().getParent().getParent();
        return classFolder == null || classFolder.getFileName() == null ? Optional.empty()
                : CaseClass.fromFolderName(classFolder.getFileName().toString());
    }

    /**
     * Imports {@code toolFile} as the annotations of the image {@code key}, whose DICOM file is {@code source}. When
     * {@code source} is not the layout's own file for {@code key}, it is first copied there (atomically, left as
     * it is when an identical file is there already), so that the output is a complete guideline tree.
     */
    public ImageResult importImage(Path toolFile, Path source, ImageKey key) {
        List<Finding> findings = new ArrayList<>();
        Path target = layout.dicomFile(key);
        try {
            if (!Files.exists(target) || !Files.isSameFile(source, target) && Files.mismatch(source, target) != -1) {
                AtomicFiles.write(target, out -> Files.copy(source, out));
            }
        } catch (IOException | UncheckedIOException e) {
            findings.add(Finding.error("import.image-unreadable", Location.ofFile(source.toString()),
                    "cannot copy the image to " + target + ": " + e.getMessage()));
            return failed(toolFile, key, 0, findings);
        }
        return importImage(toolFile, key, findings);
    }

    /** Imports {@code toolFile} as the annotations of the layout's image {@code key} (its DICOM file must exist). */
    public ImageResult importImage(Path toolFile, ImageKey key) {
        return importImage(toolFile, key, new ArrayList<>());
    }

    private ImageResult importImage(Path toolFile, ImageKey key, List<Finding> findings) {
        ModalityPlugin plugin = layout.plugin(key.modality());
        Path dicom = layout.dicomFile(key);
        if (!plugin.classesWithMasks().contains(key.caseClass())) {
            findings.add(Finding.error("import.class-without-masks", Location.ofFile(toolFile.toString()),
                    key + ": " + key.caseClass().folderName() + " " + key.modality() + " cases have no binary masks (SPEC.md §2); not imported"));
            return failed(toolFile, key, 0, findings);
        }
        ToolImportResult read;
        try {
            read = ToolJsonReader.read(toolFile);
        } catch (GuidelineJsonException | UncheckedIOException e) {
            findings.add(Finding.error("import.tool-unreadable", Location.ofFile(toolFile.toString()), e.getMessage()));
            return failed(toolFile, key, 0, findings);
        }
        findings.addAll(read.findings());
        SortedMap<Integer, Path> existing = new TreeMap<>();
        for (var c : plugin.categoryTable().categories()) {
            Path file = layout.maskFile(key, c.id());
            if (Files.isRegularFile(file)) {
                existing.put(c.id(), file);
            }
        }
        ImageInputs inputs = ImageInputs.read(new ImageFiles(key, dicom, null, existing),
                EnumSet.of(ImageInputs.Part.HEADER, ImageInputs.Part.MASKS), reader);
        if (inputs.header().isEmpty()) {
            inputs.readFindings().stream().filter(f -> f.code().equals(ImagePipeline.IMAGE_UNREADABLE)).forEach(f ->
                    findings.add(Finding.error("import.image-unreadable", f.location(), f.message())));
            return failed(toolFile, key, 0, findings);
        }
        DicomDataset header = inputs.header().get().dataset();
        ImageRecord record;
        try {
            record = ImageHeaders.imageRecord(header, key, dicom.getFileName().toString());
        } catch (DicomException e) {
            findings.add(Finding.error("import.image-unreadable", Location.ofFile(dicom.toString()), e.getMessage()));
            return failed(toolFile, key, 0, findings);
        }
        int width = (int) record.width();
        int height = (int) record.height();
        SortedMap<Integer, BinaryMask> drawn = new TreeMap<>();
        for (ToolAnnotation a : read.annotations()) {
            if (a.imageIndex() != 0) {
                findings.add(Finding.error("import.image-index", a.location(), "annotation " + a.id() + " belongs to image list "
                        + a.imageIndex() + " but a tool file describes one image (" + dicom.getFileName() + "); left out"));
                continue;
            }
            Optional<Integer> category = options.category().or(() -> categoryNamed(a, plugin));
            if (category.isEmpty()) {
                findings.add(Finding.error("import.category-unknown", a.location(), "annotation " + a.id()
                        + ": neither option.tag " + quoted(a.option().tag()) + " nor label " + quoted(a.data().label())
                        + " names a " + key.modality() + " category (an id or a name); left out"));
                continue;
            }
            ToolRegion region = ToolRegions.of(a);
            findings.addAll(options.checks().check(region));
            BinaryMask mask = region.toMask(width, height);
            region.bounds().ifPresent(b -> {
                if (b.left() < 0 || b.top() < 0 || b.right() > width || b.bottom() > height) {
                    findings.add(mask.isEmpty()
                            ? Finding.warning("import.region-outside", a.location(), "annotation " + a.id()
                            + " covers no pixel of the " + width + " x " + height + " image")
                            : Finding.warning("import.region-clipped", a.location(), "annotation " + a.id()
                            + " reaches outside the " + width + " x " + height + " image; the mask keeps the part inside"));
                }
            });
            drawn.merge(category.get(), mask, BinaryMask::or);
        }
        SortedMap<Integer, BinaryMask> masks = new TreeMap<>();
        drawn.forEach((c, m) -> {
            if (!m.isEmpty()) {
                masks.put(c, m);
            }
        });
        int written = 0;
        String seriesUid = Uids.fromName(MASK_SERIES_NAMESPACE, header.getString(Tag.SeriesInstanceUID).orElse(key.seriesKey().toString()));
        for (var m : masks.entrySet()) {
            Path file = layout.maskFile(key, m.getKey());
            try {
                BinaryMaskDicom.write(file, header, m.getValue().toBytes(), width, height, seriesUid, maskSeriesNumber(key));
                written++;
            } catch (DicomException | UncheckedIOException | IllegalArgumentException e) {
                findings.add(Finding.error("import.mask-write-failed", Location.ofFile(file.toString()), e.getMessage()));
                return failed(toolFile, key, written, findings);
            }
        }
        if (!keepOtherMasks(inputs, masks, findings)) {
            return failed(toolFile, key, written, findings);
        }
        SortedMap<Integer, String> maskNames = new TreeMap<>();
        masks.keySet().forEach(c -> maskNames.put(c, layout.maskFile(key, c).toString()));
        ImagePipeline.Converted converted = pipeline.convert(key, dicom.toString(), record, masks, maskNames, info, options.toolname());
        findings.addAll(converted.findings());
        if (converted.file().isEmpty()) {
            return failed(toolFile, key, written, findings);
        }
        Path json = layout.jsonFile(key);
        try {
            GuidelineJson.write(converted.file().get(), json);
        } catch (UncheckedIOException e) {
            findings.add(Finding.error(DatasetConverter.WRITE_FAILED, Location.ofFile(json.toString()), e.getMessage()));
            return failed(toolFile, key, written, findings);
        }
        return new ImageResult(toolFile, Optional.of(key), written, converted.annotationCount(), true, findings);
    }

    /** A result without JSON; made when returning, since a result keeps a copy of the findings so far. */
    private static ImageResult failed(Path toolFile, ImageKey key, int masksWritten, List<Finding> findings) {
        return new ImageResult(toolFile, Optional.of(key), masksWritten, 0, false, findings);
    }

    /**
     * Adds the masks of other categories already in the image's binary folder to {@code masks}, as the pipeline reads
     * and judges them; false when one of them cannot be used.
     */
    private boolean keepOtherMasks(ImageInputs existing, SortedMap<Integer, BinaryMask> masks, List<Finding> findings) {
        ImagePipeline.Masks read = pipeline.masks(existing);
        boolean ok = true;
        for (var m : existing.maskFiles().entrySet()) {
            if (masks.containsKey(m.getKey())) {
                continue;
            }
            BinaryMask kept = read.usable().get(m.getKey());
            if (kept == null) {
                findings.add(Finding.error("import.mask-kept", Location.ofFile(m.getValue()),
                        "a mask of a category the tool's file does not have cannot be used, so no JSON is written"));
                read.findings().stream().filter(f -> m.getValue().equals(f.location().file())).forEach(findings::add);
                ok = false;
                continue;
            }
            masks.put(m.getKey(), kept);
            findings.add(Finding.warning("import.mask-kept", Location.ofFile(m.getValue()), "category " + m.getKey()
                    + " is not in the tool's file but has a mask already; kept and written into the JSON"));
        }
        return ok;
    }

    /** The demo's convention: 900 + the source series number, so that the mask series sorts after the images. */
    private static int maskSeriesNumber(ImageKey key) {
        try {
            return 900 + Integer.parseInt(key.series());
        } catch (NumberFormatException e) {
            return 900;
        }
    }

    private static String quoted(Optional<String> s) {
        return s.map(v -> "'" + v + "'").orElse("(none)");
    }

    /** The category that the annotation's tag, else its label, names in {@code plugin}'s table. */
    static Optional<Integer> categoryNamed(ToolAnnotation a, ModalityPlugin plugin) {
        return Stream.of(a.option().tag(), a.data().label())
                .flatMap(Optional::stream)
                .map(String::strip)
                .map(text -> categoryNamed(text, plugin))
                .flatMap(Optional::stream)
                .findFirst();
    }

    private static Optional<Integer> categoryNamed(String text, ModalityPlugin plugin) {
        var table = plugin.categoryTable();
        if (!text.isEmpty() && text.length() <= 9 && text.chars().allMatch(Character::isDigit)) {
            return table.byId(Integer.parseInt(text)).map(c -> c.id());
        }
        return table.byName(text).or(() -> table.byAlias(text))
                .or(() -> table.categories().stream().filter(c -> c.englishName().equalsIgnoreCase(text)).findFirst())
                .map(c -> c.id());
    }

    /**
     * Imports every tool file under {@code toolFolder} into the layout's own images (see the class comment for how
     * files map to images), in path order.
     *
     * Folders that cannot be read and non-regular files are results with a finding ({@code file.unreadable},
     * {@code file.not-regular}), not exceptions.
     */
    public TreeResult importTree(Path toolFolder) {
        return importTree(toolFolder, r -> { });
    }

    /**
     * {@link #importTree(Path)}, giving {@code onFile} each tool file's ({@code *.json}) result as soon as it is imported
     * or refused, in path order: a progress hook.
     */
    public TreeResult importTree(Path toolFolder, java.util.function.Consumer<ImageResult> onFile) {
        // unreadable folders and FIFOs named *.json are reported as results of their own; the walk goes on
        FileTrees.Listing listing = FileTrees.regularFiles(toolFolder,
                p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"));
        List<Path> files = listing.files();
        List<ImageResult> results = new ArrayList<>();
        for (Finding problem : listing.problems()) {
            results.add(new ImageResult(Path.of(problem.location().file()), Optional.empty(), 0, 0, false, List.of(problem)));
        }
        for (Path file : files) {
            List<Finding> findings = new ArrayList<>();
            Optional<ImageKey> key = imageOfToolFile(file, findings);
            ImageResult result = key.isPresent() ? importImage(file, key.get(), findings)
                    : new ImageResult(file, Optional.empty(), 0, 0, false, findings);
            results.add(result);
            onFile.accept(result);
        }
        return new TreeResult(results);
    }

    private Optional<ImageKey> imageOfToolFile(Path file, List<Finding> findings) {
        Location at = Location.ofFile(file.toString());
        Optional<DatasetLayout.ParsedName> parsed = DatasetLayout.parse(file.getFileName().toString(), "json", false);
        Optional<ModalityPlugin> plugin = parsed.flatMap(p -> pluginOfPrefix(p.prefix()));
        if (plugin.isEmpty()) {
            findings.add(Finding.error("import.tool-file-name", at, "a tool file is named after its image, "
                    + "<prefix>_<patientId>_<series>_<seq>.json with the prefix of a loaded modality; skipped"));
            return Optional.empty();
        }
        DatasetLayout.ParsedName p = parsed.get();
        List<ImageKey> found = new ArrayList<>();
        for (CaseClass c : CaseClass.values()) {
            try {
                ImageKey k = new ImageKey(plugin.get().modality().code(), c, p.patientId(), p.series(), p.seq());
                if (Files.isRegularFile(layout.dicomFile(k))) {
                    found.add(k);
                }
            } catch (IllegalArgumentException e) {
                findings.add(Finding.error("import.tool-file-name", at, e.getMessage() + "; skipped"));
                return Optional.empty();
            }
        }
        if (found.size() != 1) {
            String stem = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
            findings.add(found.isEmpty()
                    ? Finding.error("import.image-missing", at, "no image " + stem + ".dcm in any class folder of "
                    + layout.root().resolve(plugin.get().folderName()) + "; skipped")
                    : Finding.error("import.image-ambiguous", at, "image " + stem + ".dcm is in "
                    + found.stream().map(k -> k.caseClass().folderName()).toList() + "; skipped"));
            return Optional.empty();
        }
        return Optional.of(found.get(0));
    }

    private Optional<ModalityPlugin> pluginOfPrefix(String prefix) {
        return layout.catalog().all().stream().filter(pl -> pl.filePrefix().equals(prefix)).findFirst();
    }
}
