package dev.pulmo.dataset;

import dev.pulmo.api.Annotation;
import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.Finding;
import dev.pulmo.api.GuidelineDates;
import dev.pulmo.api.ImageRecord;
import dev.pulmo.api.Info;
import dev.pulmo.api.Location;
import dev.pulmo.api.Severity;
import dev.pulmo.api.io.AtomicFiles;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.cocojson.GuidelineJson;
import dev.pulmo.cocojson.GuidelineJsonValidator;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.mask.BinaryMaskDicom;
import dev.pulmo.dicom.mask.MaskImage;
import dev.pulmo.geometry.BinaryMask;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The main job (DESIGN.md, "Data flow"): for every image of a tree that has binary masks, read its DICOM header
 * (no pixels) and its masks, apply its modality's export rule ({@link MaskExporter}), assemble the guideline
 * JSON with the modality's categories, validate it, and write it atomically to the series' {@code json/} folder.
 *
 * <p>Series are converted in parallel on a fixed number of threads, with at most two series per thread in
 * flight, so memory is bounded by a few series whatever the size of the tree. A re-run skips images whose JSON
 * exists, is newer than the image and every one of its masks, and validates without errors, unless forced.
 * Problems are findings; one bad image never stops the run.
 *
 * <p>Rule codes: {@code convert.image-missing}, {@code convert.image-unreadable}, {@code convert.mask-unreadable},
 * {@code convert.mask-size-mismatch}, {@code convert.mask-reference-mismatch} (warning), {@code convert.no-date},
 * {@code convert.invalid-output}, {@code convert.write-failed}, and the notes of {@link MaskExporter}.
 */
public final class DatasetConverter {

    /** What happened to one image. */
    public enum Outcome { CONVERTED, SKIPPED, FAILED }

    /** Receives progress; called from worker threads. */
    public interface Listener {
        void imageDone(ImageKey image, Outcome outcome);
    }

    /**
     * @param threads  worker threads (at least 1)
     * @param force    convert even when an up-to-date valid JSON exists
     * @param info     the {@code info} written into every file; {@code date_created} is set to the run's start
     *                 when blank
     * @param toolname the {@code toolname} of every annotation
     */
    public record Options(int threads, boolean force, Info info, String toolname) {
        public Options {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            }
            Objects.requireNonNull(info, "info");
            Objects.requireNonNull(toolname, "toolname");
        }

        public static Options defaults() {
            return new Options(Runtime.getRuntime().availableProcessors(), false,
                    new Info("Lung cancer imaging annotations", "1.0", "pulmo", ""), "pulmo");
        }

        public Options withThreads(int n) {
            return new Options(n, force, info, toolname);
        }

