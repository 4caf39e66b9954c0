package dev.pulmo.dicom.seg;

import java.util.Objects;

/**
 * One segment's mask on one source image: {@code columns × rows} samples, one byte per pixel, row-major, non-zero =
 * foreground ({@link #foreground()} gives 0 and 1). Pixel (c, r) covers [c, c+1) × [r, r+1), row 0 at the top.
 *
 * @param segmentNumber          the segment's number (see {@link SegmentDescription#number()})
 * @param sourceSopInstanceUid   SOP Instance UID of the image the mask is drawn on
 */
public record SegmentMask(int segmentNumber, String sourceSopInstanceUid, int columns, int rows, byte[] foreground) {
    public SegmentMask {
        Objects.requireNonNull(sourceSopInstanceUid, "sourceSopInstanceUid");
        Objects.requireNonNull(foreground, "foreground");
        if (columns < 1 || rows < 1 || (long) columns * rows != foreground.length) {
            throw new IllegalArgumentException("a mask of " + columns + " x " + rows + " needs " + (long) columns * rows
                    + " samples, got " + foreground.length);
        }
        byte[] normalised = new byte[foreground.length];
        for (int i = 0; i < normalised.length; i++) {
            normalised[i] = (byte) (foreground[i] != 0 ? 1 : 0);
        }
        foreground = normalised;
    }

    /** A copy of the samples, 1 = foreground, 0 = background. */
    @Override
    public byte[] foreground() {
        return foreground.clone();
    }

    /** Number of foreground pixels. */
    public long areaPixels() {
        long n = 0;
        for (byte b : foreground) {
            n += b;
        }
        return n;
    }

    public boolean isEmpty() {
        return areaPixels() == 0;
    }

    /**
     * Number of pixels that are foreground in both masks.
     *
     * @throws IllegalArgumentException when the masks differ in size
     */
    public long overlapPixels(SegmentMask other) {
        if (other.columns != columns || other.rows != rows) {
            throw new IllegalArgumentException("masks of " + columns + " x " + rows + " and " + other.columns + " x "
                    + other.rows + " cannot overlap");
        }
        long n = 0;
        for (int i = 0; i < foreground.length; i++) {
            n += foreground[i] & other.foreground[i];
        }
        return n;
    }

    boolean isForeground(int pixelIndex) {
        return foreground[pixelIndex] != 0;
    }
}
