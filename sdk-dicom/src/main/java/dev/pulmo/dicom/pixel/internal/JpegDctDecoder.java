package dev.pulmo.dicom.pixel.internal;

import dev.pulmo.dicom.pixel.PhotometricInterpretation;
import dev.pulmo.dicom.pixel.PixelDescription;
import java.nio.charset.StandardCharsets;

/**
 * DCT-based JPEG with Huffman coding, ITU-T T.81: baseline (Process 1), extended sequential (Processes 2 and 4) and
 * progressive (Processes 10 and 12, spectral selection and successive approximation), 8- and 12-bit samples, 1 to 4
 * components with any sampling factors, restart intervals, and a sequential frame coded in several scans.
 *
 * <p>The arithmetic is the Independent JPEG Group's, so that samples equal libjpeg's (and so dcmtk's
 * {@code dcmdjpeg}, Pillow's, GDCM's and the JDK's) exactly:
 * <ul>
 *   <li>the accurate integer inverse DCT ({@code jidctint.c}, {@code JDCT_ISLOW}, the default of those libraries):
 *       13-bit constants, 2 extra bits of precision between the passes for 8-bit samples and 1 for 12-bit, results
 *       mapped through libjpeg's range-limit table (which wraps far-out-of-range values the way libjpeg does);</li>
 *   <li>coefficients held as 16-bit values ({@code JCOEF}) and quantisation tables latched when a component's first
 *       scan starts ({@code jdinput.c});</li>
 *   <li>chroma upsampling as libjpeg-turbo's {@code jdsample.c} with its default "fancy" upsampling ({@link
 *       Upsampling}): triangle filters for 2:1 horizontal (h2v1) and 2:1 in both directions (h2v2) when the component
 *       is more than 2 samples wide, and for 1:2 vertical (h1v2, 4:4:0); the edges replicated; any other integral
 *       ratio by replication. That is Pillow's (and the JDK's on Debian, which links the system libjpeg-turbo). IJG
 *       libjpeg 6b, inside dcmtk and GDCM, replicates 4:4:0 chroma, so {@code dcmdjpeg} differs there;</li>
 *   <li>colour: components are returned as coded (a YBR frame stays Y, Cb, Cr), but for a frame labelled RGB whose
 *       stream has an Adobe APP14 marker with transform 1, which is converted with libjpeg's own YCbCr to RGB
 *       ({@link YbrFullToRgb}), as Pillow does for pydicom.</li>
 * </ul>
 * Damaged data fails with the offset where it was found; libjpeg would warn, fill with grey and go on.
 */
public final class JpegDctDecoder extends JpegMarkerStream {
    private static final int SOF0 = 0xC0;
    private static final int SOF1 = 0xC1;
    private static final int SOF2 = 0xC2;
    private static final int DHT = 0xC4;
    private static final int DAC = 0xCC;
    private static final int DQT = 0xDB;
    private static final int DRI = 0xDD;
    private static final int DNL = 0xDC;
    private static final int APP14 = 0xEE;
    private static final String CODEC = "JPEG";
    /**
     * More scans than any encoder writes (a progressive frame has a few per component; libjpeg's and dcmtk's scripts
     * use at most 10 or so): each scan walks the whole frame, so a damaged stream of many tiny scans must not run on.
     */
    private static final int MAX_SCANS = 256;

    /** Zig-zag index to natural (row-major) index, with 16 extra entries as libjpeg has, so a run past 63 lands on 63. */
    private static final int[] NATURAL_ORDER = {
            0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5,
            12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
            35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51,
            58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
            63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63, 63,
    };

    private final PixelDescription description;
    private final HuffmanTable[] dcTables = new HuffmanTable[4];
    private final HuffmanTable[] acTables = new HuffmanTable[4];
    private final int[][] quantTables = new int[4][];
    private int frameMarker = -1;
    private int precision;
    private int rows;
    private int columns;
    private Component[] components;
    private int maxH;
    private int maxV;
    private int mcusPerLine;
    private int mcusPerColumn;
    private int restartInterval;
    private int adobeTransform = -1;
    private int scanCount;

