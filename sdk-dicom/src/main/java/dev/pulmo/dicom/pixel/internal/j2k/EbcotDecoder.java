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
 */
final class EbcotDecoder {
    // neighbour significance bits of a sample's flags
    private static final int SIG_N = 1;
    private static final int SIG_S = 2;
    private static final int SIG_W = 4;
    private static final int SIG_E = 8;
    private static final int SIG_NW = 16;
    private static final int SIG_NE = 32;
    private static final int SIG_SW = 64;
    private static final int SIG_SE = 128;
    private static final int NEIGHBOURS = 0xFF;
    // neighbour sign bits (negative), for the four direct neighbours
    private static final int NEG_N = 256;
    private static final int NEG_S = 512;
    private static final int NEG_W = 1024;
    private static final int NEG_E = 2048;
    private static final int SIGNIFICANT = 4096;
    private static final int VISITED = 8192;
    private static final int REFINED = 16384;
    /** What the vertically causal mode hides of the stripe below (D.7). */
    private static final int BELOW = SIG_S | SIG_SW | SIG_SE | NEG_S;

    private static final int CTX_RUN = 17;
    private static final int CTX_UNIFORM = 18;
    private static final int CONTEXTS = 19;

    /** Zero-coding contexts (Table D.1) indexed by orientation class and the 8 neighbour bits. */
    private static final byte[][] ZERO_CODING = new byte[3][256];
    /** Sign contexts (Table D.3): bits 0-4 the context, bit 5 the XOR bit; indexed by 8 bits (4 sig, 4 neg). */
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
     * Per state and MPS (index 2 × state + mps): the packed transition Qe << 16 | next on MPS (7 bits) << 8 |
     * next on LPS (7 bits, the MPS flip folded in as bit 0 of the pair index).
     */
    private static final int[] STATE_QE = new int[94];
    private static final int[] STATE_NEXT_MPS = new int[94];
    private static final int[] STATE_NEXT_LPS = new int[94];

