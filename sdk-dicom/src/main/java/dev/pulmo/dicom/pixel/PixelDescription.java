package dev.pulmo.dicom.pixel;

import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.Tag;
import java.util.ArrayList;
import java.util.List;

/**
 * The Image Pixel attributes (PS3.3 C.7.6.3) that say how to read a dataset's Pixel Data, plus the
 * transfer syntax it is encoded in and the grey-scale transforms it carries.
 *
 * @param rows                      Rows (0028,0010), at least 1
 * @param columns                   Columns (0028,0011), at least 1
 * @param samplesPerPixel           Samples per Pixel (0028,0002); must match the interpretation
 * @param bitsAllocated             Bits Allocated (0028,0100): 1, 8, 16 or 32
 * @param bitsStored                Bits Stored (0028,0101), 1 to {@code bitsAllocated}
 * @param highBit                   High Bit (0028,0102), {@code bitsStored - 1} to {@code bitsAllocated - 1}
 * @param signed                    Pixel Representation (0028,0103) is 1 (two's complement)
 * @param planarConfiguration       Planar Configuration (0028,0006): 0 interleaved, 1 one plane per
 *                                  sample; 0 when absent and ignored when one sample per pixel
 * @param photometricInterpretation Photometric Interpretation (0028,0004)
 * @param numberOfFrames            Number of Frames (0028,0008), 1 when absent
 * @param modalityLut               Rescale Slope and Intercept, {@link ModalityLut#IDENTITY} when absent
 * @param windows                   the VOI windows of (0028,1050)/(0028,1051) in order, maybe empty
 * @param transferSyntaxUid         Transfer Syntax UID (0002,0010) the Pixel Data is encoded in
 */