    // entropy-coded data: a 64-bit buffer filled most significant bit first
    private long bitBuffer;
    private int bitCount;
    private int readAt;
    private int zeroBits;
    private int markerAt = -1;
    private int eobRun;

    private JpegDctDecoder(PixelDescription description, byte[] data, FrameRef ref) {
        super(data, ref, CODEC);
        this.description = description;
    }

    /**
     * @param description the Image Pixel attributes (8 or 16 bits allocated); must agree with the stream
     * @param frame       one JPEG interchange-format stream of a DCT process
     * @param ref         source and frame, for messages
     * @return samples in (row, column, sample) order, stored values as {@link NativeFrameDecoder} reads them
     * @throws dev.pulmo.dicom.pixel.PixelDataException when the stream is malformed (naming the byte offset), uses
     *                                                  arithmetic coding or a hierarchical process, or disagrees
     *                                                  with the attributes
     */
    public static int[] decode(PixelDescription description, byte[] frame, FrameRef ref) {
        JpegDctDecoder decoder = new JpegDctDecoder(description, frame, ref);
        int[][] planes = decoder.decode();
        return ComponentPlanes.toSamples(description, planes, decoder.rows, decoder.columns, decoder.precision, CODEC,
                ref);
    }

    private int[][] decode() {
        walk();
        if (components == null) {
            throw ref.error("JPEG stream has no start-of-frame marker");
        }
        if (scanCount == 0) {
            throw ref.error("JPEG stream has no scan");
        }
        int[][] planes = new int[components.length][];
        for (int c = 0; c < components.length; c++) {
            Component component = components[c];
            if (component.quant == null) {
                throw ref.error("JPEG component " + component.id + " is in no scan");
            }
            planes[c] = upsample(component, inverseDct(component));
        }
        if (components.length == 3 && adobeTransform == 1
                && description.photometricInterpretation() == PhotometricInterpretation.RGB) {
            YbrFullToRgb.convertPlanes(planes, precision);
        }
        return planes;
    }

    @Override
    void segment(int marker, int payload, int segmentEnd) {
        switch (marker) {
            case SOF0, SOF1, SOF2 -> readFrameHeader(marker, payload, segmentEnd);
            case DHT -> readHuffmanTables(payload, segmentEnd);
            case DQT -> readQuantTables(payload, segmentEnd);
            case DRI -> restartInterval = u16(payload);
            case DNL -> throw ref.error("JPEG DNL marker (number of lines defined after the scan) is not supported");
            case DAC -> throw ref.error("arithmetic-coded JPEG (DAC marker at byte " + (payload - 4)
                    + ") is not supported");
            case APP14 -> readAdobe(payload, segmentEnd);
            default -> {
                if (isOtherStartOfFrame(marker)) {
                    throw ref.error(String.format("JPEG start-of-frame FF %02X at byte %d is not a Huffman-coded"
                            + " sequential or progressive DCT process (FF C0, C1, C2)", marker, payload - 4));
                }
            }
        }
    }

    @Override
    void scan(int header) {
        readScan(header);
    }

    private void readAdobe(int at, int end) {
        // "Adobe", version (2 bytes), flags0 (2), flags1 (2), transform (1)
        if (end - at >= 12 && new String(data, at, 5, StandardCharsets.US_ASCII).equals("Adobe")) {
            adobeTransform = u8(at + 11);
        }
    }

