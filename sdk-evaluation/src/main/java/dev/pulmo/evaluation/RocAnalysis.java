package dev.pulmo.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/**
 * ROC analysis of a binary classifier's scores (malignant = positive):
 * <ul>
 *   <li>AUC as the Mann–Whitney statistic: the probability that a positive scores above a negative, ties counting
 *   one half;</li>
 *   <li>its variance by DeLong, DeLong and Clarke-Pearson (Biometrics 44, 1988), computed with midranks as Sun and
 *   Xu's fast algorithm (IEEE Signal Processing Letters 21, 2014): the structural components
 *   {@code V10(xᵢ)} and {@code V01(yⱼ)}, variance {@code S10/m + S01/n} with sample variances ({@code n − 1}); the
 *   confidence interval {@code AUC ± z·SE}, clipped to [0, 1], as pROC's {@code ci.auc(method = "delong")};</li>
 *   <li>the ROC curve at every distinct score (a case is called positive when its score is at least the threshold),
 *   sensitivity and specificity at a chosen threshold, and at Youden's J = sensitivity + specificity − 1 (its
 *   maximum; among equal maxima the highest threshold).</li>
 * </ul>
 */
public final class RocAnalysis {
    private RocAnalysis() {
    }

    /** Sensitivity and specificity at one threshold (score ≥ threshold is called positive). */
    public record OperatingPoint(double threshold, double sensitivity, double specificity, long truePositives,
                                 long falsePositives, long trueNegatives, long falseNegatives) {
        /** Youden's J. */
        public double youden() {
            return sensitivity + specificity - 1;
        }
    }

    /**
     * The analysis.
     *
     * @param positives cases that are positive
     * @param negatives cases that are negative
     * @param auc the AUC, NaN without positives or negatives
     * @param variance DeLong's variance of the AUC (NaN with fewer than two of either class)
     * @param lower lower confidence bound
     * @param upper upper confidence bound
     * @param confidence the two-sided level of the bounds
     * @param curveFalsePositiveRate the curve's x (1 − specificity), from 0
     * @param curveTruePositiveRate the curve's y (sensitivity), from 0
     * @param curveThresholds the threshold of each point (+∞ first)
     * @param atThreshold the operating point at the chosen threshold, or null when none was chosen
     * @param atYouden the operating point maximising Youden's J
     */
    public record Result(int positives, int negatives, double auc, double variance, double lower, double upper,
                         double confidence, double[] curveFalsePositiveRate, double[] curveTruePositiveRate,
                         double[] curveThresholds, OperatingPoint atThreshold, OperatingPoint atYouden) {
        /** DeLong's standard error of the AUC. */
        public double standardError() {
            return Math.sqrt(variance);
        }
    }

