package dev.pulmo.dicom.deid.internal;

import dev.pulmo.dicom.deid.BlankRectangle;
import dev.pulmo.dicom.pixel.PhotometricInterpretation;
import dev.pulmo.dicom.pixel.PixelDescription;
import java.util.List;

/**
 * Blanks rectangles in native (uncompressed) Pixel Data, in every frame and every sample: each sample becomes the
 * minimum value its Bits Stored can hold (0 unsigned, -2^(BitsStored-1) signed), placed at High Bit, with the other
 * bits of the word cleared. The layout is PS3.5 8.1 / 8.2: samples of Bits Allocated bits, frames one after another,
 * Planar Configuration 0 (interleaved) or 1 (one plane per sample); with Bits Allocated 1 the bits run from the
 * least significant bit of each byte and frames need not start on a byte.
 */
public final class PixelBlanker {

    private PixelBlanker() {
    }

    /**
     * @param pixels    the value of Pixel Data as stored (modified in place)
     * @param bigEndian byte order of {@code pixels}
     * @return how many (rectangle, frame) pairs touched the image
     * @throws IllegalArgumentException when the value is shorter than the description needs, or the layout is native
     *                                  YBR_FULL_422 (two pixels share chroma samples; not supported)
     */
    public static int blank(byte[] pixels, boolean bigEndian, PixelDescription d, List<BlankRectangle> rectangles) {
        if (d.photometricInterpretation() == PhotometricInterpretation.YBR_FULL_422) {
            throw new IllegalArgumentException("blanking native YBR_FULL_422 pixel data is not supported");
        }
        long bitsNeeded = d.bitsPerNativeFrame() * d.numberOfFrames();
        if ((long) pixels.length * 8 < bitsNeeded) {
            throw new IllegalArgumentException("Pixel Data has " + pixels.length + " bytes, " + ((bitsNeeded + 7) / 8)
                    + " needed for " + d.numberOfFrames() + " frame(s) of " + d.columns() + "x" + d.rows());
        }
        int count = 0;
        for (BlankRectangle r : rectangles) {
            int c0 = Math.min(r.x(), d.columns());
            int c1 = (int) Math.min((long) r.x() + r.width(), d.columns());
            int r0 = Math.min(r.y(), d.rows());
            int r1 = (int) Math.min((long) r.y() + r.height(), d.rows());
            if (c0 >= c1 || r0 >= r1) {
                continue;
            }
            for (int frame = 0; frame < d.numberOfFrames(); frame++) {
                for (int row = r0; row < r1; row++) {
                    for (int col = c0; col < c1; col++) {
                        for (int s = 0; s < d.samplesPerPixel(); s++) {
                            setMinimum(pixels, bigEndian, d, frame, row, col, s);
                        }
                    }
                }
                count++;
            }
        }
        return count;
    }

    private static void setMinimum(byte[] pixels, boolean bigEndian, PixelDescription d, int frame, int row, int col,
            int sample) {
        long pixelsPerFrame = (long) d.rows() * d.columns();
        long pixelIndex = (long) row * d.columns() + col;
        long sampleIndex = d.planarConfiguration() == 1 && d.samplesPerPixel() > 1
                ? frame * pixelsPerFrame * d.samplesPerPixel() + sample * pixelsPerFrame + pixelIndex
                : (frame * pixelsPerFrame + pixelIndex) * d.samplesPerPixel() + sample;
        if (d.bitsAllocated() == 1) {
            pixels[(int) (sampleIndex >>> 3)] &= (byte) ~(1 << (sampleIndex & 7));
            return;
        }
        int bytes = d.bitsAllocated() / 8;
        long stored = d.signed() ? -(1L << (d.bitsStored() - 1)) : 0;
        long word = (stored & ((1L << d.bitsStored()) - 1)) << (d.highBit() - d.bitsStored() + 1);
        int offset = (int) (sampleIndex * bytes);
        for (int i = 0; i < bytes; i++) {
            int shift = 8 * (bigEndian ? bytes - 1 - i : i);
            pixels[offset + i] = (byte) (word >>> shift);
        }
    }
}
