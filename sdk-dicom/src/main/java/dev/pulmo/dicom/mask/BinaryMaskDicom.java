package dev.pulmo.dicom.mask;

import dev.pulmo.dicom.BulkData;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomElement;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.DicomWriter;
import dev.pulmo.dicom.ElementDictionary;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.TransferSyntax;
import dev.pulmo.dicom.UID;
import dev.pulmo.dicom.Uids;
import dev.pulmo.dicom.VR;
import dev.pulmo.dicom.pixel.PhotometricInterpretation;
import dev.pulmo.dicom.pixel.PixelData;
import dev.pulmo.dicom.pixel.PixelDescription;
import dev.pulmo.dicom.pixel.internal.PixelEncoding;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Optional;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The guideline's binary DICOM masks ({@code …_<categoryId>_binary.dcm}, SPEC.md §2 and §4).
 *
 * <h2>What is written, and why</h2>
 * <ul>
 *   <li>IOD: Secondary Capture Image (1.2.840.10008.5.1.4.1.1.7), the standard's IOD for a derived image that no
 *       modality acquired. It needs no acquisition attributes that a mask could not truthfully have, and every
 *       viewer and PACS displays it.</li>
 *   <li>Pixels: MONOCHROME2, 8 bits allocated and stored, unsigned, one frame of the source's Rows × Columns,
 *       values 0 (background) and 255 (foreground). 255 rather than 1 so that the mask is visible as white in any
 *       viewer without windowing; readers, ours included, treat any non-zero sample as foreground (SPEC.md §4).
 *       Written in Explicit VR Little Endian.</li>
 *   <li>Identity: the source's patient and study elements are copied as they are (same character set), and so are
 *       its de-identification attributes (Patient Identity Removed, De-identification Method and its code sequence,
 *       Longitudinal Temporal Information Modified): a mask of a de-identified image is de-identified too; the series
 *       and instance get fresh UIDs ({@code 2.25.} UUID form); ImageType {@code DERIVED\SECONDARY}; Source Image
 *       Sequence references the source's SOP Class and Instance UIDs; Conversion Type {@code WSD} (workstation);
 *       Modality {@code OT}.</li>
 * </ul>
 * Reading accepts 1-, 8- and 16-bit single-frame masks, native or RLE, MONOCHROME1 or MONOCHROME2 or PALETTE
 * COLOR, and treats any non-zero stored sample as foreground.
 */
public final class BinaryMaskDicom {
    static final String BINARY_MASK_DERIVATION = "Binary lesion mask (pulmo): 255 = lesion of the category in the file name";

    /** Elements of the Patient and General Study modules copied from the source as they are. */
    private static final int[] COPIED = {
            Tag.SpecificCharacterSet, Tag.AccessionNumber, Tag.ReferringPhysicianName, Tag.StudyDescription,
            Tag.PatientName, Tag.PatientID, Tag.PatientBirthDate, Tag.PatientSex, Tag.PatientAge,
            Tag.StudyInstanceUID, Tag.StudyDate, Tag.StudyTime, Tag.StudyID, Tag.BodyPartExamined, Tag.Laterality,
            // a mask of a de-identified image says so as its image does (PS3.15 E.1.1), so that a residual-PHI scan
            // judges both the same way
            Tag.PatientIdentityRemoved, Tag.DeidentificationMethod, Tag.DeidentificationMethodCodeSequence,
            Tag.LongitudinalTemporalInformationModified,
    };
    /** Type 2 elements of the Secondary Capture IOD: present, empty when the source has no value. */
    private static final int[] TYPE_2 = {
            Tag.AccessionNumber, Tag.ReferringPhysicianName, Tag.PatientName, Tag.PatientID, Tag.PatientBirthDate,
            Tag.PatientSex, Tag.StudyDate, Tag.StudyTime, Tag.StudyID, Tag.PatientOrientation,
            // 2C in General Series when the body part is paired: the lungs are, and a chest image shows both
            Tag.Laterality,
    };

    private BinaryMaskDicom() {
    }

