package dev.pulmo.dicom.pixel.internal.j2k;

/**
 * Inverse discrete wavelet transforms of 15444-1 Annex F on a tile-component laid out as OpenJPEG lays it:
 * at each level the lower resolution in the top-left corner, HL to its right, LH below, HH diagonal.
 * Each level runs horizontally over the rows, then vertically over the columns (2D_SR, F.3.2).
 *
 * <p>The reversible 5/3 lifting (F.3.8.1) is exact integer arithmetic. The irreversible 9/7 lifting
 * follows OpenJPEG 2.5's {@code opj_v8dwt_decode} operation for operation in single precision: scaling
 * by K and by 1.625732422 (OpenJPEG's historic 2/K, compensated in its step sizes), then the four
 * lifting steps with the constants of Table F.4, with the boundary handling and the early return for
 * signals of one sample it has. Java's float arithmetic is IEEE single precision without fused
 * multiply-add, as OpenJPEG's SSE code is, so the coefficients come out bit for bit equal.
 */
final class Wavelet {
    private static final float ALPHA = -1.586134342f;
    private static final float BETA = -0.052980118f;
    private static final float GAMMA = 0.882911075f;
    private static final float DELTA = 0.443506852f;
    private static final float K = 1.230174105f;
    private static final float TWO_OVER_K = 1.625732422f;

    private Wavelet() {
    }

    /** Columns transformed together by the vertical passes (measured: 64 beats 16 by ~5% on 2048 x 2048). */
    private static final int STRIP = 64;

    static void inverse53(TileDecoder.TileComponent tc, int[] buffer, int stride) {
        int maxLength = Math.max(tc.width, tc.height);
        int[] line = new int[maxLength + 4];
        int[] strip = new int[(maxLength + 4) * STRIP];
        for (int r = 1; r <= tc.top; r++) {
            TileDecoder.Resolution lower = tc.resolutions[r - 1];
            TileDecoder.Resolution res = tc.resolutions[r];
            int width = res.x1 - res.x0;
            int height = res.y1 - res.y0;
            int lowWidth = lower.x1 - lower.x0;
            int lowHeight = lower.y1 - lower.y0;
            int evenX = res.x0 & 1;
            int evenY = res.y0 & 1;
            if (width > 0) {
                for (int y = 0; y < height; y++) {
                    int base = y * stride;
                    if (evenX == 0 && width >= 2) {
                        row53(buffer, base, width, lowWidth, line);
                    } else {
                        interleave(buffer, base, 1, width, lowWidth, evenX, line);
                        lift53(line, width, evenX);
                    }
                    System.arraycopy(line, 0, buffer, base, width);
                }
            }
            if (height > 0) {
                for (int x = 0; x < width; x += STRIP) {
                    int columns = Math.min(STRIP, width - x);
                    if (evenY == 0 && height >= 2) {
                        rows53(buffer, x, stride, lowHeight * stride + x, strip, 0, STRIP, columns, height,
                                lowHeight);
                    } else {
                        for (int i = 0; i < lowHeight; i++) {
                            System.arraycopy(buffer, i * stride + x, strip, (evenY + 2 * i) * STRIP, columns);
                        }
                        for (int i = 0; i < height - lowHeight; i++) {
                            System.arraycopy(buffer, (lowHeight + i) * stride + x, strip,
                                    (1 - evenY + 2 * i) * STRIP, columns);
                        }
                        liftRows53(strip, height, evenY, columns);
                    }
                    for (int y = 0; y < height; y++) {
                        System.arraycopy(strip, y * STRIP, buffer, y * stride + x, columns);
                    }
                }
            }
        }
    }

    /** {@link #rows53} for one row: low samples at base, high ones after them, output in {@code out}. */
    private static void row53(int[] in, int base, int n, int lowCount, int[] out) {
        int highCount = n - lowCount;
        int high = base + lowCount;
        int hPrevious = in[high];
        int ePrevious = in[base] - ((hPrevious + hPrevious + 2) >> 2);
        out[0] = ePrevious;
        for (int i = 1; i < highCount; i++) {
            int h = in[high + i];
            int e = in[base + i] - ((hPrevious + h + 2) >> 2);
            out[2 * i - 1] = hPrevious + ((ePrevious + e) >> 1);
            out[2 * i] = e;
            hPrevious = h;
            ePrevious = e;
        }
        if (lowCount > highCount) {
            int e = in[base + highCount] - ((hPrevious + hPrevious + 2) >> 2);
            out[2 * highCount - 1] = hPrevious + ((ePrevious + e) >> 1);
            out[2 * highCount] = e;
        } else {
            out[2 * highCount - 1] = hPrevious + ((ePrevious + ePrevious) >> 1);
        }
    }

