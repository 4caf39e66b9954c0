package dev.pulmo.evaluation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The counting {@link CocoAccumulation} against a line-by-line transcription of COCOeval's {@code accumulate}
 * (concatenate, mergesort, cumsum with ignored entries kept, envelope, searchsorted, try/except) on random
 * per-image outcomes with many tied scores: the arrays must be identical, bit for bit.
 */
class CocoAccumulationTest {
    private static final double[] REC_THRS = NumpyMath.linspace(0, 1, 101);
    private static final int[] MAX_DETS = {1, 10, 100};
    private static final int T = 4, A = 3, K = 3;

    @Property(tries = 30)
    void countingEqualsTheLiteralTranscription(@ForAll long seed) {
        Random random = new Random(seed);
        List<UnitResult[]> images = new ArrayList<>();
        int imageCount = 1 + random.nextInt(12);
        for (int i = 0; i < imageCount; i++) {
            List<UnitResult> units = new ArrayList<>();
            for (int k = 0; k < K; k++) {
                if (random.nextInt(3) == 0) {
                    continue;
                }
                int d = random.nextInt(random.nextBoolean() ? 4 : 110);
                double[] scores = new double[d];
                for (int r = 0; r < d; r++) {
                    scores[r] = Math.round(random.nextDouble() * 20) / 20.0;
                }
                Arrays.sort(scores);
                for (int r = 0; r < d / 2; r++) {
                    double s = scores[r];
                    scores[r] = scores[d - 1 - r];
                    scores[d - 1 - r] = s;
                }
                byte[] states = new byte[d * A * T];
                int[] notIgnored = new int[A];
                for (int a = 0; a < A; a++) {
                    notIgnored[a] = random.nextInt(4);
                    for (int t = 0; t < T; t++) {
                        // as in real matching, an image has at most as many true positives as ground truth not ignored
                        int truePositives = 0;
                        for (int r = 0; r < d; r++) {
                            int x = random.nextInt(10);
                            byte fate = x < 3 ? UnitResult.TRUE_POSITIVE : x < 8 ? UnitResult.FALSE_POSITIVE : UnitResult.IGNORED;
                            if (fate == UnitResult.TRUE_POSITIVE && truePositives++ >= notIgnored[a]) {
                                fate = UnitResult.FALSE_POSITIVE;
                            }
                            states[(r * A + a) * T + t] = fate;
                        }
                    }
                }
                units.add(new UnitResult(k, scores, states, A, T, notIgnored, 0, 0, new int[d], new int[d]));
            }
            images.add(units.toArray(new UnitResult[0]));
        }
        CocoAccumulation.Arrays5 fast = CocoAccumulation.accumulate(images, K, T, REC_THRS, A, MAX_DETS);
        double[][] literal = literal(images);
        assertThat(fast.precision()).containsExactly(literal[0]);
        assertThat(fast.recall()).containsExactly(literal[1]);
    }

    /** cocoeval.py's accumulate, statement by statement. */
    private static double[][] literal(List<UnitResult[]> images) {
        int R = REC_THRS.length, M = MAX_DETS.length;
        double[] precision = new double[T * R * K * A * M];
        double[] recall = new double[T * K * A * M];
        Arrays.fill(precision, -1);
        Arrays.fill(recall, -1);
        for (int k = 0; k < K; k++) {
            for (int a = 0; a < A; a++) {
                for (int m = 0; m < M; m++) {
                    int maxDet = MAX_DETS[m];
                    List<UnitResult> e = new ArrayList<>();
                    for (UnitResult[] image : images) {
                        for (UnitResult u : image) {
                            if (u.category() == k) {
                                e.add(u);
                            }
                        }
                    }
                    if (e.isEmpty()) {
                        continue;
                    }
                    List<double[]> entries = new ArrayList<>(); // score, unit, rank
                    for (int i = 0; i < e.size(); i++) {
                        for (int r = 0; r < Math.min(maxDet, e.get(i).detections()); r++) {
                            entries.add(new double[] {e.get(i).score(r), i, r});
                        }
                    }
                    Integer[] inds = new Integer[entries.size()];
                    for (int i = 0; i < inds.length; i++) {
                        inds[i] = i;
                    }
                    Arrays.sort(inds, (x, y) -> Double.compare(-entries.get(x)[0], -entries.get(y)[0])); // stable
                    int npig = 0;
                    for (UnitResult u : e) {
                        npig += u.notIgnored(a);
                    }
                    if (npig == 0) {
                        continue;
                    }
                    for (int t = 0; t < T; t++) {
                        int nd = inds.length;
                        double[] tp = new double[nd], fp = new double[nd];
                        double tpSum = 0, fpSum = 0;
                        for (int i = 0; i < nd; i++) {
                            double[] en = entries.get(inds[i]);
                            byte fate = e.get((int) en[1]).state(a, t, (int) en[2]);
                            tpSum += fate == UnitResult.TRUE_POSITIVE ? 1 : 0;
                            fpSum += fate == UnitResult.FALSE_POSITIVE ? 1 : 0;
                            tp[i] = tpSum;
                            fp[i] = fpSum;
                        }
                        double[] rc = new double[nd], pr = new double[nd];
                        for (int i = 0; i < nd; i++) {
                            rc[i] = tp[i] / npig;
                            pr[i] = tp[i] / (fp[i] + tp[i] + Math.ulp(1.0));
                        }
                        recall[((t * K + k) * A + a) * M + m] = nd > 0 ? rc[nd - 1] : 0;
                        for (int i = nd - 1; i > 0; i--) {
                            if (pr[i] > pr[i - 1]) {
                                pr[i - 1] = pr[i];
                            }
                        }
                        double[] q = new double[R];
                        for (int ri = 0; ri < R; ri++) {
                            int pi = 0;
                            while (pi < nd && rc[pi] < REC_THRS[ri]) {
                                pi++;
                            }
                            if (pi >= nd) {
                                break; // IndexError, caught: the rest stay 0
                            }
                            q[ri] = pr[pi];
                        }
                        for (int ri = 0; ri < R; ri++) {
                            precision[(((t * R + ri) * K + k) * A + a) * M + m] = q[ri];
                        }
                    }
                }
            }
        }
        return new double[][] {precision, recall};
    }
}
