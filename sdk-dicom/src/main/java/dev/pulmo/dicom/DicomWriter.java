package dev.pulmo.dicom;

import dev.pulmo.api.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes DICOM Part 10 files (PS3.10 §7): 128-byte preamble, {@code DICM}, File Meta Information in Explicit VR
 * Little Endian with its group length, our Implementation Class UID and Version Name, then the dataset in the
 * requested transfer syntax: Implicit VR Little Endian, Explicit VR Little/Big Endian, Deflated Explicit VR Little
 * Endian, or an encapsulated syntax when Pixel Data is already encapsulated.
 *
 * <p>Values are written as held (text keeps its encoded bytes); binary values are byte-swapped per VR when the
 * target byte order differs; odd lengths are padded with the VR's padding byte (space for text, NUL otherwise,
 * PS3.5 7.1.1); sequences and items are written with undefined length and delimiters; group length elements
 * (gggg,0000) present in the dataset are recomputed. Files are written to a temporary file and renamed.
 */
public final class DicomWriter {

    /** Pulmo's Implementation Class UID (a UUID-derived UID, PS3.5 B.2). */
    public static final String IMPLEMENTATION_CLASS_UID = "2.25.258286508348467758693371653179244328710";
    /** Pulmo's Implementation Version Name (at most 16 characters). */
    public static final String IMPLEMENTATION_VERSION_NAME = "PULMO_0.1.0";

    private static final int UNDEFINED = 0xFFFFFFFF;

    private DicomWriter() {
    }

    /**
     * Writes {@code dataset} as a Part 10 file. Media Storage SOP Class/Instance UIDs come from the dataset's SOP Class
     * UID (0008,0016) and SOP Instance UID (0008,0018); group 0002 elements in {@code dataset} are ignored.
     *
     * @throws DicomException when a value cannot be encoded in the syntax (e.g. a value over 65534 bytes in a VR with a
     *                        2-byte length, native Pixel Data in an encapsulated syntax), or on an I/O error
     */
    public static void write(Path file, DicomDataset dataset, TransferSyntax syntax) {
        byte[] bytes = toBytes(dataset, syntax);
        try {
            AtomicFiles.write(file, bytes);
        } catch (UncheckedIOException e) {
            throw new DicomException(file.toString(), DicomException.NO_OFFSET, DicomException.NO_TAG,
                    "cannot write: " + e.getCause(), e.getCause());
        }
    }

    /** @return the Part 10 encoding of {@code dataset}, as {@link #write} writes it */
    public static byte[] toBytes(DicomDataset dataset, TransferSyntax syntax) {
        return encode(dataset, syntax).toBytes();
    }

    /**
     * Writes the Part 10 encoding of {@code dataset} (the bytes {@link #toBytes} returns) to {@code out}. Values the
     * dataset keeps in their source file ({@link BulkData#inFile}: the Pixel Data of a file read with
     * {@link DicomReader}) are copied from that file to {@code out} by {@link FileChannel#transferTo}, which the kernel
     * does without passing the bytes through the Java heap when {@code out} is a file's channel: a de-identified copy of
     * a file costs its header's encoding, not a copy of its pixels in memory.
     *
     * @throws DicomException as {@link #write}, or when a value's source file cannot be read or has changed
     * @throws IOException    when {@code out} cannot be written
     */
    public static void write(WritableByteChannel out, DicomDataset dataset, TransferSyntax syntax) throws IOException {
        encode(dataset, syntax).writeTo(out);
    }

    private static Encoding encode(DicomDataset dataset, TransferSyntax syntax) {
        Encoding out = new Encoding();
        byte[] preamble = new byte[132];
        preamble[128] = 'D';
        preamble[129] = 'I';
        preamble[130] = 'C';
        preamble[131] = 'M';
        out.add(preamble);
        out.add(fileMeta(dataset, syntax));
        Encoding body = encodeDataset(dataset, syntax, true);
        if (syntax.deflated()) {
            byte[] plain = body.toBytes();
            ByteArrayOutputStream deflated = new ByteArrayOutputStream(plain.length / 2 + 64);
            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            try (DeflaterOutputStream d = new DeflaterOutputStream(deflated, deflater)) {
                d.write(plain);
            } catch (IOException e) {
                throw new IllegalStateException("in-memory deflate failed", e);
            } finally {
                deflater.end();
            }
            out.add(deflated.toByteArray());
        } else {
            out.add(body);
        }
        return out;
    }

