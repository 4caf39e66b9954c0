package dev.pulmo.dicom.pixel;

import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.pixel.internal.YbrFullToRgb;
import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * One decoded frame: the stored values of each pixel's samples, right-aligned and sign-extended
 * (bits outside Bits Stored/High Bit are dropped, PS3.5 8.1.1), before any Modality LUT.
 *
 * <p>Immutable. Pixel (c, r) covers [c, c+1) × [r, r+1), row 0 at the top. Colour frames always
 * hold their samples interleaved ({@code R G B R G B …}), whatever the Planar Configuration of the
 * encoded data, and YBR_FULL_422 frames hold three full-resolution samples per pixel.
 */
public final class Frame {
    private final int rows;
    private final int columns;
    private final PhotometricInterpretation photometricInterpretation;
    private final boolean unsigned32;
    private final int[] samples;

    /**
     * @param rows                      rows, at least 1
     * @param columns                   columns, at least 1
     * @param photometricInterpretation what the samples mean; gives the samples per pixel
     * @param unsigned32                the samples are unsigned 32-bit values stored in {@code int}s
     *                                  (read them with {@link #sample}, which widens them)
     * @param samples                   {@code rows × columns × samplesPerPixel} values in (row, column,
     *                                  sample) order; copied
     */
    public Frame(int rows, int columns, PhotometricInterpretation photometricInterpretation, boolean unsigned32,
            int[] samples) {
        this(samples.clone(), rows, columns, photometricInterpretation, unsigned32);
    }

    /** Takes ownership of {@code samplesOwned} (decoders and conversions hand over fresh arrays). */
    Frame(int[] samplesOwned, int rows, int columns, PhotometricInterpretation photometricInterpretation,
            boolean unsigned32) {
        Objects.requireNonNull(photometricInterpretation, "photometricInterpretation");
        if (rows < 1 || columns < 1) {
            throw new IllegalArgumentException("frame must have at least one row and column, got " + rows + "x"
                    + columns);
        }
        long expected = (long) rows * columns * photometricInterpretation.samplesPerPixel();
        if (samplesOwned.length != expected) {
            throw new IllegalArgumentException("frame of " + rows + "x" + columns + " "
                    + photometricInterpretation.code()
                    + " needs " + expected + " samples, got " + samplesOwned.length);
        }
        this.rows = rows;
        this.columns = columns;
        this.photometricInterpretation = photometricInterpretation;
        this.unsigned32 = unsigned32;
        this.samples = samplesOwned;
    }

    /** @return number of rows (height in pixels) */
    public int rows() {
        return rows;
    }

    /** @return number of columns (width in pixels) */
    public int columns() {
        return columns;
    }

    /** @return what the samples mean */
    public PhotometricInterpretation photometricInterpretation() {
        return photometricInterpretation;
    }

    /** @return 1 or 3 */
    public int samplesPerPixel() {
        return photometricInterpretation.samplesPerPixel();
    }

    /**
     * @param column      0 to {@code columns() - 1}
     * @param row         0 to {@code rows() - 1}
     * @param sampleIndex 0 to {@code samplesPerPixel() - 1} (0 red/Y, 1 green/Cb, 2 blue/Cr)
     * @return the stored value, negative only for signed data
     * @throws IndexOutOfBoundsException outside the frame
     */
    public long sample(int column, int row, int sampleIndex) {
        int raw = samples[index(column, row, sampleIndex)];
        return unsigned32 ? Integer.toUnsignedLong(raw) : raw;
    }

