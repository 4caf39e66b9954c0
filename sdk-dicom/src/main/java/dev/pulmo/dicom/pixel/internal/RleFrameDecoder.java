package dev.pulmo.dicom.pixel.internal;

import dev.pulmo.dicom.pixel.PixelDataException;
import dev.pulmo.dicom.pixel.PixelDescription;
import java.util.Arrays;

/**
 * RLE Lossless (PS3.5 Annex G): a 64-byte header of 16 little-endian uint32 (number of segments, then
 * up to 15 segment offsets from the start of the frame), then PackBits-coded segments, one per byte
 * plane: for each sample in turn, its most significant byte first.
 *
 * <p>With Bits Allocated 1 (binary SEGs and masks), each pixel's composite pixel code is padded to 8 bits
 * (PS3.5 G.2), so a frame is one segment of one byte per pixel, as pydicom 3.1 and highdicom write and read it; the
 * stored value is that byte's least significant bit (Bits Stored 1, High Bit 0; the padding bits should be 0).
 */
public final class RleFrameDecoder {
    private static final int HEADER_BYTES = 64;
    private static final int MAX_SEGMENTS = 15;

    private RleFrameDecoder() {
    }

    /**
     * @param description the Image Pixel attributes (1, 8, 16 or 32 bits allocated; 1 bit with one sample only)
     * @param frame       the encoded frame (its fragments concatenated)
     * @param ref         source and frame, for messages
     * @return the frame as native little-endian interleaved bytes ({@link NativeLayout#DECODED}); with 1 bit
     *         allocated, packed eight pixels to a byte, first pixel in the least significant bit, from bit 0
     * @throws PixelDataException on a malformed header or segment
     */
    public static byte[] decodeToNative(PixelDescription description, byte[] frame, FrameRef ref) {
        boolean oneBit = description.bitsAllocated() == 1;
        if (oneBit && description.samplesPerPixel() != 1) {
            throw ref.error("RLE Lossless with 1 bit allocated and " + description.samplesPerPixel()
                    + " samples per pixel is not supported (binary images have one sample)");
        }
        if (frame.length < HEADER_BYTES) {
            throw ref.error("RLE frame of " + frame.length + " bytes is shorter than its 64-byte header");
        }
        int bytesPerSample = oneBit ? 1 : description.bitsAllocated() / 8;
        int samplesPerPixel = description.samplesPerPixel();
        int expectedSegments = bytesPerSample * samplesPerPixel;
        long segments = readUint32(frame, 0);
        if (segments != expectedSegments) {
            throw ref.error("RLE header declares " + segments + " segments but "
                    + samplesPerPixel + " sample(s) of " + description.bitsAllocated() + " bits need "
                    + expectedSegments + " (at most " + MAX_SEGMENTS + ")");
        }
        long[] offsets = new long[expectedSegments + 1];
        for (int i = 0; i < expectedSegments; i++) {
            offsets[i] = readUint32(frame, 4 + 4 * i);
            long lowest = i == 0 ? HEADER_BYTES : offsets[i - 1] + 1;
            if (offsets[i] < lowest || offsets[i] >= frame.length) {
                throw ref.error("RLE segment " + (i + 1) + " offset " + offsets[i]
                        + " (header byte " + (4 + 4 * i) + ") out of range: segments start at byte " + HEADER_BYTES
                        + " or later, in increasing order, before the end of the " + frame.length + "-byte frame");
            }
        }
        offsets[expectedSegments] = frame.length;

        int pixels = description.pixelsPerFrame();
        byte[] plane = new byte[pixels];
        if (oneBit) {
            unpackBits(frame, (int) offsets[0], (int) offsets[1], plane, ref, 1);
            byte[] packed = new byte[(pixels + 7) / 8];
            for (int pixel = 0; pixel < pixels; pixel++) {
                packed[pixel >>> 3] |= (byte) ((plane[pixel] & 1) << (pixel & 7));
            }
            return packed;
        }
        byte[] out = new byte[pixels * expectedSegments];
        for (int segment = 0; segment < expectedSegments; segment++) {
            unpackBits(frame, (int) offsets[segment], (int) offsets[segment + 1], plane, ref, segment + 1);
            int sample = segment / bytesPerSample;
            // segment order is most significant byte first; the native layout is little endian
            int byteInSample = bytesPerSample - 1 - segment % bytesPerSample;
            for (int pixel = 0; pixel < pixels; pixel++) {
                out[(pixel * samplesPerPixel + sample) * bytesPerSample + byteInSample] = plane[pixel];
            }
        }
        return out;
    }

    /**
     * PackBits (PS3.5 G.3.2): header n in 0..127 copies the next n+1 bytes, -127..-1 repeats the next
     * byte 1-n times, -128 does nothing. Decoding stops once the plane is full: encoders pad segments to
     * an even length, so trailing bytes are allowed; a run that overshoots the plane is an error.
     */
    private static void unpackBits(byte[] in, int start, int end, byte[] plane, FrameRef ref, int segmentNumber) {
        int read = start;
        int written = 0;
        while (written < plane.length && read < end) {
            int header = in[read++];
            if (header >= 0) {
                int count = header + 1;
                if (read + count > end || written + count > plane.length) {
                    throw segmentError(ref, segmentNumber, read - 1, "literal run of " + count
                            + " bytes overruns the segment or the " + plane.length + "-byte plane");
                }
                System.arraycopy(in, read, plane, written, count);
                read += count;
                written += count;
            } else if (header != -128) {
                int count = 1 - header;
                if (read >= end || written + count > plane.length) {
                    throw segmentError(ref, segmentNumber, read - 1, "replicate run of " + count
                            + " bytes overruns the segment or the " + plane.length + "-byte plane");
                }
                Arrays.fill(plane, written, written + count, in[read++]);
                written += count;
            }
        }
        if (written < plane.length) {
            throw segmentError(ref, segmentNumber, start, "decodes to " + written + " bytes, expected "
                    + plane.length + " (rows x columns)");
        }
    }

    private static PixelDataException segmentError(FrameRef ref, int segmentNumber, int byteOffset, String what) {
        return ref.error("RLE segment " + segmentNumber + " at frame byte " + byteOffset + ": " + what);
    }

    private static long readUint32(byte[] data, int at) {
        return (data[at] & 0xFFL) | (data[at + 1] & 0xFFL) << 8 | (data[at + 2] & 0xFFL) << 16
                | (data[at + 3] & 0xFFL) << 24;
    }
}