    /** @return the File Meta group for {@code dataset} (PS3.10 Table 7.1-1) */
    public static DicomDataset fileMetaFor(DicomDataset dataset, TransferSyntax syntax) {
        String sopClass = dataset.getString(Tag.SOPClassUID).orElseThrow(
                () -> new DicomException("the dataset has no SOP Class UID (0008,0016) for the File Meta"));
        String sopInstance = dataset.getString(Tag.SOPInstanceUID).orElseThrow(
                () -> new DicomException("the dataset has no SOP Instance UID (0008,0018) for the File Meta"));
        DicomDataset.Builder meta = DicomDataset.builder()
                .putBytes(Tag.FileMetaInformationVersion, VR.OB, new byte[] {0, 1})
                .putString(Tag.MediaStorageSOPClassUID, VR.UI, sopClass)
                .putString(Tag.MediaStorageSOPInstanceUID, VR.UI, sopInstance)
                .putString(Tag.TransferSyntaxUID, VR.UI, syntax.uid())
                .putString(Tag.ImplementationClassUID, VR.UI, IMPLEMENTATION_CLASS_UID)
                .putString(Tag.ImplementationVersionName, VR.SH, IMPLEMENTATION_VERSION_NAME);
        long length = encodeDataset(meta.build(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, false).length();
        return meta.putLongs(Tag.FileMetaInformationGroupLength, VR.UL, length).build();
    }

    private static byte[] fileMeta(DicomDataset dataset, TransferSyntax syntax) {
        return encodeDataset(fileMetaFor(dataset, syntax), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, false).toBytes();
    }

    private static Encoding encodeDataset(DicomDataset ds, TransferSyntax syntax, boolean skipFileMeta) {
        // Encode element by element so that group lengths (gggg,0000) can be recomputed from what follows them.
        Map<Integer, Integer> groupLengthIndex = new LinkedHashMap<>();
        List<Encoding> encoded = new ArrayList<>();
        List<Integer> groups = new ArrayList<>();
        for (DicomElement e : ds.elements()) {
            if (skipFileMeta && (e.tag() >>> 16) == 0x0002) {
                continue;
            }
            int group = e.tag() >>> 16;
            if ((e.tag() & 0xFFFF) == 0 && e.vr() == VR.UL) {
                groupLengthIndex.put(group, encoded.size());
            }
            encoded.add(encodeElement(e, syntax, skipFileMeta));
            groups.add(group);
        }
        for (Map.Entry<Integer, Integer> gl : groupLengthIndex.entrySet()) {
            long length = 0;
            for (int i = gl.getValue() + 1; i < encoded.size(); i++) {
                if (groups.get(i).equals(gl.getKey())) {
                    length += encoded.get(i).length();
                }
            }
            DicomElement element = DicomElement.ofLongs(gl.getKey() << 16, VR.UL, length);
            encoded.set(gl.getValue(), encodeElement(element, syntax, false));
        }
        Encoding out = new Encoding();
        encoded.forEach(out::add);
        return out;
    }

    private static Encoding encodeElement(DicomElement e, TransferSyntax syntax, boolean topLevel) {
        Encoding encoding = new Encoding();
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        boolean big = syntax.bigEndian();
        VR vr = e.vr();
        if (vr == VR.SQ) {
            header(out, e.tag(), vr, UNDEFINED, syntax);
            for (DicomDataset item : e.items()) {
                tagAndLength(out, 0xFFFEE000, UNDEFINED, big);
                encoding.add(out.toByteArray());
                out.reset();
                encoding.add(encodeDataset(item, syntax, false));
                tagAndLength(out, 0xFFFEE00D, 0, big);
            }
            tagAndLength(out, 0xFFFEE0DD, 0, big);
            encoding.add(out.toByteArray());
            return encoding;
        }
        if (e.encapsulated().isPresent()) {
            if (!syntax.encapsulatedPixelData()) {
                throw new DicomException(null, DicomException.NO_OFFSET, e.tag(),
                        "encapsulated Pixel Data cannot be written in " + syntax.name() + " (decompress it first)");
            }
            EncapsulatedPixelData pixels = e.encapsulated().get();
            header(out, e.tag(), vr, UNDEFINED, syntax);
            encoding.add(out.toByteArray());
            item(encoding, pixels.basicOffsetTableItem());
            for (BulkData fragment : pixels.fragments()) {
                item(encoding, fragment);
            }
            out.reset();
            tagAndLength(out, 0xFFFEE0DD, 0, false);
            encoding.add(out.toByteArray());
            return encoding;
        }
        if (topLevel && e.tag() == Tag.PixelData && syntax.encapsulatedPixelData()) {
            throw new DicomException(null, DicomException.NO_OFFSET, e.tag(),
                    "native Pixel Data cannot be written in " + syntax.name() + " (compression is not supported)");
        }
        Optional<BulkData> inFile = e.bulkData().filter(b -> b.file().isPresent() && e.bigEndian() == big);
        long valueLength = inFile.isPresent() ? inFile.get().length() : -1;
        byte[] value = null;
        if (inFile.isEmpty()) {
            value = e.bytes();
            if (e.bigEndian() != big) {
                swap(value, vr);
            }
            valueLength = value.length;
        }
        long length = valueLength + (valueLength & 1);
        if (length > 0xFFFFFFFEL || syntax.explicitVr() && !vr.hasLongLength() && length > 0xFFFE) {
            throw new DicomException(null, DicomException.NO_OFFSET, e.tag(), "a " + vr + " value of " + length
                    + " bytes does not fit the " + (length > 0xFFFFFFFEL ? "4-byte length" : "2-byte length of Explicit VR")
                    + " (PS3.5 7.1.2)");
        }
        header(out, e.tag(), vr, (int) length, syntax);
        if (value != null) {
            out.writeBytes(value);
        } else {
            encoding.add(out.toByteArray());
            out.reset();
            encoding.add(inFile.get());
        }
        if ((valueLength & 1) != 0) {
            out.write(vr.paddingByte());
        }
        encoding.add(out.toByteArray());
        return encoding;
    }

    private static void item(Encoding encoding, BulkData value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8);
        tagAndLength(out, 0xFFFEE000, (int) (value.length() + (value.length() & 1)), false);
        encoding.add(out.toByteArray());
        encoding.add(value);
        if ((value.length() & 1) != 0) {
            encoding.add(new byte[1]);
        }
    }