        public Options withForce(boolean f) {
            return new Options(threads, f, info, toolname);
        }
    }

    /** Counts and findings of a run. */
    public record Summary(long converted, long skipped, long failed, long annotations, List<Finding> findings,
                          Duration elapsed) {
        public Summary {
            findings = List.copyOf(findings);
        }

        public long errors() {
            return findings.stream().filter(f -> f.severity() == Severity.ERROR).count();
        }
    }

    private final DatasetLayout layout;
    private final Options options;
    private final GuidelineJsonValidator validator;

    public DatasetConverter(DatasetLayout layout, Options options) {
        this.layout = layout;
        this.options = options;
        this.validator = GuidelineJsonValidator.of(layout.catalog());
    }

    /** Converts the whole tree. */
    public Summary convert(Listener listener) {
        long start = System.nanoTime();
        Info info = options.info().dateCreated().isBlank()
                ? new Info(options.info().description(), options.info().version(), options.info().contributor(),
                GuidelineDates.format(LocalDateTime.now().withNano(0)))
                : options.info();
        List<Finding> findings = Collections.synchronizedList(new ArrayList<>());
        AtomicLong converted = new AtomicLong();
        AtomicLong skipped = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong annotations = new AtomicLong();
        findings.addAll(SeriesWorkers.forEachSeries(layout, options.threads(), "pulmo-convert", series -> {
            for (ImageFiles image : series.images()) {
                if (!image.hasMasks()) {
                    continue;
                }
                List<Finding> own = new ArrayList<>();
                Outcome outcome;
                try {
                    outcome = convertImage(image, info, own, annotations);
                } catch (RuntimeException e) {
                    own.add(Finding.error("convert.failed", Location.ofFile(image.key().toString()), "unexpected failure: " + e));
                    outcome = Outcome.FAILED;
                }
                findings.addAll(own);
                (outcome == Outcome.CONVERTED ? converted : outcome == Outcome.SKIPPED ? skipped : failed).incrementAndGet();
                listener.imageDone(image.key(), outcome);
            }
        }));
        return new Summary(converted.get(), skipped.get(), failed.get(), annotations.get(), findings,
                Duration.ofNanos(System.nanoTime() - start));
    }

    private Outcome convertImage(ImageFiles image, Info info, List<Finding> findings, AtomicLong annotationCount) {
        ImageKey key = image.key();
        Path target = layout.jsonFile(key);
        if (image.dicom() == null) {
            findings.add(Finding.error("convert.image-missing", Location.ofFile(image.masks().values().iterator().next().toString()),
                    "masks without their image: expected " + layout.dicomFile(key)));
            return Outcome.FAILED;
        }
        if (!options.force() && upToDate(target, image) && validator.validate(target).stream().noneMatch(f -> f.severity() == Severity.ERROR)) {
            return Outcome.SKIPPED;
        }
        DicomDataset header;
        try {
            header = DicomReader.create().withStopBeforePixelData(true).read(image.dicom()).dataset();
        } catch (DicomException e) {
            findings.add(Finding.error("convert.image-unreadable", Location.ofFile(image.dicom().toString()), e.getMessage()));
            return Outcome.FAILED;
        }
        ImageRecord record;
        try {
            record = ImageHeaders.imageRecord(header, key, image.dicom().getFileName().toString());
        } catch (DicomException e) {
            findings.add(Finding.error("convert.image-unreadable", Location.ofFile(image.dicom().toString()), e.getMessage()));
            return Outcome.FAILED;
        }
        String sopInstance = header.getString(Tag.SOPInstanceUID).orElse("");
        SortedMap<Integer, BinaryMask> masks = new TreeMap<>();
        boolean ok = true;
        for (Map.Entry<Integer, Path> m : image.masks().entrySet()) {
            Path maskFile = m.getValue();
            MaskImage mask;
            try {
                mask = BinaryMaskDicom.read(maskFile);
            } catch (DicomException e) {
                findings.add(Finding.error("convert.mask-unreadable", Location.ofFile(maskFile.toString()), e.getMessage()));
                ok = false;
                continue;
            }
            if (mask.columns() != record.width() || mask.rows() != record.height()) {
                findings.add(Finding.error("convert.mask-size-mismatch", Location.ofFile(maskFile.toString()),
                        "the mask is " + mask.columns() + " x " + mask.rows() + " pixels but its image is "
                                + record.width() + " x " + record.height()));
                ok = false;
                continue;
            }
            if (!mask.referencedSopInstanceUid().isEmpty() && !sopInstance.isEmpty() && !mask.referencedSopInstanceUid().equals(sopInstance)) {
                findings.add(Finding.warning("convert.mask-reference-mismatch", Location.ofFile(maskFile.toString()),
                        "the mask references SOP Instance " + mask.referencedSopInstanceUid() + ", its image is " + sopInstance));
            }
            masks.put(m.getKey(), BinaryMask.fromBytes(mask.foreground(), mask.columns(), mask.rows()));
        }
        if (!ok) {
            return Outcome.FAILED;
        }
        long written = writeImageJson(key, record, masks, info, findings);
        if (written < 0) {
            return Outcome.FAILED;
        }
        annotationCount.addAndGet(written);
        return Outcome.CONVERTED;
    }

    /**
     * The per-image step of the main job, for importers that make the masks themselves ({@code pulmo import-tool}):
     * applies the modality's export rule to each category's mask ({@link MaskExporter}; notes name
     * {@link DatasetLayout#maskFile}), assembles the guideline JSON with the modality's categories, {@code info}
     * and this converter's toolname, validates it and writes it atomically to {@link DatasetLayout#jsonFile}.
     * Problems are added to {@code findings} ({@code convert.no-date}, {@code convert.invalid-output},
     * {@code convert.write-failed}); nothing is thrown for bad data.
     *
     * @param record the image's {@code images[]} entry ({@link ImageHeaders#imageRecord})
     * @param masks  category id → mask of the image's width × height
     * @return the number of annotations written, or -1 when no file was written
     */
    public long writeImageJson(ImageKey key, ImageRecord record, SortedMap<Integer, BinaryMask> masks, Info info,
                               List<Finding> findings) {
        Path target = layout.jsonFile(key);
        if (record.dateCaptured().isEmpty()) {
            findings.add(Finding.error("convert.no-date", Location.ofFile(layout.dicomFile(key).toString()),
                    "no acquisition, content, series or study date in the header: date_captured cannot be filled"));
            return -1;
        }
        ModalityPlugin plugin = layout.plugin(key.modality());
        List<Annotation> annotations = new ArrayList<>();
        for (Map.Entry<Integer, BinaryMask> m : masks.entrySet()) {
            MaskExporter.Result r = MaskExporter.export(m.getValue(), plugin.exportRule(), record.id(), m.getKey(),
                    annotations.size() + 1L, options.toolname(), layout.maskFile(key, m.getKey()).toString());
            annotations.addAll(r.annotations());
            findings.addAll(r.notes());
        }
        AnnotationFile file = new AnnotationFile(info, plugin.categoryTable().toJsonCategories(), List.of(record), annotations);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        GuidelineJson.write(file, bytes);
        List<Finding> problems = validator.validate(new ByteArrayInputStream(bytes.toByteArray()), target.toString());
        if (problems.stream().anyMatch(f -> f.severity() == Severity.ERROR)) {
            findings.add(Finding.error("convert.invalid-output", Location.ofFile(target.toString()),
                    "the JSON made from this image's masks does not pass the guideline's checks; not written"));
            findings.addAll(problems);
            return -1;
        }
        try {
            AtomicFiles.write(target, bytes.toByteArray());
        } catch (UncheckedIOException e) {
            findings.add(Finding.error("convert.write-failed", Location.ofFile(target.toString()), e.getMessage()));
            return -1;
        }
        return annotations.size();
    }

    /** The JSON exists and is at least as new as the image and every mask. */
    private static boolean upToDate(Path json, ImageFiles image) {
        try {
            if (!Files.isRegularFile(json)) {
                return false;
            }
            FileTime written = Files.getLastModifiedTime(json);
            if (Files.getLastModifiedTime(image.dicom()).compareTo(written) > 0) {
                return false;
            }
            for (Path m : image.masks().values()) {
                if (Files.getLastModifiedTime(m).compareTo(written) > 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
