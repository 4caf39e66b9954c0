package dev.pulmo.dicom.pixel.internal.j2k;

import java.util.Arrays;

/**
 * The HT block decoder of ITU-T T.814 | ISO/IEC 15444-15: the HT Cleanup pass (MEL run lengths, CxtVLC
 * quad significance with UVLC exponent bounds, MagSgn magnitudes and signs) and the HT SigProp and
 * MagRef refinement passes. Values come out in the representation {@link EbcotDecoder} uses (twice the
 * magnitude plus the reconstruction half-bit, signed), the one OpenJPEG's ht_dec.c produces, so both
 * block coders share dequantization. One instance decodes many code-blocks; not thread-safe.
 */
final class HtBlockDecoder {
    private static final int[] INITIAL_TABLE = HtVlcTables.decodeTable(true);
    private static final int[] OTHER_TABLE = HtVlcTables.decodeTable(false);
    private static final int[] MEL_EXPONENT = {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5};

    private int[] values = new int[64 * 64];
    /** Significance per sample with a one-sample border: 1 after the cleanup pass, 2 new in SigProp. */
    private byte[] significance = new byte[66 * 66];
    private int[] exponents = new int[66];
    private int width;
    private int height;
    private int stride;
    private byte[] data;

    // MEL (forward, most significant bit first)
    private int melPosition;
    private int melEnd;
    private int melByte;
    private int melBitsLeft;
    private boolean melPreviousFF;
    private int melState;
    private int melZeros;
    private boolean melOnePending;

    private final ReverseBits vlc = new ReverseBits();
    private final ForwardBits magnitudeSign = new ForwardBits();

    int[] decode(CodeBlock block, TileDecoder.Band band, int style, int tile, int component) {
        if (block.htCleanupPass < 0) {
            return null;
        }
        width = block.width();
        height = block.height();
        int count = width * height;
        if (values.length < count) {
            values = new int[count];
        }
        Arrays.fill(values, 0, count, 0);
        stride = width + 2;
        int flagCount = stride * (height + 2);
        if (significance.length < flagCount) {
            significance = new byte[flagCount];
        }
        Arrays.fill(significance, 0, flagCount, (byte) 0);
        if (exponents.length < width + 4) {
            exponents = new int[width + 4];
            nextExponents = new int[width + 4];
        }
        if (band.magnitudeBits > 30) {
            throw new J2kException(-1, "HT code-block with " + band.magnitudeBits
                    + " magnitude bit-planes; at most 30 fit this decoder");
        }
        // placeholder HT sets before the cleanup pass lower its bit-plane by one each
        int p = band.magnitudeBits - block.zeroBitPlanes - block.htCleanupPass / 3;
        if (p < 1) {
            throw new J2kException(-1, "HT code-block of tile " + tile + " component " + component + " has "
                    + block.zeroBitPlanes + " zero bit-planes and " + block.htCleanupPass / 3
                    + " placeholder set(s) for " + band.magnitudeBits + " magnitude bit-planes");
        }
        data = block.data;
        cleanup(block.htCleanupOffset, block.htCleanupLength, p, band.magnitudeBits + 2 - p);
        int refinementPasses = block.htRefinementLength > 0 ? block.htRefinementPasses : 0;
        if (p >= 2 && refinementPasses >= 1) {
            boolean causal = (style & CodingParameters.STYLE_VSC) != 0;
            int from = block.htRefinementOffset;
            int length = block.htRefinementLength;
            if (refinementPasses >= 2) {
                magnitudeRefinement(from, length, p);
            }
            significancePropagation(from, length, p, causal);
        }
        return values;
    }

    // ---------------------------------------------------------------- cleanup pass

