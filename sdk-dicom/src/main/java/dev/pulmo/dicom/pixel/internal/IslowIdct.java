package dev.pulmo.dicom.pixel.internal;

/**
 * The Independent JPEG Group's accurate integer inverse DCT ({@code jidctint.c}, {@code jpeg_idct_islow}; the
 * Loeffler–Ligtenberg–Moschytz algorithm with 13-bit constants), the default of libjpeg, libjpeg-turbo, dcmtk and
 * GDCM. It is reproduced operation for operation, so its roundings are theirs: products in 64-bit arithmetic as
 * libjpeg's {@code INT32} is on 64-bit Linux, the first pass stored in {@code int}s, and the output mapped through the
 * {@link RangeLimit} table. The shortcuts for columns and rows whose AC terms are zero give the same values as the
 * full computation, so they are exact.
 */
final class IslowIdct {
    private static final int CONST_BITS = 13;
    private static final long FIX_0_298631336 = 2446;
    private static final long FIX_0_390180644 = 3196;
    private static final long FIX_0_541196100 = 4433;
    private static final long FIX_0_765366865 = 6270;
    private static final long FIX_0_899976223 = 7373;
    private static final long FIX_1_175875602 = 9633;
    private static final long FIX_1_501321110 = 12299;
    private static final long FIX_1_847759065 = 15137;
    private static final long FIX_1_961570560 = 16069;
    private static final long FIX_2_053119869 = 16819;
    private static final long FIX_2_562915447 = 20995;
    private static final long FIX_3_072711026 = 25172;

    private IslowIdct() {
    }

    /**
     * @param coefficients quantised coefficients, 64 per block in natural (row-major) order
     * @param offset       where the block starts in {@code coefficients}
     * @param quant        the component's quantisation table, natural order
     * @param workspace    72 scratch values
     * @param pass1Bits    2 for 8-bit samples, 1 for 12-bit ({@code PASS1_BITS})
     * @param rangeLimit   {@link RangeLimit#of} the sample precision
     * @param out          the sample plane
     * @param outOffset    where the block's top-left sample goes in {@code out}
     * @param stride       samples per row of {@code out}
     */
    static void transform(short[] coefficients, int offset, int[] quant, long[] workspace, int pass1Bits,
            int[] rangeLimit, int[] out, int outOffset, int stride) {
        int mask = rangeLimit.length - 1;
        int shift1 = CONST_BITS - pass1Bits;
        long round1 = 1L << (shift1 - 1);
        for (int col = 0; col < 8; col++) {
            int in = offset + col;
            if (coefficients[in + 8] == 0 && coefficients[in + 16] == 0 && coefficients[in + 24] == 0
                    && coefficients[in + 32] == 0 && coefficients[in + 40] == 0 && coefficients[in + 48] == 0
                    && coefficients[in + 56] == 0) {
                int value = (int) ((long) coefficients[in] * quant[col] << pass1Bits);
                for (int row = 0; row < 8; row++) {
                    workspace[row * 8 + col] = value;
                }
                continue;
            }
            for (int k = 0; k < 8; k++) {
                workspace[64 + k] = (long) coefficients[in + 8 * k] * quant[col + 8 * k];
            }
            butterflies(workspace, 64, workspace, col, 8, round1, shift1);
        }

        int shift2 = CONST_BITS + pass1Bits + 3;
        long round2 = 1L << (shift2 - 1);
        int dcShift = pass1Bits + 3;
        long dcRound = 1L << (dcShift - 1);
        for (int row = 0; row < 8; row++) {
            int w = row * 8;
            int o = outOffset + row * stride;
            if (workspace[w + 1] == 0 && workspace[w + 2] == 0 && workspace[w + 3] == 0 && workspace[w + 4] == 0
                    && workspace[w + 5] == 0 && workspace[w + 6] == 0 && workspace[w + 7] == 0) {
                int value = rangeLimit[(int) ((workspace[w] + dcRound) >> dcShift) & mask];
                for (int k = 0; k < 8; k++) {
                    out[o + k] = value;
                }
                continue;
            }
            // the row is read whole before it is overwritten in place
            butterflies(workspace, w, workspace, w, 1, round2, shift2);
            for (int k = 0; k < 8; k++) {
                out[o + k] = rangeLimit[(int) workspace[w + k] & mask];
            }
        }
    }

    /**
     * One 8-point pass: the even part on inputs 0, 2, 4, 6 and the odd part on 1, 3, 5, 7, each output descaled
     * (rounded, arithmetic shift) and, for the first pass, truncated to {@code int} as libjpeg's workspace is.
     *
     * @param in        8 inputs from {@code inAt}, consecutive
     * @param out       where the 8 outputs go, {@code outStep} apart from {@code outAt}
     */
    private static void butterflies(long[] in, int inAt, long[] out, int outAt, int outStep, long round, int shift) {
        long z2 = in[inAt + 2];
        long z3 = in[inAt + 6];
        long z1 = (z2 + z3) * FIX_0_541196100;
        long tmp2 = z1 + z3 * -FIX_1_847759065;
        long tmp3 = z1 + z2 * FIX_0_765366865;
        long tmp0 = (in[inAt] + in[inAt + 4]) << CONST_BITS;
        long tmp1 = (in[inAt] - in[inAt + 4]) << CONST_BITS;
        long tmp10 = tmp0 + tmp3;
        long tmp13 = tmp0 - tmp3;
        long tmp11 = tmp1 + tmp2;
        long tmp12 = tmp1 - tmp2;

        tmp0 = in[inAt + 7];
        tmp1 = in[inAt + 5];
        tmp2 = in[inAt + 3];
        tmp3 = in[inAt + 1];
        z1 = tmp0 + tmp3;
        z2 = tmp1 + tmp2;
        z3 = tmp0 + tmp2;
        long z4 = tmp1 + tmp3;
        long z5 = (z3 + z4) * FIX_1_175875602;
        tmp0 *= FIX_0_298631336;
        tmp1 *= FIX_2_053119869;
        tmp2 *= FIX_3_072711026;
        tmp3 *= FIX_1_501321110;
        z1 *= -FIX_0_899976223;
        z2 *= -FIX_2_562915447;
        z3 *= -FIX_1_961570560;
        z4 *= -FIX_0_390180644;
        z3 += z5;
        z4 += z5;
        tmp0 += z1 + z3;
        tmp1 += z2 + z4;
        tmp2 += z2 + z3;
        tmp3 += z1 + z4;

        out[outAt] = (int) ((tmp10 + tmp3 + round) >> shift);
        out[outAt + 7 * outStep] = (int) ((tmp10 - tmp3 + round) >> shift);
        out[outAt + outStep] = (int) ((tmp11 + tmp2 + round) >> shift);
        out[outAt + 6 * outStep] = (int) ((tmp11 - tmp2 + round) >> shift);
        out[outAt + 2 * outStep] = (int) ((tmp12 + tmp1 + round) >> shift);
        out[outAt + 5 * outStep] = (int) ((tmp12 - tmp1 + round) >> shift);
        out[outAt + 3 * outStep] = (int) ((tmp13 + tmp0 + round) >> shift);
        out[outAt + 4 * outStep] = (int) ((tmp13 - tmp0 + round) >> shift);
    }
}