    /**
     * The mask dataset for {@code source}.
     *
     * @param source     the annotated image's dataset (a header read is enough)
     * @param foreground one byte per pixel, row-major, non-zero = foreground
     * @param seriesUid  the mask series' UID (one per source series, so a series' masks group together); see
     *                   {@link Uids#random()}
     * @param seriesNumber the mask series' number
     * @throws IllegalArgumentException when the mask's size differs from the source's Rows × Columns
     */
    public static DicomDataset create(DicomDataset source, byte[] foreground, int columns, int rows,
                                      String seriesUid, int seriesNumber) {
        int sourceRows = source.getInt(Tag.Rows).orElse(-1);
        int sourceColumns = source.getInt(Tag.Columns).orElse(-1);
        if (sourceRows != rows || sourceColumns != columns) {
            throw new IllegalArgumentException("the mask is " + columns + " x " + rows + " pixels but its image is "
                    + sourceColumns + " x " + sourceRows + " (Columns x Rows)");
        }
        if (foreground.length != (long) columns * rows) {
            throw new IllegalArgumentException("a mask of " + columns + " x " + rows + " needs " + (long) columns * rows
                    + " samples, got " + foreground.length);
        }
        DicomDataset.Builder b = DicomDataset.builder();
        for (int tag : COPIED) {
            source.get(tag).ifPresent(b::put);
        }
        for (int tag : TYPE_2) {
            if (source.get(tag).isEmpty()) {
                b.putString(tag, dictionaryVr(tag));
            }
        }
        LocalDateTime now = LocalDateTime.now();
        String date = now.format(DateTimeFormatter.BASIC_ISO_DATE);
        String time = now.format(DateTimeFormatter.ofPattern("HHmmss"));
        String sourceClass = source.getString(Tag.SOPClassUID).orElse("");
        String sourceInstance = source.getString(Tag.SOPInstanceUID).orElse("");
        b.putString(Tag.SOPClassUID, VR.UI, UID.SecondaryCaptureImageStorage)
                .putString(Tag.SOPInstanceUID, VR.UI, Uids.random())
                .putString(Tag.ImageType, VR.CS, "DERIVED", "SECONDARY")
                .putString(Tag.Modality, VR.CS, "OT")
                .putString(Tag.ConversionType, VR.CS, "WSD")
                .putString(Tag.SeriesInstanceUID, VR.UI, seriesUid)
                .putString(Tag.SeriesNumber, VR.IS, Integer.toString(seriesNumber))
                .putString(Tag.InstanceNumber, VR.IS, source.getString(Tag.InstanceNumber).orElse("1"))
                .putString(Tag.SeriesDescription, VR.LO, "Binary lesion masks")
                .putString(Tag.ContentDate, VR.DA, date)
                .putString(Tag.ContentTime, VR.TM, time)
                .putString(Tag.DateOfSecondaryCapture, VR.DA, date)
                .putString(Tag.TimeOfSecondaryCapture, VR.TM, time)
                .putString(Tag.DerivationDescription, VR.ST, BINARY_MASK_DERIVATION)
                .putString(Tag.BurnedInAnnotation, VR.CS, "NO")
                .putLongs(Tag.SamplesPerPixel, VR.US, 1)
                .putString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2")
                .putLongs(Tag.Rows, VR.US, rows)
                .putLongs(Tag.Columns, VR.US, columns)
                .putLongs(Tag.BitsAllocated, VR.US, 8)
                .putLongs(Tag.BitsStored, VR.US, 8)
                .putLongs(Tag.HighBit, VR.US, 7)
                .putLongs(Tag.PixelRepresentation, VR.US, 0);
        if (!sourceClass.isEmpty() && !sourceInstance.isEmpty()) {
            b.putSequence(Tag.SourceImageSequence, List.of(DicomDataset.builder()
                    .putString(Tag.ReferencedSOPClassUID, VR.UI, sourceClass)
                    .putString(Tag.ReferencedSOPInstanceUID, VR.UI, sourceInstance)
                    .build()));
        }
        byte[] pixels = new byte[foreground.length + (foreground.length & 1)];
        for (int i = 0; i < foreground.length; i++) {
            pixels[i] = foreground[i] != 0 ? (byte) 0xFF : 0;
        }
        b.putBytes(Tag.PixelData, VR.OB, pixels);
        return b.build();
    }

