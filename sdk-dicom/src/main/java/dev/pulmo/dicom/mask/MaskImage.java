package dev.pulmo.dicom.mask;

import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.Tag;
import java.nio.LongBuffer;
import java.util.Objects;

/**
 * A binary mask read from DICOM: {@code columns × rows} pixels, foreground or not, with what the file says about the
 * image it belongs to: the SOP Instance UID it references (Source Image Sequence, else Referenced Image Sequence; empty
 * when it names none) and its own Patient ID and Study Instance UID (a mask is of its image's patient and study,
 * SPEC.md §4).
 *
 * <p>The pixels are kept packed, 64 to a {@code long}: row {@code r} is words {@code r × stride … r × stride + stride −
 * 1} with {@code stride = ceil(columns / 64)}, column {@code c} bit {@code c % 64} (least significant first) of word
 * {@code c / 64}, bits past the last column 0. That is sdk-geometry's {@code BinaryMask} layout, so
 * {@code BinaryMask.fromPackedRows(mask.packedRowsView(), columns, rows)} costs one copy of an eighth of the pixels.
 */
public final class MaskImage {
    private final int columns;
    private final int rows;
    private final int stride;
    private final long[] words;
    private final String referencedSopInstanceUid;
    private final DicomDataset header;

    /**
     * @param foreground {@code columns × rows} bytes, row-major, any non-zero byte foreground
     * @param header     the mask file's dataset without its pixel data (may be empty)
     * @throws IllegalArgumentException when the sample count is not {@code columns × rows}
     */
    public MaskImage(int columns, int rows, byte[] foreground, String referencedSopInstanceUid, DicomDataset header) {
        this(columns, rows, pack(columns, rows, foreground), referencedSopInstanceUid, header);
    }

    /** Takes ownership of {@code words} in the packed layout (the reader hands over a fresh array). */
    MaskImage(int columns, int rows, long[] words, String referencedSopInstanceUid, DicomDataset header) {
        if (columns < 1 || rows < 1 || words.length != (long) stride(columns) * rows) {
            throw new IllegalArgumentException("a mask of " + columns + " x " + rows + " needs " + (long) stride(columns) * rows
                    + " packed words, got " + words.length);
        }
        this.columns = columns;
        this.rows = rows;
        this.stride = stride(columns);
        this.words = words;
        this.referencedSopInstanceUid = Objects.requireNonNull(referencedSopInstanceUid, "referencedSopInstanceUid");
        this.header = Objects.requireNonNull(header, "header");
    }

    static int stride(int columns) {
        return (columns + 63) >>> 6;
    }

    private static long[] pack(int columns, int rows, byte[] foreground) {
        Objects.requireNonNull(foreground, "foreground");
        if (columns < 1 || rows < 1 || foreground.length != (long) columns * rows) {
            throw new IllegalArgumentException("a mask of " + columns + " x " + rows + " needs " + (long) columns * rows
                    + " samples, got " + foreground.length);
        }
        int stride = stride(columns);
        long[] words = new long[stride * rows];
        for (int r = 0, i = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++, i++) {
                if (foreground[i] != 0) {
                    words[r * stride + (c >>> 6)] |= 1L << c;
                }
            }
        }
        return words;
    }

    public int columns() {
        return columns;
    }

    public int rows() {
        return rows;
    }

    /** The pixels in the packed layout described above, as a read-only view (no copy). */
    public LongBuffer packedRowsView() {
        return LongBuffer.wrap(words).asReadOnlyBuffer();
    }

    /** The pixels as {@code columns × rows} bytes, row-major, 1 = foreground (a new array). */
    public byte[] foreground() {
        byte[] out = new byte[columns * rows];
        for (int r = 0, i = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++, i++) {
                out[i] = (byte) (words[r * stride + (c >>> 6)] >>> c & 1);
            }
        }
        return out;
    }

    /** Whether pixel {@code (column, row)} is foreground. */
    public boolean isForeground(int column, int row) {
        return (words[row * stride + (column >>> 6)] >>> column & 1) != 0;
    }

    /** Number of foreground pixels. */
    public long areaPixels() {
        long n = 0;
        for (long w : words) {
            n += Long.bitCount(w);
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
