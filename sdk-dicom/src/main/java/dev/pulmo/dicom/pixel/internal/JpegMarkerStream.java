package dev.pulmo.dicom.pixel.internal;

/**
 * The marker-segment structure shared by the JPEG family (ITU-T T.81 B.1, and T.87 for JPEG-LS): a stream from
 * SOI to EOI of segments {@code FF xx} with a 2-byte length, where a scan (SOS) is followed by entropy-coded data.
 * Subclasses handle the segments and read the scans; this class finds them and checks their lengths, so a damaged
 * stream fails the same way in every decoder.
 */
abstract class JpegMarkerStream {
    static final int SOI = 0xD8;
    static final int EOI = 0xD9;
    static final int SOS = 0xDA;

    final byte[] data;
    final FrameRef ref;
    private final String codec;
    /** Where reading goes on: after a scan's header when {@link #scan} is called, and after the scan's data on return. */
    int position;

    JpegMarkerStream(byte[] data, FrameRef ref, String codec) {
        this.data = data;
        this.ref = ref;
        this.codec = codec;
    }

    /** One segment other than SOS: its marker, where its payload starts (after the length) and where it ends. */
    abstract void segment(int marker, int payload, int segmentEnd);

    /** A scan whose header payload starts at {@code header}; reads its data from {@link #position} and leaves it after. */
    abstract void scan(int header);

    /**
     * Whether {@code FF b} is a marker. T.81 stuffs {@code FF 00} in entropy-coded data; JPEG-LS (T.87 9.1) stuffs a
     * zero bit instead, so there any {@code FF} followed by a byte below {@code 80} is data (its decoder overrides
     * this).
     */
    boolean isMarker(int secondByte) {
        return secondByte != 0x00;
    }

    /** Walks every segment from SOI to EOI. */
    final void walk() {
        if (data.length < 2 || u8(0) != 0xFF || u8(1) != SOI) {
            throw ref.error(codec + " stream does not start with SOI (FF D8)");
        }
        position = 2;
        while (true) {
            int marker = nextMarker();
            if (marker == EOI) {
                return;
            }
            int length = u16(position);
            int segmentEnd = position + length;
            if (length < 2 || segmentEnd > data.length) {
                throw ref.error(String.format("%s marker FF %02X at byte %d declares %d bytes but %d remain",
                        codec, marker, position - 2, length, data.length - position));
            }
            int payload = position + 2;
            position = segmentEnd;
            if (marker == SOS) {
                scan(payload);
            } else {
                segment(marker, payload, segmentEnd);
            }
        }
    }

    /** A start-of-frame marker (FF C0–CF but for DHT, JPG and DAC) of another process than the decoder's. */
    static boolean isOtherStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    /** Receives each table of a DHT segment. */
    interface HuffmanTableSink {
        /**
         * @param tableClass 0 for DC (and lossless) tables, 1 for AC
         * @param id         the destination, 0..3
         */
        void accept(int tableClass, int id, HuffmanTable table);
    }

    /** Reads the tables of a DHT segment (T.81 B.2.4.2) from {@code at} to {@code end}. */
    final void readHuffmanTables(int at, int end, HuffmanTableSink sink) {
        while (at < end) {
            int classAndId = u8(at);
            int tableClass = classAndId >> 4;
            int id = classAndId & 15;
            if (tableClass > 1 || id > 3 || at + 17 > end) {
                throw ref.error("JPEG Huffman table at byte " + at + " is malformed (class " + tableClass + ", id "
                        + id + ")");
            }
            int[] counts = new int[17];
            int total = 0;
            for (int length = 1; length <= 16; length++) {
                counts[length] = u8(at + length);
                total += counts[length];
            }
            if (total > 256 || at + 17 + total > end) {
                throw ref.error("JPEG Huffman table at byte " + at + " lists " + total + " values past its segment"
                        + " or more than 256");
            }
            int[] values = new int[total];
            for (int i = 0; i < total; i++) {
                values[i] = u8(at + 17 + i);
            }
            HuffmanTable table = HuffmanTable.of(counts, values);
            if (table == null) {
                throw ref.error("JPEG Huffman table at byte " + at + " has more codes of some length than fit"
                        + " (T.81 C.2)");
            }
            sink.accept(tableClass, id, table);
            at += 17 + total;
        }
    }

    private int nextMarker() {
        while (position + 1 < data.length) {
            if (u8(position) == 0xFF && u8(position + 1) != 0xFF && isMarker(u8(position + 1))) {
                int marker = u8(position + 1);
                position += 2;
                return marker;
            }
            position++;
        }
        throw ref.error(codec + " stream ends without EOI (FF D9)");
    }

    final int u8(int at) {
        if (at >= data.length) {
            throw ref.error(codec + " stream ends at byte " + data.length + " inside a marker segment");
        }
        return data[at] & 0xFF;
    }

    final int u16(int at) {
        return u8(at) << 8 | u8(at + 1);
    }
}
