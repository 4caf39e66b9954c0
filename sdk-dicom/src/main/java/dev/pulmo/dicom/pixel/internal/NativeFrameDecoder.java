package dev.pulmo.dicom.pixel.internal;

import dev.pulmo.dicom.pixel.PixelDescription;

/**
 * Reads stored values out of native (uncompressed) pixel data, PS3.5 8.1.1 and 8.2: samples of
 * Bits Allocated bits, the Bits Stored bits ending at High Bit taken and sign-extended when Pixel
 * Representation is 1; 1-bit data packed eight pixels to a byte, first pixel in the least significant
 * bit, frames following each other without padding.
 */
public final class NativeFrameDecoder {
    private NativeFrameDecoder() {
    }

    /**
     * @param description the Image Pixel attributes
     * @param layout      byte order, planar configuration, YBR 4:2:2 subsampling
     * @return bytes of one frame (for 1-bit data, a frame's bytes rounded up; frames may share a byte)
     */
    public static long bytesPerFrame(PixelDescription description, NativeLayout layout) {
        long values = storedValuesPerFrame(description, layout);
        return description.bitsAllocated() == 1 ? (values + 7) / 8 : values * (description.bitsAllocated() / 8);
    }

    /**
     * @param description the Image Pixel attributes
     * @param layout      byte order, planar configuration, YBR 4:2:2 subsampling
     * @param frames      number of frames
     * @return bytes {@code frames} consecutive frames occupy
     */
    public static long bytesForFrames(PixelDescription description, NativeLayout layout, int frames) {
        long values = storedValuesPerFrame(description, layout) * frames;
        return description.bitsAllocated() == 1 ? (values + 7) / 8 : values * (description.bitsAllocated() / 8);
    }

    /**
     * Decodes frame {@code frameIndex} of {@code data}, which holds consecutive frames from byte 0.
     *
     * @param description the Image Pixel attributes
     * @param layout      byte order, planar configuration, YBR 4:2:2 subsampling
     * @param data        the native pixel data (or one decoded frame, with {@code frameIndex} 0)
     * @param frameIndex  0-based frame
     * @param frame       source and frame, for messages
     * @return {@code rows × columns × samplesPerPixel} stored values in (row, column, sample) order;
     *         unsigned 32-bit values as their {@code int} bit pattern
     * @throws dev.pulmo.dicom.pixel.PixelDataException when {@code data} is too short
     */
    public static int[] decode(PixelDescription description, NativeLayout layout, byte[] data, int frameIndex,
            FrameRef frame) {
        int pixels = description.pixelsPerFrame();
        int samplesPerPixel = description.samplesPerPixel();
        long valuesPerFrame = storedValuesPerFrame(description, layout);
        long firstValue = valuesPerFrame * frameIndex;
        long endByte = bytesForFrames(description, layout, frameIndex + 1);
        if (endByte > data.length) {
            throw frame.error("native pixel data too short: the frame needs bytes up to " + endByte
                    + " but the value holds " + data.length + " bytes");
        }
        SampleReader reader = new SampleReader(description, layout.bigEndian(), data);
        int[] out = new int[pixels * samplesPerPixel];
        if (layout.subsampled422()) {
            // PS3.3 C.7.6.3.1.2: each pair of pixels is stored Y1 Y2 Cb Cr and shares its chroma
            for (int pixel = 0; pixel < pixels; pixel++) {
                long pair = firstValue + (pixel / 2) * 4L;
                out[pixel * 3] = reader.read(pair + (pixel % 2));
                out[pixel * 3 + 1] = reader.read(pair + 2);
                out[pixel * 3 + 2] = reader.read(pair + 3);
            }
        } else if (layout.planar() && samplesPerPixel > 1) {
            for (int sample = 0; sample < samplesPerPixel; sample++) {
                for (int pixel = 0; pixel < pixels; pixel++) {
                    out[pixel * samplesPerPixel + sample] = reader.read(firstValue + (long) sample * pixels + pixel);
                }
            }
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = reader.read(firstValue + i);
            }
        }
        return out;
    }

    private static long storedValuesPerFrame(PixelDescription description, NativeLayout layout) {
        long pixels = description.pixelsPerFrame();
        // 4:2:2 keeps 2 values per pixel; an odd last pixel still takes a whole Y1 Y2 Cb Cr group
        return layout.subsampled422() ? (pixels + 1) / 2 * 4 : pixels * description.samplesPerPixel();
    }

    /** Extracts the Bits Stored field of the n-th stored value. */
    private static final class SampleReader {
        private final byte[] data;
        private final int bitsAllocated;
        private final boolean bigEndian;
        private final int shift;
        private final long mask;
        private final long signBit;
        private final boolean signed;

        SampleReader(PixelDescription description, boolean bigEndian, byte[] data) {
            this.data = data;
            this.bitsAllocated = description.bitsAllocated();
            this.bigEndian = bigEndian;
            this.shift = description.highBit() - description.bitsStored() + 1;
            this.mask = (1L << description.bitsStored()) - 1;
            this.signBit = 1L << (description.bitsStored() - 1);
            this.signed = description.signed();
        }

        int read(long valueIndex) {
            long raw;
            switch (bitsAllocated) {
                case 1:
                    raw = (data[(int) (valueIndex >>> 3)] >> (int) (valueIndex & 7)) & 1;
                    break;
                case 8:
                    raw = data[(int) valueIndex] & 0xFF;
                    break;
                case 16: {
                    int at = (int) (valueIndex * 2);
                    int b0 = data[at] & 0xFF;
                    int b1 = data[at + 1] & 0xFF;
                    raw = bigEndian ? b0 << 8 | b1 : b1 << 8 | b0;
                    break;
                }
                default: {
                    int at = (int) (valueIndex * 4);
                    long value = 0;
                    for (int i = 0; i < 4; i++) {
                        int b = data[at + (bigEndian ? i : 3 - i)] & 0xFF;
                        value = value << 8 | b;
                    }
                    raw = value;
                    break;
                }
            }
            long stored = (raw >>> shift) & mask;
            if (signed && (stored & signBit) != 0) {
                stored -= mask + 1;
            }
            // unsigned 32-bit values keep their bit pattern; Frame widens them again
            return (int) stored;
        }
    }
}
