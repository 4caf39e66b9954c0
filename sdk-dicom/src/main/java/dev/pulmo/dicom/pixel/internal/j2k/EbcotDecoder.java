package dev.pulmo.dicom.pixel.internal.j2k;

import java.util.Arrays;

/**
 * The Part 1 code-block decoder (15444-1 Annex D): the MQ decoder of Annex C, significance propagation,
 * magnitude refinement and cleanup passes with the context models of D.3, and the code-block styles of
 * Table A.19 (selective arithmetic-coding bypass, reset, termination on each pass, vertically causal
 * contexts, predictable termination, segmentation symbols). One instance decodes many code-blocks;
 * it is not thread-safe.
 *
 * <p>Values come out as OpenJPEG's t1 keeps them: twice the magnitude plus the reconstruction half-bit,
 * signed; {@link TileDecoder} halves them (5/3) or scales them by half the step size (9/7).
 *
 * <p>Speed, as fast decoders (OpenJPEG's t1, Kakadu) do it: the state of a stripe column (four samples of
 * one column, D.3's scan unit) and of its neighbourhood is one int, so each pass tests one word per
 * column and skips empty columns at once; the MQ registers A, C and CT are local variables of the pass
 * loops (only byte input leaves them); segments are copied into a buffer ending in two 0xFF bytes, so
 * reading past a segment needs no bounds test (C.3.4 feeds 1-bits there).
 */
final class EbcotDecoder {
    /*
     * Flag word of a stripe column. Bits 0-17: significance of a window 3 columns wide and 6 rows high,
     * row r (0 the row above the stripe, 1-4 the stripe's samples 0-3, 5 the row below) and column c
     * (0 west, 1 this column, 2 east) at bit 3r + c; so sample k's 3 x 3 neighbourhood is (word >>> 3k) &
     * 0x1FF with itself at bit 4. Bits 18-23: sign (negative) of this column's rows 0-5. Bits 24-27:
     * sample k already refined once (MU). Bits 28-31: sample k visited by this bit-plane's significance
     * pass (PI).
     */
    private static final int SIGMA_SELF = 1 << 4;
    /** The stripe's own four samples. */
    private static final int SIGMA_OWN = SIGMA_SELF | SIGMA_SELF << 3 | SIGMA_SELF << 6 | SIGMA_SELF << 9;
    /** A sample's eight neighbours in its window. */
    private static final int NEIGHBOURS = 0x1EF;
    private static final int CHI = 18;
    private static final int MU = 24;
    private static final int PI = 28;
    private static final int PI_ALL = 0xF << PI;

    private static final int CTX_RUN = 17;
    private static final int CTX_UNIFORM = 18;
    private static final int CONTEXTS = 19;

    /** Zero-coding contexts (Table D.1) indexed by orientation class and the 3 x 3 window (centre 0). */
    private static final byte[][] ZERO_CODING = new byte[3][512];
    /**
     * Sign contexts (Table D.3): bits 0-4 the context, bit 5 the XOR bit; indexed by 8 bits: significance of
     * N, S, W, E (bits 0-3), then their signs (bits 4-7).
     */
    private static final byte[] SIGN_CODING = new byte[256];

