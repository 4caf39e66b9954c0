package dev.pulmo.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-line progress counter on standard error, redrawn at most five times a second, and only when standard
 * error is a terminal (so logs and pipes stay clean). With a total, it shows done/total and an estimate of the time
 * left at the rate so far.
 */
final class Progress {
    private final PrintWriter err;
    private final String label;
    private final boolean enabled;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final long start = System.nanoTime();
    private final long total;
    private final String unit;
    private volatile long lastDraw;

    Progress(PrintWriter err, String label) {
        this(err, label, 0, "images");
    }

    /** @param total how many steps the job has (0 when unknown); {@code unit} names them, e.g. {@code files} */
    Progress(PrintWriter err, String label, long total, String unit) {
        this.err = err;
        this.label = label;
        this.total = total;
        this.unit = unit;
        this.enabled = System.console() != null && System.getenv("CI") == null;
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
        double seconds = (System.nanoTime() - start) / 1e9;
        long n = done.get();
        double rate = n / Math.max(seconds, 1e-9);
        String of = total > 0 ? "/" + total : "";
        String eta = "";
        if (total > 0 && n > 0 && n < total) {
            long left = Math.round((total - n) / Math.max(rate, 1e-9));
            eta = left >= 3600 ? String.format(", %dh%02dm left", left / 3600, left / 60 % 60)
                    : String.format(", %dm%02ds left", left / 60, left % 60);
        }
        err.printf("\r%s: %d%s %s (%.0f/s)%s%s   ", label, n, of, unit, rate, eta,
                failed.get() > 0 ? ", " + failed.get() + " failed" : "");
        err.flush();
    }

    void finish() {
        if (enabled && done.get() > 0) {
            draw();
            err.println();
            err.flush();
        }
    }
}
