package dev.pulmo.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;

/**
 * DICOM files built byte by byte to hit a reader's limits, for the tests of every module (this module depends on
 * nothing, so they are written here without the SDK's writer): a deflate bomb, a sequence of millions of empty items,
 * an image whose header says 65535 × 65535.
 */
public final class HostileDicomFiles {

    private static final String SOP_CLASS = "1.2.840.10008.5.1.4.1.1.7"; // Secondary Capture
    private static final String SOP_INSTANCE = "1.2.826.0.1.3680043.2.1125.77";

    private HostileDicomFiles() {
    }

    /**
     * A Part 10 file in Deflated Explicit VR Little Endian whose dataset is one OB element of {@code zeros} zero bytes:
     * about a thousandth of that on disk.
     */
    public static byte[] deflateBomb(long zeros) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(fileMeta("1.2.840.10008.1.2.1.99"));
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] buffer = new byte[64 * 1024];
        ByteBuffer header = le(12).putShort((short) 0x7FE0).putShort((short) 0x0010).put((byte) 'O').put((byte) 'B')
                .putShort((short) 0).putInt((int) zeros);
        deflater.setInput(header.array());
        drain(deflater, buffer, out);
        byte[] block = new byte[1 << 20];
        for (long left = zeros; left > 0; left -= block.length) {
            deflater.setInput(block, 0, (int) Math.min(block.length, left));
            drain(deflater, buffer, out);
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    /** A Part 10 Explicit VR Little Endian file: SOP Class and Instance, then one sequence of {@code count} empty items. */
    public static byte[] emptyItems(int count) {
        byte[] meta = fileMeta("1.2.840.10008.1.2.1");
        byte[] head = dataset();
        ByteBuffer b = le(meta.length + head.length + 12 + count * 8L + 8);
        b.put(meta).put(head);
        b.putShort((short) 0x0008).putShort((short) 0x1115).put((byte) 'S').put((byte) 'Q').putShort((short) 0).putInt(-1);
        for (int i = 0; i < count; i++) {
            b.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(0);
        }
        b.putShort((short) 0xFFFE).putShort((short) 0xE0DD).putInt(0);
        return b.array();
    }

    /** A Part 10 Explicit VR Little Endian 8-bit MONOCHROME2 image whose header says 65535 × 65535, with 16 pixel bytes. */
    public static byte[] hugeImage() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(fileMeta("1.2.840.10008.1.2.1"));
        out.writeBytes(dataset());
        out.writeBytes(us(0x0028, 0x0002, 1));
        out.writeBytes(text(0x0028, 0x0004, "CS", "MONOCHROME2"));
        out.writeBytes(us(0x0028, 0x0010, 65535));
        out.writeBytes(us(0x0028, 0x0011, 65535));
        out.writeBytes(us(0x0028, 0x0100, 8));
        out.writeBytes(us(0x0028, 0x0101, 8));
        out.writeBytes(us(0x0028, 0x0102, 7));
        out.writeBytes(us(0x0028, 0x0103, 0));
        out.writeBytes(le(12).putShort((short) 0x7FE0).putShort((short) 0x0010).put((byte) 'O').put((byte) 'B')
                .putShort((short) 0).putInt(16).array());
        out.writeBytes(new byte[16]);
        return out.toByteArray();
    }

    /** SOP Class UID, SOP Instance UID and Patient ID, Explicit VR Little Endian. */
    private static byte[] dataset() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(text(0x0008, 0x0016, "UI", SOP_CLASS));
        out.writeBytes(text(0x0008, 0x0018, "UI", SOP_INSTANCE));
        out.writeBytes(text(0x0010, 0x0020, "LO", "HOSTILE1"));
        return out.toByteArray();
    }

    /** Preamble, DICM and the File Meta group (PS3.10 7.1) for {@code transferSyntax}. */
    private static byte[] fileMeta(String transferSyntax) {
        ByteArrayOutputStream group = new ByteArrayOutputStream();
        group.writeBytes(le(14).putShort((short) 0x0002).putShort((short) 0x0001).put((byte) 'O').put((byte) 'B')
                .putShort((short) 0).putInt(2).put((byte) 0).put((byte) 1).array());
        group.writeBytes(text(0x0002, 0x0002, "UI", SOP_CLASS));
        group.writeBytes(text(0x0002, 0x0003, "UI", SOP_INSTANCE));
        group.writeBytes(text(0x0002, 0x0010, "UI", transferSyntax));
        group.writeBytes(text(0x0002, 0x0012, "UI", "2.25.1"));
        byte[] body = group.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[128]);
        out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(le(12).putShort((short) 0x0002).putShort((short) 0x0000).put((byte) 'U').put((byte) 'L')
                .putShort((short) 4).putInt(body.length).array());
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** A short-length text element, padded to even length (UI with NUL, the rest with a space). */
    private static byte[] text(int group, int element, String vr, String value) {
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        int length = v.length + (v.length & 1);
        ByteBuffer b = le(8 + length).putShort((short) group).putShort((short) element).put((byte) vr.charAt(0))
                .put((byte) vr.charAt(1)).putShort((short) length).put(v);
        if ((v.length & 1) == 1) {
            b.put(vr.equals("UI") ? (byte) 0 : (byte) ' ');
        }
        return b.array();
    }

    private static byte[] us(int group, int element, int value) {
        return le(10).putShort((short) group).putShort((short) element).put((byte) 'U').put((byte) 'S').putShort((short) 2)
                .putShort((short) value).array();
    }

    private static ByteBuffer le(long size) {
        return ByteBuffer.allocate(Math.toIntExact(size)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void drain(Deflater deflater, byte[] buffer, ByteArrayOutputStream out) {
        while (!deflater.needsInput()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
    }
}
