package dev.pulmo.dicom;

import dev.pulmo.api.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[128]);
        out.writeBytes(new byte[] {'D', 'I', 'C', 'M'});
        out.writeBytes(fileMeta(dataset, syntax));
        byte[] body = encodeDataset(dataset, syntax, true);
        if (syntax.deflated()) {
            ByteArrayOutputStream deflated = new ByteArrayOutputStream(body.length / 2 + 64);
            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            try (DeflaterOutputStream d = new DeflaterOutputStream(deflated, deflater)) {
                d.write(body);
            } catch (IOException e) {
                throw new IllegalStateException("in-memory deflate failed", e);
            } finally {
                deflater.end();
            }
            body = deflated.toByteArray();
        }
        out.writeBytes(body);
        return out.toByteArray();
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
        long length = encodeDataset(meta.build(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, false).length;
        return meta.putLongs(Tag.FileMetaInformationGroupLength, VR.UL, length).build();
    }

    private static byte[] fileMeta(DicomDataset dataset, TransferSyntax syntax) {
        return encodeDataset(fileMetaFor(dataset, syntax), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, false);
    }

    private static byte[] encodeDataset(DicomDataset ds, TransferSyntax syntax, boolean skipFileMeta) {
        // Encode element by element so that group lengths (gggg,0000) can be recomputed from what follows them.
        Map<Integer, Integer> groupLengthIndex = new LinkedHashMap<>();
        List<byte[]> encoded = new ArrayList<>();
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
                    length += encoded.get(i).length;
                }
            }
            DicomElement element = DicomElement.ofLongs(gl.getKey() << 16, VR.UL, length);
            encoded.set(gl.getValue(), encodeElement(element, syntax, false));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] b : encoded) {
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    private static byte[] encodeElement(DicomElement e, TransferSyntax syntax, boolean topLevel) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean big = syntax.bigEndian();
        VR vr = e.vr();
        if (vr == VR.SQ) {
            header(out, e.tag(), vr, UNDEFINED, syntax);
            for (DicomDataset item : e.items()) {
                tagAndLength(out, 0xFFFEE000, UNDEFINED, big);
                out.writeBytes(encodeDataset(item, syntax, false));
                tagAndLength(out, 0xFFFEE00D, 0, big);
            }
            tagAndLength(out, 0xFFFEE0DD, 0, big);
            return out.toByteArray();
        }
        if (e.encapsulated().isPresent()) {
            if (!syntax.encapsulatedPixelData()) {
                throw new DicomException(null, DicomException.NO_OFFSET, e.tag(),
                        "encapsulated Pixel Data cannot be written in " + syntax.name() + " (decompress it first)");
            }
            EncapsulatedPixelData pixels = e.encapsulated().get();
            header(out, e.tag(), vr, UNDEFINED, syntax);
            item(out, pixels.basicOffsetTableItem().bytes());
            for (BulkData fragment : pixels.fragments()) {
                item(out, fragment.bytes());
            }
            tagAndLength(out, 0xFFFEE0DD, 0, false);
            return out.toByteArray();
        }
        if (topLevel && e.tag() == Tag.PixelData && syntax.encapsulatedPixelData()) {
            throw new DicomException(null, DicomException.NO_OFFSET, e.tag(),
                    "native Pixel Data cannot be written in " + syntax.name() + " (compression is not supported)");
        }
        byte[] value = e.bytes();
        if (e.bigEndian() != big) {
            swap(value, vr);
        }
        int length = value.length + (value.length & 1);
        if (syntax.explicitVr() && !vr.hasLongLength() && length > 0xFFFE) {
            throw new DicomException(null, DicomException.NO_OFFSET, e.tag(), "a " + vr + " value of " + length
                    + " bytes does not fit the 2-byte length of Explicit VR (PS3.5 7.1.2)");
        }
        header(out, e.tag(), vr, length, syntax);
        out.writeBytes(value);
        if ((value.length & 1) != 0) {
            out.write(vr.paddingByte());
        }
        return out.toByteArray();
    }

    private static void item(ByteArrayOutputStream out, byte[] value) {
        tagAndLength(out, 0xFFFEE000, value.length + (value.length & 1), false);
        out.writeBytes(value);
        if ((value.length & 1) != 0) {
            out.write(0);
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
