package dev.pulmo.dataset;

import dev.pulmo.api.Finding;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a tree command: the scanner walks the tree ({@link DatasetScanner}), a bounded pool of workers does each
 * series' work (the per-image pipeline, then the series rules), and the results come out in the tree's order, one at
 * a time, to the command's in-order step and its {@link FindingSink}. So output is the same from run to run, and
 * memory is bounded by a few series whatever the size of the tree: at most {@code 4 × threads} series are in flight
 * or waiting for their turn.
 *
 * <p>A worker's failure (an exception or error that the pipeline did not turn into a finding, an OutOfMemoryError)
 * stops the run: no further series is started, the series already done are still reported, and
 * {@link Summary#failure()} says which series failed and why. A command must then fail (exit status 2) rather than
 * report counts that leave out part of the tree.
 */
public final class TreeRun {

    /** One series' results: its findings and a value for the command's in-order step. */
    public record SeriesOutcome<R>(List<Finding> findings, R value) {
        public SeriesOutcome {
            findings = List.copyOf(findings);
        }
    }

    /** A series' work, run on a worker thread; must not write shared state (the in-order step is for that). */
    @FunctionalInterface
    public interface SeriesWork<R> {
        SeriesOutcome<R> apply(SeriesFiles series);
    }

    /**
     * A series' work whose outcome is known only later, on another thread: a worker that stages the series' outputs
     * and hands their commit (the disk's syncs) to committer threads, then goes on with the next series instead of
     * waiting with its core idle. The stage completes with the outcome, or exceptionally as {@link SeriesWork} throws.
     */
    @FunctionalInterface
    public interface DeferredSeriesWork<R> {
        CompletionStage<SeriesOutcome<R>> apply(SeriesFiles series);
    }

    /** Receives each series' value in the tree's order, from one thread at a time (no locking needed). */
    @FunctionalInterface
    public interface InOrder<R> {
        void accept(SeriesFiles series, R value);
    }

    /**
     * Thrown by a series' work to say which file it was working on when something failed that the pipeline does not
     * turn into a finding; {@link Failure#where()} then names that file rather than the series.
     */
    public static final class WorkFailure extends RuntimeException {
        private final String where;

        public WorkFailure(String where, Throwable cause) {
            super(where + ": " + cause, cause);
            this.where = where;
        }
    }

    /**
     * Runs {@code step} for the file {@code where}; anything it throws is rethrown as a {@link WorkFailure} naming the
     * file. For the per-image loop of a series' work.
     */
    public static <T> T at(Object where, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (WorkFailure e) {
            throw e;
        } catch (RuntimeException | Error e) {
            throw new WorkFailure(String.valueOf(where), e);
        }
    }

    /** Why a run stopped early. */
    public record Failure(String where, Throwable cause) {
        /** One line for a person: where, and what was thrown. */
        public String message() {
            return where + ": " + cause;
        }
    }

    /** What a run did. */
    public record Summary(long series, Optional<Failure> failure, Duration elapsed) {
    }

    /** A pool of {@code threads} workers whose threads are named after {@code name}, with or without leftover reports. */
    public record Options(int threads, String name, boolean reportTemporaryFiles) {
        public Options {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            }
            Objects.requireNonNull(name, "name");
        }
    }

    private TreeRun() {
    }

    /** Stops the scanner once a worker has failed. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    /** One place in the output order: a layout finding, or a series and its outcome. */
    private record Slot<R>(Finding layoutFinding, SeriesFiles series, SeriesOutcome<R> outcome) {
    }

    /**
     * Walks the tree of {@code layout} and runs {@code work} on every series.
     *
     * @param inOrder receives each series' value in tree order; may write outputs and counts
     * @param sink    receives every finding (the layout's and the series') in tree order
     */
    public static <R> Summary run(DatasetLayout layout, Options options, SeriesWork<R> work, InOrder<R> inOrder,
                                  FindingSink sink) {
        return runDeferred(layout, options, series -> CompletableFuture.completedFuture(work.apply(series)), inOrder, sink);
    }

    /**
     * As {@link #run}, for work whose outcome completes later ({@link DeferredSeriesWork}); returns once every series'
     * outcome has completed and been handed on. A series waiting for its outcome keeps its place in the window of
     * series in flight, so memory stays bounded as with {@link #run}.
     */
    public static <R> Summary runDeferred(DatasetLayout layout, Options options, DeferredSeriesWork<R> work,
                                          InOrder<R> inOrder, FindingSink sink) {
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, options.name());
            t.setDaemon(true);
            return t;
        });
        Semaphore window = new Semaphore(options.threads() * 4);
        AtomicReference<Failure> failure = new AtomicReference<>();
        Emitter<R> emitter = new Emitter<>(inOrder, sink, window, failure);
        long[] next = {0};
        long[] series = {0};
        try {
            new DatasetScanner(layout, options.reportTemporaryFiles()).scan(s -> {
                acquire(window, failure);
                long seq = next[0]++;
                series[0]++;
                pool.execute(() -> {
                    CompletionStage<SeriesOutcome<R>> outcome;
                    try {
                        // a stage, or no place in the order is ever filled
                        outcome = Objects.requireNonNull(work.apply(s), "the series' work returned no stage");
                    } catch (Throwable t) { // an OutOfMemoryError too: the run must stop and say so, not skip a series
                        outcome = CompletableFuture.failedFuture(t);
                    }
                    outcome.whenComplete((done, thrown) -> {
                        if (thrown != null) {
                            // a stage derived from another gets its failure wrapped
                            Throwable t = thrown instanceof CompletionException && thrown.getCause() != null
                                    ? thrown.getCause() : thrown;
                            failure.compareAndSet(null, t instanceof WorkFailure w ? new Failure(w.where, w.getCause())
                                    : new Failure(s.folder().toString(), t));
                        }
                        emitter.complete(seq, new Slot<>(null, s, thrown == null ? done : null));
                    });
                });
            }, f -> {
                acquire(window, failure);
                emitter.complete(next[0]++, new Slot<>(f, null, null));
            });
        } catch (Stop stop) {
            // a worker failed: no new series; those in flight finish below
        } finally {
            pool.shutdown();
            try {
                while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                    // workers are bounded by the pipeline's own limits; keep waiting
                }
                emitter.awaitHandedOn(next[0]); // deferred outcomes (commits) still completing
            } catch (InterruptedException e) {
                pool.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
        return new Summary(series[0], Optional.ofNullable(failure.get()), Duration.ofNanos(System.nanoTime() - start));
    }

    private static void acquire(Semaphore window, AtomicReference<Failure> failure) {
        if (failure.get() != null) {
            throw new Stop();
        }
        window.acquireUninterruptibly();
    }

    /** Hands completed slots on in sequence order; a slot's permit is returned when it is handed on. */
    private static final class Emitter<R> {
        private final InOrder<R> inOrder;
        private final FindingSink sink;
        private final Semaphore window;
        private final AtomicReference<Failure> failure;
        private final TreeMap<Long, Slot<R>> done = new TreeMap<>();
        private long next;

        Emitter(InOrder<R> inOrder, FindingSink sink, Semaphore window, AtomicReference<Failure> failure) {
            this.inOrder = inOrder;
            this.sink = sink;
            this.window = window;
            this.failure = failure;
        }

        synchronized void complete(long seq, Slot<R> slot) {
            done.put(seq, slot);
            while (!done.isEmpty() && done.firstKey() == next) {
                Slot<R> s = done.pollFirstEntry().getValue();
                next++;
                try {
                    if (s.layoutFinding() != null) {
                        sink.accept(s.layoutFinding());
                    } else if (s.outcome() != null) {
                        s.outcome().findings().forEach(sink::accept);
                        inOrder.accept(s.series(), s.outcome().value());
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, new Failure(s.series() != null ? s.series().folder().toString() : "report", t));
                } finally {
                    window.release();
                }
            }
            notifyAll(); // awaitHandedOn
        }

        /** Waits until the first {@code count} slots have been handed on. */
        synchronized void awaitHandedOn(long count) throws InterruptedException {
            while (next < count) {
                wait();
            }
        }
    }
}
