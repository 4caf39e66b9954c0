package dev.pulmo.evaluation.internal;

/**
 * NumPy's {@code argsort(-scores, kind='mergesort')} on primitive arrays: indices by score descending, equal
 * scores keeping their order (COCOeval's tie rule). Scores are finite; {@code -0.0} and {@code 0.0} are equal, as
 * they are to NumPy.
 */
public final class StableSort {
    private static final int INSERTION = 24;

    private StableSort() {
    }

    /** Sorts {@code indices} in place by {@code scores[index]} descending, stably. */
    public static void byScoreDescending(int[] indices, double[] scores) {
        if (indices.length < 2) {
            return;
        }
        int[] buffer = new int[indices.length];
        sort(indices, buffer, 0, indices.length, scores);
    }

    private static void sort(int[] a, int[] buffer, int from, int to, double[] scores) {
        if (to - from <= INSERTION) {
            for (int i = from + 1; i < to; i++) {
                int v = a[i];
                double s = scores[v];
                int j = i - 1;
                while (j >= from && scores[a[j]] < s) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        sort(a, buffer, from, mid, scores);
        sort(a, buffer, mid, to, scores);
        if (!(scores[a[mid - 1]] < scores[a[mid]])) {
            return; // already in order: the last of the left half is not below the first of the right half
        }
        System.arraycopy(a, from, buffer, from, to - from);
        int i = from, j = mid, k = from;
        while (i < mid && j < to) {
            // take from the right only when strictly higher, so equal scores keep their order
            if (scores[buffer[j]] > scores[buffer[i]]) {
                a[k++] = buffer[j++];
            } else {
                a[k++] = buffer[i++];
            }
        }
        while (i < mid) {
            a[k++] = buffer[i++];
        }
        while (j < to) {
            a[k++] = buffer[j++];
        }
    }
}
