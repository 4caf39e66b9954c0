package dev.pulmo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulmo.api.CategoryDefinition;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.io.OutputPaths;
import dev.pulmo.api.io.TerminalText;
import dev.pulmo.api.io.UnsafeNameException;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.api.plugin.ModalityCatalog;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.DicomWriter;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.Uids;
import dev.pulmo.dicom.VR;
import dev.pulmo.dicom.mask.BinaryMaskDicom;
import dev.pulmo.dicom.mask.MaskImage;
import dev.pulmo.dicom.seg.LungSegmentCodes;
import dev.pulmo.dicom.seg.SegReader;
import dev.pulmo.dicom.seg.SegWriter;
import dev.pulmo.dicom.seg.SegmentCoding;
import dev.pulmo.dicom.seg.SegmentDescription;
import dev.pulmo.dicom.seg.SegmentMask;
import dev.pulmo.dicom.seg.Segmentation;
import dev.pulmo.runtime.PluginRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code pulmo seg}: a series' binary masks to one DICOM Segmentation, and a Segmentation back to binary masks.
 * The DICOM work is {@code dev.pulmo.dicom.seg}; this command finds the files, names the segments after the
 * modality plugin's categories and reports what it could not use as findings.
 */
@Command(name = "seg",
        header = "Build a DICOM Segmentation (SEG) from a series' binary masks, or extract the masks of a SEG.",
        description = {"pulmo seg SERIES_DIR --out FILE: SERIES_DIR is a series folder of the guideline layout "
                + "(…/lung_cancer/<modality folder>/<class>/<patient>/<series>, with dcm/ and binary/); every category "
                + "with a mask becomes a segment labelled with the category's name and coded with SNOMED CT "
                + "(sdk-dicom/README-seg.md), algorithm type MANUAL with the annotating tool's name (--tool, else the "
                + "series' JSON 'toolname', else 'unknown'). Masks that cannot be used (size differs from the image, "
                + "no image, unknown category) are reported and left out; a mask file that cannot be read as DICOM "
                + "stops the SEG (nothing is written, exit 1), since the SEG would silently lack its lesions.",
                "",
                "pulmo seg --extract FILE --out DIR: writes one binary mask DICOM per segment and image. With --images, "
                        + "masks take the images' patient, study and file names (<image stem>_<categoryId>_binary.dcm); "
                        + "a referenced image that is not there is an error, and its masks are written from the SEG's own "
                        + "attributes, named <SOP Instance UID>_<categoryId>_binary.dcm (without --images that is the rule, "
                        + "with a warning). The category id is the loaded category whose name is the segment's label, "
                        + "else the segment number. Fractional SEGs are thresholded at 0.5; overlapping segments are "
                        + "reported. A mask whose name, built from the SEG's data, would not stay inside the --out folder "
                        + "is refused with an error and not written."},
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:done, no errors", "1:done, some masks or images could not be used", "2:usage or I/O failure"})
final class SegCommand implements Callable<Integer> {

    /** A mask file that is not a readable binary mask DICOM: data, so exit 1, and no SEG is written. */
    private static final String MASK_UNREADABLE = "seg.mask-unreadable";

    @Spec
    CommandSpec spec;

    @Mixin
    PluginOptions plugins;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SERIES_DIR", description = "The series folder to build a SEG from.")
    Path seriesDir;

    @Option(names = "--extract", paramLabel = "FILE", description = "A SEG to extract binary masks from.")
    Path extract;

    @Option(names = "--out", required = true, paramLabel = "PATH", description = "The SEG file to write, or with --extract the folder for the masks.")
    Path out;

    @Option(names = "--images", paramLabel = "DIR", description = "With --extract: a folder (searched recursively) with the SEG's source images.")
    Path images;

    @Option(names = "--tool", paramLabel = "NAME", description = "The annotating tool's name for the segments (default: the JSON's toolname).")
    String tool;

    @Option(names = "--series-number", paramLabel = "N", defaultValue = "9001", description = "Series Number of the new SEG or masks (default: ${DEFAULT-VALUE}).")
    int seriesNumber;

    @Override
    public Integer call() {
        if ((seriesDir == null) == (extract == null)) {
            return usage("give either SERIES_DIR or --extract FILE");
        }
        try (PluginRegistry registry = plugins.open()) {
            return extract != null ? extract(registry.catalog()) : build(registry.catalog());
        } catch (UncheckedIOException e) {
            return usage(e.getMessage() + ": " + e.getCause().getMessage());
        }
    }

    private int usage(String message) {
        spec.commandLine().getErr().println("pulmo seg: " + TerminalText.escape(message));
        spec.commandLine().getErr().flush();
        return ExitCodes.USAGE_OR_IO;
    }

    // ------------------------------------------------------------------------------------------ masks -> SEG

    private int build(ModalityCatalog catalog) {
        Path series = seriesDir.toAbsolutePath().normalize();
        Path classDir = series.getParent() == null ? null : series.getParent().getParent();
        Path modalityDir = classDir == null ? null : classDir.getParent();
        Optional<ModalityPlugin> plugin = modalityDir == null || modalityDir.getFileName() == null ? Optional.empty()
                : catalog.findByFolder(modalityDir.getFileName().toString());
        if (!Files.isDirectory(series.resolve(DatasetLayout.DICOM_FOLDER)) || plugin.isEmpty()
                || CaseClass.fromFolderName(classDir.getFileName().toString()).isEmpty()) {
            return usage(seriesDir + ": not a series folder of the guideline layout "
                    + "(…/<modality folder>/<benign|malignant|normal>/<patient>/<series>/dcm)");
        }
        String modality = plugin.get().modality().code();
        List<Finding> findings = new ArrayList<>();
        Map<String, DicomDataset> sourceBySeq = new TreeMap<>();
        for (Path file : dicomFiles(series.resolve(DatasetLayout.DICOM_FOLDER), false)) {
            Optional<DatasetLayout.ParsedName> name = DatasetLayout.parse(file.getFileName().toString(), "dcm", false);
            if (name.isEmpty()) {
                findings.add(Finding.warning("layout.bad-file-name", Location.ofFile(file.toString()), "not an image name of the layout; ignored"));
                continue;
            }
            Optional<DicomDataset> header = readHeader(file, findings);
            if (header.isPresent() && (!header.get().contains(Tag.SOPInstanceUID) || header.get().getInt(Tag.Rows).isEmpty()
                    || header.get().getInt(Tag.Columns).isEmpty())) {
                findings.add(Finding.error("seg.image-unreadable", Location.ofFile(file.toString()), "the image has no "
                        + "SOP Instance UID, Rows or Columns (a cut-off header?); it and its masks are left out"));
                continue;
            }
            header.ifPresent(ds -> sourceBySeq.put(name.get().seq(), ds));
        }
        if (sourceBySeq.isEmpty()) {
            return usage(series.resolve(DatasetLayout.DICOM_FOLDER) + ": no readable images");
        }
        TreeMap<Integer, List<SegmentMask>> masksByCategory = new TreeMap<>();
        for (Path file : dicomFiles(series.resolve(DatasetLayout.MASK_FOLDER), false)) {
            readMask(file, plugin.get(), sourceBySeq, findings)
                    .ifPresent(m -> masksByCategory.computeIfAbsent(m.categoryId, k -> new ArrayList<>()).add(m.mask));
        }
        String toolName = tool != null ? tool : toolNameFromJson(series.resolve(DatasetLayout.JSON_FOLDER)).orElse("unknown");
        List<SegmentDescription> segments = new ArrayList<>();
        List<SegmentMask> masks = new ArrayList<>();
        for (Map.Entry<Integer, List<SegmentMask>> e : masksByCategory.entrySet()) {
            CategoryDefinition category = plugin.get().categoryTable().byId(e.getKey()).orElseThrow();
            Optional<SegmentCoding> coding = LungSegmentCodes.forCategory(modality, e.getKey());
            if (coding.isEmpty()) {
                findings.add(Finding.error("seg.no-code", Location.ofFile(series.toString()), "no SNOMED CT coding for "
                        + modality + " category " + e.getKey() + " (" + category.englishName() + "); its masks are left out"));
                continue;
            }
            int number = segments.size() + 1;
            segments.add(SegmentDescription.manual(number, category.name(), coding.get(), toolName));
            for (SegmentMask m : e.getValue()) {
                masks.add(new SegmentMask(number, m.sourceSopInstanceUid(), m.columns(), m.rows(), m.foreground()));
            }
        }
        PrintWriter stdout = spec.commandLine().getOut();
        if (findings.stream().anyMatch(f -> f.code().equals(MASK_UNREADABLE))) {
            findings.add(Finding.error("seg.not-written", Location.ofFile(series.toString()),
                    "a mask file cannot be read: no SEG written (it would lack that mask's lesions)"));
        } else if (masks.stream().allMatch(SegmentMask::isEmpty)) {
            findings.add(Finding.error("seg.no-masks", Location.ofFile(series.toString()), "no usable non-empty mask: no SEG written"));
        } else {
            try {
                SegWriter.write(out, new ArrayList<>(sourceBySeq.values()), segments, masks,
                        SegWriter.Series.fresh(seriesNumber, DicomWriter.IMPLEMENTATION_VERSION_NAME));
            } catch (IllegalArgumentException e) {
                findings.add(Finding.error("seg.not-written", Location.ofFile(series.toString()), e.getMessage()));
            } catch (DicomException e) {
                return usage(e.getMessage());
            }
        }
        FindingsReport.print(findings, sourceBySeq.size() + masks.size(), FindingsReport.Format.text, stdout);
        if (Files.isRegularFile(out) && findings.stream().noneMatch(f -> f.code().equals("seg.not-written") || f.code().equals("seg.no-masks"))) {
            stdout.println("wrote " + out + ": " + segments.size() + " segment(s), "
                    + masks.stream().filter(m -> !m.isEmpty()).count() + " frame(s) from " + sourceBySeq.size() + " image(s)");
        }
        stdout.flush();
        return FindingsReport.exitCode(findings);
    }

    private record CategoryMask(int categoryId, SegmentMask mask) {
    }

    private Optional<CategoryMask> readMask(Path file, ModalityPlugin plugin, Map<String, DicomDataset> sourceBySeq,
                                            List<Finding> findings) {
        Location where = Location.ofFile(file.toString());
        Optional<DatasetLayout.ParsedName> name = DatasetLayout.parse(file.getFileName().toString(), "dcm", true);
        if (name.isEmpty()) {
            findings.add(Finding.warning("layout.bad-file-name", where, "not a mask name of the layout; ignored"));
            return Optional.empty();
        }
        int categoryId = name.get().categoryId();
        if (plugin.categoryTable().byId(categoryId).isEmpty()) {
            findings.add(Finding.error("layout.mask-category-unknown", where, "category " + categoryId + " is not in the "
                    + plugin.modality().code() + " table; left out"));
            return Optional.empty();
        }
        DicomDataset source = sourceBySeq.get(name.get().seq());
        if (source == null) {
            findings.add(Finding.error("seg.mask-without-image", where, "no image " + name.get().seq() + " in dcm/; left out"));
            return Optional.empty();
        }
        MaskImage mask;
        try {
            mask = BinaryMaskDicom.read(file);
        } catch (DicomException | IllegalArgumentException e) {
            findings.add(Finding.error(MASK_UNREADABLE, where, e.getMessage()));
            return Optional.empty();
        } catch (UncheckedIOException e) {
            findings.add(Finding.error("file.unreadable", where, e.getMessage()));
            return Optional.empty();
        }
        int columns = source.getInt(Tag.Columns).orElse(-1);
        int rows = source.getInt(Tag.Rows).orElse(-1);
        if (mask.columns() != columns || mask.rows() != rows) {
            findings.add(Finding.error("seg.mask-size", where, "the mask is " + mask.columns() + " x " + mask.rows()
                    + " pixels but its image is " + columns + " x " + rows + " (Columns x Rows); left out"));
            return Optional.empty();
        }
        String sourceUid = source.getString(Tag.SOPInstanceUID).orElse("");
        // segment 1 stands in until the segments are numbered in build()
        return Optional.of(new CategoryMask(categoryId, new SegmentMask(1, sourceUid, columns, rows, mask.foreground())));
    }

    /** The first non-empty {@code toolname} of the series' guideline JSON files. */
    private static Optional<String> toolNameFromJson(Path jsonFolder) {
        if (!Files.isDirectory(jsonFolder)) {
            return Optional.empty();
        }
        ObjectMapper mapper = new ObjectMapper();
        try (Stream<Path> files = Files.list(jsonFolder)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                try {
                    for (JsonNode a : mapper.readTree(f.toFile()).path("annotations")) {
                        String name = a.path("toolname").asText("");
                        if (!name.isBlank()) {
                            return Optional.of(name.length() > 64 ? name.substring(0, 64) : name);
                        }
                    }
                } catch (IOException e) {
                    // a broken JSON is check-json's business; the tool name then comes from another file or the default
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------------------------------ SEG -> masks

    private int extract(ModalityCatalog catalog) {
        if (!Files.isRegularFile(extract)) {
            return usage(extract + ": no such file");
        }
        if (images != null && !Files.isDirectory(images)) {
            return usage("--images " + images + ": no such folder");
        }
        DicomFile file;
        Segmentation seg;
        try {
            file = DicomReader.create().read(extract);
            seg = SegReader.read(file);
        } catch (DicomException e) {
            return usage(e.getMessage());
        }
        List<Finding> findings = new ArrayList<>();
        Location segLocation = Location.ofFile(extract.toString());
        seg.warnings().forEach(w -> findings.add(Finding.warning("seg.read", segLocation, w)));
        Map<String, Path> imageFiles = new HashMap<>();
        Map<String, DicomDataset> imageHeaders = new HashMap<>();
        if (images != null) {
            for (Path p : dicomFiles(images, true)) {
                readHeader(p, findings).ifPresent(ds -> ds.getString(Tag.SOPInstanceUID).ifPresent(uid -> {
                    imageFiles.put(uid, p);
                    imageHeaders.put(uid, ds);
                }));
            }
        }
        Map<Integer, Integer> categoryOfSegment = new HashMap<>();
        for (SegmentDescription s : seg.segments()) {
            Set<Integer> ids = new HashSet<>();
            for (ModalityPlugin p : catalog.all()) {
                p.categoryTable().byName(s.label()).ifPresent(c -> ids.add(c.id()));
            }
            if (ids.size() == 1) {
                categoryOfSegment.put(s.number(), ids.iterator().next());
            } else {
                categoryOfSegment.put(s.number(), s.number());
                findings.add(Finding.warning("seg.segment-not-a-category", segLocation, "segment " + s.number() + " ('" + s.label()
                        + "') is not the name of one loaded category; its masks are named with the segment number"));
            }
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            return usage(out + ": cannot create the folder: " + e.getMessage());
        }
        String maskSeries = Uids.random();
        Set<String> missingReported = new HashSet<>();
        int written = 0;
        for (SegmentMask m : seg.masks()) {
            if (m.sourceSopInstanceUid().isEmpty() || m.isEmpty()) {
                continue; // a frame without a source was reported by the reader; empty masks are not files (SPEC.md §2)
            }
            DicomDataset source = imageHeaders.get(m.sourceSopInstanceUid());
            String stem;
            if (source != null) {
                String fileName = imageFiles.get(m.sourceSopInstanceUid()).getFileName().toString();
                stem = fileName.substring(0, fileName.length() - ".dcm".length());
            } else {
                if (missingReported.add(m.sourceSopInstanceUid())) {
                    String message = "image " + m.sourceSopInstanceUid() + " is " + (images == null ? "not given (no --images)"
                            : "not in " + images) + "; its masks are written from the SEG's own attributes";
                    findings.add(images == null ? Finding.warning("seg.source-missing", segLocation, message)
                            : Finding.error("seg.source-missing", segLocation, message));
                }
                source = sourceFromSeg(file.dataset(), seg, m);
                stem = m.sourceSopInstanceUid();
            }
            Path target;
            try {
                target = OutputPaths.resolveFileName(out, stem + "_" + categoryOfSegment.get(m.segmentNumber())
                        + "_binary.dcm");
            } catch (UnsafeNameException e) {
                findings.add(Finding.error("seg.unsafe-name", segLocation, "segment " + m.segmentNumber()
                        + ": the mask's file name comes from the SEG's Referenced SOP Instance UID: " + e.getMessage()
                        + "; not written"));
                continue;
            }
            try {
                BinaryMaskDicom.write(target, source, m.foreground(), m.columns(), m.rows(), maskSeries, seriesNumber);
                written++;
            } catch (IllegalArgumentException e) {
                findings.add(Finding.error("seg.mask-size", Location.ofFile(target.toString()), "segment " + m.segmentNumber()
                        + " on image " + m.sourceSopInstanceUid() + ": " + e.getMessage() + "; not written"));
            } catch (DicomException e) {
                return usage(e.getMessage());
            }
        }
        PrintWriter stdout = spec.commandLine().getOut();
        FindingsReport.print(findings, 1 + imageFiles.size(), FindingsReport.Format.text, stdout);
        stdout.println("wrote " + written + " mask(s) of " + seg.segments().size() + " segment(s) to " + out);
        stdout.flush();
        return FindingsReport.exitCode(findings);
    }

    /** A stand-in for a source image we do not have: the SEG's patient and study, the referenced image's UIDs. */
    private static DicomDataset sourceFromSeg(DicomDataset segDataset, Segmentation seg, SegmentMask m) {
        DicomDataset.Builder b = DicomDataset.builder();
        for (int tag : new int[] {Tag.SpecificCharacterSet, Tag.PatientName, Tag.PatientID, Tag.PatientBirthDate, Tag.PatientSex,
                Tag.PatientAge, Tag.StudyInstanceUID, Tag.StudyDate, Tag.StudyTime, Tag.StudyID, Tag.AccessionNumber,
                Tag.ReferringPhysicianName, Tag.StudyDescription}) {
            segDataset.get(tag).ifPresent(b::put);
        }
        String sopClass = seg.referencedImages().getOrDefault(m.sourceSopInstanceUid(), "");
        if (!sopClass.isEmpty()) {
            b.putString(Tag.SOPClassUID, VR.UI, sopClass);
        }
        return b.putString(Tag.SOPInstanceUID, VR.UI, m.sourceSopInstanceUid())
                .putLongs(Tag.Rows, VR.US, m.rows())
                .putLongs(Tag.Columns, VR.US, m.columns())
                .build();
    }

    private static Optional<DicomDataset> readHeader(Path file, List<Finding> findings) {
        try {
            return Optional.of(DicomReader.create().withStopBeforePixelData(true).read(file).dataset());
        } catch (DicomException e) {
            findings.add(Finding.error("seg.image-unreadable", Location.ofFile(file.toString()), e.getMessage()));
            return Optional.empty();
        } catch (UncheckedIOException e) {
            findings.add(Finding.error("file.unreadable", Location.ofFile(file.toString()), e.getMessage()));
            return Optional.empty();
        }
    }

    private static List<Path> dicomFiles(Path folder, boolean recursive) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = recursive ? Files.walk(folder) : Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".dcm") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(folder + ": cannot list the folder", e);
        }
    }
}
