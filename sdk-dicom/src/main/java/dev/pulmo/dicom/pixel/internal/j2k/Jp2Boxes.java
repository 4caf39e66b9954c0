package dev.pulmo.dicom.pixel.internal.j2k;

/**
 * Finds the contiguous codestream box of a JP2 file (15444-1 Annex I), or takes the data as a raw
 * codestream when it starts with SOC. Other boxes (colour, resolution, metadata) are not interpreted.
 */
final class Jp2Boxes {
    private static final int JP2_SIGNATURE = 0x6A502020;
    private static final int CODESTREAM = 0x6A703263;

    private Jp2Boxes() {
    }

    /** @return {start, end} of the codestream in {@code data} */
    static int[] codestreamBounds(byte[] data) {
        if (data.length >= 2 && (data[0] & 0xFF) == 0xFF && (data[1] & 0xFF) == 0x4F) {
            return new int[] {0, data.length};
        }
        if (data.length < 12 || readInt(data, 4) != JP2_SIGNATURE) {
            throw new J2kException(0, "neither a JPEG 2000 codestream (SOC FF4F) nor a JP2 file (signature box)");
        }
        long at = 0;
        while (at + 8 <= data.length) {
            long length = readInt(data, (int) at) & 0xFFFFFFFFL;
            int type = readInt(data, (int) at + 4);
            long header = 8;
            if (length == 1) {
                if (at + 16 > data.length) {
                    break;
                }
                length = (long) readInt(data, (int) at + 8) << 32 | (readInt(data, (int) at + 12) & 0xFFFFFFFFL);
                header = 16;
            } else if (length == 0) {
                length = data.length - at;
            }
            if (length < header || at + length > data.length) {
                throw new J2kException(at, "JP2 box of " + length + " bytes runs past the end of the file");
            }
            if (type == CODESTREAM) {
                return new int[] {(int) (at + header), (int) (at + length)};
            }
            at += length;
        }
        throw new J2kException(at, "JP2 file without a contiguous codestream box (jp2c)");
    }

    private static int readInt(byte[] data, int at) {
        return (data[at] & 0xFF) << 24 | (data[at + 1] & 0xFF) << 16 | (data[at + 2] & 0xFF) << 8 | data[at + 3] & 0xFF;
    }
}
