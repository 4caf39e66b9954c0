package dev.pulmo.dicom.pixel.internal.j2k;

/**
 * The bits of packet headers (15444-1 B.10.1): most significant bit first, and after a 0xFF byte the
 * next byte holds 7 bits. Reading past the end is an error, not zeros.
 */
final class PacketHeaderBits {
    private final byte[] data;
    private final int end;
    private final long baseOffset;
    private int position;
    private int current;
    private int bitsLeft;

    /**
     * @param baseOffset offset of {@code data[0]} in the decoded bytes, for messages (-1 when the data
     *                   was assembled from several places)
     */
    PacketHeaderBits(byte[] data, int start, int end, long baseOffset) {
        this.data = data;
        this.position = start;
        this.end = end;
        this.baseOffset = baseOffset;
    }

    int position() {
        return position;
    }

    void moveTo(int newPosition) {
        position = newPosition;
        bitsLeft = 0;
        current = 0;
    }

    long offset() {
        return baseOffset < 0 ? -1 : baseOffset + position;
    }

    int bit() {
        if (bitsLeft == 0) {
            if (position >= end) {
                throw new J2kException(offset(), "packet header runs past the end of its data");
            }
            bitsLeft = current == 0xFF ? 7 : 8;
            current = data[position++] & 0xFF;
        }
        bitsLeft--;
        return (current >> bitsLeft) & 1;
    }

    int bits(int count) {
        int v = 0;
        for (int i = 0; i < count; i++) {
            v = v << 1 | bit();
        }
        return v;
    }

    /** Ends the header on a byte boundary; a header whose last byte is 0xFF is followed by a stuffed byte. */
    void align() {
        if (current == 0xFF) {
            if (position >= end) {
                throw new J2kException(offset(), "packet header runs past the end of its data");
            }
            position++;
        }
        current = 0;
        bitsLeft = 0;
    }

    /** @return the byte at the current (aligned) position, or -1 at the end */
    int peek(int ahead) {
        return position + ahead < end ? data[position + ahead] & 0xFF : -1;
    }

    void skip(int count) {
        position += count;
    }

    int end() {
        return end;
    }
}
