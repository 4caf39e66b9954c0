package dev.pulmo.dicom.pixel.internal;

import dev.pulmo.dicom.pixel.PixelDescription;

/**
 * Lossless JPEG, ITU-T T.81 Annex H (Process 14, DICOM's JPEG Lossless …4.57 and its first-order
 * prediction subset …4.70): Huffman-coded differences from one of seven predictors, 2 to 16 bits per
 * sample, with point transform, restart intervals, and one or several scans (components interleaved or
 * not; every component sampled 1x1, as DICOM uses it).
 */
public final class JpegLosslessDecoder extends JpegMarkerStream {
    private static final int SOF3 = 0xC3;
    private static final int DHT = 0xC4;
    private static final int DRI = 0xDD;

    private final PixelDescription description;
    private final HuffmanTable[] tables = new HuffmanTable[4];
    private int precision;
    private int rows;
    private int columns;
    private int[] componentIds;
    private int restartInterval;
    private int[][] planes;

    private JpegLosslessDecoder(PixelDescription description, byte[] data, FrameRef ref) {
        super(data, ref, "lossless JPEG");
        this.description = description;
    }

    /**
     * @param description the Image Pixel attributes (8 or 16 bits allocated); must agree with the stream
     * @param frame       one lossless JPEG stream
     * @param ref         source and frame, for messages
     * @return the frame as native little-endian interleaved bytes ({@link NativeLayout#DECODED})
     * @throws dev.pulmo.dicom.pixel.PixelDataException when the stream is malformed, uses a feature this
     *                                                  decoder lacks, or disagrees with the attributes
     */
    public static byte[] decodeToNative(PixelDescription description, byte[] frame, FrameRef ref) {
        JpegLosslessDecoder decoder = new JpegLosslessDecoder(description, frame, ref);
        decoder.decode();
        return ComponentPlanes.toNative(description, decoder.planes, decoder.rows, decoder.columns,
                decoder.precision, "lossless JPEG", ref);
    }

    @Override
    void segment(int marker, int payload, int segmentEnd) {
        switch (marker) {
            case SOF3 -> readFrameHeader(payload);
            case DHT -> readHuffmanTables(payload, segmentEnd);
            case DRI -> restartInterval = u16(payload);
            default -> {
                if (isOtherStartOfFrame(marker)) {
                    throw ref.error(String.format("JPEG start-of-frame FF %02X is not lossless Process 14 (FF C3)", marker));
                }
            }
        }
    }

    @Override
    void scan(int header) {
        readScan(header);
    }

    private void decode() {
        walk();
        if (planes == null) {
            throw ref.error("lossless JPEG stream has no scan");
        }
    }

    private void readFrameHeader(int at) {
        precision = u8(at);
        rows = u16(at + 1);
        columns = u16(at + 3);
        int components = u8(at + 5);
        if (precision < 2 || precision > 16 || rows == 0 || columns == 0 || components < 1 || components > 4) {
            throw ref.error("lossless JPEG frame header: precision " + precision + ", " + columns + "x" + rows
                    + ", " + components + " component(s) is not valid (T.81 B.2.2)");
        }
        // checked before the planes are allocated: a damaged header must not ask for gigabytes
        ComponentPlanes.checkShape(description, rows, columns, components, "lossless JPEG", ref);
        componentIds = new int[components];
        planes = new int[components][rows * columns];
        for (int c = 0; c < components; c++) {
            componentIds[c] = u8(at + 6 + 3 * c);
            int sampling = u8(at + 7 + 3 * c);
            if (sampling != 0x11) {
                throw ref.error("lossless JPEG component " + componentIds[c] + " has sampling factors "
                        + (sampling >> 4) + "x" + (sampling & 15) + "; only 1x1 is supported");
            }
        }
    }

    private void readHuffmanTables(int at, int end) {
        readHuffmanTables(at, end, (tableClass, id, table) -> tables[id] = table);
    }

