package dev.pulmo.evaluation.internal;

/**
 * The few NumPy routines whose exact floating-point results COCOeval depends on, reproduced operation for
 * operation (NumPy 1.24): {@code linspace} (thresholds are {@code k * step + start}, not {@code k / 100}) and
 * {@code mean} (pairwise summation in blocks of the iterator's 8192-element buffer).
 */
public final class NumpyMath {
    /** NumPy's default iterator buffer size: a reduction sums blocks of this many elements one after another. */
    private static final int BUFFER = 8192;
    /** NumPy's {@code PW_BLOCKSIZE}: below this, eight interleaved partial sums; above, split in halves. */
    private static final int PAIRWISE_BLOCK = 128;

    private NumpyMath() {
    }

    /** {@code numpy.linspace(start, stop, num)} with {@code endpoint=True}. */
    public static double[] linspace(double start, double stop, int num) {
        double[] y = new double[num];
        if (num == 1) {
            y[0] = start;
            return y;
        }
        int div = num - 1;
        double delta = stop - start;
        double step = delta / div;
        for (int k = 0; k < num; k++) {
            y[k] = step == 0 ? k / (double) div * delta + start : k * step + start;
        }
        y[num - 1] = stop;
        return y;
    }

    /** {@code numpy.mean} of {@code values[0 .. n)}: {@code numpy.add.reduce} then one division. */
    public static double mean(double[] values, int n) {
        double sum = 0;
        for (int from = 0; from < n; from += BUFFER) {
            sum += pairwise(values, from, Math.min(BUFFER, n - from));
        }
        return sum / n;
    }

    /** NumPy's {@code pairwise_sum_DOUBLE}. */
    static double pairwise(double[] a, int from, int n) {
        if (n < 8) {
            double res = 0.;
            for (int i = 0; i < n; i++) {
                res += a[from + i];
            }
            return res;
        } else if (n <= PAIRWISE_BLOCK) {
            double[] r = new double[8];
            System.arraycopy(a, from, r, 0, 8);
            int i;
            for (i = 8; i < n - (n % 8); i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] += a[from + i + j];
                }
            }
            double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                res += a[from + i];
            }
            return res;
        } else {
            int n2 = n / 2;
            n2 -= n2 % 8;
            return pairwise(a, from, n2) + pairwise(a, from + n2, n - n2);
        }
    }
}