    // Annex C, Table C.2: Qe, NMPS, NLPS, SWITCH
    private static final int[] QE = {0x5601, 0x3401, 0x1801, 0x0AC1, 0x0521, 0x0221, 0x5601, 0x5401, 0x4801, 0x3801,
        0x3001, 0x2401, 0x1C01, 0x1601, 0x5601, 0x5401, 0x5101, 0x4801, 0x3801, 0x3401, 0x3001, 0x2801, 0x2401,
        0x2201, 0x1C01, 0x1801, 0x1601, 0x1401, 0x1201, 0x1101, 0x0AC1, 0x09C1, 0x08A1, 0x0521, 0x0441, 0x02A1,
        0x0221, 0x0141, 0x0111, 0x0085, 0x0049, 0x0025, 0x0015, 0x0009, 0x0005, 0x0001, 0x5601};
    private static final int[] NMPS = {1, 2, 3, 4, 5, 38, 7, 8, 9, 10, 11, 12, 13, 29, 15, 16, 17, 18, 19, 20, 21, 22,
        23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 45, 46};
    private static final int[] NLPS = {1, 6, 9, 12, 29, 33, 6, 14, 14, 14, 17, 18, 20, 21, 14, 14, 15, 16, 17, 18, 19,
        19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 46};
    private static final int[] SWITCH = {1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    /**
     * Per state and MPS (index 2 × state + mps), the word a context holds: Qe (bits 0-15), the index after an
     * MPS (bits 16-22), the MPS (bit 23) and the index after an LPS (bits 24-30, the MPS switch folded in).
     */
    private static final int[] TRANSITION = new int[94];

    static {
        for (int s = 0; s < 47; s++) {
            for (int mps = 0; mps < 2; mps++) {
                int nextMps = 2 * NMPS[s] + mps;
                int nextLps = 2 * NLPS[s] + (SWITCH[s] == 1 ? 1 - mps : mps);
                TRANSITION[2 * s + mps] = QE[s] | nextMps << 16 | mps << 23 | nextLps << 24;
            }
        }
        for (int window = 0; window < 512; window++) {
            if ((window & SIGMA_SELF) != 0) {
                continue;
            }
            int h = (window >> 3 & 1) + (window >> 5 & 1);
            int v = (window >> 1 & 1) + (window >> 7 & 1);
            int d = (window & 1) + (window >> 2 & 1) + (window >> 6 & 1) + (window >> 8 & 1);
            ZERO_CODING[0][window] = (byte) zeroCodingLlLh(h, v, d);
            ZERO_CODING[1][window] = (byte) zeroCodingLlLh(v, h, d);
            ZERO_CODING[2][window] = (byte) zeroCodingHh(h + v, d);
        }
        for (int bits = 0; bits < 256; bits++) {
            int sigN = bits & 1;
            int sigS = (bits >> 1) & 1;
            int sigW = (bits >> 2) & 1;
            int sigE = (bits >> 3) & 1;
            int negN = (bits >> 4) & 1;
            int negS = (bits >> 5) & 1;
            int negW = (bits >> 6) & 1;
            int negE = (bits >> 7) & 1;
            int hc = Math.max(-1, Math.min(1, contribution(sigW, negW) + contribution(sigE, negE)));
            int vc = Math.max(-1, Math.min(1, contribution(sigN, negN) + contribution(sigS, negS)));
            int context;
            int xor = 0;
            if (hc < 0) {
                xor = 1;
                hc = -hc;
                vc = -vc;
            }
            if (hc == 0 && vc < 0) {
                xor = 1;
                vc = -vc;
            }
            if (hc == 1) {
                context = vc == 1 ? 13 : vc == 0 ? 12 : 11;
            } else {
                context = vc == 1 ? 10 : 9;
            }
            SIGN_CODING[bits] = (byte) (context | xor << 5);
        }
    }

    private static int contribution(int significant, int negative) {
        return significant == 0 ? 0 : negative == 1 ? -1 : 1;
    }

    private static int zeroCodingLlLh(int h, int v, int d) {
        if (h == 2) {
            return 8;
        }
        if (h == 1) {
            return v >= 1 ? 7 : d >= 1 ? 6 : 5;
        }
        if (v == 2) {
            return 4;
        }
        if (v == 1) {
            return 3;
        }
        return d >= 2 ? 2 : d;
    }

    private static int zeroCodingHh(int hv, int d) {
        if (d >= 3) {
            return 8;
        }
        if (d == 2) {
            return hv >= 1 ? 7 : 6;
        }
        if (d == 1) {
            return hv >= 2 ? 5 : hv == 1 ? 4 : 3;
        }
        return hv >= 2 ? 2 : hv;
    }

    private int[] data = new int[64 * 64];
    private int[] flags = new int[66 * 18];
    /**
     * Per stripe, one bit per column (64 columns a word): the column still has a sample that is not
     * significant. Only the cleanup pass clears a bit, after it has cleared the column's PI bits, so the
     * significance and cleanup passes skip the other columns without looking at them.
     */
    private long[] open = new long[16];
    /** Words of {@link #open} per stripe. */
    private int openStride;
    /** Each context's TRANSITION word (its state and MPS). */
    private final int[] contextState = new int[CONTEXTS];
    private int width;
    private int height;
    /** Flag words per stripe: width + 2 (a guard column each side; a guard stripe above and below). */
    private int flagStride;
    private byte[] zeroCoding;
    private boolean verticallyCausal;

    /** The current segment's bytes followed by two 0xFF bytes. */
    private byte[] buffer = new byte[8192];
    /** Index in {@link #buffer} of the byte last read into C (BP of C.3). */
    private int position;
    // MQ registers between passes (C.3); the passes keep them in local variables
    private int a;
    private int c;
    private int ct;

    /**
     * @return the code-block's values (width × height, row-major, doubled magnitudes with sign), or null
     *         when nothing was coded
     */
    int[] decode(CodeBlock block, TileDecoder.Band band, int style, int regionShift) {
        width = block.width();
        height = block.height();
        int count = width * height;
        if (data.length < count) {
            data = new int[count];
        }
        Arrays.fill(data, 0, count, 0);
        flagStride = width + 2;
        int flagCount = flagStride * ((height + 3) / 4 + 2);
        if (flags.length < flagCount) {
            flags = new int[flagCount];
        }
        Arrays.fill(flags, 0, flagCount, 0);
        int stripes = (height + 3) / 4;
        openStride = (width + 63) >> 6;
        if (open.length < stripes * openStride) {
            open = new long[stripes * openStride];
        }
        for (int s = 0; s < stripes; s++) {
            for (int i = 0; i < openStride; i++) {
                int columns = Math.min(64, width - 64 * i);
                open[s * openStride + i] = columns == 64 ? -1L : (1L << columns) - 1;
            }
        }
        zeroCoding = ZERO_CODING[band.orientation == 3 ? 2 : band.orientation == 1 ? 1 : 0];
        verticallyCausal = (style & CodingParameters.STYLE_VSC) != 0;
        int codedPlanes = band.magnitudeBits - block.zeroBitPlanes;
        int bitPlanePlusOne = regionShift + codedPlanes;
        if (bitPlanePlusOne < 0 || bitPlanePlusOne >= 31) {
            throw new J2kException(-1, "code-block with " + block.zeroBitPlanes + " zero bit-planes of "
                    + band.magnitudeBits + " (+" + regionShift + " ROI shift): corrupt or unsupported");
        }
        resetContexts();
        int passType = 2;
        int offset = 0;
        boolean bypass = (style & CodingParameters.STYLE_BYPASS) != 0;
        boolean reset = (style & CodingParameters.STYLE_RESET) != 0;
        boolean segmentationSymbols = (style & CodingParameters.STYLE_SEGSYM) != 0;
        for (int s = 0; s < block.segments && bitPlanePlusOne >= 1; s++) {
            int length = block.segmentLengths[s];
            boolean raw = bypass && bitPlanePlusOne <= codedPlanes - 4 && passType < 2;
            start(block.data, offset, length, raw);
            offset += length;
            for (int p = 0; p < block.segmentPasses[s] && bitPlanePlusOne >= 1; p++) {
                switch (passType) {
                    case 0 -> {
                        if (raw) {
                            rawSignificancePass(bitPlanePlusOne);
                        } else {
                            significancePass(bitPlanePlusOne);
                        }
                    }
                    case 1 -> {
                        if (raw) {
                            rawRefinementPass(bitPlanePlusOne);
                        } else {
                            refinementPass(bitPlanePlusOne);
                        }
                    }
                    default -> cleanupPass(bitPlanePlusOne, segmentationSymbols);
                }
                if (reset && !raw) {
                    resetContexts();
                }
                if (++passType == 3) {
                    passType = 0;
                    bitPlanePlusOne--;
                }
            }
        }
        return data;
    }

    private void resetContexts() {
        Arrays.fill(contextState, TRANSITION[0]);
        contextState[0] = TRANSITION[2 * 4];
        contextState[CTX_RUN] = TRANSITION[2 * 3];
        contextState[CTX_UNIFORM] = TRANSITION[2 * 46];
    }

    // ---------------------------------------------------------------- MQ and raw decoding

    private void start(byte[] bytes, int from, int length, boolean raw) {
        if (buffer.length < length + 2) {
            buffer = new byte[Math.max(length + 2, buffer.length * 2)];
        }
        System.arraycopy(bytes, from, buffer, 0, length);
        buffer[length] = (byte) 0xFF;
        buffer[length + 1] = (byte) 0xFF;
        position = 0;
        if (raw) {
            c = 0;
            ct = 0;
            return;
        }
        // C.3.5 INITDEC: C = B << 16, BYTEIN, C <<= 7, CT -= 7 (a fill at CT = -7 does the last two at once)
        long registers = fill((buffer[0] & 0xFF) << 16 << 7, -7);
        c = (int) registers;
        ct = (int) (registers >> 32);
        a = 0x8000;
    }

    /**
     * BYTEIN (C.3.4) for a renormalization that shifted C by {@code -ct} bits more than it held: the byte
     * goes in {@code -ct} bits higher than C.3.4 puts it, which is where those shifts would have taken it
     * (the arithmetic is modulo 2^32 either way). Repeats when the shift needed two bytes.
     *
     * @return C in bits 0-31, CT in bits 32-63
     */
    private long fill(int c, int ct) {
        byte[] in = buffer;
        int p = position;
        do {
            if (in[p] == (byte) 0xFF) {
                int next = in[p + 1] & 0xFF;
                if (next > 0x8F) {
                    // a marker: 1-bits from here on, BP stays
                    c += 0xFF << (8 - ct);
                    ct += 8;
                } else {
                    p++;
                    c += next << (9 - ct);
                    ct += 7;
                }
            } else {
                p++;
                c += (in[p] & 0xFF) << (8 - ct);
                ct += 8;
            }
        } while (ct < 0);
        position = p;
        return (long) ct << 32 | (c & 0xFFFFFFFFL);
    }

    /** One MQ decision through the fields, for the rare symbols (segmentation symbols). */
    private int decodeBit(int context) {
        int[] cx = contextState;
        int a = this.a;
        int c = this.c;
        int ct = this.ct;
        int bit;
        int state = cx[context];
        int qe = state & 0xFFFF;
        a -= qe;
        int lpsInterval = (c >>> 16) - qe >>> 31;
        int lps = lpsInterval ^ (a - qe >>> 31);
        bit = state >>> 23 & 1 ^ lps;
        int keep = lpsInterval - 1;
        a = a & keep | qe & ~keep;
        c -= qe << 16 & keep;
        int renormalize = a - 0x8000 >> 31;
        int next = TRANSITION[state >>> 16 + (lps << 3) & 0x7F];
        cx[context] = state ^ (next ^ state) & renormalize;
        int shift = Integer.numberOfLeadingZeros(a) - 16;
        a <<= shift;
        c <<= shift;
        ct -= shift;
        if (ct < 0) {
            long registers = fill(c, ct);
            c = (int) registers;
            ct = (int) (registers >> 32);
        }
        this.a = a;
        this.c = c;
        this.ct = ct;
        return bit;
    }

    /** D.6: raw bits, with a stuffed 0 bit after every 0xFF byte. */
    private int rawBit() {
        if (ct == 0) {
            int next = buffer[position] & 0xFF;
            if (c == 0xFF) {
                if (next > 0x8F) {
                    c = 0xFF;
                    ct = 8;
                } else {
                    c = next;
                    position++;
                    ct = 7;
                }
            } else {
                c = next;
                position++;
                ct = 8;
            }
        }
        ct--;
        return (c >> ct) & 1;
    }

    // ---------------------------------------------------------------- passes (D.3)

    /**
     * Makes sample k of the stripe column at {@code at} significant: its own bits (returned, the caller
     * holds its column's word in a local) and its neighbours' windows. In vertically causal mode (D.7) the
     * stripe above never learns of its lower neighbours.
     */
    private static int becomeSignificant(int[] flags, int at, int stride, int word, int k, int negative,
            boolean verticallyCausal) {
        int row = 3 * (k + 1);
        flags[at - 1] |= 4 << row;
        flags[at + 1] |= 1 << row;
        if (k == 0 && !verticallyCausal) {
            int up = at - stride;
            flags[up - 1] |= 1 << 17;
            flags[up] |= 1 << 16 | negative << (CHI + 5);
            flags[up + 1] |= 1 << 15;
        } else if (k == 3) {
            int down = at + stride;
            flags[down - 1] |= 1 << 2;
            flags[down] |= 1 << 1 | negative << CHI;
            flags[down + 1] |= 1;
        }
        return word | 2 << row | negative << (CHI + k + 1);
    }

    /** @return bit k set when sample k of the stripe column is significant */
    private static int ownSignificance(int word) {
        return word >>> 4 & 1 | word >>> 6 & 2 | word >>> 8 & 4 | word >>> 10 & 8;
    }

    /** @return 1 when the window's eight neighbours (bits 0-8 of {@code window}, centre aside) hold one significant */
    private static int hasNeighbour(int window) {
        return (window & NEIGHBOURS) + 0x1FF >>> 9;
    }

    /** The SIGN_CODING entry of sample k: its N/S/W/E significance and signs. */
    private static int signInfo(int word, int west, int east, int k) {
        int window = word >>> 3 * k;
        int index = (window >>> 1 & 1) | (window >>> 6 & 2) | (window >>> 1 & 4) | (window >>> 2 & 8)
                | (word >>> (CHI + k) & 1) << 4 | (word >>> (CHI + k + 2) & 1) << 5
                | (west >>> (CHI + k + 1) & 1) << 6 | (east >>> (CHI + k + 1) & 1) << 7;
        return SIGN_CODING[index];
    }

    /*
     * In the three passes below each MQ decision is written out in full on the registers a, c, ct held in
     * locals (Java has no macros, and a call could not hand three registers back); the copies, and the one
     * in decodeBit, are identical and change together. C.3.2's decision is
     * computed without branches, which lossless bit-planes (decisions close to 50/50) would mispredict:
     * lpsInterval = Chigh < Qe; the decoded symbol is the LPS when exactly one of that and A − Qe < Qe
     * holds (the conditional exchange); A becomes Qe in the LPS interval, else C loses Qe; the state moves
     * (NMPS or NLPS, the switch folded in) only when A drops below 0x8000, and RENORMD is one shift by A's
     * leading zeros (none when A >= 0x8000), with a byte fetched only when CT runs out.
     */

    private void significancePass(int bitPlanePlusOne) {
        int oneAndHalf = (1 << bitPlanePlusOne) | (1 << (bitPlanePlusOne - 1));
        final int[] fl = flags;
        final int[] d = data;
        final int[] cx = contextState;
        final byte[] zc = zeroCoding;
        final int w = width;
        final int stride = flagStride;
        final boolean causal = verticallyCausal;
        int a = this.a;
        int c = this.c;
        int ct = this.ct;
        final long[] columnsOpen = open;
        final int words = openStride;
        for (int y0 = 0, fi0 = stride + 1, oi = 0; y0 < height; y0 += 4, fi0 += stride, oi += words) {
            int rowMask = (1 << Math.min(4, height - y0)) - 1;
            for (int word = 0; word < words; word++) {
                for (long columns = columnsOpen[oi + word]; columns != 0; columns &= columns - 1) {
                    int x = word << 6 | Long.numberOfTrailingZeros(columns);
                    int fi = fi0 + x;
                    int f = fl[fi];
                    if (f == 0) {
                        continue;
                    }
                    // samples (bit k) insignificant with a significant neighbour; one turning significant makes
                    // the next one a candidate
                    int insignificant = ~ownSignificance(f) & rowMask;
                    int todo = (hasNeighbour(f) | hasNeighbour(f >>> 3) << 1 | hasNeighbour(f >>> 6) << 2
                            | hasNeighbour(f >>> 9) << 3) & insignificant;
                    while (todo != 0) {
                        int k = Integer.numberOfTrailingZeros(todo);
                        todo &= todo - 1;
                        int window = f >>> 3 * k;
                        int bit;
                        {
                            int context = zc[window & NEIGHBOURS];
                            int state = cx[context];
                            int qe = state & 0xFFFF;
                            a -= qe;
                            int lpsInterval = (c >>> 16) - qe >>> 31;
                            int lps = lpsInterval ^ (a - qe >>> 31);
                            bit = state >>> 23 & 1 ^ lps;
                            int keep = lpsInterval - 1;
                            a = a & keep | qe & ~keep;
                            c -= qe << 16 & keep;
                            int renormalize = a - 0x8000 >> 31;
                            int next = TRANSITION[state >>> 16 + (lps << 3) & 0x7F];
                            cx[context] = state ^ (next ^ state) & renormalize;
                            int shift = Integer.numberOfLeadingZeros(a) - 16;
                            a <<= shift;
                            c <<= shift;
                            ct -= shift;
                            if (ct < 0) {
                                long registers = fill(c, ct);
                                c = (int) registers;
                                ct = (int) (registers >> 32);
                            }
                        }
                        if (bit != 0) {
                            todo |= 2 << k & insignificant;
                            int info = signInfo(f, fl[fi - 1], fl[fi + 1], k);
                            int sign;
                            {
                                int context = info & 0x1F;
                                int state = cx[context];
                                int qe = state & 0xFFFF;
                                a -= qe;
                                int lpsInterval = (c >>> 16) - qe >>> 31;
                                int lps = lpsInterval ^ (a - qe >>> 31);
                                sign = state >>> 23 & 1 ^ lps;
                                int keep = lpsInterval - 1;
                                a = a & keep | qe & ~keep;
                                c -= qe << 16 & keep;
                                int renormalize = a - 0x8000 >> 31;
                                int next = TRANSITION[state >>> 16 + (lps << 3) & 0x7F];
                                cx[context] = state ^ (next ^ state) & renormalize;
                                int shift = Integer.numberOfLeadingZeros(a) - 16;
                                a <<= shift;
                                c <<= shift;
                                ct -= shift;
                                if (ct < 0) {
                                    long registers = fill(c, ct);
                                    c = (int) registers;
                                    ct = (int) (registers >> 32);
                                }
                            }
                            int negative = sign ^ info >> 5;
                            d[(y0 + k) * w + x] = (oneAndHalf ^ -negative) + negative;
                            f = becomeSignificant(fl, fi, stride, f, k, negative, causal);
                        }
                        f |= 1 << (PI + k);
                    }
                    fl[fi] = f;
                }
            }
        }
        this.a = a;
        this.c = c;
        this.ct = ct;
    }

    private void refinementPass(int bitPlanePlusOne) {
        int half = 1 << (bitPlanePlusOne - 1);
        final int[] fl = flags;
        final int[] d = data;
        final int[] cx = contextState;
        final int w = width;
        final int stride = flagStride;
        int a = this.a;
        int c = this.c;
        int ct = this.ct;
        for (int y0 = 0, fi0 = stride + 1; y0 < height; y0 += 4, fi0 += stride) {
            for (int x = 0; x < w; x++) {
                int fi = fi0 + x;
                int f = fl[fi];
                if ((f & SIGMA_OWN) == 0) {
                    continue;
                }
                // significant samples of the column (bit k), less those the significance pass just coded
                int todo = ownSignificance(f) & ~(f >>> PI);
                while (todo != 0) {
                    int k = Integer.numberOfTrailingZeros(todo);
                    todo &= todo - 1;
                    int window = f >>> 3 * k;
                    // 16 once refined, else 15 with a significant neighbour, else 14 (Table D.4)
                    int refined = f >>> MU + k & 1;
                    int neighbour = hasNeighbour(window);
                    int context = 14 + neighbour + (refined << 1) - (neighbour & refined);
                    int bit;
                    {
                        int state = cx[context];
                        int qe = state & 0xFFFF;
                        a -= qe;
                        int lpsInterval = (c >>> 16) - qe >>> 31;
                        int lps = lpsInterval ^ (a - qe >>> 31);
                        bit = state >>> 23 & 1 ^ lps;
                        int keep = lpsInterval - 1;
                        a = a & keep | qe & ~keep;
                        c -= qe << 16 & keep;
                        int renormalize = a - 0x8000 >> 31;
                        int next = TRANSITION[state >>> 16 + (lps << 3) & 0x7F];
                        cx[context] = state ^ (next ^ state) & renormalize;
                        int shift = Integer.numberOfLeadingZeros(a) - 16;
                        a <<= shift;
                        c <<= shift;
                        ct -= shift;
                        if (ct < 0) {
                            long registers = fill(c, ct);
                            c = (int) registers;
                            ct = (int) (registers >> 32);
                        }
                    }
                    int at = (y0 + k) * w + x;
                    int v = d[at];
                    // raise or lower the magnitude by half the current interval
                    d[at] = v - half + (half << 1 & -(bit ^ v >>> 31));
                    f |= 1 << (MU + k);
                }
                fl[fi] = f;
            }
        }
        this.a = a;
        this.c = c;
        this.ct = ct;
    }

    private void cleanupPass(int bitPlanePlusOne, boolean segmentationSymbols) {
        int oneAndHalf = (1 << bitPlanePlusOne) | (1 << (bitPlanePlusOne - 1));
        final int[] fl = flags;
        final int[] d = data;
        final int[] cx = contextState;
        final byte[] zc = zeroCoding;
        final int w = width;
        final int stride = flagStride;
        final boolean causal = verticallyCausal;
        int a = this.a;
        int c = this.c;
        int ct = this.ct;
        final long[] columnsOpen = open;
        final int words = openStride;
        for (int y0 = 0, fi0 = stride + 1, oi = 0; y0 < height; y0 += 4, fi0 += stride, oi += words) {
            int rowMask = (1 << Math.min(4, height - y0)) - 1;
            for (int word = 0; word < words; word++) {
                long stillOpen = columnsOpen[oi + word];
                for (long columns = stillOpen; columns != 0; columns &= columns - 1) {
                    int bitInWord = Long.numberOfTrailingZeros(columns);
                    int x = word << 6 | bitInWord;
                    int fi = fi0 + x;
                    int f = fl[fi];
                    int k = 0;
                    int runHit = -1;
                    if (rowMask == 0xF && f == 0) {
                        // D.3.4 run-length coding: one decision for the column, then the first significant
                        // sample's row in two uniform decisions
                        int bit;
                        {
                            int state = cx[CTX_RUN];
                            int qe = state & 0xFFFF;
                            a -= qe;
                            int lpsInterval = (c >>> 16) - qe >>> 31;
                            int lps = lpsInterval ^ (a - qe >>> 31);
                            bit = state >>> 23 & 1 ^ lps;
                            int keep = lpsInterval - 1;
                            a = a & keep | qe & ~keep;
                            c -= qe << 16 & keep;
                            int renormalize = a - 0x8000 >> 31;
                            int next = TRANSITION[state >>> 16 + (lps << 3) & 0x7F];
                            cx[CTX_RUN] = state ^ (next ^ state) & renormalize;
                            int shift = Integer.numberOfLeadingZeros(a) - 16;
                            a <<= shift;
                            c <<= shift;
                            ct -= shift;
                            if (ct < 0) {
                                long registers = fill(c, ct);
                                c = (int) registers;
                                ct = (int) (registers >> 32);
                            }
                        }
                        if (bit == 0) {
                            continue;
                        }
                        for (int i = 0; i < 2; i++) {
                            int state = cx[CTX_UNIFORM];
                            int qe = state & 0xFFFF;
                            a -= qe;
                            int lpsInterval = (c >>> 16) - qe >>> 31;
                            int lps = lpsInterval ^ (a - qe >>> 31);
                            bit = state >>> 23 & 1 ^ lps;
                            int keep = lpsInterval - 1;
                            a = a & keep | qe & ~keep;
                            c -= qe << 16 & keep;
                            int renormalize = a - 0x8000 >> 31;
                            int next = TRANSITION[state >>> 16 + (lps << 3) & 0x7F];
                            cx[CTX_UNIFORM] = state ^ (next ^ state) & renormalize;
                            int shift = Integer.numberOfLeadingZeros(a) - 16;
                            a <<= shift;
                            c <<= shift;
                            ct -= shift;
                            if (ct < 0) {
                                long registers = fill(c, ct);
                                c = (int) registers;
                                ct = (int) (registers >> 32);
                            }
                            k = k << 1 | bit;
                        }
                        runHit = k;
                    }
                    // samples (bit k) neither significant nor coded by this bit-plane's significance pass, from k
                    int todo = ~(ownSignificance(f) | f >>> PI) & rowMask & -1 << k;
                    while (todo != 0) {
                        k = Integer.numberOfTrailingZeros(todo);
                        todo &= todo - 1;
                        int window = f >>> 3 * k;
                        if (k != runHit) {
                            int bit;
                            int context = zc[window & NEIGHBOURS];
                            int state = cx[context];
                            int qe = state & 0xFFFF;
                            a -= qe;
                            int lpsInterval = (c >>> 16) - qe >>> 31;
                            int lps = lpsInterval ^ (a - qe >>> 31);
                            bit = state >>> 23 & 1 ^ lps;
                            int keep = lpsInterval - 1;
                            a = a & keep | qe & ~keep;
                            c -= qe << 16 & keep;
                            int renormalize = a - 0x8000 >> 31;
                            int next = TRANSITION[state >>> 16 + (lps << 3) & 0x7F];
                            cx[context] = state ^ (next ^ state) & renormalize;
                            int shift = Integer.numberOfLeadingZeros(a) - 16;
                            a <<= shift;
                            c <<= shift;
                            ct -= shift;
                            if (ct < 0) {
                                long registers = fill(c, ct);
                                c = (int) registers;
                                ct = (int) (registers >> 32);
                            }
                            if (bit == 0) {
                                continue;
                            }
                        }
                        int info = signInfo(f, fl[fi - 1], fl[fi + 1], k);
                        int sign;
                        {
                            int context = info & 0x1F;
                            int state = cx[context];
                            int qe = state & 0xFFFF;
                            a -= qe;
                            int lpsInterval = (c >>> 16) - qe >>> 31;
                            int lps = lpsInterval ^ (a - qe >>> 31);
                            sign = state >>> 23 & 1 ^ lps;
                            int keep = lpsInterval - 1;
                            a = a & keep | qe & ~keep;
                            c -= qe << 16 & keep;
                            int renormalize = a - 0x8000 >> 31;
                            int next = TRANSITION[state >>> 16 + (lps << 3) & 0x7F];
                            cx[context] = state ^ (next ^ state) & renormalize;
                            int shift = Integer.numberOfLeadingZeros(a) - 16;
                            a <<= shift;
                            c <<= shift;
                            ct -= shift;
                            if (ct < 0) {
                                long registers = fill(c, ct);
                                c = (int) registers;
                                ct = (int) (registers >> 32);
                            }
                        }
                            int negative = sign ^ info >> 5;
                            d[(y0 + k) * w + x] = (oneAndHalf ^ -negative) + negative;
                            f = becomeSignificant(fl, fi, stride, f, k, negative, causal);
                    }
                    fl[fi] = f & ~PI_ALL;
                    if (ownSignificance(f) == rowMask) {
                        stillOpen &= ~(1L << bitInWord);
                    }
                }
                columnsOpen[oi + word] = stillOpen;
            }
        }
        this.a = a;
        this.c = c;
        this.ct = ct;
        if (segmentationSymbols) {
            // D.5: four bits 1010 in the uniform context end each cleanup pass
            for (int i = 0; i < 4; i++) {
                decodeBit(CTX_UNIFORM);
            }
        }
    }

    // ---------------------------------------------------------------- raw passes (D.6, selective bypass)

    private void rawSignificancePass(int bitPlanePlusOne) {
        int oneAndHalf = (1 << bitPlanePlusOne) | (1 << (bitPlanePlusOne - 1));
        int[] fl = flags;
        int stride = flagStride;
        for (int y0 = 0, fi0 = stride + 1; y0 < height; y0 += 4, fi0 += stride) {
            int rows = Math.min(4, height - y0);
            for (int x = 0; x < width; x++) {
                int fi = fi0 + x;
                int f = fl[fi];
                if (f == 0) {
                    continue;
                }
                for (int k = 0; k < rows; k++) {
                    int window = f >>> 3 * k;
                    if ((window & SIGMA_SELF) != 0 || (window & NEIGHBOURS) == 0) {
                        continue;
                    }
                    if (rawBit() != 0) {
                        int negative = rawBit();
                        data[(y0 + k) * width + x] = (oneAndHalf ^ -negative) + negative;
                        f = becomeSignificant(fl, fi, stride, f, k, negative, verticallyCausal);
                    }
                    f |= 1 << (PI + k);
                }
                fl[fi] = f;
            }
        }
    }

    private void rawRefinementPass(int bitPlanePlusOne) {
        int half = 1 << (bitPlanePlusOne - 1);
        int[] fl = flags;
        int stride = flagStride;
        for (int y0 = 0, fi0 = stride + 1; y0 < height; y0 += 4, fi0 += stride) {
            int rows = Math.min(4, height - y0);
            for (int x = 0; x < width; x++) {
                int fi = fi0 + x;
                int f = fl[fi];
                if ((f & SIGMA_OWN) == 0) {
                    continue;
                }
                for (int k = 0; k < rows; k++) {
                    if ((f & SIGMA_SELF << 3 * k) == 0 || (f & 1 << (PI + k)) != 0) {
                        continue;
                    }
                    int bit = rawBit();
                    int at = (y0 + k) * width + x;
                    int v = data[at];
                    data[at] = (bit ^ (v >>> 31)) != 0 ? v + half : v - half;
                    f |= 1 << (MU + k);
                }
                fl[fi] = f;
            }
        }
    }
}