    /**
     * F.3.8.1 for a signal starting on an even position (n ≥ 2), on {@code columns} signals at once: the low
     * samples are vectors at {@code low + i × inStep}, the high ones at {@code high + i × inStep}; the output
     * vector of position p goes to {@code out + p × outStep}. Both lifting steps in one sweep, the
     * symmetric extension done once at each end rather than per sample.
     */
    private static void rows53(int[] in, int low, int inStep, int high, int[] out, int outBase, int outStep,
            int columns, int n, int lowCount) {
        int[] inHigh = in;
        int highCount = n - lowCount;
        for (int j = 0; j < columns; j++) {
            int h = inHigh[high + j];
            out[outBase + j] = in[low + j] - ((h + h + 2) >> 2);
        }
        for (int i = 1; i < highCount; i++) {
            int l = low + i * inStep;
            int hPrevious = high + (i - 1) * inStep;
            int hCurrent = hPrevious + inStep;
            int even = outBase + 2 * i * outStep;
            int odd = even - outStep;
            int evenPrevious = odd - outStep;
            for (int j = 0; j < columns; j++) {
                int hp = inHigh[hPrevious + j];
                int e = in[l + j] - ((hp + inHigh[hCurrent + j] + 2) >> 2);
                out[even + j] = e;
                out[odd + j] = hp + ((out[evenPrevious + j] + e) >> 1);
            }
        }
        int last = high + (highCount - 1) * inStep;
        int oddLast = outBase + (2 * highCount - 1) * outStep;
        int evenBefore = oddLast - outStep;
        if (lowCount > highCount) {
            int l = low + highCount * inStep;
            int evenLast = oddLast + outStep;
            for (int j = 0; j < columns; j++) {
                int h = inHigh[last + j];
                int e = in[l + j] - ((h + h + 2) >> 2);
                out[evenLast + j] = e;
                out[oddLast + j] = h + ((out[evenBefore + j] + e) >> 1);
            }
        } else {
            for (int j = 0; j < columns; j++) {
                int e = out[evenBefore + j];
                out[oddLast + j] = inHigh[last + j] + ((e + e) >> 1);
            }
        }
    }

    /** {@link #lift53} on vectors of {@code columns} samples, STRIP apart. */
    private static void liftRows53(int[] x, int n, int cas, int columns) {
        if (n == 1) {
            if (cas == 1) {
                for (int j = 0; j < columns; j++) {
                    x[j] /= 2;
                }
            }
            return;
        }
        for (int i = cas; i < n; i += 2) {
            int left = (i - 1 >= 0 ? i - 1 : i + 1) * STRIP;
            int right = (i + 1 < n ? i + 1 : i - 1) * STRIP;
            int at = i * STRIP;
            for (int j = 0; j < columns; j++) {
                x[at + j] -= (x[left + j] + x[right + j] + 2) >> 2;
            }
        }
        for (int i = 1 - cas; i < n; i += 2) {
            int left = (i - 1 >= 0 ? i - 1 : i + 1) * STRIP;
            int right = (i + 1 < n ? i + 1 : i - 1) * STRIP;
            int at = i * STRIP;
            for (int j = 0; j < columns; j++) {
                x[at + j] += (x[left + j] + x[right + j]) >> 1;
            }
        }
    }

    /** Low samples from the first {@code lowCount} positions, high from the rest, into 2i+cas / 2i+1−cas. */
    private static void interleave(int[] buffer, int base, int step, int length, int lowCount, int cas, int[] line) {
        for (int i = 0; i < lowCount; i++) {
            line[cas + 2 * i] = buffer[base + i * step];
        }
        for (int i = 0; i < length - lowCount; i++) {
            line[1 - cas + 2 * i] = buffer[base + (lowCount + i) * step];
        }
    }

    /** F.3.8.1 on x[0..n) whose first sample has parity {@code cas}, with symmetric extension. */
    private static void lift53(int[] x, int n, int cas) {
        if (n == 1) {
            if (cas == 1) {
                x[0] /= 2;
            }
            return;
        }
        // even positions of the absolute grid are at indices with (i + cas) even
        int firstEven = cas;
        for (int i = firstEven; i < n; i += 2) {
            int left = i - 1 >= 0 ? x[i - 1] : x[i + 1];
            int right = i + 1 < n ? x[i + 1] : x[i - 1];
            x[i] -= (left + right + 2) >> 2;
        }
        for (int i = 1 - cas; i < n; i += 2) {
            int left = i - 1 >= 0 ? x[i - 1] : x[i + 1];
            int right = i + 1 < n ? x[i + 1] : x[i - 1];
            x[i] += (left + right) >> 1;
        }
    }