    private void cleanup(int offset, int lcup, int p, int maxExponent) {
        if (lcup < 2) {
            throw new J2kException(-1, "HT cleanup segment of " + lcup + " byte(s)");
        }
        int scup = ((data[offset + lcup - 1] & 0xFF) << 4) + (data[offset + lcup - 2] & 0xF);
        if (scup < 2 || scup > lcup || scup > 4079) {
            throw new J2kException(-1, "HT cleanup segment with Scup " + scup + " for Lcup " + lcup
                    + " (2 <= Scup <= min(Lcup, 4079))");
        }
        // MEL: bytes [lcup - scup, lcup - 1), the last sharing its low nibble with the VLC
        melPosition = offset + lcup - scup;
        melEnd = offset + lcup - 1;
        melBitsLeft = 0;
        melPreviousFF = false;
        melState = 0;
        melZeros = 0;
        melOnePending = false;
        vlc.startVlc(data, offset + lcup - scup, offset + lcup - 2);
        magnitudeSign.start(data, offset, offset + lcup - scup, 0xFF);

        int quadsWide = (width + 1) >> 1;
        Arrays.fill(exponents, 0, width + 4, 0);
        int[] entries = new int[2];
        int[] u = new int[2];
        for (int y = 0; y < height; y += 2) {
            boolean initial = y == 0;
            int[] table = initial ? INITIAL_TABLE : OTHER_TABLE;
            for (int qx = 0; qx < quadsWide; qx += 2) {
                int pairQuads = qx + 1 < quadsWide ? 2 : 1;
                for (int k = 0; k < pairQuads; k++) {
                    int x = 2 * (qx + k);
                    int context = initial ? initialContext(x, y) : context(x, y);
                    int entry = table[context * 128 + vlc.peek(7)];
                    if (context == 0 && melEvent() == 0) {
                        entry = 0;
                    }
                    vlc.advance(entry & 7);
                    int rho = (entry >> 4) & 0xF;
                    if (rho != 0) {
                        checkInside(rho, x, y);
                        markSignificant(rho, x, y);
                    }
                    entries[k] = entry;
                }
                if (pairQuads == 1) {
                    entries[1] = 0;
                }
                int mode = ((entries[0] >> 3) & 1) | ((entries[1] >> 3) & 1) << 1;
                if (initial) {
                    if (mode == 3 && melEvent() == 1) {
                        mode = 4;
                    }
                    decodeInitialU(mode, u);
                } else {
                    decodeOtherU(mode, u);
                }
                for (int k = 0; k < pairQuads; k++) {
                    int x = 2 * (qx + k);
                    int entry = entries[k];
                    int exponentBound = u[k];
                    int rho = (entry >> 4) & 0xF;
                    if (!initial && (rho & (rho - 1)) != 0) {
                        // T.814 eqns 5-6: kappa from the exponents of the row above
                        int e = Math.max(Math.max(exponents[x], exponents[x + 1]),
                                Math.max(exponents[x + 2], exponents[x + 3]));
                        exponentBound += e > 2 ? e - 2 : 0;
                    }
                    if (rho != 0 && exponentBound > maxExponent) {
                        throw new J2kException(-1, "HT quad exponent bound " + exponentBound + " above "
                                + maxExponent + " (corrupt cleanup segment)");
                    }
                    u[k] = exponentBound;
                }
                // the row above's exponents are used up for these columns; now the new ones
                for (int k = 0; k < pairQuads; k++) {
                    int x = 2 * (qx + k);
                    decodeMagnitudes(entries[k], u[k], x, y, p);
                }
            }
            // exponents[] now holds this quad row's bottom samples (indices shifted by one)
            for (int x = 0; x < width; x++) {
                exponents[x + 1] = nextExponents[x];
            }
            exponents[0] = 0;
            exponents[width + 1] = 0;
            exponents[width + 2] = 0;
            Arrays.fill(nextExponents, 0, width, 0);
        }
    }

    private int[] nextExponents = new int[66];

    private int initialContext(int x, int y) {
        if (x == 0) {
            return 0;
        }
        int a = sig(x - 2, y) | sig(x - 2, y + 1);
        return a | sig(x - 1, y) << 1 | sig(x - 1, y + 1) << 2;
    }

    private int context(int x, int y) {
        int north = sig(x - 1, y - 1) | sig(x, y - 1);
        int west = sig(x - 1, y) | sig(x - 1, y + 1);
        int east = sig(x + 1, y - 1) | sig(x + 2, y - 1);
        return north | west << 1 | east << 2;
    }

