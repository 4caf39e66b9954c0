package dev.pulmo.dicom.pixel.internal.j2k;

import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.pixel.Frame;
import dev.pulmo.dicom.pixel.PixelData;
import dev.pulmo.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real images of the shared corpus (read by sdk-dicom's native decoders, themselves held to pydicom) as
 * encoder inputs: PGM/PPM, or raw samples with the geometry flags opj_compress and ojph_compress need.
 *
 * @param name        short name, for messages
 * @param width       columns
 * @param height      rows
 * @param components  1 or 3
 * @param precision   bits per sample
 * @param signed      two's complement samples
 * @param samples     interleaved samples
 */
record SourceImages(String name, int width, int height, int components, int precision, boolean signed, int[] samples) {

    static SourceImages fromCorpus(String name, String file, int precision, int shift) {
        Frame frame = PixelData.from(DicomReader.create().read(SharedData.dicomCorpus().resolve(file))).frame(0);
        int[] samples = frame.copySamples();
        boolean signed = false;
        for (int i = 0; i < samples.length; i++) {
            samples[i] >>= shift;
            signed |= samples[i] < 0;
        }
        return new SourceImages(name, frame.columns(), frame.rows(), frame.samplesPerPixel(), precision, signed, samples);
    }

    /** The same samples squeezed into another precision (wrapped into range), for odd bit depths. */
    SourceImages withPrecision(String newName, int bits, boolean asSigned) {
        int[] out = new int[samples.length];
        int range = 1 << bits;
        for (int i = 0; i < samples.length; i++) {
            int v = Math.floorMod(samples[i], range);
            out[i] = asSigned && v >= range / 2 ? v - range : v;
        }
        return new SourceImages(newName, width, height, components, bits, asSigned, out);
    }

    /** Writes the input file for opj_compress; returns the extra arguments it needs. */
    String[] writeForOpenJpeg(Path file) {
        if (file.toString().endsWith(".raw")) {
            // opj_compress reads .raw as big-endian, 1 byte per sample up to 8 bits, else 2
            writeRaw(file, true);
            return new String[] {"-F", width + "," + height + "," + components + "," + precision + ","
                    + (signed ? "s" : "u")};
        }
        writePnm(file);
        return new String[0];
    }

    /** Writes the input file for ojph_compress (PGM/PPM, or little-endian .raw for signed data). */
    String[] writeForOpenJph(Path file) {
        if (file.toString().endsWith(".raw")) {
            writeRaw(file, false);
            return new String[] {"-dims", "{" + width + "," + height + "}", "-num_comps", "1", "-signed",
                "" + signed, "-bit_depth", "" + precision, "-downsamp", "{1,1}"};
        }
        writePnm(file);
        return new String[0];
    }

    boolean needsRaw() {
        return signed || (components == 3 && precision != 8);
    }

    String extension() {
        return needsRaw() ? ".raw" : components == 3 ? ".ppm" : ".pgm";
    }

    private void writePnm(Path file) {
        int max = (1 << precision) - 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = ((components == 3 ? "P6" : "P5") + "\n" + width + " " + height + "\n" + max + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        out.write(header, 0, header.length);
        for (int v : samples) {
            if (max > 255) {
                out.write(v >> 8);
            }
            out.write(v);
        }
        write(file, out.toByteArray());
    }

    private void writeRaw(Path file, boolean bigEndian) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean twoBytes = precision > 8;
        for (int v : samples) {
            if (!twoBytes) {
                out.write(v);
            } else if (bigEndian) {
                out.write(v >> 8);
                out.write(v);
            } else {
                out.write(v);
                out.write(v >> 8);
            }
        }
        write(file, out.toByteArray());
    }

    private static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Component c as a plane. */
    int[] plane(int c) {
        int[] plane = new int[width * height];
        for (int i = 0; i < plane.length; i++) {
            plane[i] = samples[i * components + c];
        }
        return plane;
    }
}
