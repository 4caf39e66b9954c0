package dev.pulmo.dataset.ingest;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.io.FileTrees;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.Tag;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

/**
 * Reads the headers of a PACS export: every regular file under the given folders, at any depth and with any name
 * (UIDs, numbers, no extension), read up to its Pixel Data on a pool of threads. What is not a DICOM instance is
 * reported and skipped ({@value #NOT_DICOM}, a warning: exports mix in viewers, reports and index files); a DICOMDIR
 * is recognised by its Media Storage SOP Class and passed over ({@value #DICOMDIR}, a note), since walking the
 * folders finds every file it lists and those it does not. Links to folders are not followed; FIFOs and devices are
 * never opened ({@link FileTrees}). Nothing is written.
 */
public final class SourceScanner {
    public static final String NOT_DICOM = "ingest.not-dicom";
    public static final String DICOMDIR = "ingest.dicomdir";
    /** PS3.4 Annex F: Media Storage Directory Storage, the SOP class of a DICOMDIR. */
    static final String MEDIA_STORAGE_DIRECTORY = "1.2.840.10008.1.3.10";

    /** The DICOM images found, in file order, what was skipped and why, and how many files were looked at. */
    public record Scan(List<SourceImage> images, List<Finding> findings, int files) {
        public Scan {
            images = List.copyOf(images);
            findings = List.copyOf(findings);
        }
    }

    private SourceScanner() {
    }

    /**
     * @param sources  the export's folders (or files)
     * @param keywords the header attributes to keep per image
     * @param threads  reader threads, at least 1
     * @param onTotal  called once with the number of files found
     * @param onFile   called after each file
     * @throws IllegalArgumentException when a source does not exist
     */
    public static Scan scan(List<Path> sources, Set<String> keywords, int threads, IntConsumer onTotal, Runnable onFile) {
        List<Path> files = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (Path source : sources) {
            if (!Files.exists(source)) {
                throw new IllegalArgumentException(source + ": no such folder");
            }
            FileTrees.Listing listing = FileTrees.regularFiles(source, p -> true);
            files.addAll(listing.files());
            findings.addAll(listing.problems());
        }
        onTotal.accept(files.size());
        DicomReader reader = DicomReader.create().withStopBeforePixelData(true);
        List<Object> results = new ArrayList<>(files.size());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "pulmo-ingest-scan");
            t.setDaemon(true);
            return t;
        });
        try {
            // submitted in chunks so that memory holds only one chunk of pending futures beyond the results
            int chunk = 4096;
            for (int start = 0; start < files.size(); start += chunk) {
                List<Future<Object>> futures = new ArrayList<>();
                for (Path file : files.subList(start, Math.min(files.size(), start + chunk))) {
                    futures.add(pool.submit(() -> {
                        Object r = read(reader, file, keywords);
                        onFile.run();
                        return r;
                    }));
                }
                for (Future<Object> f : futures) {
                    results.add(f.get());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the sources", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        List<SourceImage> images = new ArrayList<>();
        for (Object r : results) {
            if (r instanceof SourceImage image) {
                images.add(image);
            } else {
                findings.add((Finding) r);
            }
        }
        return new Scan(images, findings, files.size());
    }

    /** A {@link SourceImage}, or the {@link Finding} that says why the file is skipped. */
    private static Object read(DicomReader reader, Path file, Set<String> keywords) {
        DicomFile dicom;
        try {
            dicom = reader.read(file);
        } catch (DicomException e) {
            return Finding.warning(NOT_DICOM, Location.ofFile(file.toString()), "not a DICOM file (" + e.withoutSource()
                    + "); skipped");
        } catch (UncheckedIOException e) {
            return Finding.error(FileTrees.UNREADABLE, Location.ofFile(file.toString()), "cannot be read ("
                    + e.getMessage() + "); skipped");
        }
        String storageClass = dicom.fileMeta().getString(Tag.MediaStorageSOPClassUID).orElse("").replace("\0", "").strip();
        if (storageClass.equals(MEDIA_STORAGE_DIRECTORY)) {
            return Finding.info(DICOMDIR, Location.ofFile(file.toString()),
                    "a DICOMDIR: passed over (every file it lists is found by walking the folders)");
        }
        if (!dicom.dataset().contains(Tag.SOPClassUID) || !dicom.dataset().contains(Tag.SOPInstanceUID)) {
            // the reader is lenient: a few bytes of text parse as a bare dataset, but no instance without its UIDs
            return Finding.warning(NOT_DICOM, Location.ofFile(file.toString()),
                    "not a DICOM instance (no SOP Class UID or SOP Instance UID); skipped");
        }
        return SourceImage.of(file, dicom.dataset(), keywords);
    }
}