    private void readFrameHeader(int marker, int at, int end) {
        if (components != null) {
            throw ref.error("JPEG stream has a second start-of-frame marker at byte " + (at - 4));
        }
        frameMarker = marker;
        precision = u8(at);
        rows = u16(at + 1);
        columns = u16(at + 3);
        int count = u8(at + 5);
        if (rows == 0) {
            throw ref.error("JPEG frame header at byte " + (at - 4) + " has 0 lines (defined later by DNL), which is"
                    + " not supported");
        }
        if ((precision != 8 && precision != 12) || (marker == SOF0 && precision != 8) || columns == 0 || count < 1
                || count > 4 || at + 6 + 3 * count > end) {
            throw ref.error("JPEG frame header at byte " + (at - 4) + ": precision " + precision + ", " + columns + "x"
                    + rows + ", " + count + " component(s) is not valid for a DCT process (T.81 B.2.2: precision 8,"
                    + " or 12 in the extended and progressive processes; 1 to 4 components)");
        }
        // checked before anything is allocated: a damaged header must not ask for gigabytes
        ComponentPlanes.checkShape(description, rows, columns, count, CODEC, ref);
        Component[] parsed = new Component[count];
        for (int c = 0; c < count; c++) {
            int sampling = u8(at + 7 + 3 * c);
            parsed[c] = new Component(u8(at + 6 + 3 * c), sampling >> 4, sampling & 15, u8(at + 8 + 3 * c));
            if (parsed[c].h < 1 || parsed[c].h > 4 || parsed[c].v < 1 || parsed[c].v > 4 || parsed[c].tq > 3) {
                throw ref.error("JPEG component " + parsed[c].id + " has sampling factors " + parsed[c].h + "x"
                        + parsed[c].v + " and quantisation table " + parsed[c].tq + " (T.81: 1..4 and 0..3)");
            }
            maxH = Math.max(maxH, parsed[c].h);
            maxV = Math.max(maxV, parsed[c].v);
        }
        mcusPerLine = ceilDiv(columns, 8 * maxH);
        mcusPerColumn = ceilDiv(rows, 8 * maxV);
        for (Component c : parsed) {
            if (maxH % c.h != 0 || maxV % c.v != 0) {
                throw ref.error("JPEG component " + c.id + " has sampling factors " + c.h + "x" + c.v
                        + ", not a divisor of the largest " + maxH + "x" + maxV + " (fractional upsampling is not"
                        + " supported, as in libjpeg)");
            }
            c.width = ceilDiv(columns * c.h, maxH);
            c.height = ceilDiv(rows * c.v, maxV);
            c.blocksPerLine = mcusPerLine * c.h;
            c.blocksPerColumn = mcusPerColumn * c.v;
            c.coefficients = new short[c.blocksPerLine * c.blocksPerColumn * 64];
        }
        components = parsed;
    }

    private void readHuffmanTables(int at, int end) {
        readHuffmanTables(at, end, (tableClass, id, table) -> (tableClass == 0 ? dcTables : acTables)[id] = table);
    }

    private void readQuantTables(int at, int end) {
        while (at < end) {
            int precisionAndId = u8(at);
            int wide = precisionAndId >> 4;
            int id = precisionAndId & 15;
            int size = 1 + 64 * (wide == 0 ? 1 : 2);
            if (wide > 1 || id > 3 || at + size > end) {
                throw ref.error("JPEG quantisation table at byte " + at + " is malformed (precision " + wide + ", id "
                        + id + ")");
            }
            int[] table = new int[64];
            for (int k = 0; k < 64; k++) {
                table[NATURAL_ORDER[k]] = wide == 0 ? u8(at + 1 + k) : u16(at + 1 + 2 * k);
            }
            quantTables[id] = table;
            at += size;
        }
    }

