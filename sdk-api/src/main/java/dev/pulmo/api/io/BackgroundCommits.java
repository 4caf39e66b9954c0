package dev.pulmo.api.io;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Commits {@link AtomicFiles.Batch}es on a few threads of their own, so that workers that stage outputs go on with the
 * next ones while the disk syncs the last (a worker that waits for its own syncs leaves its core idle). At most
 * {@code maxStaged} batches are staged and not yet committed at once: {@link #batch()} waits for a place, so the page
 * cache's share of unsynced outputs stays bounded. {@link #close()} waits for every commit handed over.
 *
 * <pre>{@code
 * try (BackgroundCommits commits = new BackgroundCommits("pulmo-deid-commit", 4, threads + 4)) {
 *     AtomicFiles.Batch batch = commits.batch();      // on a worker
 *     batch.write(target, content);
 *     CompletableFuture<Void> done = commits.commit(batch);
 * }
 * }</pre>
 */
public final class BackgroundCommits implements AutoCloseable {
    private final ExecutorService committers;
    private final Semaphore staged;

    /**
     * @param threadName the committer threads' name
     * @param threads    commits that run at once
     * @param maxStaged  batches staged and not yet committed at most
     */
    public BackgroundCommits(String threadName, int threads, int maxStaged) {
        this.committers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        this.staged = new Semaphore(maxStaged);
    }

    /**
     * A new batch, once fewer than {@code maxStaged} are staged and not committed; give it to {@link #commit} or
     * {@link #discard}.
     */
    public AtomicFiles.Batch batch() throws InterruptedException {
        staged.acquire();
        return AtomicFiles.batch();
    }

    /**
     * Commits {@code batch} on a committer thread. When the commit fails, what it had not yet renamed is deleted, and
     * the future fails with the {@link java.io.UncheckedIOException} of {@link AtomicFiles.Batch#commit()} itself (not
     * wrapped in a {@link java.util.concurrent.CompletionException}: a callback on this future gets it as thrown).
     */
    public CompletableFuture<Void> commit(AtomicFiles.Batch batch) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        committers.execute(() -> {
            Throwable failure = null;
            try (batch) {
                batch.commit();
            } catch (Throwable t) {
                failure = t;
            } finally {
                staged.release();
            }
            if (failure == null) {
                done.complete(null);
            } else {
                done.completeExceptionally(failure);
            }
        });
        return done;
    }

    /** Deletes what {@code batch} staged (a worker that stops before handing it over) and frees its place. */
    public void discard(AtomicFiles.Batch batch) {
        batch.close();
        staged.release();
    }

    /** Waits for the commits handed over: none is left half done when the caller returns or fails. */
    @Override
    public void close() {
        committers.shutdown();
        try {
            while (!committers.awaitTermination(1, TimeUnit.MINUTES)) {
                // a sync of a slow disk: keep waiting
            }
        } catch (InterruptedException e) {
            committers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
