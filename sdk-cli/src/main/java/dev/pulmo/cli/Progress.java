package dev.pulmo.cli;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-line progress counter on standard error, redrawn at most five times a second, and only when standard
 * error is a terminal (so logs and pipes stay clean).
 */
final class Progress {
    private final PrintWriter err;
    private final String label;
    private final boolean enabled;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final long start = System.nanoTime();
    private volatile long lastDraw;

    Progress(PrintWriter err, String label) {
        this.err = err;
        this.label = label;
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
        err.printf("\r%s: %d images (%.0f/s)%s   ", label, done.get(), done.get() / Math.max(seconds, 1e-9),
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