    static {
        for (int s = 0; s < 47; s++) {
            for (int mps = 0; mps < 2; mps++) {
                int i = 2 * s + mps;
                STATE_QE[i] = QE[s];
                STATE_NEXT_MPS[i] = 2 * NMPS[s] + mps;
                STATE_NEXT_LPS[i] = 2 * NLPS[s] + (SWITCH[s] == 1 ? 1 - mps : mps);
            }
        }
        for (int bits = 0; bits < 256; bits++) {
            int h = Integer.bitCount(bits & (SIG_W | SIG_E));
            int v = Integer.bitCount(bits & (SIG_N | SIG_S));
            int d = Integer.bitCount(bits & (SIG_NW | SIG_NE | SIG_SW | SIG_SE));
            ZERO_CODING[0][bits] = (byte) zeroCodingLlLh(h, v, d);
            ZERO_CODING[1][bits] = (byte) zeroCodingLlLh(v, h, d);
            ZERO_CODING[2][bits] = (byte) zeroCodingHh(h + v, d);
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
    private int[] flags = new int[66 * 66];
    private final int[] contextState = new int[CONTEXTS];
    private int width;
    private int height;
    private int stride;
    private byte[] zeroCoding;
    private boolean verticallyCausal;

    // MQ decoder state (C.3)
    private byte[] in;
    private int position;
    private int end;
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
        stride = width + 2;
        int flagCount = stride * (height + 2);
        if (flags.length < flagCount) {
            flags = new int[flagCount];
        }
        Arrays.fill(flags, 0, flagCount, 0);
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
            start(block.data, offset, offset + length, raw);
            offset += length;
            for (int p = 0; p < block.segmentPasses[s] && bitPlanePlusOne >= 1; p++) {
                switch (passType) {
                    case 0 -> significancePass(bitPlanePlusOne, raw);
                    case 1 -> refinementPass(bitPlanePlusOne, raw);
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
        Arrays.fill(contextState, 0);
        contextState[0] = 2 * 4;
        contextState[CTX_RUN] = 2 * 3;
        contextState[CTX_UNIFORM] = 2 * 46;
    }

    // ---------------------------------------------------------------- MQ and raw decoding

    private void start(byte[] bytes, int from, int to, boolean raw) {
        in = bytes;
        position = from;
        end = to;
        if (raw) {
            c = 0;
            ct = 0;
            return;
        }
        // C.3.5 INITDEC
        c = byteAt(position) << 16;
        byteIn();
        c <<= 7;
        ct -= 7;
        a = 0x8000;
    }

    /** Bytes past a segment's end read as 0xFF (a marker), as C.3.4 feeds 1-bits there. */
    private int byteAt(int at) {
        return at < end ? in[at] & 0xFF : 0xFF;
    }

    private void byteIn() {
        // C.3.4 BYTEIN
        if (byteAt(position) == 0xFF) {
            if (byteAt(position + 1) > 0x8F) {
                c += 0xFF00;
                ct = 8;
            } else {
                position++;
                c += byteAt(position) << 9;
                ct = 7;
            }
        } else {
            position++;
            c += byteAt(position) << 8;
            ct = 8;
        }
    }

    private int decodeBit(int context) {
        int state = contextState[context];
        int qe = STATE_QE[state];
        a -= qe;
        int bit;
        if ((c >>> 16) < qe) {
            // LPS exchange (C.3.2)
            if (a < qe) {
                a = qe;
                bit = state & 1;
                contextState[context] = STATE_NEXT_MPS[state];
            } else {
                a = qe;
                bit = 1 - (state & 1);
                contextState[context] = STATE_NEXT_LPS[state];
            }
            renormalize();
        } else {
            c -= qe << 16;
            if ((a & 0x8000) == 0) {
                // MPS exchange
                if (a < qe) {
                    bit = 1 - (state & 1);
                    contextState[context] = STATE_NEXT_LPS[state];
                } else {
                    bit = state & 1;
                    contextState[context] = STATE_NEXT_MPS[state];
                }
                renormalize();
            } else {
                bit = state & 1;
            }
        }
        return bit;
    }

    /** C.3.3 RENORMD, shifting as many bits at once as A's leading zeros and the bits left in C allow. */
    private void renormalize() {
        int shift = Integer.numberOfLeadingZeros(a) - 16;
        while (shift > 0) {
            if (ct == 0) {
                byteIn();
            }
            int step = Math.min(shift, ct);
            a <<= step;
            c <<= step;
            ct -= step;
            shift -= step;
        }
    }

    /** D.6: raw bits, with a stuffed 0 bit after every 0xFF byte. */
    private int rawBit() {
        if (ct == 0) {
            if (c == 0xFF) {
                if (byteAt(position) > 0x8F) {
                    c = 0xFF;
                    ct = 8;
                } else {
                    c = byteAt(position);
                    position++;
                    ct = 7;
                }
            } else {
                c = byteAt(position);
                position++;
                ct = 8;
            }
        }
        ct--;
        return (c >> ct) & 1;
    }

    // ---------------------------------------------------------------- passes (D.3)

    private int neighbourhood(int f, int rowInStripe) {
        return verticallyCausal && rowInStripe == 3 ? f & ~BELOW : f;
    }

    private void becomeSignificant(int at, int flagAt, boolean negative, int value) {
        data[at] = negative ? -value : value;
        int[] f = flags;
        f[flagAt] |= SIGNIFICANT;
        int up = flagAt - stride;
        int down = flagAt + stride;
        if (negative) {
            f[up] |= SIG_S | NEG_S;
            f[down] |= SIG_N | NEG_N;
            f[flagAt - 1] |= SIG_E | NEG_E;
            f[flagAt + 1] |= SIG_W | NEG_W;
        } else {
            f[up] |= SIG_S;
            f[down] |= SIG_N;
            f[flagAt - 1] |= SIG_E;
            f[flagAt + 1] |= SIG_W;
        }
        f[up - 1] |= SIG_SE;
        f[up + 1] |= SIG_SW;
        f[down - 1] |= SIG_NE;
        f[down + 1] |= SIG_NW;
    }

    private boolean decodeSign(int f) {
        int index = (f & 0xF) | ((f >> 4) & 0xF0);
        int info = SIGN_CODING[index];
        return (decodeBit(info & 0x1F) ^ (info >> 5)) != 0;
    }

    private void significancePass(int bitPlanePlusOne, boolean raw) {
        int oneAndHalf = (1 << bitPlanePlusOne) | (1 << (bitPlanePlusOne - 1));
        for (int y0 = 0; y0 < height; y0 += 4) {
            int rows = Math.min(4, height - y0);
            for (int x = 0; x < width; x++) {
                for (int k = 0; k < rows; k++) {
                    int y = y0 + k;
                    int flagAt = (y + 1) * stride + x + 1;
                    int f = flags[flagAt];
                    if ((f & SIGNIFICANT) != 0) {
                        continue;
                    }
                    int near = neighbourhood(f, k);
                    if ((near & NEIGHBOURS) == 0) {
                        continue;
                    }
                    int bit = raw ? rawBit() : decodeBit(zeroCoding[near & NEIGHBOURS]);
                    if (bit != 0) {
                        boolean negative = raw ? rawBit() != 0 : decodeSign(near);
                        becomeSignificant(y * width + x, flagAt, negative, oneAndHalf);
                    }
                    flags[flagAt] |= VISITED;
                }
            }
        }
    }

    private void refinementPass(int bitPlanePlusOne, boolean raw) {
        int half = 1 << (bitPlanePlusOne - 1);
        for (int y0 = 0; y0 < height; y0 += 4) {
            int rows = Math.min(4, height - y0);
            for (int x = 0; x < width; x++) {
                for (int k = 0; k < rows; k++) {
                    int y = y0 + k;
                    int flagAt = (y + 1) * stride + x + 1;
                    int f = flags[flagAt];
                    if ((f & (SIGNIFICANT | VISITED)) != SIGNIFICANT) {
                        continue;
                    }
                    int bit;
                    if (raw) {
                        bit = rawBit();
                    } else {
                        int context = (f & REFINED) != 0 ? 16
                                : (neighbourhood(f, k) & NEIGHBOURS) != 0 ? 15 : 14;
                        bit = decodeBit(context);
                    }
                    int at = y * width + x;
                    int v = data[at];
                    // raise or lower the magnitude by half the current interval
                    data[at] = (bit ^ (v < 0 ? 1 : 0)) != 0 ? v + half : v - half;
                    flags[flagAt] = f | REFINED;
                }
            }
        }
    }

    private void cleanupPass(int bitPlanePlusOne, boolean segmentationSymbols) {
        int oneAndHalf = (1 << bitPlanePlusOne) | (1 << (bitPlanePlusOne - 1));
        for (int y0 = 0; y0 < height; y0 += 4) {
            int rows = Math.min(4, height - y0);
            for (int x = 0; x < width; x++) {
                int k = 0;
                int base = (y0 + 1) * stride + x + 1;
                if (rows == 4 && flags[base] == 0 && flags[base + stride] == 0 && flags[base + 2 * stride] == 0
                        && neighbourhood(flags[base + 3 * stride], 3) == 0) {
                    // D.3.4 run-length coding
                    if (decodeBit(CTX_RUN) == 0) {
                        continue;
                    }
                    k = decodeBit(CTX_UNIFORM) << 1;
                    k |= decodeBit(CTX_UNIFORM);
                    int flagAt = base + k * stride;
                    boolean negative = decodeSign(neighbourhood(flags[flagAt], k));
                    becomeSignificant((y0 + k) * width + x, flagAt, negative, oneAndHalf);
                    k++;
                }
                for (; k < rows; k++) {
                    int flagAt = base + k * stride;
                    int f = flags[flagAt];
                    if ((f & (SIGNIFICANT | VISITED)) == 0) {
                        int near = neighbourhood(f, k);
                        if (decodeBit(zeroCoding[near & NEIGHBOURS]) != 0) {
                            becomeSignificant((y0 + k) * width + x, flagAt, decodeSign(near), oneAndHalf);
                        }
                    }
                    flags[flagAt] &= ~VISITED;
                }
            }
        }
        if (segmentationSymbols) {
            // D.5: four bits 1010 in the uniform context end each cleanup pass
            for (int i = 0; i < 4; i++) {
                decodeBit(CTX_UNIFORM);
            }
        }
    }
}