    private int sig(int x, int y) {
        if (x < 0 || x >= width || y < 0 || y >= height) {
            return 0;
        }
        return significance[(y + 1) * stride + x + 1] != 0 ? 1 : 0;
    }

    private void checkInside(int rho, int x, int y) {
        boolean right = x + 1 < width;
        boolean below = y + 1 < height;
        if (((rho & 2) != 0 && !below) || ((rho & 4) != 0 && !right) || ((rho & 8) != 0 && !(right && below))) {
            throw new J2kException(-1, "HT VLC codeword makes samples outside the code-block significant");
        }
    }

    private void markSignificant(int rho, int x, int y) {
        int at = (y + 1) * stride + x + 1;
        if ((rho & 1) != 0) {
            significance[at] = 1;
        }
        if ((rho & 2) != 0) {
            significance[at + stride] = 1;
        }
        if ((rho & 4) != 0) {
            significance[at + 1] = 1;
        }
        if ((rho & 8) != 0) {
            significance[at + stride + 1] = 1;
        }
    }

    private void decodeMagnitudes(int entry, int exponentBound, int x, int y, int p) {
        int rho = (entry >> 4) & 0xF;
        for (int n = 0; n < 4; n++) {
            if ((rho & (1 << n)) == 0) {
                continue;
            }
            int sx = x + (n >> 1);
            int sy = y + (n & 1);
            int ek = (entry >> (12 + n)) & 1;
            int e1 = (entry >> (8 + n)) & 1;
            int m = exponentBound - ek;
            int bits = magnitudeSign.peek32();
            int sign = bits & 1;
            magnitudeSign.advance(m);
            int v = m >= 32 ? bits : bits & ((1 << m) - 1);
            v |= e1 << m;
            v |= 1;
            int magnitude = (v + 2) << (p - 1);
            values[sy * width + sx] = sign != 0 ? -magnitude : magnitude;
            if ((n & 1) == 1) {
                nextExponents[sx] = 32 - Integer.numberOfLeadingZeros(v);
            }
        }
    }

    private static final int[] PREFIX_LENGTH = new int[8];
    private static final int[] SUFFIX_LENGTH = new int[8];
    private static final int[] PREFIX_VALUE = new int[8];

    static {
        // T.814 Table 3: prefixes "1" (u_pfx 1), "01" (2), "001" (3, 1 suffix bit), "000" (5, 5 suffix bits)
        for (int bits = 0; bits < 8; bits++) {
            if ((bits & 1) != 0) {
                PREFIX_LENGTH[bits] = 1;
                PREFIX_VALUE[bits] = 1;
            } else if ((bits & 2) != 0) {
                PREFIX_LENGTH[bits] = 2;
                PREFIX_VALUE[bits] = 2;
            } else if ((bits & 4) != 0) {
                PREFIX_LENGTH[bits] = 3;
                PREFIX_VALUE[bits] = 3;
                SUFFIX_LENGTH[bits] = 1;
            } else {
                PREFIX_LENGTH[bits] = 3;
                PREFIX_VALUE[bits] = 5;
                SUFFIX_LENGTH[bits] = 5;
            }
        }
    }

    /** Reads a prefix; returns its 3-bit index. */
    private int prefix() {
        int bits = vlc.peek(3);
        vlc.advance(PREFIX_LENGTH[bits]);
        return bits;
    }

    private int suffixed(int prefix) {
        int length = SUFFIX_LENGTH[prefix];
        int value = PREFIX_VALUE[prefix] + (length == 0 ? 0 : vlc.peek(length));
        vlc.advance(length);
        return value;
    }

