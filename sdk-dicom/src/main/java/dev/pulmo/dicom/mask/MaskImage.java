package dev.pulmo.dicom.mask;

import java.util.Objects;

/**
 * A binary mask read from DICOM: {@code columns × rows} samples, one byte per pixel, row-major, 1 for
 * foreground and 0 for background, with the SOP Instance UID of the image it refers to (empty when the file
 * names none).
 */
public record MaskImage(int columns, int rows, byte[] foreground, String referencedSopInstanceUid) {
    public MaskImage {
        Objects.requireNonNull(foreground, "foreground");
        if (columns < 1 || rows < 1 || foreground.length != (long) columns * rows) {
            throw new IllegalArgumentException("a mask of " + columns + " x " + rows + " needs " + (long) columns * rows
                    + " samples, got " + foreground.length);
        }
        foreground = foreground.clone();
    }

    /** A copy of the samples. */
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
}