    private void readScan(int at) {
        if (planes == null) {
            throw ref.error("JPEG scan before the lossless frame header (SOF3)");
        }
        int scanComponents = u8(at);
        int[] plane = new int[scanComponents];
        HuffmanTable[] scanTables = new HuffmanTable[scanComponents];
        for (int i = 0; i < scanComponents; i++) {
            int id = u8(at + 1 + 2 * i);
            plane[i] = indexOf(id);
            int table = u8(at + 2 + 2 * i) >> 4;
            scanTables[i] = table < tables.length ? tables[table] : null;
            if (scanTables[i] == null) {
                throw ref.error("JPEG scan uses Huffman table " + table + ", which is not defined");
            }
        }
        int predictor = u8(at + 1 + 2 * scanComponents);
        int pointTransform = u8(at + 3 + 2 * scanComponents) & 15;
        if (pointTransform >= precision) {
            throw ref.error("lossless JPEG point transform " + pointTransform + " is not below the precision "
                    + precision);
        }
        if (predictor < 1 || predictor > 7) {
            throw ref.error("lossless JPEG predictor " + predictor + " is not 1..7 (T.81 Table H.1)");
        }
        BitReader bits = new BitReader();
        int initial = 1 << (precision - pointTransform - 1);
        int mcusSinceRestart = 0;
        int restartRow = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                if (restartInterval > 0 && mcusSinceRestart == restartInterval) {
                    bits.restart();
                    mcusSinceRestart = 0;
                    restartRow = r;
                }
                int index = r * columns + c;
                for (int i = 0; i < scanComponents; i++) {
                    int[] samples = planes[plane[i]];
                    int prediction;
                    if (mcusSinceRestart == 0) {
                        prediction = initial; // first sample of the scan or of a restart interval (H.1.1)
                    } else if (r == restartRow) {
                        prediction = samples[index - 1]; // first line: Ra
                    } else if (c == 0) {
                        prediction = samples[index - columns]; // first column: Rb
                    } else {
                        int ra = samples[index - 1];
                        int rb = samples[index - columns];
                        int rc = samples[index - columns - 1];
                        prediction = switch (predictor) {
                            case 1 -> ra;
                            case 2 -> rb;
                            case 3 -> rc;
                            case 4 -> ra + rb - rc;
                            case 5 -> ra + ((rb - rc) >> 1);
                            case 6 -> rb + ((ra - rc) >> 1);
                            default -> (ra + rb) >> 1;
                        };
                    }
                    // H.1.2.1: reconstruction is modulo 2^16
                    samples[index] = (prediction + bits.difference(scanTables[i])) & 0xFFFF;
                }
                mcusSinceRestart++;
            }
        }
        if (pointTransform > 0) {
            for (int i = 0; i < scanComponents; i++) {
                int[] samples = planes[plane[i]];
                for (int k = 0; k < samples.length; k++) {
                    samples[k] = (samples[k] << pointTransform) & ((1 << precision) - 1);
                }
            }
        }
        position = bits.endOfScan();
    }

    private int indexOf(int componentId) {
        for (int i = 0; i < componentIds.length; i++) {
            if (componentIds[i] == componentId) {
                return i;
            }
        }
        throw ref.error("JPEG scan names component " + componentId + ", which the frame header does not have");
    }

    /** Entropy-coded bits after an SOS: byte stuffing (FF 00), RSTn markers, and the first marker ending the scan. */
    private final class BitReader {
        private int at = position;
        private int buffer;
        private int available;
        private boolean markerReached;

        int difference(HuffmanTable table) {
            int code = bit();
            int length = 1;
            while (code > table.maxCode[length]) {
                if (length == 16) {
                    throw ref.error("lossless JPEG stream holds a Huffman code that the table does not define"
                            + " (near byte " + at + ")");
                }
                code = code << 1 | bit();
                length++;
            }
            int category = table.values[table.valuePointer[length] + code - table.minCode[length]];
            if (category == 0) {
                return 0;
            }
            if (category == 16) {
                return 32768; // T.81 H.1.2.2: no extra bits
            }
            if (category > 16) {
                throw ref.error("lossless JPEG difference category " + category + " is not 0..16");
            }
            int extra = 0;
            for (int i = 0; i < category; i++) {
                extra = extra << 1 | bit();
            }
            // T.81 F.2.2.1 EXTEND: a leading 0 bit means a negative difference
            return extra < 1 << (category - 1) ? extra - (1 << category) + 1 : extra;
        }

        private int bit() {
            if (available == 0) {
                fill();
            }
            available--;
            return (buffer >>> available) & 1;
        }

        private void fill() {
            if (markerReached || at >= data.length) {
                // T.81 F.2.2.5: past the data the decoder reads zeros; a well-formed stream never needs them
                if (at >= data.length && !markerReached) {
                    throw ref.error("lossless JPEG entropy-coded data ends at byte " + data.length + " before the frame"
                            + " is complete");
                }
                buffer = 0;
                available = 8;
                return;
            }
            int b = data[at] & 0xFF;
            if (b == 0xFF) {
                int next = at + 1 < data.length ? data[at + 1] & 0xFF : 0;
                if (next == 0x00) {
                    at += 2;
                } else {
                    markerReached = true;
                    buffer = 0;
                    available = 8;
                    return;
                }
            } else {
                at++;
            }
            buffer = b;
            available = 8;
        }

        void restart() {
            available = 0;
            markerReached = false;
            while (at + 1 < data.length && !(data[at] == (byte) 0xFF && (data[at + 1] & 0xF8) == 0xD0)) {
                at++;
            }
            if (at + 1 >= data.length) {
                throw ref.error("lossless JPEG restart marker (FF D0..D7) expected but the stream ended");
            }
            at += 2;
        }

        int endOfScan() {
            return at;
        }
    }
}
