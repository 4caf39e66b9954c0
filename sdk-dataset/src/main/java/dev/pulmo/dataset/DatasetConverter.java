package dev.pulmo.dataset;

import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.Finding;
import dev.pulmo.api.GuidelineDates;
import dev.pulmo.api.Info;
import dev.pulmo.api.Location;
import dev.pulmo.api.io.AtomicFiles;
import dev.pulmo.api.io.BackgroundCommits;
import dev.pulmo.cocojson.GuidelineJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The main job (DESIGN.md, "Data flow"): for every image of a tree that has binary masks, {@link ImagePipeline#convert}
 * makes its guideline JSON from its header and masks, each read once ({@link ImageInputs}), and the JSON is written
 * to the series' {@code json/} folder. A driver over {@link TreeRun}: series in parallel on a bounded pool, findings
 * streamed in the tree's order to a {@link FindingSink}.
 *
 * <p>A series' files are written as one {@link AtomicFiles.Batch}: each file whole or not at all, synced as a group.
 * The batch is committed on a committer thread ({@link BackgroundCommits}) while the worker goes on with the next
 * series; a series is reported once its commit has ended, so its counts say what was written. Before writing, the
 * temporary files that an interrupted run left in a series' {@code json/} folder are removed. A re-run skips images
 * whose JSON exists, is newer than the image and every one of its masks, and has no error by the guideline's rules,
 * unless forced. Problems are findings (the pipeline's codes, and {@code convert.write-failed}); one bad image never
 * stops the run.
 */
public final class DatasetConverter {

    /** What happened to one image. */
    public enum Outcome { CONVERTED, SKIPPED, FAILED }

    /** Receives progress, in the tree's order, from one thread at a time. */
    public interface Listener {
        void imageDone(ImageKey image, Outcome outcome);
    }

    /** The rule code of a JSON that could not be written. */
    public static final String WRITE_FAILED = "convert.write-failed";

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

    /**
     * Counts of a run.
     *
     * @param failure set when the run stopped early (see {@link TreeRun}); the counts then cover what was done
     */
    public record Summary(long converted, long skipped, long failed, long annotations, long errors,
                          Optional<TreeRun.Failure> failure, Duration elapsed) {
        /** Images with masks that were looked at. */
        public long images() {
            return converted + skipped + failed;
        }
    }

    private record ImageDone(ImageKey key, Outcome outcome, int annotations) {
    }

    /**
     * The main job's decision for one image with masks, before anything is written: {@link Outcome#SKIPPED} (its JSON
     * is up to date and valid), {@link Outcome#CONVERTED} with the JSON to write, or {@link Outcome#FAILED} with the
     * reasons among the findings.
     */
    public record ImageConversion(ImageKey key, Outcome outcome, Optional<AnnotationFile> file, List<Finding> findings) {
        public ImageConversion {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(file, "file");
            findings = List.copyOf(findings);
        }

        /** The number of annotations to write (0 unless converted). */
        public int annotationCount() {
            return file.map(f -> f.annotations().size()).orElse(0);
        }
    }

    private final DatasetLayout layout;
    private final Options options;
    private final ImagePipeline pipeline;
    private final TreeReader reader;

    public DatasetConverter(DatasetLayout layout, Options options) {
        this(layout, options, TreeReader.local());
    }

    /** A converter that reads the tree's files through {@code reader}. */
    public DatasetConverter(DatasetLayout layout, Options options, TreeReader reader) {
        this.layout = layout;
        this.options = options;
        this.pipeline = ImagePipeline.of(layout.catalog());
        this.reader = reader;
    }

    /** The {@code info} of every file of a run started now: the options', {@code date_created} now when blank. */
    public Info runInfo() {
        return options.info().dateCreated().isBlank()
                ? new Info(options.info().description(), options.info().version(), options.info().contributor(),
                GuidelineDates.format(LocalDateTime.now().withNano(0)))
                : options.info();
    }

    /** Converts the whole tree, sending findings to {@code sink} in the tree's order. */
    public Summary convert(Listener listener, FindingSink sink) {
        Info info = runInfo();
        long[] counts = new long[4]; // converted, skipped, failed, annotations
        FindingSink.Counts severities = new FindingSink.Counts();
        TreeRun.Summary run;
        try (BackgroundCommits commits = new BackgroundCommits("pulmo-convert-commit", COMMITTERS,
                options.threads() + COMMITTERS)) {
            run = TreeRun.runDeferred(layout, new TreeRun.Options(options.threads(), "pulmo-convert", false),
                    series -> convertSeries(series, info, commits), (series, done) -> {
                        for (ImageDone d : done) {
                            counts[d.outcome().ordinal()]++;
                            counts[3] += d.annotations();
                            listener.imageDone(d.key(), d.outcome());
                        }
                    }, sink.and(severities));
        }
        return new Summary(counts[0], counts[1], counts[2], counts[3], severities.errors(), run.failure(), run.elapsed());
    }

    /** Series' batches whose syncs run at once, beside the workers converting the next series. */
    private static final int COMMITTERS = 2;

    private CompletableFuture<TreeRun.SeriesOutcome<List<ImageDone>>> convertSeries(SeriesFiles series, Info info,
                                                                                  BackgroundCommits commits) {
        List<Finding> findings = new ArrayList<>();
        List<ImageDone> done = new ArrayList<>();
        AtomicFiles.removeLeftovers(series.folder().resolve(DatasetLayout.JSON_FOLDER));
        List<ImageDone> staged = new ArrayList<>();
        AtomicFiles.Batch batch;
        try {
            batch = commits.batch();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TreeRun.WorkFailure(series.folder().toString(), e);
        }
        boolean handedOver = false;
        try {
            for (ImageFiles image : series.images()) {
                if (!image.hasMasks()) {
                    continue;
                }
                ImageConversion converted = convertImage(image, info);
                findings.addAll(converted.findings());
                if (converted.outcome() != Outcome.CONVERTED) {
                    done.add(new ImageDone(image.key(), converted.outcome(), 0));
                    continue;
                }
                Path target = layout.jsonFile(image.key());
                try {
                    batch.write(target, out -> GuidelineJson.write(converted.file().get(), out));
                    ImageDone d = new ImageDone(image.key(), Outcome.CONVERTED, converted.annotationCount());
                    done.add(d);
                    staged.add(d);
                } catch (UncheckedIOException e) {
                    findings.add(Finding.error(WRITE_FAILED, Location.ofFile(target.toString()), e.getMessage()));
                    done.add(new ImageDone(image.key(), Outcome.FAILED, 0));
                }
            }
            handedOver = true;
            return commits.commit(batch).handle((committed, thrown) -> {
                if (thrown != null) {
                    if (!(thrown instanceof UncheckedIOException)) {
                        throw new CompletionException(thrown); // not the disk's: the run's failure (TreeRun)
                    }
                    // which of the series' files made it is not known: count them all as failed and say so once
                    findings.add(Finding.error(WRITE_FAILED, Location.ofFile(series.folder().resolve(DatasetLayout.JSON_FOLDER).toString()),
                            thrown.getMessage() + "; " + staged.size() + " JSON file(s) of this series may not have been written"));
                    done.replaceAll(d -> staged.contains(d) ? new ImageDone(d.key(), Outcome.FAILED, 0) : d);
                }
                return new TreeRun.SeriesOutcome<>(ImagePipeline.capPerFile(findings), done);
            });
        } finally {
            if (!handedOver) {
                commits.discard(batch);
            }
        }
    }

    /**
     * The main job for one image with masks, reading through this converter's {@link TreeReader} and writing nothing:
     * skipped when its JSON is up to date and valid (unless forced), else {@link ImagePipeline#convert}. For an engine
     * that writes the JSON elsewhere; {@link #convert} writes it to the series' {@code json/} folder.
     *
     * @param info the {@code info} of the file ({@link #runInfo()} once per run)
     * @throws TreeRun.WorkFailure naming the image when the pipeline throws
     */
    public ImageConversion convertImage(ImageFiles image, Info info) {
        if (!options.force() && upToDate(image)) {
            ImagePipeline.JsonChecked json = pipeline.checkJson(ImageInputs.read(image, Set.of(ImageInputs.Part.JSON), reader));
            if (!json.hasErrors()) {
                return new ImageConversion(image.key(), Outcome.SKIPPED, Optional.empty(), List.of());
            }
        }
        ImagePipeline.Converted converted = TreeRun.at(image.dicom() != null ? image.dicom() : image.key(), () -> pipeline.convert(
                ImageInputs.read(image, EnumSet.of(ImageInputs.Part.HEADER, ImageInputs.Part.MASKS), reader), info, options.toolname()));
        return new ImageConversion(image.key(), converted.file().isPresent() ? Outcome.CONVERTED : Outcome.FAILED,
                converted.file(), converted.findings());
    }

    /** The JSON exists and is at least as new as the image and every mask. */
    private boolean upToDate(ImageFiles image) {
        if (image.json() == null || image.dicom() == null) {
            return false;
        }
        try {
            FileTime written = reader.lastModified(image.json());
            if (reader.lastModified(image.dicom()).compareTo(written) > 0) {
                return false;
            }
            for (Path m : image.masks().values()) {
                if (reader.lastModified(m).compareTo(written) > 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