    /** u + 1 (kappa 1) for the first quad row (T.814 C.3.4, with its MEL-signalled mode 4). */
    private void decodeInitialU(int mode, int[] u) {
        switch (mode) {
            case 0 -> {
                u[0] = 1;
                u[1] = 1;
            }
            case 1, 2 -> {
                int d = suffixed(prefix());
                u[0] = mode == 1 ? d + 1 : 1;
                u[1] = mode == 1 ? 1 : d + 1;
            }
            case 3 -> {
                int p1 = prefix();
                if (PREFIX_LENGTH[p1] > 2) {
                    u[1] = vlc.peek(1) + 2;
                    vlc.advance(1);
                    u[0] = suffixed(p1) + 1;
                } else {
                    int p2 = prefix();
                    u[0] = suffixed(p1) + 1;
                    u[1] = suffixed(p2) + 1;
                }
            }
            default -> {
                int p1 = prefix();
                int p2 = prefix();
                u[0] = suffixed(p1) + 3;
                u[1] = suffixed(p2) + 3;
            }
        }
    }

    private void decodeOtherU(int mode, int[] u) {
        switch (mode) {
            case 0 -> {
                u[0] = 1;
                u[1] = 1;
            }
            case 1, 2 -> {
                int d = suffixed(prefix());
                u[0] = mode == 1 ? d + 1 : 1;
                u[1] = mode == 1 ? 1 : d + 1;
            }
            default -> {
                int p1 = prefix();
                int p2 = prefix();
                u[0] = suffixed(p1) + 1;
                u[1] = suffixed(p2) + 1;
            }
        }
    }

    // ---------------------------------------------------------------- MEL (T.814 C.4)

    private int melBit() {
        if (melBitsLeft == 0) {
            int b = melPosition < melEnd ? data[melPosition] & 0xFF : 0xFF;
            if (melPosition == melEnd - 1) {
                b |= 0xF;
            }
            melPosition++;
            melBitsLeft = melPreviousFF ? 7 : 8;
            melPreviousFF = b == 0xFF;
            melByte = b;
        }
        melBitsLeft--;
        return (melByte >> melBitsLeft) & 1;
    }

    private int melEvent() {
        if (melZeros > 0) {
            melZeros--;
            return 0;
        }
        if (melOnePending) {
            melOnePending = false;
            return 1;
        }
        int exponent = MEL_EXPONENT[melState];
        if (melBit() == 1) {
            // a run of 2^E zeros not ending in a one
            melZeros = (1 << exponent) - 1;
            melState = Math.min(melState + 1, 12);
            return 0;
        }
        int run = 0;
        for (int i = 0; i < exponent; i++) {
            run = run << 1 | melBit();
        }
        melState = Math.max(melState - 1, 0);
        if (run == 0) {
            return 1;
        }
        melZeros = run - 1;
        melOnePending = true;
        return 0;
    }

    // ---------------------------------------------------------------- refinement passes (T.814 Annex D)

    private void magnitudeRefinement(int from, int length, int p) {
        ReverseBits bits = new ReverseBits();
        bits.startMagRef(data, from, from + length);
        int half = 1 << (p - 2);
        for (int y0 = 0; y0 < height; y0 += 4) {
            int rows = Math.min(4, height - y0);
            for (int x = 0; x < width; x++) {
                for (int k = 0; k < rows; k++) {
                    int y = y0 + k;
                    if (significance[(y + 1) * stride + x + 1] != 1) {
                        continue;
                    }
                    int bit = bits.peek(1);
                    bits.advance(1);
                    int at = y * width + x;
                    int v = values[at];
                    int magnitude = Math.abs(v);
                    magnitude ^= (1 - bit) << (p - 1);
                    magnitude |= half;
                    values[at] = v < 0 ? -magnitude : magnitude;
                }
            }
        }
    }

