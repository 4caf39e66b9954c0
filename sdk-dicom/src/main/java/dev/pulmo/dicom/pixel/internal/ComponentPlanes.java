package dev.pulmo.dicom.pixel.internal;

import dev.pulmo.dicom.pixel.PixelDescription;

/** Decoded component planes of a JPEG-family codec turned into a native frame. */
final class ComponentPlanes {
    private ComponentPlanes() {
    }

    /**
     * @throws dev.pulmo.dicom.pixel.PixelDataException when the coded image's size or component count
     *                                                  differs from the dataset's
     */
    static void checkShape(PixelDescription description, int rows, int columns, int components, String codec,
            FrameRef ref) {
        if (rows != description.rows() || columns != description.columns()
                || components != description.samplesPerPixel()) {
            throw ref.error(codec + " stream is " + columns + "x" + rows + " with " + components
                    + " component(s) but the dataset says " + description.columns() + "x" + description.rows()
                    + " with " + description.samplesPerPixel() + " sample(s) per pixel");
        }
    }

    /**
     * The planes as {@link NativeFrameDecoder} would read them back from {@link #toNative}'s bytes, without the bytes:
     * each value truncated to Bits Allocated, the Bits Stored field ending at High Bit taken, sign-extended when Pixel
     * Representation is 1.
     *
     * @return samples in (row, column, sample) order
     */
    static int[] toSamples(PixelDescription description, int[][] planes, int rows, int columns, int precision,
            String codec, FrameRef ref) {
        checkShape(description, rows, columns, planes.length, codec, ref);
        int bitsAllocated = description.bitsAllocated();
        if ((bitsAllocated != 8 && bitsAllocated != 16) || precision > bitsAllocated) {
            throw ref.error(codec + " samples of " + precision + " bits do not fit Bits Allocated " + bitsAllocated);
        }
        int wordMask = (1 << bitsAllocated) - 1;
        int shift = description.highBit() - description.bitsStored() + 1;
        int mask = (1 << description.bitsStored()) - 1;
        int signBit = 1 << (description.bitsStored() - 1);
        boolean signed = description.signed();
        int samplesPerPixel = planes.length;
        int pixels = rows * columns;
        int[] out = new int[pixels * samplesPerPixel];
        for (int c = 0; c < samplesPerPixel; c++) {
            int[] plane = planes[c];
            for (int pixel = 0, at = c; pixel < pixels; pixel++, at += samplesPerPixel) {
                int stored = ((plane[pixel] & wordMask) >>> shift) & mask;
                out[at] = signed && (stored & signBit) != 0 ? stored - mask - 1 : stored;
            }
        }
        return out;
    }

    /**
     * @param description the Image Pixel attributes the planes must agree with
     * @param planes      one {@code rows × columns} plane per component
     * @param rows        rows of the coded image
     * @param columns     columns of the coded image
     * @param precision   bits per coded sample
     * @param codec       codec name, for messages
     * @param ref         source and frame, for messages
     * @return native little-endian interleaved bytes ({@link NativeLayout#DECODED})
     */
    static byte[] toNative(PixelDescription description, int[][] planes, int rows, int columns, int precision,
            String codec, FrameRef ref) {
        checkShape(description, rows, columns, planes.length, codec, ref);
        int bytesPerSample = description.bitsAllocated() / 8;
        if (bytesPerSample < 1 || bytesPerSample > 2 || precision > description.bitsAllocated()) {
            throw ref.error(codec + " samples of " + precision + " bits do not fit Bits Allocated "
                    + description.bitsAllocated());
        }
        int samplesPerPixel = planes.length;
        int pixels = rows * columns;
        byte[] out = new byte[pixels * samplesPerPixel * bytesPerSample];
        for (int pixel = 0; pixel < pixels; pixel++) {
            for (int c = 0; c < samplesPerPixel; c++) {
                int value = planes[c][pixel];
                int at = (pixel * samplesPerPixel + c) * bytesPerSample;
                out[at] = (byte) value;
                if (bytesPerSample == 2) {
                    out[at + 1] = (byte) (value >>> 8);
                }
            }
        }
        return out;
    }
}
