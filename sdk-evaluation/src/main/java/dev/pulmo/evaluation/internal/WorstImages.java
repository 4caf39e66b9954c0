package dev.pulmo.evaluation.internal;

import dev.pulmo.evaluation.EvaluationResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The images with the most errors, kept while images stream by: a bounded heap, so memory holds {@code limit}
 * images' outcomes, not the dataset's. Ties go to the smaller file name, so the report is the same whatever the
 * order images were evaluated in. Thread-safe.
 */
public final class WorstImages {
    private static final Comparator<EvaluationResult.WorstImage> WORST_FIRST =
            Comparator.comparingInt(EvaluationResult.WorstImage::errors).reversed()
                    .thenComparing(w -> w.image().fileName())
                    .thenComparingLong(w -> w.image().id());

    private final int limit;
    private final PriorityQueue<EvaluationResult.WorstImage> heap = new PriorityQueue<>(WORST_FIRST.reversed());

    public WorstImages(int limit) {
        this.limit = limit;
    }

    /** Offers an image; images without errors are not kept. */
    public synchronized void offer(EvaluationResult.WorstImage image) {
        if (limit <= 0 || image.errors() == 0) {
            return;
        }
        heap.add(image);
        if (heap.size() > limit) {
            heap.poll();
        }
    }

    /** The kept images, most errors first. */
    public synchronized List<EvaluationResult.WorstImage> worstFirst() {
        List<EvaluationResult.WorstImage> out = new ArrayList<>(heap);
        out.sort(WORST_FIRST);
        return out;
    }
}