    static void inverse97(TileDecoder.TileComponent tc, float[] buffer, int stride) {
        int maxLength = Math.max(tc.width, tc.height);
        float[] line = new float[maxLength + 4];
        float[] strip = new float[(maxLength + 4) * STRIP];
        for (int r = 1; r <= tc.top; r++) {
            TileDecoder.Resolution lower = tc.resolutions[r - 1];
            TileDecoder.Resolution res = tc.resolutions[r];
            int width = res.x1 - res.x0;
            int height = res.y1 - res.y0;
            int lowWidth = lower.x1 - lower.x0;
            int lowHeight = lower.y1 - lower.y0;
            int casX = res.x0 & 1;
            int casY = res.y0 & 1;
            for (int y = 0; y < height; y++) {
                int base = y * stride;
                for (int i = 0; i < lowWidth; i++) {
                    line[casX + 2 * i] = buffer[base + i];
                }
                for (int i = 0; i < width - lowWidth; i++) {
                    line[1 - casX + 2 * i] = buffer[base + lowWidth + i];
                }
                lift97(line, lowWidth, width - lowWidth, casX);
                System.arraycopy(line, 0, buffer, base, width);
            }
            for (int x = 0; x < width; x += STRIP) {
                int columns = Math.min(STRIP, width - x);
                for (int i = 0; i < lowHeight; i++) {
                    System.arraycopy(buffer, i * stride + x, strip, (casY + 2 * i) * STRIP, columns);
                }
                for (int i = 0; i < height - lowHeight; i++) {
                    System.arraycopy(buffer, (lowHeight + i) * stride + x, strip, (1 - casY + 2 * i) * STRIP,
                            columns);
                }
                liftRows97(strip, lowHeight, height - lowHeight, casY, columns);
                for (int y = 0; y < height; y++) {
                    System.arraycopy(strip, y * STRIP, buffer, y * stride + x, columns);
                }
            }
        }
    }

    /** OpenJPEG's opj_v8dwt_decode on one signal: sn low samples at a + 2i, dn high at b + 2i. */
    private static void lift97(float[] x, int sn, int dn, int cas) {
        int a;
        int b;
        if (cas == 0) {
            if (!(dn > 0 || sn > 1)) {
                return;
            }
            a = 0;
            b = 1;
        } else {
            if (!(sn > 0 || dn > 1)) {
                return;
            }
            a = 1;
            b = 0;
        }
        for (int i = 0; i < sn; i++) {
            x[a + 2 * i] *= K;
        }
        for (int i = 0; i < dn; i++) {
            x[b + 2 * i] *= TWO_OVER_K;
        }
        step(x, b, a + 1, sn, Math.min(sn, dn - a), -DELTA);
        step(x, a, b + 1, dn, Math.min(dn, sn - b), -GAMMA);
        step(x, b, a + 1, sn, Math.min(sn, dn - a), -BETA);
        step(x, a, b + 1, dn, Math.min(dn, sn - b), -ALPHA);
    }

    /**
     * opj_v8dwt_decode_step2: for i below min(end, m), x[w + 2i − 1] += (left + x[w + 2i]) × c, left being
     * x[l] for i = 0 and x[w + 2i − 2] after; when m &lt; end the last target gets left × 2c.
     */
    private static void step(float[] x, int l, int w, int end, int m, float c) {
        int limit = Math.min(end, m);
        int left = l;
        int i = 0;
        for (; i < limit; i++) {
            int target = w + 2 * i - 1;
            int right = w + 2 * i;
            x[target] = x[target] + (x[left] + x[right]) * c;
            left = right;
        }
        if (m < end) {
            float twice = c + c;
            int target = w + 2 * i - 1;
            x[target] = x[target] + x[left] * twice;
        }
    }

    /** {@link #lift97} on vectors of {@code columns} samples, STRIP apart: the same operations per sample. */
    private static void liftRows97(float[] x, int sn, int dn, int cas, int columns) {
        int a;
        int b;
        if (cas == 0) {
            if (!(dn > 0 || sn > 1)) {
                return;
            }
            a = 0;
            b = 1;
        } else {
            if (!(sn > 0 || dn > 1)) {
                return;
            }
            a = 1;
            b = 0;
        }
        for (int i = 0; i < sn; i++) {
            int at = (a + 2 * i) * STRIP;
            for (int j = 0; j < columns; j++) {
                x[at + j] *= K;
            }
        }
        for (int i = 0; i < dn; i++) {
            int at = (b + 2 * i) * STRIP;
            for (int j = 0; j < columns; j++) {
                x[at + j] *= TWO_OVER_K;
            }
        }
        stepRows(x, b, a + 1, sn, Math.min(sn, dn - a), -DELTA, columns);
        stepRows(x, a, b + 1, dn, Math.min(dn, sn - b), -GAMMA, columns);
        stepRows(x, b, a + 1, sn, Math.min(sn, dn - a), -BETA, columns);
        stepRows(x, a, b + 1, dn, Math.min(dn, sn - b), -ALPHA, columns);
    }

    /** {@link #step} on vectors of {@code columns} samples, STRIP apart. */
    private static void stepRows(float[] x, int l, int w, int end, int m, float c, int columns) {
        int limit = Math.min(end, m);
        int left = l;
        int i = 0;
        for (; i < limit; i++) {
            int target = (w + 2 * i - 1) * STRIP;
            int right = w + 2 * i;
            int leftAt = left * STRIP;
            int rightAt = right * STRIP;
            for (int j = 0; j < columns; j++) {
                x[target + j] = x[target + j] + (x[leftAt + j] + x[rightAt + j]) * c;
            }
            left = right;
        }
        if (m < end) {
            float twice = c + c;
            int target = (w + 2 * i - 1) * STRIP;
            int leftAt = left * STRIP;
            for (int j = 0; j < columns; j++) {
                x[target + j] = x[target + j] + x[leftAt + j] * twice;
            }
        }
    }
}
