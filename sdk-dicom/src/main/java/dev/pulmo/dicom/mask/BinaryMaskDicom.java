package dev.pulmo.dicom.mask;

import dev.pulmo.dicom.DicomDataset;
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
import dev.pulmo.dicom.pixel.Frame;
import dev.pulmo.dicom.pixel.PhotometricInterpretation;
import dev.pulmo.dicom.pixel.PixelData;
import java.nio.file.Path;
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
 *   <li>Identity: the source's patient and study elements are copied as they are (same character set); the series
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
     * Reads a binary mask.
     *
     * @throws DicomException naming the file when it is not a readable single-frame, single-sample image
     */
    public static MaskImage read(Path file) {
        DicomFile f = DicomReader.create().read(file);
        PixelData pixels = PixelData.from(f);
        if (pixels.frameCount() != 1 || pixels.description().samplesPerPixel() != 1) {
            throw new DicomException(file.toString(), -1, Tag.PixelData, "a binary mask has one frame of one sample per pixel; this file has "
                    + pixels.frameCount() + " frame(s) of " + pixels.description().samplesPerPixel() + " sample(s)", null);
        }
        PhotometricInterpretation pi = pixels.description().photometricInterpretation();
        if (pi != PhotometricInterpretation.MONOCHROME1 && pi != PhotometricInterpretation.MONOCHROME2
                && pi != PhotometricInterpretation.PALETTE_COLOR) {
            throw new DicomException(file.toString(), -1, Tag.PhotometricInterpretation,
                    "a binary mask is MONOCHROME1, MONOCHROME2 or PALETTE COLOR, not " + pi, null);
        }
        Frame frame = pixels.frame(0);
        boolean[] fg = frame.foreground();
        byte[] samples = new byte[fg.length];
        for (int i = 0; i < fg.length; i++) {
            samples[i] = (byte) (fg[i] ? 1 : 0);
        }
        String referenced = f.dataset().getSequence(Tag.SourceImageSequence).stream().findFirst()
                .flatMap(item -> item.getString(Tag.ReferencedSOPInstanceUID))
                .orElse(f.dataset().getSequence(Tag.ReferencedImageSequence).stream().findFirst()
                        .flatMap(item -> item.getString(Tag.ReferencedSOPInstanceUID)).orElse(""));
        return new MaskImage(frame.columns(), frame.rows(), samples, referenced);
    }

    private static VR dictionaryVr(int tag) {
        return ElementDictionary.entry(tag).flatMap(ElementDictionary.Entry::singleVr)
                .orElseThrow(() -> new IllegalStateException("no single VR in the dictionary for " + Tag.class.getSimpleName() + " " + tag));
    }
}
