package dev.pulmo.cli;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.io.OutputPaths;
import dev.pulmo.api.io.TerminalText;
import dev.pulmo.api.io.UnsafeNameException;
import dev.pulmo.api.plugin.ModalityCatalog;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.DatasetScanner;
import dev.pulmo.dataset.SeriesFiles;
import dev.pulmo.dataset.SeriesSegmentation;
import dev.pulmo.dataset.TreeReader;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.Uids;
import dev.pulmo.dicom.VR;
import dev.pulmo.dicom.mask.BinaryMaskDicom;
import dev.pulmo.dicom.seg.SegReader;
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
                + "stops the SEG (nothing is written, exit 1), since the SEG would silently lack its lesions. "
                + "With --labelmap the same segments are written as a label map (Label Map Segmentation Storage): one "
                + "frame per image with a mask, each pixel holding its segment's number, 0 the background; masks of "
                + "two categories that share a pixel are an error (seg.not-written), since a pixel holds one label.",
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


    @Spec
    CommandSpec spec;

    @Mixin
    PluginOptions plugins;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SERIES_DIR", description = "The series folder to build a SEG from.")
    Path seriesDir;

    @Option(names = "--extract", paramLabel = "FILE", description = "A SEG to extract binary masks from.")
    Path extract;

    @Mixin
    OutOption outOption = OutOption.of("PATH", "The SEG file to write, or with --extract the folder for the masks.").required();

    /** --out, checked as the file of a SEG or with --extract as the folder of the masks. */
    private Path out;

    @Option(names = "--images", paramLabel = "DIR", description = "With --extract: a folder (searched recursively) with the SEG's source images.")
    Path images;

    @Option(names = "--labelmap", description = "With SERIES_DIR: write a label map SEG (one label value per segment) instead of a binary one.")
    boolean labelMap;

    @Option(names = "--tool", paramLabel = "NAME", description = "The annotating tool's name for the segments (default: the JSON's toolname).")
    String tool;

    @Option(names = "--series-number", paramLabel = "N", defaultValue = "9001", description = "Series Number of the new SEG or masks (default: ${DEFAULT-VALUE}).")
    int seriesNumber;

    @Override
    public Integer call() {
        if ((seriesDir == null) == (extract == null)) {
            return usage("give either SERIES_DIR or --extract FILE");
        }
        if (labelMap && extract != null) {
            return usage("--labelmap writes a SEG from SERIES_DIR; --extract reads any SEG, label maps included");
        }
        out = extract != null ? outOption.folder() : outOption.file();
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
        Path absolute = seriesDir.toAbsolutePath().normalize();
        // <root>/<modality folder>/<class>/<patient>/<series>
        DatasetLayout layout = new DatasetLayout(absolute.getNameCount() > 4 ? absolute.getParent().getParent().getParent().getParent()
                : absolute, catalog);
        Optional<SeriesFiles> series = new DatasetScanner(layout).series(absolute, f -> { });
        if (series.isEmpty() || !Files.isDirectory(seriesDir.resolve(DatasetLayout.DICOM_FOLDER))) {
            return usage(seriesDir + ": not a series folder of the guideline layout "
                    + "(…/<modality folder>/<benign|malignant|normal>/<patient>/<series>/dcm)");
        }
        PrintWriter stdout = spec.commandLine().getOut();
        FindingsReport report = FindingsReport.open(FindingsReport.Format.text, stdout);
        SeriesSegmentation.Result r;
        try {
            r = SeriesSegmentation.write(layout, series.get(), Optional.ofNullable(tool), seriesNumber, out, report,
                    TreeReader.local(), labelMap);
        } catch (DicomException | UncheckedIOException e) {
            report.finish(0);
            return usage(e.getMessage());
        }
        if (r.images() == 0) {
            report.finish(0);
            return usage(seriesDir.resolve(DatasetLayout.DICOM_FOLDER) + ": no readable images");
        }
        report.finish(r.images() + series.get().images().stream().mapToLong(i -> i.masks().size()).sum());
        if (r.written()) {
            stdout.println("wrote " + out + ": " + r.segments() + " segment(s), " + r.frames() + " frame(s) from " + r.images() + " image(s)");
        }
        stdout.flush();
        return report.exitCode();
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
            findings.add(Finding.error("seg.image-unreadable", Location.ofFile(file.toString()), e.withoutSource()));
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
