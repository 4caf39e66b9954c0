package dev.pulmo.dicom.mask;

import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.Tag;
import java.util.Objects;

/**
 * A binary mask read from DICOM: {@code columns × rows} samples, one byte per pixel, row-major, 1 for foreground
 * and 0 for background, with what the file says about the image it belongs to: the SOP Instance UID it references
 * (Source Image Sequence, else Referenced Image Sequence; empty when it names none) and its own Patient ID and Study
 * Instance UID (a mask is of its image's patient and study, SPEC.md §4).
 */
public final class MaskImage {
    private final int columns;
    private final int rows;
    private final byte[] foreground;
    private final String referencedSopInstanceUid;
    private final DicomDataset header;

    /**
     * @param foreground {@code columns × rows} bytes, 1 = foreground; copied
     * @param header     the mask file's dataset without its pixel data (may be empty)
     * @throws IllegalArgumentException when the sample count is not {@code columns × rows}
     */
    public MaskImage(int columns, int rows, byte[] foreground, String referencedSopInstanceUid, DicomDataset header) {
        this(columns, rows, foreground.clone(), referencedSopInstanceUid, header, true);
    }

    /** Takes ownership of {@code foreground} (the reader hands over a fresh array). */
    MaskImage(int columns, int rows, byte[] foreground, String referencedSopInstanceUid, DicomDataset header, boolean owned) {
        Objects.requireNonNull(foreground, "foreground");
        if (columns < 1 || rows < 1 || foreground.length != (long) columns * rows) {
            throw new IllegalArgumentException("a mask of " + columns + " x " + rows + " needs " + (long) columns * rows
                    + " samples, got " + foreground.length);
        }
        this.columns = columns;
        this.rows = rows;
        this.foreground = foreground;
        this.referencedSopInstanceUid = Objects.requireNonNull(referencedSopInstanceUid, "referencedSopInstanceUid");
        this.header = Objects.requireNonNull(header, "header");
    }

    public int columns() {
        return columns;
    }

    public int rows() {
        return rows;
    }

    /** A copy of the samples: {@code columns × rows} bytes, row-major, 1 = foreground. */
    public byte[] foreground() {
        return foreground.clone();
    }

    /** Sample {@code (column, row)}: whether that pixel is foreground. */
    public boolean isForeground(int column, int row) {
        return foreground[row * columns + column] != 0;
    }

    /**
     * Copies the samples into {@code target} (1 = foreground) starting at {@code offset}, without another allocation.
     *
     * @throws IndexOutOfBoundsException when {@code target} is too short
     */
    public void copyForegroundTo(byte[] target, int offset) {
        System.arraycopy(foreground, 0, target, offset, foreground.length);
    }

    /** Number of foreground pixels. */
    public long areaPixels() {
        long n = 0;
        for (byte b : foreground) {
            n += b;
        }
        return n;
    }

    /** The SOP Instance UID of the image this mask references; empty when the file names none. */
    public String referencedSopInstanceUid() {
        return referencedSopInstanceUid;
    }

    /** The mask's own Patient ID (0010,0020); empty when absent. */
    public String patientId() {
        return header.getString(Tag.PatientID).orElse("");
    }

    /** The mask's own Study Instance UID (0020,000D); empty when absent. */
    public String studyInstanceUid() {
        return header.getString(Tag.StudyInstanceUID).orElse("");
    }

    /** The mask file's dataset without its pixel data, e.g. for a residual-PHI scan. */
    public DicomDataset header() {
        return header;
    }

    @Override
    public String toString() {
        return "MaskImage[" + columns + " x " + rows + ", references " + referencedSopInstanceUid + "]";
    }
}
