package dev.pulmo.dicom.pixel.internal;

import dev.pulmo.dicom.pixel.PixelDescription;
import java.util.Arrays;

/**
 * JPEG-LS, ITU-T T.87 (DICOM's JPEG-LS Lossless …4.80 and Near-Lossless …4.81): LOCO-I prediction
 * with 365 regular contexts and bias correction, Golomb-Rice codes, run mode; components in separate
 * scans (ILV 0), line-interleaved (ILV 1) or sample-interleaved (ILV 2); preset coding parameters from
 * an LSE segment. Not supported: point transform, mapping tables, colour transforms of LSE id 13 (HP).
 * Context numbering and the order of updates follow T.87 Annex A as CharLS implements it (CharLS
 * encodes most DICOM JPEG-LS).
 */
public final class JpegLsDecoder extends JpegMarkerStream {
    private static final int SOF55 = 0xF7;
    private static final int LSE = 0xF8;
    private static final int[] J = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 9, 10,
        11, 12, 13, 14, 15};

    private final PixelDescription description;
    private int precision;
    private int rows;
    private int columns;
    private int[] componentIds;
    private int[][] planes;
    private int presetMaxValue;
    private int presetT1;
    private int presetT2;
    private int presetT3;
    private int presetReset;

    private JpegLsDecoder(PixelDescription description, byte[] data, FrameRef ref) {
        super(data, ref, "JPEG-LS");
        this.description = description;
    }

    /**
     * @param description the Image Pixel attributes (8 or 16 bits allocated); must agree with the stream
     * @param frame       one JPEG-LS stream
     * @param ref         source and frame, for messages
     * @return the frame as native little-endian interleaved bytes ({@link NativeLayout#DECODED})
     * @throws dev.pulmo.dicom.pixel.PixelDataException when the stream is malformed, uses a feature this
     *                                                  decoder lacks, or disagrees with the attributes
     */
    public static byte[] decodeToNative(PixelDescription description, byte[] frame, FrameRef ref) {
        JpegLsDecoder decoder = new JpegLsDecoder(description, frame, ref);
        decoder.decode();
        return ComponentPlanes.toNative(description, decoder.planes, decoder.rows, decoder.columns,
                decoder.precision, "JPEG-LS", ref);
    }

    @Override
    void segment(int marker, int payload, int segmentEnd) {
        switch (marker) {
            case SOF55 -> readFrameHeader(payload);
            case LSE -> readPresets(payload);
            default -> {
                if (isOtherStartOfFrame(marker)) {
                    throw ref.error(String.format("start-of-frame FF %02X is not JPEG-LS (FF F7)", marker));
                }
            }
        }
    }

    @Override
    void scan(int header) {
        readScan(header);
    }

    @Override
    boolean isMarker(int secondByte) {
        return secondByte >= 0x80;
    }

    private void decode() {
        walk();
        if (planes == null) {
            throw ref.error("JPEG-LS stream has no scan");
        }
    }

    private void readFrameHeader(int at) {
        precision = u8(at);
        rows = u16(at + 1);
        columns = u16(at + 3);
        int components = u8(at + 5);
        if (precision < 2 || precision > 16 || rows == 0 || columns == 0 || components < 1 || components > 4) {
            throw ref.error("JPEG-LS frame header: precision " + precision + ", " + columns + "x" + rows + ", "
                    + components + " component(s) is not valid (T.87 C.2.2)");
        }
        // checked before the planes are allocated: a damaged header must not ask for gigabytes
        ComponentPlanes.checkShape(description, rows, columns, components, "JPEG-LS", ref);
        componentIds = new int[components];
        planes = new int[components][rows * columns];
        for (int c = 0; c < components; c++) {
            componentIds[c] = u8(at + 6 + 3 * c);
            if (u8(at + 7 + 3 * c) != 0x11) {
                throw ref.error("JPEG-LS component " + componentIds[c] + " is subsampled; only 1x1 is supported");
            }
        }
    }

    private void readPresets(int at) {
        int id = u8(at);
        if (id != 1) {
            throw ref.error("JPEG-LS LSE segment of type " + id + " (mapping tables or colour transform) is not"
                    + " supported");
        }
        presetMaxValue = u16(at + 1);
        presetT1 = u16(at + 3);
        presetT2 = u16(at + 5);
        presetT3 = u16(at + 7);
        presetReset = u16(at + 9);
    }

    private void readScan(int at) {
        if (planes == null) {
            throw ref.error("JPEG-LS scan before the frame header (SOF55)");
        }
        int scanComponents = u8(at);
        int[] plane = new int[scanComponents];
        for (int i = 0; i < scanComponents; i++) {
            plane[i] = indexOf(u8(at + 1 + 2 * i));
            if (u8(at + 2 + 2 * i) != 0) {
                throw ref.error("JPEG-LS mapping tables are not supported");
            }
        }
        int near = u8(at + 1 + 2 * scanComponents);
        int interleave = u8(at + 2 + 2 * scanComponents);
        int pointTransform = u8(at + 3 + 2 * scanComponents) & 15;
        if (pointTransform != 0) {
            throw ref.error("JPEG-LS point transform " + pointTransform + " is not supported");
        }
        if (interleave > 2 || (interleave == 0 && scanComponents != 1)) {
            throw ref.error("JPEG-LS interleave mode " + interleave + " with " + scanComponents
                    + " component(s) is not valid (T.87 C.2.3)");
        }
        Scan scan = new Scan(near);
        int[][] previous = new int[scanComponents][columns + 2];
        int[][] current = new int[scanComponents][columns + 2];
        int[] runIndex = new int[scanComponents];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < scanComponents; i++) {
                // T.87 A.2.1: Ra of the first sample is the sample above it, Rc is the previous line's Ra,
                // and Rd past the end of the line repeats the last sample above
                current[i][0] = previous[i][1];
                previous[i][columns + 1] = previous[i][columns];
            }
            if (interleave == 2) {
                scan.decodeSampleInterleavedLine(previous, current, runIndex);
            } else {
                for (int i = 0; i < scanComponents; i++) {
                    runIndex[i] = scan.decodeLine(previous[i], current[i], runIndex[i]);
                }
            }
            for (int i = 0; i < scanComponents; i++) {
                System.arraycopy(current[i], 1, planes[plane[i]], r * columns, columns);
                int[] swap = previous[i];
                previous[i] = current[i];
                current[i] = swap;
            }
        }
        position = scan.bits.endOfScan();
    }

    private int indexOf(int componentId) {
        for (int i = 0; i < componentIds.length; i++) {
            if (componentIds[i] == componentId) {
                return i;
            }
        }
        throw ref.error("JPEG-LS scan names component " + componentId + ", which the frame header does not have");
    }

    /** The coding parameters and context statistics of one scan (shared by its components). */
    private final class Scan {
        private final int near;
        private final int maxValue;
        private final int range;
        private final int qbpp;
        private final int limit;
        private final int t1;
        private final int t2;
        private final int t3;
        private final int reset;
        private final int[] a = new int[367];
        private final int[] b = new int[365];
        private final int[] c = new int[365];
        private final int[] n = new int[367];
        private final int[] nn = new int[2];
        private final BitReader bits = new BitReader();

        Scan(int near) {
            this.near = near;
            this.maxValue = presetMaxValue != 0 ? presetMaxValue : (1 << precision) - 1;
            this.range = (maxValue + 2 * near) / (2 * near + 1) + 1;
            this.qbpp = ceilLog2(range);
            int bpp = Math.max(2, ceilLog2(maxValue + 1));
            this.limit = 2 * (bpp + Math.max(8, bpp));
            // T.87 C.2.4.1.1: default thresholds
            int d1;
            int d2;
            int d3;
            if (maxValue >= 128) {
                int factor = (Math.min(maxValue, 4095) + 128) / 256;
                d1 = clamp(factor * (3 - 2) + 2 + 3 * near, near + 1);
                d2 = clamp(factor * (7 - 3) + 3 + 5 * near, d1);
                d3 = clamp(factor * (21 - 4) + 4 + 7 * near, d2);
            } else {
                int factor = 256 / (maxValue + 1);
                d1 = clamp(Math.max(2, 3 / factor + 3 * near), near + 1);
                d2 = clamp(Math.max(3, 7 / factor + 5 * near), d1);
                d3 = clamp(Math.max(4, 21 / factor + 7 * near), d2);
            }
            this.t1 = presetT1 != 0 ? presetT1 : d1;
            this.t2 = presetT2 != 0 ? presetT2 : d2;
            this.t3 = presetT3 != 0 ? presetT3 : d3;
            this.reset = presetReset != 0 ? presetReset : 64;
            Arrays.fill(a, Math.max(2, (range + 32) / 64));
            Arrays.fill(n, 1);
        }

        private int clamp(int value, int low) {
            return value > maxValue || value < low ? low : value;
        }

        /** One line of one component (ILV 0 and 1); returns the run index to carry to its next line. */
        int decodeLine(int[] above, int[] line, int runIndexIn) {
            int runIndex = runIndexIn;
            int x = 1;
            while (x <= columns) {
                int ra = line[x - 1];
                int rb = above[x];
                int rc = above[x - 1];
                int rd = above[x + 1];
                int q = contextId(quantize(rd - rb), quantize(rb - rc), quantize(rc - ra));
                if (q != 0) {
                    line[x] = decodeRegular(q, predict(ra, rb, rc));
                    x++;
                    continue;
                }
                // run mode (T.87 A.7)
                int remaining = columns - x + 1;
                int count = 0;
                while (bits.bit() == 1) {
                    int length = Math.min(1 << J[runIndex], remaining - count);
                    count += length;
                    if (length == 1 << J[runIndex]) {
                        runIndex = Math.min(31, runIndex + 1);
                    }
                    if (count == remaining) {
                        break;
                    }
                }
                if (count != remaining) {
                    count += J[runIndex] > 0 ? bits.bits(J[runIndex]) : 0;
                }
                if (count > remaining) {
                    throw ref.error("JPEG-LS run of " + count + " samples passes the end of the line");
                }
                for (int i = 0; i < count; i++) {
                    line[x + i] = ra;
                }
                x += count;
                if (x > columns) {
                    break;
                }
                rb = above[x];
                line[x] = decodeRunInterruption(ra, rb, runIndex);
                runIndex = Math.max(0, runIndex - 1);
                x++;
            }
            return runIndex;
        }

        /** One line of all components, sample-interleaved (ILV 2): runs are of whole pixels. */
        void decodeSampleInterleavedLine(int[][] above, int[][] line, int[] runIndexes) {
            int components = line.length;
            int runIndex = runIndexes[0];
            int[] q = new int[components];
            int x = 1;
            while (x <= columns) {
                boolean allFlat = true;
                for (int i = 0; i < components; i++) {
                    q[i] = contextId(quantize(above[i][x + 1] - above[i][x]), quantize(above[i][x] - above[i][x - 1]),
                            quantize(above[i][x - 1] - line[i][x - 1]));
                    allFlat &= q[i] == 0;
                }
                if (!allFlat) {
                    for (int i = 0; i < components; i++) {
                        line[i][x] = decodeRegular(q[i], predict(line[i][x - 1], above[i][x], above[i][x - 1]));
                    }
                    x++;
                    continue;
                }
                int remaining = columns - x + 1;
                int count = 0;
                while (bits.bit() == 1) {
                    int length = Math.min(1 << J[runIndex], remaining - count);
                    count += length;
                    if (length == 1 << J[runIndex]) {
                        runIndex = Math.min(31, runIndex + 1);
                    }
                    if (count == remaining) {
                        break;
                    }
                }
                if (count != remaining) {
                    count += J[runIndex] > 0 ? bits.bits(J[runIndex]) : 0;
                }
                if (count > remaining) {
                    throw ref.error("JPEG-LS run of " + count + " pixels passes the end of the line");
                }
                for (int i = 0; i < components; i++) {
                    for (int k = 0; k < count; k++) {
                        line[i][x + k] = line[i][x - 1];
                    }
                }
                x += count;
                if (x > columns) {
                    break;
                }
                for (int i = 0; i < components; i++) {
                    int ra = line[i][x - 1];
                    int rb = above[i][x];
                    int error = decodeRunInterruptionError(0, runIndex);
                    line[i][x] = reconstruct(rb, rb - ra < 0 ? -error : error);
                }
                runIndex = Math.max(0, runIndex - 1);
                x++;
            }
            runIndexes[0] = runIndex;
        }

        private int decodeRegular(int signedContext, int prediction) {
            int sign = signedContext < 0 ? -1 : 1;
            int q = signedContext * sign;
            int k = golombParameter(n[q], a[q]);
            int corrected = prediction + sign * c[q];
            corrected = corrected < 0 ? 0 : Math.min(corrected, maxValue);
            int mapped = checked(golomb(k, limit));
            int error = (mapped & 1) == 0 ? mapped >> 1 : -((mapped + 1) >> 1);
            if (k == 0 && near == 0 && 2 * b[q] + n[q] - 1 < 0) {
                error = ~error; // T.87 A.5.2: the mapping is inverted when the bias is negative
            }
            update(q, error);
            return reconstruct(corrected, sign * error);
        }

        private void update(int q, int error) {
            int aq = a[q] + Math.abs(error);
            int bq = b[q] + error * (2 * near + 1);
            int nq = n[q];
            if (nq == reset) {
                aq >>= 1;
                bq >>= 1;
                nq >>= 1;
            }
            nq++;
            a[q] = aq;
            n[q] = nq;
            if (bq + nq <= 0) {
                bq += nq;
                if (bq <= -nq) {
                    bq = -nq + 1;
                }
                if (c[q] > -128) {
                    c[q]--;
                }
            } else if (bq > 0) {
                bq -= nq;
                if (bq > 0) {
                    bq = 0;
                }
                if (c[q] < 127) {
                    c[q]++;
                }
            }
            b[q] = bq;
        }

        private int decodeRunInterruption(int ra, int rb, int runIndex) {
            if (Math.abs(ra - rb) <= near) {
                return reconstruct(ra, decodeRunInterruptionError(1, runIndex));
            }
            int error = decodeRunInterruptionError(0, runIndex);
            return reconstruct(rb, rb - ra < 0 ? -error : error);
        }

        /** T.87 A.7.2.2: contexts 365 (RItype 0) and 366 (RItype 1). */
        private int decodeRunInterruptionError(int runType, int runIndex) {
            int q = 365 + runType;
            int temp = a[q] + (n[q] >> 1) * runType;
            int k = golombParameter(n[q], temp);
            int mapped = checked(golomb(k, limit - J[runIndex] - 1));
            int value = mapped + runType;
            boolean map = (value & 1) == 1;
            int magnitude = (value + (map ? 1 : 0)) / 2;
            int error = ((k != 0 || 2 * nn[runType] >= n[q]) == map) ? -magnitude : magnitude;
            if (error < 0) {
                nn[runType]++;
            }
            a[q] += (mapped + 1 - runType) >> 1;
            if (n[q] == reset) {
                a[q] >>= 1;
                n[q] >>= 1;
                nn[runType] >>= 1;
            }
            n[q]++;
            return error;
        }

        /** The smallest k with N·2^k ≥ A (T.87 A.5.1); bounded, as corrupt data can inflate A. */
        private int golombParameter(int count, int accumulated) {
            int k = 0;
            while (((long) count << k) < accumulated) {
                if (++k > 24) {
                    throw ref.error("JPEG-LS scan data is corrupt (Golomb parameter above 24)");
                }
            }
            return k;
        }

        private int reconstruct(int prediction, int error) {
            int value = prediction + error * (2 * near + 1);
            if (value < -near) {
                value += range * (2 * near + 1);
            } else if (value > maxValue + near) {
                value -= range * (2 * near + 1);
            }
            return value < 0 ? 0 : Math.min(value, maxValue);
        }

        private int checked(int mappedError) {
            if (mappedError < 0 || mappedError > 2 * range) {
                throw ref.error("JPEG-LS scan data is corrupt (mapped error " + mappedError + " outside 0.."
                        + 2 * range + ")");
            }
            return mappedError;
        }

        private int golomb(int k, int limitBits) {
            int high = bits.unary();
            if (high >= limitBits - (qbpp + 1)) {
                return bits.bits(qbpp) + 1;
            }
            return k == 0 ? high : (high << k) + bits.bits(k);
        }

        private int quantize(int d) {
            if (d <= -t3) {
                return -4;
            }
            if (d <= -t2) {
                return -3;
            }
            if (d <= -t1) {
                return -2;
            }
            if (d < -near) {
                return -1;
            }
            if (d <= near) {
                return 0;
            }
            if (d < t1) {
                return 1;
            }
            if (d < t2) {
                return 2;
            }
            return d < t3 ? 3 : 4;
        }
    }

    private static int contextId(int q1, int q2, int q3) {
        return (q1 * 9 + q2) * 9 + q3;
    }

    /** The median edge detector of T.87 A.4.1. */
    private static int predict(int ra, int rb, int rc) {
        if (rc >= Math.max(ra, rb)) {
            return Math.min(ra, rb);
        }
        if (rc <= Math.min(ra, rb)) {
            return Math.max(ra, rb);
        }
        return ra + rb - rc;
    }

    private static int ceilLog2(int value) {
        int bits = 0;
        while ((1 << bits) < value) {
            bits++;
        }
        return bits;
    }

    /**
     * Scan bits, read ahead into a 64-bit buffer: after an FF byte the next byte carries 7 bits (T.87
     * C.1.3); FF then a byte of 80 or more is a marker, which ends the scan.
     */
    private final class BitReader {
        private int at = position;
        private long buffer;
        private int available;
        private boolean previousWasFf;
        private int markerAt = -1;

        private void fill() {
            while (available <= 48 && markerAt < 0 && at < data.length) {
                int b = data[at] & 0xFF;
                if (previousWasFf && b >= 0x80) {
                    markerAt = at - 1;
                    break;
                }
                buffer = previousWasFf ? buffer << 7 | b : buffer << 8 | b;
                available += previousWasFf ? 7 : 8;
                previousWasFf = b == 0xFF;
                at++;
            }
        }

        private void require(int count) {
            if (available < count) {
                fill();
                if (available < count) {
                    throw ref.error(markerAt >= 0
                            ? "JPEG-LS scan data ends at a marker (byte " + markerAt + ") before the frame is complete"
                            : "JPEG-LS scan data ends at byte " + data.length + " before the frame is complete");
                }
            }
        }

        int bit() {
            return bits(1);
        }

        int bits(int count) {
            if (count == 0) {
                return 0;
            }
            require(count);
            available -= count;
            return (int) ((buffer >>> available) & ((1L << count) - 1));
        }

        int unary() {
            int zeros = 0;
            while (true) {
                require(1);
                long window = buffer & ((1L << available) - 1);
                if (window == 0) {
                    zeros += available;
                    available = 0;
                    if (zeros > 65536) {
                        throw ref.error("JPEG-LS scan data is corrupt (a code of more than 65536 zero bits)");
                    }
                    continue;
                }
                int leading = Long.numberOfLeadingZeros(window) - (64 - available);
                zeros += leading;
                available -= leading + 1;
                return zeros;
            }
        }

        /** Where to look for the next marker: a read-ahead FF may be the first byte of the marker ending the scan. */
        int endOfScan() {
            return markerAt >= 0 ? markerAt : previousWasFf ? at - 1 : at;
        }
    }
}
