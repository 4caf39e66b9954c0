package dev.pulmo.dataset;

import dev.pulmo.api.Finding;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs work on every series of a tree on a fixed number of threads while the scanner walks it, with at most two
 * series per thread in flight: memory stays bounded by a few series whatever the size of the tree.
 */
final class SeriesWorkers {
    private SeriesWorkers() {
    }

    /**
     * Calls {@code work} for every series (from worker threads), waits for all, and returns the scanner's layout
     * findings. {@code work} must not throw; it reports through its own channels.
     */
    static List<Finding> forEachSeries(DatasetLayout layout, int threads, String threadName, Consumer<SeriesFiles> work) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        Semaphore inFlight = new Semaphore(threads * 2);
        try {
            return new DatasetScanner(layout).scan(series -> {
                inFlight.acquireUninterruptibly();
                pool.execute(() -> {
                    try {
                        work.accept(series);
                    } finally {
                        inFlight.release();
                    }
                });
            });
        } finally {
            pool.shutdown();
            try {
                pool.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