public record PixelDescription(
        int rows,
        int columns,
        int samplesPerPixel,
        int bitsAllocated,
        int bitsStored,
        int highBit,
        boolean signed,
        int planarConfiguration,
        PhotometricInterpretation photometricInterpretation,
        int numberOfFrames,
        ModalityLut modalityLut,
        List<VoiWindow> windows,
        String transferSyntaxUid) {

    /**
     * The most samples ({@code rows × columns × samplesPerPixel}) a frame may have: a decoded frame is one Java array.
     * 65535 × 65535 is allowed by PS3.3 but exceeds it.
     */
    public static final long MAX_SAMPLES_PER_FRAME = Integer.MAX_VALUE - 8;

    /** @throws IllegalArgumentException when the attributes contradict each other (message says which) */
    public PixelDescription {
        require(rows >= 1 && rows <= 0xFFFF, "Rows (0028,0010) must be 1..65535, got " + rows);
        require(columns >= 1 && columns <= 0xFFFF, "Columns (0028,0011) must be 1..65535, got " + columns);
        require(photometricInterpretation != null, "Photometric Interpretation (0028,0004) is missing");
        require(samplesPerPixel == photometricInterpretation.samplesPerPixel(),
                "Samples per Pixel (0028,0002) is " + samplesPerPixel + " but "
                        + photometricInterpretation.code() + " needs " + photometricInterpretation.samplesPerPixel());
        require(bitsAllocated == 1 || bitsAllocated == 8 || bitsAllocated == 16 || bitsAllocated == 32,
                "Bits Allocated (0028,0100) must be 1, 8, 16 or 32, got " + bitsAllocated);
        require(bitsStored >= 1 && bitsStored <= bitsAllocated,
                "Bits Stored (0028,0101) must be 1.." + bitsAllocated + ", got " + bitsStored);
        require(highBit >= bitsStored - 1 && highBit < bitsAllocated,
                "High Bit (0028,0102) must be " + (bitsStored - 1) + ".." + (bitsAllocated - 1) + ", got " + highBit);
        require(planarConfiguration == 0 || planarConfiguration == 1,
                "Planar Configuration (0028,0006) must be 0 or 1, got " + planarConfiguration);
        require(numberOfFrames >= 1, "Number of Frames (0028,0008) must be at least 1, got " + numberOfFrames);
        long samples = (long) rows * columns * samplesPerPixel;
        require(samples <= MAX_SAMPLES_PER_FRAME, "a frame of " + columns + " x " + rows + " pixels with "
                + samplesPerPixel + " sample(s) holds " + samples + " samples; at most " + MAX_SAMPLES_PER_FRAME
                + " can be decoded (one Java array)");
        require(modalityLut != null, "modalityLut is null (use ModalityLut.IDENTITY)");
        require(transferSyntaxUid != null && !transferSyntaxUid.isBlank(), "Transfer Syntax UID is missing");
        windows = List.copyOf(windows);
        transferSyntaxUid = transferSyntaxUid.trim();
    }

    /**
     * Reads the Image Pixel attributes of a file's dataset. Defaults where the standard gives one or
     * the attribute is conditional: Samples per Pixel from the Photometric Interpretation, Bits Stored
     * = Bits Allocated, High Bit = Bits Stored − 1, Pixel Representation 0, Planar Configuration 0,
     * Number of Frames 1 (also when it is 0, as pydicom reads it), no rescale. Windows pair the values
     * of Window Center and Window Width in order; a window whose width is below 1 (forbidden by PS3.3
     * C.11.2.1.2) is left out.
     *
     * @param file a file read by {@code DicomReader}
     * @return the description
     * @throws PixelDataException naming the file and attribute when Rows, Columns, Bits Allocated or
     *                            Photometric Interpretation is missing, or the values contradict each other
     */
    public static PixelDescription from(DicomFile file) {
        DicomDataset dataset = file.dataset();
        String source = file.source();
        try {
            PhotometricInterpretation photometric = PhotometricInterpretation.fromCode(dataset
                    .getString(Tag.PhotometricInterpretation)
                    .orElseThrow(() -> missing(source, Tag.PhotometricInterpretation, "Photometric Interpretation")));
            int bitsAllocated = required(dataset, source, Tag.BitsAllocated, "Bits Allocated");
            int bitsStored = dataset.getInt(Tag.BitsStored).orElse(bitsAllocated);
            double[] centers = dataset.getDoubles(Tag.WindowCenter);
            double[] widths = dataset.getDoubles(Tag.WindowWidth);
            List<VoiWindow> windows = new ArrayList<>();
            for (int i = 0; i < Math.min(centers.length, widths.length); i++) {
                if (widths[i] >= 1) {
                    windows.add(new VoiWindow(centers[i], widths[i]));
                }
            }
            ModalityLut lut = dataset.contains(Tag.RescaleSlope) || dataset.contains(Tag.RescaleIntercept)
                    ? new ModalityLut(dataset.getDouble(Tag.RescaleSlope).orElse(1),
                            dataset.getDouble(Tag.RescaleIntercept).orElse(0))
                    : ModalityLut.IDENTITY;
            return new PixelDescription(
                    required(dataset, source, Tag.Rows, "Rows"),
                    required(dataset, source, Tag.Columns, "Columns"),
                    dataset.getInt(Tag.SamplesPerPixel).orElse(photometric.samplesPerPixel()),
                    bitsAllocated,
                    bitsStored,
                    dataset.getInt(Tag.HighBit).orElse(bitsStored - 1),
                    dataset.getInt(Tag.PixelRepresentation).orElse(0) == 1,
                    dataset.getInt(Tag.PlanarConfiguration).orElse(0),
                    photometric,
                    Math.max(1, dataset.getInt(Tag.NumberOfFrames).orElse(1)),
                    lut,
                    windows,
                    file.transferSyntax().uid());
        } catch (IllegalArgumentException e) {
            throw new PixelDataException(source, DicomException.NO_TAG, e.getMessage(), e);
        } catch (PixelDataException e) {
            if (e.source() != null) {
                throw e;
            }
            throw new PixelDataException(source, e.tag(), e.detail(), e);
        }
    }

    private static int required(DicomDataset dataset, String source, int tag, String name) {
        return dataset.getInt(tag).orElseThrow(() -> missing(source, tag, name));
    }

    private static PixelDataException missing(String source, int tag, String name) {
        return new PixelDataException(source, tag, name + " is missing; the Image Pixel module requires it");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** @return Rows × Columns (fits an int: the constructor bounds it by {@link #MAX_SAMPLES_PER_FRAME}) */
    public int pixelsPerFrame() {
        return rows * columns;
    }

    /** @return Rows × Columns × Samples per Pixel, at most {@link #MAX_SAMPLES_PER_FRAME} */
    public long samplesPerFrame() {
        return (long) rows * columns * samplesPerPixel;
    }

    /**
     * @return bits one native frame occupies ({@code rows × columns × samples × bitsAllocated}); with 1
     *         bit allocated a frame need not start on a byte boundary (PS3.5 8.1.1)
     */
    public long bitsPerNativeFrame() {
        return (long) pixelsPerFrame() * samplesPerPixel * bitsAllocated;
    }

    /**
     * @return the first window of the dataset, else one spanning {@code [minValue, maxValue]}
     * @param minValue smallest modality value of the image, used when the dataset has no window
     * @param maxValue largest modality value of the image, used when the dataset has no window
     */
    public VoiWindow windowOrSpanning(double minValue, double maxValue) {
        return windows.isEmpty() ? VoiWindow.spanning(minValue, maxValue) : windows.get(0);
    }
}
