package dev.pulmo.cli;

import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomWriter;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.TransferSyntax;
import dev.pulmo.dicom.VR;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.Deflater;

/** DICOM files built to hit the reader's limits: a deflate bomb, millions of empty items, a 65535² image. */
final class HostileDicom {
    private HostileDicom() {
    }

    private static DicomDataset.Builder base() {
        return DicomDataset.builder()
                .putString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.7")
                .putString(Tag.SOPInstanceUID, VR.UI, "1.2.826.0.1.3680043.2.1125.77")
                .putString(Tag.PatientID, VR.LO, "HOSTILE1");
    }

    /** Part 10, Deflated Explicit VR Little Endian, whose dataset is an OB of {@code zeros} zero bytes. */
    static byte[] deflateBomb(long zeros) {
        byte[] template = DicomWriter.toBytes(base().build(), TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
        int metaEnd = 144 + ByteBuffer.wrap(template, 140, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(template, 0, metaEnd);
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] buffer = new byte[64 * 1024];
        ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        header.putShort((short) 0x7FE0).putShort((short) 0x0010).put((byte) 'O').put((byte) 'B').putShort((short) 0)
                .putInt((int) zeros);
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

    private static void drain(Deflater deflater, byte[] buffer, ByteArrayOutputStream out) {
        while (!deflater.needsInput()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
    }

    /** A bare Explicit VR dataset: (0008,0016) then one sequence of {@code count} empty items (8 bytes each). */
    static byte[] emptyItems(int count) {
        byte[] head = DicomWriter.toBytes(base().build(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        ByteBuffer b = ByteBuffer.allocate(head.length + 12 + count * 8 + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put(head);
        b.putShort((short) 0x0008).putShort((short) 0x1115).put((byte) 'S').put((byte) 'Q').putShort((short) 0).putInt(-1);
        for (int i = 0; i < count; i++) {
            b.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(0);
        }
        b.putShort((short) 0xFFFE).putShort((short) 0xE0DD).putInt(0);
        return b.array();
    }

    /** An 8-bit image whose header says 65535 x 65535, with 16 bytes of pixels. */
    static byte[] hugeImage() {
        return DicomWriter.toBytes(base()
                .putLongs(Tag.SamplesPerPixel, VR.US, 1)
                .putString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2")
                .putLongs(Tag.Rows, VR.US, 65535).putLongs(Tag.Columns, VR.US, 65535)
                .putLongs(Tag.BitsAllocated, VR.US, 8).putLongs(Tag.BitsStored, VR.US, 8).putLongs(Tag.HighBit, VR.US, 7)
                .putLongs(Tag.PixelRepresentation, VR.US, 0)
                .putBytes(Tag.PixelData, VR.OB, new byte[16])
                .build(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }
}