    private void readScan(int at) {
        if (components == null) {
            throw ref.error("JPEG scan at byte " + (at - 4) + " before the start-of-frame marker");
        }
        int count = u8(at);
        if (count < 1 || count > 4) {
            throw ref.error("JPEG scan at byte " + (at - 4) + " has " + count + " components (T.81 B.2.3: 1 to 4)");
        }
        Component[] scanComponents = new Component[count];
        int blocksPerMcu = 0;
        for (int i = 0; i < count; i++) {
            Component c = component(u8(at + 1 + 2 * i), at);
            int tables = u8(at + 2 + 2 * i);
            c.dcTable = tables >> 4;
            c.acTable = tables & 15;
            scanComponents[i] = c;
            blocksPerMcu += c.h * c.v;
        }
        int ss = u8(at + 1 + 2 * count);
        int se = u8(at + 2 + 2 * count);
        int ahAl = u8(at + 3 + 2 * count);
        int ah = ahAl >> 4;
        int al = ahAl & 15;
        boolean progressive = frameMarker == SOF2;
        if (count > 1 && blocksPerMcu > 10) {
            throw ref.error("JPEG scan at byte " + (at - 4) + " interleaves " + blocksPerMcu
                    + " blocks per MCU; T.81 B.2.3 allows at most 10");
        }
        if (progressive) {
            boolean dc = ss == 0;
            if ((dc && se != 0) || (!dc && (se < ss || se > 63 || count != 1)) || ah > 13 || al > 13) {
                throw ref.error("JPEG progressive scan at byte " + (at - 4) + " has spectral selection " + ss + ".."
                        + se + ", approximation " + ah + "/" + al + " over " + count
                        + " component(s), which T.81 G.1.1.1 does not allow");
            }
        } else if (ss != 0 || se != 63 || ahAl != 0) {
            throw ref.error("JPEG sequential scan at byte " + (at - 4) + " has spectral selection " + ss + ".." + se
                    + " and approximation " + ahAl + " (T.81 B.2.3: 0..63 and 0)");
        }
        for (Component c : scanComponents) {
            if (c.quant == null) {
                int[] table = quantTables[c.tq];
                if (table == null) {
                    throw ref.error("JPEG component " + c.id + " uses quantisation table " + c.tq
                            + ", which is not defined before its first scan");
                }
                c.quant = table.clone();
            }
            boolean needsDc = !progressive || (ss == 0 && ah == 0);
            boolean needsAc = !progressive || ss > 0;
            if ((needsDc && tableOrNull(dcTables, c.dcTable) == null)
                    || (needsAc && tableOrNull(acTables, c.acTable) == null)) {
                throw ref.error("JPEG scan at byte " + (at - 4) + " uses Huffman tables DC " + c.dcTable + " / AC "
                        + c.acTable + " for component " + c.id + ", which are not defined");
            }
            c.dcPredictor = 0;
        }
        if (++scanCount > MAX_SCANS) {
            throw ref.error("JPEG stream has more than " + MAX_SCANS + " scans (scan at byte " + (at - 4) + ")");
        }
        decodeScan(scanComponents, progressive, ss, se, ah, al);
    }

    private static HuffmanTable tableOrNull(HuffmanTable[] tables, int id) {
        return id < tables.length ? tables[id] : null;
    }

    private Component component(int id, int scanAt) {
        for (Component c : components) {
            if (c.id == id) {
                return c;
            }
        }
        throw ref.error("JPEG scan at byte " + (scanAt - 4) + " names component " + id
                + ", which the frame header does not have");
    }

    private void decodeScan(Component[] scan, boolean progressive, int ss, int se, int ah, int al) {
        readAt = position;
        bitBuffer = 0;
        bitCount = 0;
        zeroBits = 0;
        markerAt = -1;
        eobRun = 0;
        int restartsSeen = 0;
        boolean interleaved = scan.length > 1;
        Component single = scan[0];
        int mcusWide = interleaved ? mcusPerLine : ceilDiv(single.width, 8);
        int mcusHigh = interleaved ? mcusPerColumn : ceilDiv(single.height, 8);
        int mcuCount = mcusWide * mcusHigh;
        for (int mcu = 0; mcu < mcuCount; mcu++) {
            if (restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0) {
                restart(restartsSeen++, scan, mcu, mcuCount);
            }
            int mcuRow = mcu / mcusWide;
            int mcuColumn = mcu % mcusWide;
            if (interleaved) {
                for (Component c : scan) {
                    for (int v = 0; v < c.v; v++) {
                        for (int h = 0; h < c.h; h++) {
                            int block = (mcuRow * c.v + v) * c.blocksPerLine + mcuColumn * c.h + h;
                            decodeBlock(c, block * 64, progressive, ss, se, ah, al);
                        }
                    }
                }
            } else {
                decodeBlock(single, (mcuRow * single.blocksPerLine + mcuColumn) * 64, progressive, ss, se, ah, al);
            }
            if (bitCount < zeroBits) {
                throw ref.error("JPEG entropy-coded data of scan " + scanCount + " ends at byte "
                        + (markerAt >= 0 && markerAt + 1 < data.length
                                ? markerAt + String.format(" (marker FF %02X)", u8(markerAt + 1))
                                : Integer.toString(data.length))
                        + " inside MCU " + mcu + " of " + mcuCount);
            }
        }
        position = markerAt >= 0 ? markerAt : readAt;
    }

