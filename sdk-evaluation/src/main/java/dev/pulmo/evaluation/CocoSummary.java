package dev.pulmo.evaluation;

import dev.pulmo.evaluation.internal.NumpyMath;
import java.util.ArrayList;
import java.util.List;

/**
 * The result of COCOeval's {@code accumulate} and {@code summarize} on a set of images: the precision and recall
 * arrays and the 12 summary numbers, overall and per category.
 *
 * <p>Precision is {@code precision[t][r][k][a][m]} (IoU threshold, recall threshold, category index in ascending id
 * order, area range, detection limit), recall {@code recall[t][k][a][m]}; −1 where there is nothing to measure (no
 * ground truth that is not ignored). {@link #stats()} are COCOeval's {@code stats} in its order
 * ({@link #STAT_NAMES}): means of the entries above −1 (NumPy's pairwise sum, so equal to the last bit), −1 when
 * there is none.
 */
public final class CocoSummary {
    /** COCOeval's 12 summary numbers, in its order. */
    public static final List<String> STAT_NAMES = List.of("AP", "AP50", "AP75", "APs", "APm", "APl",
            "AR1", "AR10", "AR100", "ARs", "ARm", "ARl");

    /**
     * One category's summary: its ground truth on the images summarised (objects that are not crowd regions, and
     * crowd regions apart), and the 12 numbers
     * restricted to it ({@code stats[0]} is its AP: the mean of {@code precision[:, :, k, all, last]} above −1).
     */
    public record CategorySummary(CocoCategory category, long groundTruths, long crowds, double[] stats) {
        public CategorySummary {
            stats = stats.clone();
        }

        @Override
        public double[] stats() {
            return stats.clone();
        }
    }

    private final CocoParams params;
    private final List<CocoCategory> categories;
    private final int images;
    private final double[] precision;
    private final double[] recall;
    private final long[] groundTruths;
    private final long[] crowds;
    private final double[] stats;

    CocoSummary(CocoParams params, List<CocoCategory> categories, int images, double[] precision, double[] recall,
                long[] groundTruths, long[] crowds) {
        this.params = params;
        this.categories = List.copyOf(categories);
        this.images = images;
        this.precision = precision;
        this.recall = recall;
        this.groundTruths = groundTruths;
        this.crowds = crowds;
        this.stats = summarize(-1);
    }

    public CocoParams params() {
        return params;
    }

    /** The categories, in ascending id: index k of the arrays. */
    public List<CocoCategory> categories() {
        return categories;
    }

    /** The number of images summarised. */
    public int images() {
        return images;
    }

    /** COCOeval's {@code stats}: AP, AP50, AP75, APs, APm, APl, AR1, AR10, AR100, ARs, ARm, ARl. */
    public double[] stats() {
        return stats.clone();
    }

    /** One summary per category, in ascending id. */
    public List<CategorySummary> perCategory() {
        List<CategorySummary> out = new ArrayList<>(categories.size());
        for (int k = 0; k < categories.size(); k++) {
            out.add(new CategorySummary(categories.get(k), groundTruths[k], crowds[k], summarize(k)));
        }
        return out;
    }

    /** {@code precision[t][r][k][a][m]}. */
    public double precision(int t, int r, int k, int a, int m) {
        int recalls = params.recallThresholds().length;
        return precision[(((t * recalls + r) * categories.size() + k) * params.areaRanges().size() + a) * params.maxDetections().length + m];
    }

    /** {@code recall[t][k][a][m]}. */
    public double recall(int t, int k, int a, int m) {
        return recall[((t * categories.size() + k) * params.areaRanges().size() + a) * params.maxDetections().length + m];
    }

    /** COCOeval's {@code _summarizeDets}, over every category ({@code k = -1}) or one. */
    private double[] summarize(int k) {
        int[] maxDets = params.maxDetections();
        int last = maxDets[Math.min(2, maxDets.length - 1)];
        return new double[] {
                value(true, null, "all", last, k),
                value(true, .5, "all", last, k),
                value(true, .75, "all", last, k),
                value(true, null, "small", last, k),
                value(true, null, "medium", last, k),
                value(true, null, "large", last, k),
                value(false, null, "all", maxDets[0], k),
                value(false, null, "all", maxDets[Math.min(1, maxDets.length - 1)], k),
                value(false, null, "all", last, k),
                value(false, null, "small", last, k),
                value(false, null, "medium", last, k),
                value(false, null, "large", last, k)};
    }

    /** COCOeval's {@code _summarize}: the selected entries in C order, those above −1 averaged. */
    private double value(boolean ap, Double iouThreshold, String area, int maxDet, int onlyCategory) {
        double[] ious = params.iouThresholds();
        int[] maxDets = params.maxDetections();
        List<Integer> t = new ArrayList<>(), a = new ArrayList<>(), m = new ArrayList<>();
        for (int i = 0; i < ious.length; i++) {
            if (iouThreshold == null || ious[i] == iouThreshold) {
                t.add(i);
            }
        }
        for (int i = 0; i < params.areaRanges().size(); i++) {
            if (params.areaRanges().get(i).label().equals(area)) {
                a.add(i);
            }
        }
        for (int i = 0; i < maxDets.length; i++) {
            if (maxDets[i] == maxDet) {
                m.add(i);
            }
        }
        if (a.size() != m.size() && a.size() > 1 && m.size() > 1) {
            throw new IllegalStateException("area labels and detection limits select " + a.size() + " and " + m.size() + " entries");
        }
        // s[:, :, :, aind, mind]: the two index lists are broadcast together (pairs), as NumPy's advanced indexing does
        int pairs = Math.max(a.size(), m.size());
        if (a.isEmpty() || m.isEmpty()) {
            pairs = 0;
        }
        int recalls = params.recallThresholds().length;
        int kFrom = onlyCategory < 0 ? 0 : onlyCategory, kTo = onlyCategory < 0 ? categories.size() : onlyCategory + 1;
        double[] selected = new double[t.size() * (ap ? recalls : 1) * (kTo - kFrom) * pairs];
        int n = 0;
        for (int ti : t) {
            for (int r = 0; r < (ap ? recalls : 1); r++) {
                for (int k = kFrom; k < kTo; k++) {
                    for (int p = 0; p < pairs; p++) {
                        int ai = a.get(a.size() == 1 ? 0 : p), mi = m.get(m.size() == 1 ? 0 : p);
                        double v = ap ? precision(ti, r, k, ai, mi) : recall(ti, k, ai, mi);
                        if (v > -1) {
                            selected[n++] = v;
                        }
                    }
                }
            }
        }
        return n == 0 ? -1 : NumpyMath.mean(selected, n);
    }
}