    /**
     * Analyses {@code scores} with labels {@code positive}.
     *
     * @param confidence two-sided level of the AUC's interval, e.g. 0.95
     * @param threshold a threshold for {@link Result#atThreshold()}, or empty
     * @throws IllegalArgumentException when the arrays differ in length, a score is not finite, or the level is not in (0, 1)
     */
    public static Result analyse(double[] scores, boolean[] positive, double confidence, OptionalDouble threshold) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException(scores.length + " scores for " + positive.length + " labels");
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        }
        int m = 0;
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is " + scores[i]);
            }
            m += positive[i] ? 1 : 0;
        }
        int n = scores.length - m;
        double[] x = new double[m], y = new double[n];
        for (int i = 0, a = 0, b = 0; i < scores.length; i++) {
            if (positive[i]) {
                x[a++] = scores[i];
            } else {
                y[b++] = scores[i];
            }
        }
        double auc = Double.NaN, variance = Double.NaN, lower = Double.NaN, upper = Double.NaN;
        if (m > 0 && n > 0) {
            double[] both = new double[m + n];
            System.arraycopy(x, 0, both, 0, m);
            System.arraycopy(y, 0, both, m, n);
            double[] tz = midranks(both), tx = midranks(x), ty = midranks(y);
            double sumX = 0;
            double[] v10 = new double[m], v01 = new double[n];
            for (int i = 0; i < m; i++) {
                sumX += tz[i];
                v10[i] = (tz[i] - tx[i]) / n;
            }
            for (int j = 0; j < n; j++) {
                v01[j] = 1.0 - (tz[m + j] - ty[j]) / m;
            }
            auc = (sumX - m * (m + 1.0) / 2.0) / ((double) m * n);
            if (m > 1 && n > 1) {
                variance = sampleVariance(v10) / m + sampleVariance(v01) / n;
                double z = normalQuantile(1 - (1 - confidence) / 2);
                double half = z * Math.sqrt(variance);
                lower = Math.max(0, auc - half);
                upper = Math.min(1, auc + half);
            }
        }
        List<OperatingPoint> curve = curve(scores, positive, m, n);
        double[] fpr = new double[curve.size()], tpr = new double[curve.size()], thresholds = new double[curve.size()];
        OperatingPoint youden = null;
        for (int i = 0; i < curve.size(); i++) {
            OperatingPoint p = curve.get(i);
            fpr[i] = 1 - p.specificity();
            tpr[i] = p.sensitivity();
            thresholds[i] = p.threshold();
            if (youden == null || p.youden() > youden.youden()) {
                youden = p;
            }
        }
        OperatingPoint chosen = threshold.isPresent() ? at(scores, positive, m, n, threshold.getAsDouble()) : null;
        return new Result(m, n, auc, variance, lower, upper, confidence, fpr, tpr, thresholds, chosen, youden);
    }

    /** The operating point at {@code threshold}: a case is called positive when its score is at least the threshold. */
    public static OperatingPoint at(double[] scores, boolean[] positive, double threshold) {
        int m = 0;
        for (boolean p : positive) {
            m += p ? 1 : 0;
        }
        return at(scores, positive, m, positive.length - m, threshold);
    }

    private static OperatingPoint at(double[] scores, boolean[] positive, int m, int n, double threshold) {
        long tp = 0, fp = 0;
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] >= threshold) {
                if (positive[i]) {
                    tp++;
                } else {
                    fp++;
                }
            }
        }
        return point(threshold, tp, fp, m, n);
    }

    private static OperatingPoint point(double threshold, long tp, long fp, int m, int n) {
        return new OperatingPoint(threshold, m == 0 ? Double.NaN : (double) tp / m, n == 0 ? Double.NaN : (double) (n - fp) / n,
                tp, fp, n - fp, m - tp);
    }

    private static List<OperatingPoint> curve(double[] scores, boolean[] positive, int m, int n) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        List<OperatingPoint> points = new ArrayList<>();
        points.add(point(Double.POSITIVE_INFINITY, 0, 0, m, n));
        long tp = 0, fp = 0;
        for (int i = 0; i < order.length; i++) {
            if (positive[order[i]]) {
                tp++;
            } else {
                fp++;
            }
            if (i == order.length - 1 || scores[order[i + 1]] != scores[order[i]]) {
                points.add(point(scores[order[i]], tp, fp, m, n));
            }
        }
        return points;
    }

    /** Ranks 1..n with ties given the mean of the ranks they span. */
    static double[] midranks(double[] values) {
        int n = values.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] ranks = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j < n && values[order[j]] == values[order[i]]) {
                j++;
            }
            double rank = 0.5 * (i + j - 1) + 1;
            for (int k = i; k < j; k++) {
                ranks[order[k]] = rank;
            }
            i = j;
        }
        return ranks;
    }

    private static double sampleVariance(double[] v) {
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= v.length;
        double sum = 0;
        for (double x : v) {
            sum += (x - mean) * (x - mean);
        }
        return sum / (v.length - 1);
    }

    /**
     * The standard normal quantile Φ⁻¹(p) by Wichura's algorithm AS 241 ({@code PPND16}, Applied Statistics 37,
     * 1988), accurate to about 1 part in 10¹⁶.
     *
     * @throws IllegalArgumentException when p is not in (0, 1)
     */
    public static double normalQuantile(double p) {
        if (!(p > 0 && p < 1)) {
            throw new IllegalArgumentException("p must be in (0, 1), got " + p);
        }
        double q = p - 0.5;
        if (Math.abs(q) <= 0.425) {
            double r = 0.180625 - q * q;
            return q * (((((((2.5090809287301226727e+3 * r + 3.3430575583588128105e+4) * r + 6.7265770927008700853e+4) * r
                    + 4.5921953931549871457e+4) * r + 1.3731693765509461125e+4) * r + 1.9715909503065514427e+3) * r
                    + 1.3314166789178437745e+2) * r + 3.3871328727963666080e0)
                    / (((((((5.2264952788528545610e+3 * r + 2.8729085735721942674e+4) * r + 3.9307895800092710610e+4) * r
                    + 2.1213794301586595867e+4) * r + 5.3941960214247511077e+3) * r + 6.8718700749205790830e+2) * r
                    + 4.2313330701600911252e+1) * r + 1.0);
        }
        double r = q < 0 ? p : 1 - p;
        r = Math.sqrt(-Math.log(r));
        double z;
        if (r <= 5.0) {
            r -= 1.6;
            z = (((((((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r + 2.41780725177450611770e-1) * r
                    + 1.27045825245236838258e0) * r + 3.64784832476320460504e0) * r + 5.76949722146069140550e0) * r
                    + 4.63033784615654529590e0) * r + 1.42343711074968357734e0)
                    / (((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r + 1.51986665636164571966e-2) * r
                    + 1.48103976427480074590e-1) * r + 6.89767334985100004550e-1) * r + 1.67638483018380384940e0) * r
                    + 2.05319162663775882187e0) * r + 1.0);
        } else {
            r -= 5.0;
            z = (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 1.24266094738807843860e-3) * r
                    + 2.65321895265761230930e-2) * r + 2.96560571828504891230e-1) * r + 1.78482653991729133580e0) * r
                    + 5.46378491116411436990e0) * r + 6.65790464350110377720e0)
                    / (((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r + 1.84631831751005468180e-5) * r
                    + 7.86869131145613259100e-4) * r + 1.48753612908506148525e-2) * r + 1.36929880922735805310e-1) * r
                    + 5.99832206555887937690e-1) * r + 1.0);
        }
        return q < 0 ? -z : z;
    }
}
