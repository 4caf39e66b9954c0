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

    static void inverse53(TileDecoder.TileComponent tc, int[] buffer, int stride) {
        int maxLength = Math.max(tc.width, tc.height);
        int[] line = new int[maxLength + 4];
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
                    interleave(buffer, base, 1, width, lowWidth, evenX, line);
                    lift53(line, width, evenX);
                    for (int x = 0; x < width; x++) {
                        buffer[base + x] = line[x];
                    }
                }
            }
            if (height > 0) {
                for (int x = 0; x < width; x++) {
                    interleave(buffer, x, stride, height, lowHeight, evenY, line);
                    lift53(line, height, evenY);
                    for (int y = 0; y < height; y++) {
                        buffer[y * stride + x] = line[y];
                    }
                }
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
            for (int x = 0; x < width; x++) {
                for (int i = 0; i < lowHeight; i++) {
                    line[casY + 2 * i] = buffer[i * stride + x];
                }
                for (int i = 0; i < height - lowHeight; i++) {
                    line[1 - casY + 2 * i] = buffer[(lowHeight + i) * stride + x];
                }
                lift97(line, lowHeight, height - lowHeight, casY);
                for (int y = 0; y < height; y++) {
                    buffer[y * stride + x] = line[y];
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
}