    private void restart(int restartsSeen, Component[] scan, int mcu, int mcuCount) {
        // the bits left are padding; the data must now be at an RSTn marker (T.81 E.1.4)
        bitBuffer = 0;
        bitCount = 0;
        zeroBits = 0;
        int expected = 0xD0 + (restartsSeen & 7);
        if (markerAt < 0) {
            fill();
        }
        if (markerAt < 0 || markerAt + 1 >= data.length || u8(markerAt + 1) != expected) {
            throw ref.error(String.format("JPEG restart marker FF %02X expected before MCU %d of %d", expected, mcu,
                    mcuCount) + (markerAt < 0 ? " but entropy-coded data goes on at byte " + readAt
                    : markerAt + 1 >= data.length ? " but the stream ends at byte " + data.length
                    : String.format(" but found FF %02X at byte %d", u8(markerAt + 1), markerAt)));
        }
        readAt = markerAt + 2;
        markerAt = -1;
        bitBuffer = 0;
        bitCount = 0;
        zeroBits = 0;
        eobRun = 0;
        for (Component c : scan) {
            c.dcPredictor = 0;
        }
    }

    private void decodeBlock(Component c, int offset, boolean progressive, int ss, int se, int ah, int al) {
        short[] block = c.coefficients;
        if (!progressive) {
            decodeSequential(c, block, offset);
        } else if (ss == 0) {
            if (ah == 0) {
                int s = decodeSymbol(dcTables[c.dcTable]);
                c.dcPredictor += s == 0 ? 0 : receiveExtend(s);
                block[offset] = (short) (c.dcPredictor << al);
            } else if (bits(1) != 0) {
                block[offset] |= (short) (1 << al);
            }
        } else if (ah == 0) {
            decodeAcFirst(acTables[c.acTable], block, offset, ss, se, al);
        } else {
            decodeAcRefine(acTables[c.acTable], block, offset, ss, se, al);
        }
    }

    /** T.81 F.2.2: the DC difference and the run/size-coded AC coefficients of one block, in zig-zag order. */
    private void decodeSequential(Component c, short[] block, int offset) {
        HuffmanTable dc = dcTables[c.dcTable];
        HuffmanTable ac = acTables[c.acTable];
        int s = decodeSymbol(dc);
        if (s > 16) {
            throw ref.error("JPEG DC difference category " + s + " (near byte " + readAt + ") is above 16");
        }
        if (s != 0) {
            c.dcPredictor += receiveExtend(s);
        }
        block[offset] = (short) c.dcPredictor;
        for (int k = 1; k < 64; k++) {
            int rs = decodeSymbol(ac);
            int r = rs >> 4;
            s = rs & 15;
            if (s != 0) {
                k += r;
                block[offset + NATURAL_ORDER[k]] = (short) receiveExtend(s);
            } else if (r == 15) {
                k += 15;
            } else {
                break;
            }
        }
    }