    /**
     * An encoding as a list of parts: bytes encoded in memory, and values kept in their source files, read only when
     * the encoding is written (copied file to file) or turned into one array.
     */
    private static final class Encoding {
        private final List<Object> parts = new ArrayList<>(); // byte[] or BulkData
        private long length;

        void add(byte[] bytes) {
            if (bytes.length > 0) {
                parts.add(bytes);
                length += bytes.length;
            }
        }

        void add(BulkData value) {
            parts.add(value);
            length += value.length();
        }

        void add(Encoding other) {
            parts.addAll(other.parts);
            length += other.length;
        }

        long length() {
            return length;
        }

        byte[] toBytes() {
            if (length > Integer.MAX_VALUE - 8) {
                throw new DicomException(null, DicomException.NO_OFFSET, DicomException.NO_TAG,
                        "an encoding of " + length + " bytes is too large for one array");
            }
            byte[] out = new byte[(int) length];
            int at = 0;
            for (Object part : parts) {
                byte[] b = part instanceof BulkData bulk ? bulk.bytes() : (byte[]) part;
                System.arraycopy(b, 0, out, at, b.length);
                at += b.length;
            }
            return out;
        }

        void writeTo(WritableByteChannel out) throws IOException {
            // the encoded bytes between two values kept in files go out in one write, not one per element
            ByteArrayOutputStream pending = new ByteArrayOutputStream(8192);
            for (Object part : parts) {
                if (part instanceof BulkData bulk) {
                    flush(pending, out);
                    bulk.transferTo(out);
                } else {
                    pending.writeBytes((byte[]) part);
                }
            }
            flush(pending, out);
        }

        private static void flush(ByteArrayOutputStream pending, WritableByteChannel out) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(pending.toByteArray());
            while (b.hasRemaining()) {
                out.write(b);
            }
            pending.reset();
        }
    }

    /** Swaps each value of a multi-byte binary VR in place (AT swaps its group and element separately). */
    private static void swap(byte[] b, VR vr) {
        int size = vr == VR.AT ? 2 : vr.isText() || vr == VR.OB || vr == VR.UN ? 1 : vr.bytesPerValue();
        for (int i = 0; i + size <= b.length; i += size) {
            for (int lo = i, hi = i + size - 1; lo < hi; lo++, hi--) {
                byte t = b[lo];
                b[lo] = b[hi];
                b[hi] = t;
            }
        }
    }

    private static void header(ByteArrayOutputStream out, int tag, VR vr, int length, TransferSyntax syntax) {
        boolean big = syntax.bigEndian();
        short16(out, tag >>> 16, big);
        short16(out, tag & 0xFFFF, big);
        if (!syntax.explicitVr()) {
            int32(out, length, big);
            return;
        }
        out.write(vr.name().charAt(0));
        out.write(vr.name().charAt(1));
        if (vr.hasLongLength()) {
            out.write(0);
            out.write(0);
            int32(out, length, big);
        } else {
            short16(out, length, big);
        }
    }

    private static void tagAndLength(ByteArrayOutputStream out, int tag, int length, boolean big) {
        short16(out, tag >>> 16, big);
        short16(out, tag & 0xFFFF, big);
        int32(out, length, big);
    }

    private static void short16(ByteArrayOutputStream out, int v, boolean big) {
        if (big) {
            out.write(v >>> 8);
            out.write(v);
        } else {
            out.write(v);
            out.write(v >>> 8);
        }
    }

    private static void int32(ByteArrayOutputStream out, int v, boolean big) {
        if (big) {
            out.write(v >>> 24);
            out.write(v >>> 16);
            out.write(v >>> 8);
            out.write(v);
        } else {
            out.write(v);
            out.write(v >>> 8);
            out.write(v >>> 16);
            out.write(v >>> 24);
        }
    }
}
