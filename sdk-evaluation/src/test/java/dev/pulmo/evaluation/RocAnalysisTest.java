package dev.pulmo.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.io.IOException;
import java.util.Arrays;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link RocAnalysis}: DeLong's variance on an example worked by hand with fractions, against the spread of
 * bootstrapped AUCs and the coverage of its interval on generated binormal data, and the normal quantile against
 * SciPy.
 */
class RocAnalysisTest {

    @Test
    void delongWorkedByHand() {
        // positives 0.9, 0.8, 0.4; negatives 0.7, 0.4, 0.2, 0.1
        double[] scores = {0.9, 0.7, 0.8, 0.4, 0.4, 0.2, 0.1};
        boolean[] positive = {true, false, true, true, false, false, false};
        RocAnalysis.Result r = RocAnalysis.analyse(scores, positive, 0.95, OptionalDouble.of(0.5));
        // psi rows: 0.9 -> 1,1,1,1; 0.8 -> 1,1,1,1; 0.4 -> 0,.5,1,1: AUC = 10.5 / 12
        assertThat(r.auc()).isEqualTo(0.875);
        // V10 = 1, 1, 5/8: S10 = 3/64; V01 = 2/3, 5/6, 1, 1: S01 = 11/432; var = S10/3 + S01/4 = 19/864
        assertThat(r.variance()).isCloseTo(19.0 / 864, offset(1e-15));
        double half = 1.959963984540054 * Math.sqrt(19.0 / 864);
        assertThat(r.lower()).isCloseTo(0.875 - half, offset(1e-12));
        assertThat(r.upper()).isEqualTo(1.0); // 0.875 + 0.29 clipped
        assertThat(r.positives()).isEqualTo(3);
        assertThat(r.negatives()).isEqualTo(4);
        // threshold 0.5: 0.9 and 0.8 called positive, and 0.7
        assertThat(r.atThreshold().sensitivity()).isEqualTo(2.0 / 3);
        assertThat(r.atThreshold().specificity()).isEqualTo(0.75);
        assertThat(r.atThreshold().falsePositives()).isEqualTo(1);
        // Youden: J = 1/3, 2/3, 5/12, 1/2, 1/4, 0 at 0.9, 0.8, 0.7, 0.4, 0.2, 0.1 -> 0.8
        assertThat(r.atYouden().threshold()).isEqualTo(0.8);
        assertThat(r.atYouden().youden()).isCloseTo(2.0 / 3, offset(1e-15));
        assertThat(r.curveFalsePositiveRate()).containsExactly(0, 0, 0, 0.25, 0.5, 0.75, 1);
        assertThat(r.curveTruePositiveRate()).containsExactly(0, 1.0 / 3, 2.0 / 3, 2.0 / 3, 1, 1, 1);
    }

    @Test
    void degenerateInputsGiveNaNNotErrors() {
        RocAnalysis.Result onlyPositives = RocAnalysis.analyse(new double[] {0.2, 0.4}, new boolean[] {true, true}, 0.95,
                OptionalDouble.empty());
        assertThat(onlyPositives.auc()).isNaN();
        RocAnalysis.Result single = RocAnalysis.analyse(new double[] {0.2, 0.4}, new boolean[] {true, false}, 0.95,
                OptionalDouble.empty());
        assertThat(single.auc()).isZero();
        assertThat(single.variance()).isNaN();
    }

    @Test
    void delongStandardErrorMatchesTheSpreadOfBootstrappedAucs() {
        Random random = new Random(11);
        int m = 150, n = 250;
        double[] x = new double[m], y = new double[n];
        for (int i = 0; i < m; i++) {
            x[i] = random.nextGaussian() + 1;
        }
        for (int j = 0; j < n; j++) {
            y[j] = random.nextGaussian();
        }
        double se = analyse(x, y).standardError();
        int samples = 3000;
        double[] aucs = new double[samples];
        double[] bx = new double[m], by = new double[n];
        for (int b = 0; b < samples; b++) {
            for (int i = 0; i < m; i++) {
                bx[i] = x[random.nextInt(m)];
            }
            for (int j = 0; j < n; j++) {
                by[j] = y[random.nextInt(n)];
            }
            aucs[b] = bruteForceAuc(bx, by);
        }
        double mean = Arrays.stream(aucs).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(aucs).map(a -> (a - mean) * (a - mean)).sum() / (samples - 1));
        assertThat(sd / se).as("bootstrap SD %s vs DeLong SE %s", sd, se).isBetween(0.9, 1.1);
    }

    @Test
    void delongIntervalCoversTheTrueAucAboutAsOftenAsItSays() {
        Random random = new Random(5);
        double trueAuc = 0.7602499389065233; // Phi(1 / sqrt(2)) for N(1, 1) against N(0, 1)
        int covered = 0, runs = 400;
        for (int run = 0; run < runs; run++) {
            double[] x = new double[80], y = new double[80];
            for (int i = 0; i < 80; i++) {
                x[i] = random.nextGaussian() + 1;
                y[i] = random.nextGaussian();
            }
            RocAnalysis.Result r = analyse(x, y);
            assertThat(r.auc()).isEqualTo(bruteForceAuc(x, y));
            covered += r.lower() <= trueAuc && trueAuc <= r.upper() ? 1 : 0;
        }
        assertThat(covered / (double) runs).isBetween(0.91, 0.98);
    }

    @Test
    void normalQuantileEqualsScipy() throws IOException, InterruptedException {
        assertThat(RocAnalysis.normalQuantile(0.975)).isCloseTo(1.959963984540054, offset(1e-15));
        Process probe = new ProcessBuilder("/usr/bin/python3", "-c", "import scipy.stats").redirectErrorStream(true).start();
        probe.getInputStream().readAllBytes();
        Assumptions.assumeTrue(probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0,
                "needs /usr/bin/python3 with scipy (Debian python3-scipy)");
        double[] ps = {1e-300, 1e-20, 1e-8, 0.001, 0.025, 0.05, 0.1, 0.3, 0.5, 0.574, 0.9, 0.95, 0.975, 0.995, 1 - 1e-12};
        StringBuilder list = new StringBuilder();
        for (double p : ps) {
            list.append(Double.toString(p)).append(',');
        }
        Process p = new ProcessBuilder("/usr/bin/python3", "-c",
                "from scipy.stats import norm\nfor p in [" + list + "]: print(norm.ppf(p).hex())")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String[] lines = new String(p.getInputStream().readAllBytes()).strip().split("\n");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < ps.length; i++) {
            double expected = Double.parseDouble(lines[i]);
            assertThat(RocAnalysis.normalQuantile(ps[i])).as("quantile of %s", ps[i])
                    .isCloseTo(expected, offset(Math.abs(expected) * 1e-14 + 1e-15));
        }
    }

    private static RocAnalysis.Result analyse(double[] x, double[] y) {
        double[] scores = new double[x.length + y.length];
        boolean[] positive = new boolean[scores.length];
        System.arraycopy(x, 0, scores, 0, x.length);
        System.arraycopy(y, 0, scores, x.length, y.length);
        Arrays.fill(positive, 0, x.length, true);
        return RocAnalysis.analyse(scores, positive, 0.95, OptionalDouble.empty());
    }

    private static double bruteForceAuc(double[] x, double[] y) {
        double sum = 0;
        for (double a : x) {
            for (double b : y) {
                sum += a > b ? 1 : a == b ? 0.5 : 0;
            }
        }
        return sum / ((double) x.length * y.length);
    }
}