    /** T.81 G.1.2.2, first scan of a band: as sequential AC, scaled by the point transform, with end-of-band runs. */
    private void decodeAcFirst(HuffmanTable ac, short[] block, int offset, int ss, int se, int al) {
        if (eobRun > 0) {
            eobRun--;
            return;
        }
        for (int k = ss; k <= se; k++) {
            int rs = decodeSymbol(ac);
            int r = rs >> 4;
            int s = rs & 15;
            if (s != 0) {
                k += r;
                block[offset + NATURAL_ORDER[k]] = (short) (receiveExtend(s) << al);
            } else if (r == 15) {
                k += 15;
            } else {
                eobRun = (1 << r) - 1;
                if (r > 0) {
                    eobRun += bits(r);
                }
                break;
            }
        }
    }

    /**
     * T.81 G.1.2.3, a refinement scan of a band: one correction bit for each coefficient already non-zero, new
     * coefficients of magnitude 1 placed after the given run of zero-history coefficients (libjpeg's
     * {@code decode_mcu_AC_refine}).
     */
    private void decodeAcRefine(HuffmanTable ac, short[] block, int offset, int ss, int se, int al) {
        int p1 = 1 << al;
        int m1 = -1 << al;
        int k = ss;
        if (eobRun == 0) {
            for (; k <= se; k++) {
                int rs = decodeSymbol(ac);
                int r = rs >> 4;
                int s = rs & 15;
                if (s != 0) {
                    s = bits(1) != 0 ? p1 : m1;
                } else if (r != 15) {
                    eobRun = 1 << r;
                    if (r > 0) {
                        eobRun += bits(r);
                    }
                    break;
                }
                do {
                    int at = offset + NATURAL_ORDER[k];
                    if (block[at] != 0) {
                        refine(block, at, p1, m1);
                    } else if (--r < 0) {
                        break;
                    }
                    k++;
                } while (k <= se);
                if (s != 0) {
                    block[offset + NATURAL_ORDER[k]] = (short) s;
                }
            }
        }
        if (eobRun > 0) {
            for (; k <= se; k++) {
                int at = offset + NATURAL_ORDER[k];
                if (block[at] != 0) {
                    refine(block, at, p1, m1);
                }
            }
            eobRun--;
        }
    }

    private void refine(short[] block, int at, int p1, int m1) {
        if (bits(1) != 0 && (block[at] & p1) == 0) {
            block[at] = (short) (block[at] >= 0 ? block[at] + p1 : block[at] + m1);
        }
    }

    private int decodeSymbol(HuffmanTable table) {
        if (bitCount < 16) {
            fill();
        }
        int entry = table.lookup[(int) (bitBuffer >>> (64 - HuffmanTable.LOOKAHEAD))];
        if (entry != 0) {
            int length = entry >>> 8;
            bitBuffer <<= length;
            bitCount -= length;
            return entry & 0xFF;
        }
        for (int length = HuffmanTable.LOOKAHEAD + 1; length <= 16; length++) {
            int code = (int) (bitBuffer >>> (64 - length));
            if (code <= table.maxCode[length]) {
                bitBuffer <<= length;
                bitCount -= length;
                return table.values[table.valuePointer[length] + code - table.minCode[length]];
            }
        }
        throw ref.error("JPEG stream holds a Huffman code that its table does not define (scan " + scanCount
                + ", near byte " + readAt + ")");
    }

    /** T.81 F.2.2.1: {@code s} more bits, a leading 0 meaning a negative value (EXTEND). */
    private int receiveExtend(int s) {
        int v = bits(s);
        return v < 1 << (s - 1) ? v - (1 << s) + 1 : v;
    }

    private int bits(int n) {
        if (n == 0) {
            return 0;
        }
        if (bitCount < n) {
            fill();
        }
        int v = (int) (bitBuffer >>> (64 - n));
        bitBuffer <<= n;
        bitCount -= n;
        return v;
    }