    /** Writes the mask atomically (see {@link #create}). */
    public static void write(Path target, DicomDataset source, byte[] foreground, int columns, int rows,
                             String seriesUid, int seriesNumber) {
        DicomWriter.write(target, create(source, foreground, columns, rows, seriesUid, seriesNumber),
                TransferSyntax.of(UID.ExplicitVRLittleEndian));
    }

    /**
     * Reads a binary mask file (opened once; its pixel value is read straight into a buffer this thread reuses, not
     * into a new array).
     *
     * @throws DicomException naming the file when it cannot be read or is not a readable single-frame,
     *                        single-sample image
     */
    public static MaskImage read(Path file) {
        return read(DicomReader.create().read(file), file.toString());
    }

    /**
     * Reads a binary mask from a whole file's bytes, which it takes over: the caller must not modify them.
     *
     * @param source the name used in messages
     * @throws DicomException naming {@code source} when it is not a readable single-frame, single-sample image
     */
    public static MaskImage read(byte[] bytes, String source) {
        return read(DicomReader.create().readOwned(bytes, source), source);
    }

    private static MaskImage read(DicomFile f, String source) {
        PixelDescription d = PixelDescription.from(f);
        if (d.numberOfFrames() != 1 || d.samplesPerPixel() != 1) {
            throw new DicomException(source, -1, Tag.PixelData, "a binary mask has one frame of one sample per pixel; this file has "
                    + d.numberOfFrames() + " frame(s) of " + d.samplesPerPixel() + " sample(s)", null);
        }
        PhotometricInterpretation pi = d.photometricInterpretation();
        if (pi != PhotometricInterpretation.MONOCHROME1 && pi != PhotometricInterpretation.MONOCHROME2
                && pi != PhotometricInterpretation.PALETTE_COLOR) {
            throw new DicomException(source, -1, Tag.PhotometricInterpretation,
                    "a binary mask is MONOCHROME1, MONOCHROME2 or PALETTE COLOR, not " + pi, null);
        }
        // the pixel bytes are packed where they lie; any other encoding is decoded as a frame
        long[] words = nativeForeground(f, d).orElseGet(() -> {
            boolean[] fg = PixelData.from(f).frame(0).foreground();
            int stride = MaskImage.stride(d.columns());
            long[] packed = new long[stride * d.rows()];
            for (int r = 0, i = 0; r < d.rows(); r++) {
                for (int c = 0; c < d.columns(); c++, i++) {
                    if (fg[i]) {
                        packed[r * stride + (c >>> 6)] |= 1L << c;
                    }
                }
            }
            return packed;
        });
        DicomDataset header = f.dataset().without(Tag.PixelData);
        String referenced = header.getSequence(Tag.SourceImageSequence).stream().findFirst()
                .flatMap(item -> item.getString(Tag.ReferencedSOPInstanceUID))
                .orElse(header.getSequence(Tag.ReferencedImageSequence).stream().findFirst()
                        .flatMap(item -> item.getString(Tag.ReferencedSOPInstanceUID)).orElse(""));
        return new MaskImage(d.columns(), d.rows(), words, referenced, header);
    }

    /** Background to compare the pixel bytes with, a block at a time. */
    private static final ByteBuffer ZEROS = ByteBuffer.allocate(8192).asReadOnlyBuffer();