    private void significancePropagation(int from, int length, int p, boolean causal) {
        ForwardBits bits = new ForwardBits();
        bits.start(data, from, from + length, 0);
        int newValue = 3 << (p - 2);
        int[] found = new int[16];
        for (int y0 = 0; y0 < height; y0 += 4) {
            int rows = Math.min(4, height - y0);
            for (int x0 = 0; x0 < width; x0 += 4) {
                int count = 0;
                int columns = Math.min(4, width - x0);
                for (int j = 0; j < columns; j++) {
                    int x = x0 + j;
                    for (int k = 0; k < rows; k++) {
                        int y = y0 + k;
                        int at = (y + 1) * stride + x + 1;
                        if (significance[at] != 0 || !hasSignificantNeighbour(x, y, y0, causal)) {
                            continue;
                        }
                        int bit = bits.peek(1);
                        bits.advance(1);
                        if (bit != 0) {
                            significance[at] = 2;
                            found[count++] = y * width + x;
                        }
                    }
                }
                for (int i = 0; i < count; i++) {
                    int sign = bits.peek(1);
                    bits.advance(1);
                    values[found[i]] = sign != 0 ? -newValue : newValue;
                }
            }
        }
    }

    private boolean hasSignificantNeighbour(int x, int y, int stripeTop, boolean causal) {
        int below = y + 1;
        boolean belowAllowed = !(causal && below == stripeTop + 4);
        for (int dy = -1; dy <= 1; dy++) {
            if (dy == 1 && !belowAllowed) {
                continue;
            }
            for (int dx = -1; dx <= 1; dx++) {
                if ((dx != 0 || dy != 0) && sig(x + dx, y + dy) != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- bit readers

    /** Forward bits, least significant first; after 0xFF the next byte gives 7 bits (T.814 C.5). */
    static final class ForwardBits {
        private byte[] bytes;
        private int position;
        private int end;
        private int fill;
        private long buffer;
        private int count;
        private boolean previousFF;

        void start(byte[] source, int from, int to, int fillByte) {
            bytes = source;
            position = from;
            end = to;
            fill = fillByte;
            buffer = 0;
            count = 0;
            previousFF = false;
        }

        private void refill() {
            while (count <= 56) {
                int b = position < end ? bytes[position] & 0xFF : fill;
                position++;
                int n = previousFF ? 7 : 8;
                buffer |= (long) (b & ((1 << n) - 1)) << count;
                count += n;
                previousFF = b == 0xFF;
            }
        }

        int peek(int n) {
            if (count < n) {
                refill();
            }
            return (int) (buffer & ((1L << n) - 1));
        }

        int peek32() {
            if (count < 32) {
                refill();
            }
            return (int) buffer;
        }

        void advance(int n) {
            if (count < n) {
                refill();
            }
            buffer >>>= n;
            count -= n;
        }
    }

    /**
     * Backward bits, least significant first; a byte whose predecessor (at the higher address) exceeds
     * 0x8F and whose low 7 bits are all 1 gives 7 bits (VLC and MagRef, T.814 C.6 and D.?). Reads zeros
     * past the segment's start.
     */
    static final class ReverseBits {
        private byte[] bytes;
        private int position;
        private int start;
        private long buffer;
        private int count;
        private boolean unstuff;

        /** The VLC: its first 4 bits are the upper nibble of the byte before Scup's last byte. */
        void startVlc(byte[] source, int lowest, int nibbleByte) {
            bytes = source;
            start = lowest;
            int d = source[nibbleByte] & 0xFF;
            int nibble = d >> 4;
            count = (nibble & 7) == 7 ? 3 : 4;
            buffer = nibble & ((1 << count) - 1);
            unstuff = (d | 0xF) > 0x8F;
            position = nibbleByte - 1;
        }

        void startMagRef(byte[] source, int lowest, int end) {
            bytes = source;
            start = lowest;
            position = end - 1;
            buffer = 0;
            count = 0;
            unstuff = true;
        }

        private void refill() {
            while (count <= 56) {
                int b = position >= start ? bytes[position] & 0xFF : 0;
                position--;
                int n = unstuff && (b & 0x7F) == 0x7F ? 7 : 8;
                buffer |= (long) (b & ((1 << n) - 1)) << count;
                count += n;
                unstuff = b > 0x8F;
            }
        }

        int peek(int n) {
            if (count < n) {
                refill();
            }
            return (int) (buffer & ((1L << n) - 1));
        }

        void advance(int n) {
            if (count < n) {
                refill();
            }
            buffer >>>= n;
            count -= n;
        }
    }
}