    /**
     * Tops the bit buffer up to at least 57 bits. {@code FF 00} is a data byte {@code FF}; fill bytes {@code FF} may
     * precede either (libjpeg's {@code fill_bit_buffer}). At a marker, or at the end of the data, zero bits are
     * supplied, as T.81 F.2.2.5 and libjpeg do; {@link #zeroBits} counts them so a scan that needs them fails.
     */
    private void fill() {
        // locals, written back once: the loop runs for every byte of entropy-coded data
        long buffer = bitBuffer;
        int count = bitCount;
        int at = readAt;
        byte[] in = data;
        while (count <= 56) {
            if (markerAt < 0 && at < in.length) {
                int b = in[at] & 0xFF;
                if (b != 0xFF) {
                    at++;
                    buffer |= (long) b << (56 - count);
                    count += 8;
                    continue;
                }
                int next = at + 1;
                while (next < in.length && in[next] == (byte) 0xFF) {
                    next++;
                }
                if (next < in.length && in[next] == 0) {
                    at = next + 1;
                    buffer |= 0xFFL << (56 - count);
                    count += 8;
                    continue;
                }
                markerAt = next < in.length ? next - 1 : at;
                if (next >= in.length) {
                    at = in.length;
                }
            }
            zeroBits += 8;
            count += 8;
        }
        bitBuffer = buffer;
        bitCount = count;
        readAt = at;
    }

    /**
     * libjpeg's {@code jpeg_idct_islow} over the component's blocks, into a sample plane {@code 8 × blocks} wide.
     *
     * @return samples of the blocks that cover the component, row-major, {@code ceil(width/8)*8} per row
     */
    private int[] inverseDct(Component c) {
        int blocksWide = ceilDiv(c.width, 8);
        int blocksHigh = ceilDiv(c.height, 8);
        int stride = blocksWide * 8;
        int[] plane = new int[stride * blocksHigh * 8];
        int pass1Bits = precision == 8 ? 2 : 1;
        int[] rangeLimit = RangeLimit.of(precision);
        int[] quant = c.quant;
        long[] workspace = new long[72];
        for (int by = 0; by < blocksHigh; by++) {
            for (int bx = 0; bx < blocksWide; bx++) {
                IslowIdct.transform(c.coefficients, (by * c.blocksPerLine + bx) * 64, quant, workspace, pass1Bits,
                        rangeLimit, plane, by * 8 * stride + bx * 8, stride);
            }
        }
        return plane;
    }

    /** The component's samples brought to the image's size, as libjpeg's {@code jdsample.c} does by default. */
    private int[] upsample(Component c, int[] plane) {
        int stride = ceilDiv(c.width, 8) * 8;
        int hRatio = maxH / c.h;
        int vRatio = maxV / c.v;
        int[] out = new int[rows * columns];
        if (hRatio == 1 && vRatio == 1) {
            for (int y = 0; y < rows; y++) {
                System.arraycopy(plane, y * stride, out, y * columns, columns);
            }
        } else if (hRatio == 2 && vRatio == 1 && c.width > 2) {
            Upsampling.h2v1Fancy(plane, stride, c.width, out, rows, columns);
        } else if (hRatio == 1 && vRatio == 2) {
            Upsampling.h1v2Fancy(plane, stride, c.height, out, rows, columns);
        } else if (hRatio == 2 && vRatio == 2 && c.width > 2) {
            Upsampling.h2v2Fancy(plane, stride, c.width, c.height, out, rows, columns);
        } else {
            Upsampling.replicate(plane, stride, hRatio, vRatio, out, rows, columns);
        }
        return out;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** One component of the frame: its sampling, its coefficients, and the state of the scan it is in. */
    private static final class Component {
        final int id;
        final int h;
        final int v;
        final int tq;
        int width;
        int height;
        int blocksPerLine;
        int blocksPerColumn;
        short[] coefficients;
        int[] quant;
        int dcTable;
        int acTable;
        int dcPredictor;

        Component(int id, int h, int v, int tq) {
            this.id = id;
            this.h = h;
            this.v = v;
            this.tq = tq;
        }
    }
}