    /**
     * The common case, native little-endian 8- or 16-bit samples (what {@link #write} makes), packed straight from the
     * value's bytes without decoding a frame: any non-zero stored value (the Bits Stored bits ending at High Bit) is
     * foreground.
     */
    private static Optional<long[]> nativeForeground(DicomFile f, PixelDescription d) {
        int bytesPerSample = d.bitsAllocated() / 8;
        if ((d.bitsAllocated() != 8 && d.bitsAllocated() != 16) || f.transferSyntax().bigEndian()
                || PixelEncoding.of(d.transferSyntaxUid()).isEncapsulated()) {
            return Optional.empty();
        }
        Optional<DicomElement> element = f.dataset().get(Tag.PixelData);
        int columns = d.columns();
        int rows = d.rows();
        if (element.isEmpty() || element.get().valueLength() < (long) columns * rows * bytesPerSample) {
            return Optional.empty(); // the frame decoder reports what is wrong
        }
        int length = rows * columns * bytesPerSample;
        Optional<BulkData> bulk = element.get().bulkData();
        ByteBuffer value = bulk.flatMap(BulkData::memoryView)
                .or(() -> bulk.filter(b -> b.file().isPresent()).map(b -> fromFile(b, length)))
                .orElseGet(() -> ByteBuffer.wrap(bulk.map(BulkData::bytes).orElseGet(() -> element.get().bytes())))
                .order(ByteOrder.LITTLE_ENDIAN);
        int shift = d.highBit() - d.bitsStored() + 1;
        int stored = (int) ((1L << d.bitsStored()) - 1);
        int stride = MaskImage.stride(columns);
        long[] words = new long[stride * rows];
        boolean wholeByte = bytesPerSample == 1 && shift == 0 && stored == 0xFF;
        int rowBytes = columns * bytesPerSample;
        // A mask is mostly background: find the next non-zero byte with the vectorised mismatch (memory speed even
        // before the JIT's second tier), then pack only the 64-pixel word that holds it.
        int position = 0;
        while (position < length) {
            int n = Math.min(ZEROS.capacity(), length - position);
            int found = value.slice(position, n).mismatch(ZEROS.slice(0, n));
            if (found < 0) {
                position += n;
                continue;
            }
            int at = position + found;
            int r = at / rowBytes;
            int k = (at - r * rowBytes) / bytesPerSample >>> 6;
            int c0 = k << 6;
            int count = Math.min(64, columns - c0);
            int wordStart = r * rowBytes + c0 * bytesPerSample;
            long w = 0;
            int j = 0;
            if (wholeByte) {
                for (; j + 8 <= count; j += 8) {
                    w |= nonZeroBytes(value.getLong(wordStart + j)) << j;
                }
            }
            for (; j < count; j++) {
                int sampleAt = wordStart + j * bytesPerSample;
                int sample = bytesPerSample == 1 ? value.get(sampleAt) & 0xFF : value.getShort(sampleAt) & 0xFFFF;
                if ((sample >>> shift & stored) != 0) {
                    w |= 1L << j;
                }
            }
            words[r * stride + k] = w;
            position = wordStart + count * bytesPerSample;
        }
        return Optional.of(words);
    }

    /** The largest pixel value a thread keeps its buffer for: a 4,096 × 4,096 16-bit mask. */
    private static final int MAX_KEPT_BYTES = 32 << 20;
    private static final ThreadLocal<ByteBuffer> PIXELS = new ThreadLocal<>();

    /**
     * The first {@code length} bytes of a Pixel Data value kept in its file, read into this thread's direct buffer
     * (reused from mask to mask: no array to allocate and zero, and one copy, the kernel's, instead of a copy through
     * a temporary direct buffer into the heap). Valid until this thread reads the next mask.
     */
    private static ByteBuffer fromFile(BulkData value, int length) {
        ByteBuffer buffer = PIXELS.get();
        if (buffer == null || buffer.capacity() < length) {
            buffer = ByteBuffer.allocateDirect(length);
            if (length <= MAX_KEPT_BYTES) {
                PIXELS.set(buffer);
            }
        }
        buffer.clear().limit(length);
        value.readInto(buffer);
        return buffer.flip();
    }

    /** Bit i set when byte i (little-endian lane i) of {@code v} is not zero: eight pixels in a few operations. */
    static long nonZeroBytes(long v) {
        // the high bit of each byte lane: set by the add when the low seven bits are not all zero, or by the byte itself
        long high = ((v & 0x7F7F7F7F7F7F7F7FL) + 0x7F7F7F7F7F7F7F7FL | v) & 0x8080808080808080L;
        // gather lane i's bit (at 8i + 7) to bit 56 + i: the lanes' products land on distinct bits, so nothing carries
        return (high >>> 7) * 0x0102040810204080L >>> 56;
    }

    private static VR dictionaryVr(int tag) {
        return ElementDictionary.entry(tag).flatMap(ElementDictionary.Entry::singleVr)
                .orElseThrow(() -> new IllegalStateException("no single VR in the dictionary for " + Tag.class.getSimpleName() + " " + tag));
    }
}