    /**
     * The binary-mask reading of SPEC.md §4: a pixel is foreground when any of its samples is not 0.
     *
     * @param column 0 to {@code columns() - 1}
     * @param row    0 to {@code rows() - 1}
     * @return true when the pixel is foreground
     */
    public boolean isForeground(int column, int row) {
        int first = index(column, row, 0);
        for (int s = 0; s < samplesPerPixel(); s++) {
            if (samples[first + s] != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * The whole frame read as a binary mask (SPEC.md §4), for {@code sdk-geometry}'s mask types.
     *
     * @return {@code rows × columns} flags, row-major, true where {@link #isForeground} is
     */
    public boolean[] foreground() {
        int spp = samplesPerPixel();
        boolean[] mask = new boolean[rows * columns];
        for (int pixel = 0; pixel < mask.length; pixel++) {
            for (int s = 0; s < spp && !mask[pixel]; s++) {
                mask[pixel] = samples[pixel * spp + s] != 0;
            }
        }
        return mask;
    }

    /** @return the smallest stored value over all samples */
    public long minSample() {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < samples.length; i++) {
            min = Math.min(min, widen(samples[i]));
        }
        return min;
    }

    /** @return the largest stored value over all samples */
    public long maxSample() {
        long max = Long.MIN_VALUE;
        for (int i = 0; i < samples.length; i++) {
            max = Math.max(max, widen(samples[i]));
        }
        return max;
    }

    /**
     * Colour in RGB, for display: RGB frames are returned as they are; YBR_FULL and YBR_FULL_422 are
     * converted with the inverse of the equations of PS3.3 C.7.6.3.1.2 in libjpeg's fixed point (so a JPEG
     * frame gives what dcmdjpeg, Pillow and GDCM give), clamped to 0–255. For 8-bit samples;
     * {@link NumpyArrays} converts other precisions.
     *
     * @return an RGB frame
     * @throws PixelDataException for monochrome, PALETTE COLOR and the partial/ICT/RCT YBR forms
     */
    public Frame toRgb() {
        switch (photometricInterpretation) {
            case RGB:
                return this;
            case YBR_FULL:
            case YBR_FULL_422:
                int[] rgb = YbrFullToRgb.convert(samples);
                return new Frame(rgb, rows, columns, PhotometricInterpretation.RGB, false);
            default:
                throw new PixelDataException(null, Tag.PhotometricInterpretation, "conversion of "
                        + photometricInterpretation.code() + " to RGB is not supported (only RGB, YBR_FULL and"
                        + " YBR_FULL_422)");
        }
    }

    /**
     * An 8-bit RGB image of a colour frame (after {@link #toRgb()}); samples are clamped to 0–255.
     * Grey frames are drawn through {@link Grey8Image#render} instead, which applies the windows.
     *
     * @return a {@link BufferedImage#TYPE_INT_RGB} image of {@code columns × rows}
     * @throws PixelDataException when the frame cannot be converted to RGB
     */
    public BufferedImage toRgbImage() {
        Frame rgb = toRgb();
        BufferedImage image = new BufferedImage(columns, rows, BufferedImage.TYPE_INT_RGB);
        int[] packed = new int[columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                int i = (r * columns + c) * 3;
                packed[c] = clampToByte(rgb.samples[i]) << 16 | clampToByte(rgb.samples[i + 1]) << 8
                        | clampToByte(rgb.samples[i + 2]);
            }
            image.setRGB(0, r, columns, 1, packed, 0, columns);
        }
        return image;
    }

    /**
     * @return a copy of the samples in (row, column, sample) order; unsigned 32-bit values appear as
     *         negative {@code int}s there ({@link Integer#toUnsignedLong} restores them)
     */
    public int[] copySamples() {
        return samples.clone();
    }

    /** The samples without a copy, for this package's renderers; never handed out. */
    int[] samplesShared() {
        return samples;
    }

    /** @return true when {@link #copySamples()} holds unsigned 32-bit values */
    public boolean isUnsigned32() {
        return unsigned32;
    }

    /** A stored value of {@link #samplesShared()} as {@link #sample} returns it. */
    long widen(int raw) {
        return unsigned32 ? Integer.toUnsignedLong(raw) : raw;
    }

    private int index(int column, int row, int sampleIndex) {
        if (column < 0 || column >= columns || row < 0 || row >= rows || sampleIndex < 0
                || sampleIndex >= samplesPerPixel()) {
            throw new IndexOutOfBoundsException("pixel (" + column + ", " + row + ") sample " + sampleIndex
                    + " outside a " + columns + "x" + rows + " frame of " + samplesPerPixel() + " samples");
        }
        return (row * columns + column) * samplesPerPixel() + sampleIndex;
    }

    private static int clampToByte(int value) {
        return Math.max(0, Math.min(255, value));
    }
}
