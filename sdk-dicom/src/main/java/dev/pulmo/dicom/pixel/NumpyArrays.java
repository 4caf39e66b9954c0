package dev.pulmo.dicom.pixel;

import dev.pulmo.dicom.pixel.internal.YbrFullToRgb;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The stored values of a dataset's frames as a NumPy {@code .npy} file, format version 1.0 (the format of
 * {@code numpy.lib.format}: magic {@code \x93NUMPY}, version 1.0, a little-endian 2-byte header length, a Python
 * dict literal {@code {'descr': …, 'fortran_order': False, 'shape': (…), }} padded with spaces and a newline so that
 * the data starts on a 64-byte boundary, then the values in C order).
 *
 * <ul>
 *   <li>Shape {@code (frames, rows, columns)}, or {@code (frames, rows, columns, samples)} for colour; always with the
 *       frames axis, also for one frame.</li>
 *   <li>dtype from Bits Allocated and Pixel Representation, as pydicom's {@code pixel_array}: 1 and 8 bits {@code u1}
 *       (or {@code i1}), 16 bits {@code <u2}/{@code <i2}, 32 bits {@code <u4}/{@code <i4}.</li>
 *   <li>Values: the stored values of {@link Frame}, right-aligned and sign-extended from Bits Stored (bits outside
 *       Bits Stored/High Bit dropped), no Modality LUT (rescale), no window, no palette.</li>
 *   <li>Colour: YBR_FULL and YBR_FULL_422 frames (JPEG's YCbCr, or native YBR) are converted to RGB with libjpeg's
 *       fixed-point equations at the samples' precision (Bits Stored), as dcmdjpeg, Pillow and GDCM do; YBR_ICT and
 *       YBR_RCT frames are written as the JPEG 2000 decoder returns them, which inverts the codestream's
 *       multi-component transform; RGB and PALETTE COLOR (indices) as stored.</li>
 * </ul>
 * Frames are decoded and written one at a time, so memory does not grow with the number of frames.
 */
public final class NumpyArrays {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    private static final int ALIGNMENT = 64;

    private NumpyArrays() {
    }

    /**
     * @param description the Image Pixel attributes
     * @return the NumPy dtype descriptor, e.g. {@code "<u2"} for 16-bit unsigned samples
     */
    public static String dtype(PixelDescription description) {
        char kind = description.signed() ? 'i' : 'u';
        return switch (description.bitsAllocated()) {
            case 1 -> "|u1";
            case 8 -> "|" + kind + "1";
            case 16 -> "<" + kind + "2";
            default -> "<" + kind + "4";
        };
    }

    /**
     * @param description the Image Pixel attributes
     * @param frames      how many frames are written
     * @return the array's shape: frames, rows, columns, and samples when more than one
     */
    public static long[] shape(PixelDescription description, int frames) {
        return description.samplesPerPixel() == 1
                ? new long[] {frames, description.rows(), description.columns()}
                : new long[] {frames, description.rows(), description.columns(), description.samplesPerPixel()};
    }

    /**
     * The {@code .npy} header (magic, version, length, dict, padding).
     *
     * @param dtype a descriptor such as {@code "<u2"}
     * @param shape the array's shape
     * @return the bytes that precede the data
     */
    public static byte[] header(String dtype, long[] shape) {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(d).append(", ");
        }
        String tuple = shape.length == 1 ? "(" + dims.toString().trim() + ")"
                : "(" + dims.substring(0, dims.length() - 2) + ")";
        String dict = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': " + tuple + ", }";
        int unpadded = MAGIC.length + 2 + dict.length() + 1;
        int padding = (ALIGNMENT - unpadded % ALIGNMENT) % ALIGNMENT;
        String text = dict + " ".repeat(padding) + "\n";
        byte[] out = new byte[MAGIC.length + 2 + text.length()];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[MAGIC.length] = (byte) text.length();
        out[MAGIC.length + 1] = (byte) (text.length() >>> 8);
        System.arraycopy(text.getBytes(StandardCharsets.US_ASCII), 0, out, MAGIC.length + 2, text.length());
        return out;
    }

    /**
     * Writes frames {@code first} to {@code first + count - 1} as one {@code .npy} array.
     *
     * @param pixels the dataset's pixel data
     * @param first  0-based index of the first frame
     * @param count  number of frames, at least 1
     * @param out    where the file's bytes go (not closed)
     * @throws PixelDataException      when a frame cannot be decoded or is not among the frames (the message names
     *                                  the source and the frame)
     * @throws IllegalArgumentException when {@code count} is below 1
     * @throws IOException              when {@code out} fails
     */
    public static void write(PixelData pixels, int first, int count, OutputStream out) throws IOException {
        PixelDescription d = pixels.description();
        if (count < 1) {
            throw new IllegalArgumentException("at least one frame is written, got " + count);
        }
        out.write(header(dtype(d), shape(d, count)));
        int bytesPerSample = d.bitsAllocated() <= 8 ? 1 : d.bitsAllocated() / 8;
        byte[] bytes = null;
        for (int k = first; k < first + count; k++) {
            int[] samples = rgbIfYbr(pixels.frame(k), d.bitsStored());
            if (bytes == null) {
                bytes = new byte[samples.length * bytesPerSample];
            }
            littleEndian(samples, bytesPerSample, bytes);
            out.write(bytes);
        }
    }

    /** The samples' low 1, 2 or 4 bytes, little endian: two's complement, so signed values come out right. */
    private static void littleEndian(int[] samples, int bytesPerSample, byte[] bytes) {
        switch (bytesPerSample) {
            case 1 -> {
                for (int i = 0; i < samples.length; i++) {
                    bytes[i] = (byte) samples[i];
                }
            }
            case 2 -> {
                for (int i = 0, at = 0; i < samples.length; i++, at += 2) {
                    int v = samples[i];
                    bytes[at] = (byte) v;
                    bytes[at + 1] = (byte) (v >>> 8);
                }
            }
            default -> {
                for (int i = 0, at = 0; i < samples.length; i++, at += 4) {
                    int v = samples[i];
                    bytes[at] = (byte) v;
                    bytes[at + 1] = (byte) (v >>> 8);
                    bytes[at + 2] = (byte) (v >>> 16);
                    bytes[at + 3] = (byte) (v >>> 24);
                }
            }
        }
    }

    private static int[] rgbIfYbr(Frame frame, int bitsStored) {
        PhotometricInterpretation p = frame.photometricInterpretation();
        if (p != PhotometricInterpretation.YBR_FULL && p != PhotometricInterpretation.YBR_FULL_422) {
            return frame.samplesShared();
        }
        return YbrFullToRgb.convert(frame.samplesShared(), bitsStored);
    }
}
