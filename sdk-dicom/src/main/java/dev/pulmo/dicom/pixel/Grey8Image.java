package dev.pulmo.dicom.pixel;

import dev.pulmo.dicom.Tag;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Arrays;

/**
 * A frame rendered to 8-bit grey for display: stored value → {@link ModalityLut} → {@link VoiWindow}
 * (linear, 0–255, rounded half up) → for MONOCHROME1 inverted ({@code 255 − y}), so that in the
 * result a larger value is always brighter.
 *
 * @param columns width in pixels
 * @param rows    height in pixels
 * @param grey    {@code rows × columns} grey levels 0–255 (as unsigned bytes), row-major, row 0 at
 *                the top; copied in and out
 */
public record Grey8Image(int columns, int rows, byte[] grey) {
    /** @throws IllegalArgumentException when the array does not hold {@code rows × columns} values */
    public Grey8Image {
        if (columns < 1 || rows < 1 || grey.length != (long) columns * rows) {
            throw new IllegalArgumentException("grey image of " + columns + "x" + rows + " needs "
                    + (long) columns * rows + " bytes, got " + grey.length);
        }
        grey = grey.clone();
    }

    /**
     * Renders a MONOCHROME1 or MONOCHROME2 frame.
     *
     * @param frame       a monochrome frame
     * @param modalityLut the dataset's rescale ({@link PixelDescription#modalityLut()})
     * @param window      the VOI window in modality units, e.g. {@link VoiWindow#LUNG}
     * @return the grey image
     * @throws PixelDataException when the frame is not monochrome
     */
    public static Grey8Image render(Frame frame, ModalityLut modalityLut, VoiWindow window) {
        if (!frame.photometricInterpretation().isMonochrome()) {
            throw new PixelDataException(null, Tag.PhotometricInterpretation,
                    "window level applies to MONOCHROME1/MONOCHROME2 frames, not "
                            + frame.photometricInterpretation().code());
        }
        boolean invert = frame.photometricInterpretation() == PhotometricInterpretation.MONOCHROME1;
        long min = frame.minSample();
        long max = frame.maxSample();
        int[] samples = frame.samplesShared();
        byte[] grey = new byte[samples.length];
        if (max - min < 1 << 16) {
            // one table entry per stored value present: at most 64 Ki evaluations of the LUT and window
            byte[] table = new byte[(int) (max - min + 1)];
            for (int i = 0; i < table.length; i++) {
                int level = window.toGrey8(modalityLut.apply(min + i));
                table[i] = (byte) (invert ? 255 - level : level);
            }
            for (int i = 0; i < samples.length; i++) {
                grey[i] = table[(int) (frame.widen(samples[i]) - min)];
            }
        } else {
            for (int i = 0; i < samples.length; i++) {
                int level = window.toGrey8(modalityLut.apply(frame.widen(samples[i])));
                grey[i] = (byte) (invert ? 255 - level : level);
            }
        }
        return new Grey8Image(frame.columns(), frame.rows(), grey);
    }

    /**
     * Renders with the dataset's own first window, or, when it has none, a window spanning the
     * frame's modality values.
     *
     * @param frame       a monochrome frame of the dataset
     * @param description the dataset's pixel description
     * @return the grey image
     * @throws PixelDataException when the frame is not monochrome
     */
    public static Grey8Image render(Frame frame, PixelDescription description) {
        ModalityLut lut = description.modalityLut();
        double a = lut.apply(frame.minSample());
        double b = lut.apply(frame.maxSample());
        return render(frame, lut, description.windowOrSpanning(Math.min(a, b), Math.max(a, b)));
    }

    /**
     * @param column 0 to {@code columns − 1}
     * @param row    0 to {@code rows − 1}
     * @return the grey level 0–255
     */
    public int level(int column, int row) {
        if (column < 0 || column >= columns || row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException("pixel (" + column + ", " + row + ") outside " + columns + "x" + rows);
        }
        return grey[row * columns + column] & 0xFF;
    }

    @Override
    public byte[] grey() {
        return grey.clone();
    }

    /** Equal when the sizes and all grey levels are equal (records compare arrays by identity). */
    @Override
    public boolean equals(Object other) {
        return other instanceof Grey8Image that && columns == that.columns && rows == that.rows
                && Arrays.equals(grey, that.grey);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * columns + rows) + Arrays.hashCode(grey);
    }

    @Override
    public String toString() {
        return "Grey8Image[" + columns + "x" + rows + "]";
    }

    /** @return a {@link BufferedImage#TYPE_BYTE_GRAY} image, e.g. for {@code ImageIO.write(…, "png", …)} */
    public BufferedImage toBufferedImage() {
        BufferedImage image = new BufferedImage(columns, rows, BufferedImage.TYPE_BYTE_GRAY);
        byte[] target = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        System.arraycopy(grey, 0, target, 0, grey.length);
        return image;
    }
}
