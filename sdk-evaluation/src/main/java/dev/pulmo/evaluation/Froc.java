package dev.pulmo.evaluation;

import dev.pulmo.evaluation.internal.NumpyMath;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * FROC (free-response ROC) of lesion detection as the LUNA16 challenge defines it (Setio et al., Medical Image
 * Analysis 42, 2017, and its evaluation script {@code noduleCADEvaluationLUNA16.py}):
 * <ul>
 *   <li>A candidate (a point with a score) hits a lesion when its squared distance to the lesion's centre is below
 *   the squared radius ({@code dist² < r²}, all in mm). A lesion hit by one or more candidates counts once, as a true
 *   positive with the highest score among them; its other hits are neither true nor false positives. A candidate
 *   that hits no lesion is a false positive. A candidate on a lesion marked {@linkplain Lesion#excluded() excluded}
 *   (an irrelevant finding) is ignored.</li>
 *   <li>The curve: for each distinct score (descending), sensitivity = found lesions scoring at least that / all
 *   lesions (missed lesions included), and false positives per scan = false positives scoring at least that / scans,
 *   starting at (0, 0); computed with the script's expressions ({@code fpr · FP / scans}, {@code tpr · TP / lesions}).</li>
 *   <li>Sensitivity at 1/8, 1/4, 1/2, 1, 2, 4 and 8 false positives per scan by linear interpolation of the curve
 *   ({@code numpy.interp}: at a rate the curve reaches exactly, its highest sensitivity there; past its end, its last
 *   sensitivity), and their mean, the challenge's score (CPM).</li>
 *   <li>Confidence intervals by bootstrap as the script's {@code computeFROC_bootstrap}, but over <em>patients</em>
 *   (all scans of a drawn patient go together, so a patient's scans are never split), seeded, each sample's
 *   false-positive rate divided by its own number of scans; bounds are the sorted samples at
 *   {@code floor(α/2 · n)} and {@code floor((1 − α/2) · n)}, as the script's {@code compute_mean_ci}. A sample
 *   whose patients have no lesion has no sensitivity; it is drawn (so the draws stay the same) but not counted.</li>
 * </ul>
 * The script's cap on candidates per scan ({@code maxNumberOfCADMarks}, 100 in its {@code noduleCADEvaluation}) is
 * applied only when asked ({@link #compute(List, Bootstrap, int)} with {@link #LUNA16_MAX_CANDIDATES_PER_SCAN}): it
 * suits 3-D candidates, one per suspected nodule, and would cut a 2-D detector's marks slice after slice. Where the
 * script divides by zero, here: a run without lesions has no FROC ({@link #compute} returns a result with
 * {@code lesions() == 0} and NaN sensitivities); a run whose lesions are all missed has sensitivity 0 everywhere
 * (the script's is NaN, from {@code roc_curve} without positives).
 */
public final class Froc {
    /** The false-positive rates of the LUNA16 score, per scan. */
    public static final double[] FP_RATES = {0.125, 0.25, 0.5, 1, 2, 4, 8};
    /** The cap on candidates per scan of LUNA16's evaluation script ({@code noduleCADEvaluation}: 100). */
    public static final int LUNA16_MAX_CANDIDATES_PER_SCAN = 100;

    private Froc() {
    }

    /** A lesion (nodule): its centre and radius in mm. */
    public record Lesion(double x, double y, double z, double radius, boolean excluded) {
        public Lesion {
            if (!(radius > 0)) {
                throw new IllegalArgumentException("a lesion's radius must be positive, got " + radius);
            }
        }
    }

    /** A candidate mark: a point in mm and the model's score. */
    public record Candidate(double x, double y, double z, double score) {
    }

    /** One scan (series) of one patient: its lesions and the model's candidates. */
    public record Scan(String id, String patientId, List<Lesion> lesions, List<Candidate> candidates) {
        public Scan {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(patientId, "patientId");
            lesions = List.copyOf(lesions);
            candidates = List.copyOf(candidates);
        }
    }

    /** Bootstrap settings: samples (0 for none), seed, and the two-sided confidence level. */
    public record Bootstrap(int samples, long seed, double confidence) {
        public Bootstrap {
            if (samples < 0 || !(confidence > 0 && confidence < 1)) {
                throw new IllegalArgumentException("bootstrap needs samples >= 0 and a confidence in (0, 1)");
            }
        }

        /** LUNA16's: 1000 samples, 95 %. */
        public static Bootstrap luna16(long seed) {
            return new Bootstrap(1000, seed, 0.95);
        }
    }

    /** A bootstrap interval: the mean of the samples and the bounds. */
    public record Interval(double mean, double lower, double upper) {
    }

    /**
     * The FROC of {@code scans} with at most {@code maxCandidatesPerScan} candidates per scan, cut as LUNA16's script
     * cuts them: a scan with more keeps the candidates scoring strictly above its ({@code max} + 1)-th highest score
     * (so candidates tied at that score all go, and a scan may keep fewer than the cap).
     *
     * @param maxCandidatesPerScan the cap, or 0 for none
     */
    public static FrocResult compute(List<Scan> scans, Bootstrap bootstrap, int maxCandidatesPerScan) {
        if (maxCandidatesPerScan < 0) {
            throw new IllegalArgumentException("the cap on candidates per scan must be 0 (none) or more, got " + maxCandidatesPerScan);
        }
        return compute(maxCandidatesPerScan == 0 ? scans : scans.stream().map(s -> capped(s, maxCandidatesPerScan)).toList(), bootstrap);
    }

    private static Scan capped(Scan scan, int max) {
        List<Candidate> candidates = scan.candidates();
        if (candidates.size() <= max) {
            return scan;
        }
        double[] scores = candidates.stream().mapToDouble(Candidate::score).sorted().toArray();
        double threshold = scores[scores.length - 1 - max]; // the (max + 1)-th highest
        return new Scan(scan.id(), scan.patientId(), scan.lesions(), candidates.stream().filter(c -> c.score() > threshold).toList());
    }

    /**
     * The FROC of {@code scans}, every candidate counted.
     *
     * @param bootstrap resampling of patients for the confidence intervals
     */
    public static FrocResult compute(List<Scan> scans, Bootstrap bootstrap) {
        List<ScanEntries> entries = scans.stream().map(Froc::entries).toList();
        Curve curve = curve(entries, scans.size());
        double[] at = curve.sensitivityAt(FP_RATES);
        double cpm = mean(at);
        int lesions = 0, found = 0, falsePositives = 0, ignored = 0, candidates = 0;
        for (ScanEntries e : entries) {
            lesions += e.lesions;
            found += e.truePositives.length;
            falsePositives += e.falsePositives.length;
            ignored += e.ignored;
        }
        for (Scan s : scans) {
            candidates += s.candidates().size();
        }
        double[] bandRates = NumpyMath.linspace(Math.log(FP_RATES[0]), Math.log(FP_RATES[FP_RATES.length - 1]), 61);
        for (int i = 0; i < bandRates.length; i++) {
            bandRates[i] = Math.exp(bandRates[i]);
        }
        Interval[] atCi = null;
        Interval cpmCi = null;
        int samplesUsed = 0;
        double[] bandLow = null, bandHigh = null;
        if (bootstrap.samples() > 0 && lesions > 0) {
            Map<String, List<Integer>> byPatient = new LinkedHashMap<>();
            for (int i = 0; i < scans.size(); i++) {
                byPatient.computeIfAbsent(scans.get(i).patientId(), p -> new ArrayList<>()).add(i);
            }
            List<List<Integer>> patients = new ArrayList<>(byPatient.values());
            int n = bootstrap.samples();
            // Draws are made in sequence from one seeded generator, so results do not depend on the thread count.
            SplittableRandom random = new SplittableRandom(bootstrap.seed());
            int[][] draws = new int[n][patients.size()];
            for (int[] draw : draws) {
                for (int j = 0; j < draw.length; j++) {
                    draw[j] = random.nextInt(patients.size());
                }
            }
            double[][] atSample = new double[FP_RATES.length + 1][n];
            double[][] bandSample = new double[bandRates.length][n];
            boolean[] usable = new boolean[n];
            IntStream.range(0, n).parallel().forEach(b -> {
                List<ScanEntries> sample = new ArrayList<>();
                int sampleLesions = 0;
                for (int p : draws[b]) {
                    for (int s : patients.get(p)) {
                        sample.add(entries.get(s));
                        sampleLesions += entries.get(s).lesions;
                    }
                }
                // a sample of patients without lesions has no sensitivity: it is drawn but not counted
                usable[b] = sampleLesions > 0;
                if (!usable[b]) {
                    return;
                }
                Curve c = curve(sample, sample.size());
                double[] sens = c.sensitivityAt(FP_RATES);
                for (int i = 0; i < sens.length; i++) {
                    atSample[i][b] = sens[i];
                }
                atSample[FP_RATES.length][b] = mean(sens);
                double[] band = c.sensitivityAt(bandRates);
                for (int i = 0; i < band.length; i++) {
                    bandSample[i][b] = band[i];
                }
            });
            for (boolean u : usable) {
                samplesUsed += u ? 1 : 0;
            }
            if (samplesUsed > 0) {
                atCi = new Interval[FP_RATES.length];
                for (int i = 0; i < FP_RATES.length; i++) {
                    atCi[i] = interval(only(atSample[i], usable, samplesUsed), bootstrap.confidence());
                }
                cpmCi = interval(only(atSample[FP_RATES.length], usable, samplesUsed), bootstrap.confidence());
                bandLow = new double[bandRates.length];
                bandHigh = new double[bandRates.length];
                for (int i = 0; i < bandRates.length; i++) {
                    Interval band = interval(only(bandSample[i], usable, samplesUsed), bootstrap.confidence());
                    bandLow[i] = band.lower();
                    bandHigh[i] = band.upper();
                }
            }
        }
        return new FrocResult(scans.size(), lesions, found, candidates, falsePositives, ignored, curve.fps, curve.sensitivity,
                curve.thresholds, at, cpm, atCi, cpmCi, bandRates, curve.sensitivityAt(bandRates), bandLow, bandHigh, bootstrap,
                samplesUsed);
    }

    private static double[] only(double[] values, boolean[] keep, int count) {
        double[] out = new double[count];
        for (int i = 0, n = 0; i < values.length; i++) {
            if (keep[i]) {
                out[n++] = values[i];
            }
        }
        return out;
    }

    /** LUNA16's {@code compute_mean_ci}: mean, and the sorted samples at floor(p · n). */
    private static Interval interval(double[] samples, double confidence) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        double tail = (1.0 - confidence) / 2.0;
        int n = sorted.length;
        return new Interval(NumpyMath.mean(sorted, n), sorted[Math.min(n - 1, (int) Math.floor(tail * n))],
                sorted[Math.min(n - 1, (int) Math.floor((1.0 - tail) * n))]);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    /** A scan's FROC entries: the scores of found lesions, of false positives, and the lesion count. */
    private record ScanEntries(int lesions, double[] truePositives, double[] falsePositives, int ignored) {
    }

    private static ScanEntries entries(Scan scan) {
        List<Candidate> candidates = scan.candidates();
        boolean[] hitsSomething = new boolean[candidates.size()];
        List<Double> truePositives = new ArrayList<>();
        int included = 0, hits = 0;
        for (Lesion lesion : scan.lesions()) {
            double r2 = Math.pow(lesion.radius(), 2.0);
            double best = Double.NEGATIVE_INFINITY;
            boolean found = false;
            for (int i = 0; i < candidates.size(); i++) {
                Candidate c = candidates.get(i);
                double dist = Math.pow(lesion.x() - c.x(), 2.) + Math.pow(lesion.y() - c.y(), 2.) + Math.pow(lesion.z() - c.z(), 2.);
                if (dist < r2) {
                    hitsSomething[i] = true;
                    if (!lesion.excluded()) {
                        found = true;
                        hits++;
                        best = Math.max(best, c.score());
                    }
                }
            }
            if (!lesion.excluded()) {
                included++;
                if (found) {
                    truePositives.add(best);
                }
            }
        }
        List<Double> falsePositives = new ArrayList<>();
        int ignored = 0;
        for (int i = 0; i < candidates.size(); i++) {
            if (hitsSomething[i]) {
                ignored++;
            } else {
                falsePositives.add(candidates.get(i).score());
            }
        }
        ignored -= truePositives.size();
        return new ScanEntries(included, truePositives.stream().mapToDouble(Double::doubleValue).toArray(),
                falsePositives.stream().mapToDouble(Double::doubleValue).toArray(), Math.max(0, ignored));
    }

    /** The FROC curve: points at each distinct score, descending, after (0, 0). */
    private record Curve(double[] fps, double[] sensitivity, double[] thresholds) {
        double[] sensitivityAt(double[] rates) {
            double[] out = new double[rates.length];
            for (int i = 0; i < rates.length; i++) {
                out[i] = interp(rates[i], fps, sensitivity);
            }
            return out;
        }
    }

    private static Curve curve(List<ScanEntries> entries, int scans) {
        int lesions = 0, tpCount = 0, fpCount = 0;
        for (ScanEntries e : entries) {
            lesions += e.lesions;
            tpCount += e.truePositives.length;
            fpCount += e.falsePositives.length;
        }
        double[] score = new double[tpCount + fpCount];
        boolean[] positive = new boolean[score.length];
        int n = 0;
        for (ScanEntries e : entries) {
            for (double s : e.truePositives) {
                positive[n] = true;
                score[n++] = s;
            }
            for (double s : e.falsePositives) {
                score[n++] = s;
            }
        }
        Integer[] order = new Integer[score.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        List<double[]> points = new ArrayList<>();
        points.add(new double[] {0, 0, Double.POSITIVE_INFINITY});
        int tp = 0, fp = 0;
        for (int i = 0; i < order.length; i++) {
            if (positive[order[i]]) {
                tp++;
            } else {
                fp++;
            }
            if (i == order.length - 1 || score[order[i + 1]] != score[order[i]]) {
                points.add(new double[] {tp, fp, score[order[i]]});
            }
        }
        double[] fps = new double[points.size()], sens = new double[points.size()], thresholds = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            double[] p = points.get(i);
            // sklearn's roc_curve rates, then the script's scaling: fps = fpr * (candidates - detected) / scans
            double fpr = fpCount == 0 ? 0 : p[1] / fpCount;
            double tpr = tpCount == 0 ? 0 : p[0] / tpCount;
            fps[i] = fpCount == 0 ? 0 : fpr * fpCount / scans;
            sens[i] = lesions == 0 ? Double.NaN : tpr * tpCount / lesions;
            thresholds[i] = p[2];
        }
        return new Curve(fps, sens, thresholds);
    }

    /** {@code numpy.interp(x, xp, fp)} for a non-decreasing {@code xp} that may repeat values. */
    static double interp(double x, double[] xp, double[] fp) {
        int n = xp.length;
        if (x < xp[0]) {
            return fp[0];
        }
        if (x >= xp[n - 1]) {
            return fp[n - 1];
        }
        // the last j with xp[j] <= x
        int lo = 0, hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (x >= xp[mid]) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int j = lo - 1;
        if (xp[j] == x) {
            return fp[j];
        }
        double slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
        return slope * (x - xp[j]) + fp[j];
    }
}
