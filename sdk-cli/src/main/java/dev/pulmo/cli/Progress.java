package dev.pulmo.cli;

import dev.pulmo.dataset.DatasetLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * A one-line progress report on standard error, {@code convert: 1200/5000 images (24.0%), 310/s, ETA 0:00:12},
 * redrawn at most five times a second and only when standard error is a terminal (logs and pipes stay clean).
 * The total is counted by a background thread over the tree's names while the work runs (the work does not wait for
 * it); until it is known the line shows the count and the rate.
 */
final class Progress {
    private final PrintWriter err;
    private final String label;
    private final String unit;
    private final boolean enabled;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong total = new AtomicLong(-1);
    private final long start = System.nanoTime();
    private volatile long lastDraw;
    private volatile boolean drawn;

    /**
     * @param unit  what is counted, plural ("images", "files")
     * @param total counts what will be done, on a background thread; null when unknown
     */
    Progress(PrintWriter err, String label, String unit, LongSupplier total) {
        this(err, label, unit, total, System.console() != null && System.getenv("CI") == null);
    }

    Progress(PrintWriter err, String label, String unit, LongSupplier total, boolean terminal) {
        this.err = err;
        this.label = label;
        this.unit = unit;
        this.enabled = terminal;
        if (enabled && total != null) {
            Thread counter = new Thread(() -> {
                try {
                    this.total.set(total.getAsLong());
                } catch (RuntimeException e) {
                    // no total: the line shows the count and the rate
                }
            }, "pulmo-progress-total");
            counter.setDaemon(true);
            counter.setPriority(Thread.MIN_PRIORITY);
            counter.start();
        }
    }

    void step(boolean ok) {
        done.incrementAndGet();
        if (!ok) {
            failed.incrementAndGet();
        }
        long now = System.nanoTime();
        if (enabled && now - lastDraw > 200_000_000L) {
            lastDraw = now;
            draw();
        }
    }

    private synchronized void draw() {
        err.print("\r" + line(label, unit, done.get(), total.get(), (System.nanoTime() - start) / 1e9)
                + (failed.get() > 0 ? ", " + failed.get() + " failed" : "") + "   ");
        err.flush();
        drawn = true;
    }

    /** Ends the line (a summary follows on a line of its own). */
    void finish() {
        if (enabled && done.get() > 0) {
            draw();
        }
        interrupted();
    }

    /** Ends a drawn line, so that what follows (a message after Ctrl-C) starts on a line of its own. */
    synchronized void interrupted() {
        if (drawn) {
            err.println();
            err.flush();
            drawn = false;
        }
    }

    /**
     * The progress line: {@code label: done/total unit (percent), rate/s, ETA h:mm:ss}; with {@code total < 0}
     * (not known yet) {@code label: done unit, rate/s}.
     */
    static String line(String label, String unit, long done, long total, double seconds) {
        double rate = done / Math.max(seconds, 1e-9);
        if (total < 0 || total < done) {
            return String.format(Locale.ROOT, "%s: %d %s, %.0f/s", label, done, unit, rate);
        }
        double percent = total == 0 ? 100 : 100.0 * done / total;
        long eta = rate > 0 ? Math.round((total - done) / rate) : -1;
        return String.format(Locale.ROOT, "%s: %d/%d %s (%.1f%%), %.0f/s, ETA %s", label, done, total, unit, percent, rate,
                eta < 0 ? "?" : String.format(Locale.ROOT, "%d:%02d:%02d", eta / 3600, eta / 60 % 60, eta % 60));
    }

    // ---------------------------------------------------------------- totals, from names only

    /** The images of the tree that have at least one binary mask: what convert counts. */
    static LongSupplier imagesWithMasks(DatasetLayout layout) {
        return () -> {
            Set<String> stems = new HashSet<>();
            walk(layout.root(), p -> inFolder(p, DatasetLayout.MASK_FOLDER), p -> DatasetLayout
                    .parse(p.getFileName().toString(), ".dcm", true)
                    .ifPresent(n -> stems.add(p.getParent().getParent() + "/" + n.prefix() + n.patientId() + "_" + n.series() + "_" + n.seq())));
            return stems.size();
        };
    }

    /** The DICOM images of the tree (files in dcm/ folders): what validate and export-coco count. */
    static LongSupplier images(DatasetLayout layout) {
        return () -> {
            long[] n = {0};
            walk(layout.root(), p -> inFolder(p, DatasetLayout.DICOM_FOLDER), p -> n[0]++);
            return n[0];
        };
    }

    /** Every regular file below {@code folder}: what deid counts. */
    static LongSupplier files(Path folder) {
        return files(folder, "");
    }

    /** The regular files below {@code folder} whose names end with {@code suffix} (any case): what import-tool counts. */
    static LongSupplier files(Path folder, String suffix) {
        String end = suffix.toLowerCase(Locale.ROOT);
        return () -> {
            long[] n = {0};
            walk(folder, p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(end), p -> n[0]++);
            return n[0];
        };
    }

    private static boolean inFolder(Path file, String folder) {
        Path parent = file.getParent();
        return parent != null && parent.getFileName() != null && parent.getFileName().toString().equals(folder);
    }

    private static void walk(Path root, java.util.function.Predicate<Path> wanted, java.util.function.Consumer<Path> each) {
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(p -> wanted.test(p) && Files.isRegularFile(p)).forEach(each);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
