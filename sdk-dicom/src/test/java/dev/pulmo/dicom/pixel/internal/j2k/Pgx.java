package dev.pulmo.dicom.pixel.internal.j2k;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A PGX image (one JPEG 2000 component: "PG ML|LM [+|-]precision width height" then the samples), the
 * format of the conformance references and of {@code opj_decompress -o x.pgx}.
 */
record Pgx(int width, int height, int precision, boolean signed, int[] samples) {
    static Pgx read(Path path) {
        try {
            return parse(Files.readAllBytes(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Pgx parse(byte[] bytes) {
        int newline = 0;
        while (bytes[newline] != '\n') {
            newline++;
        }
        String header = new String(bytes, 0, newline, StandardCharsets.US_ASCII).replace("+", " + ").replace("-", " - ");
        String[] fields = header.trim().split("\\s+");
        boolean bigEndian = fields[1].equals("ML");
        boolean signed = header.contains(" - ");
        int n = fields.length;
        int precision = Integer.parseInt(fields[n - 3]);
        int width = Integer.parseInt(fields[n - 2]);
        int height = Integer.parseInt(fields[n - 1]);
        int bytesPerSample = precision <= 8 ? 1 : precision <= 16 ? 2 : 4;
        int[] samples = new int[width * height];
        int at = newline + 1;
        for (int i = 0; i < samples.length; i++) {
            long v = 0;
            for (int b = 0; b < bytesPerSample; b++) {
                int byteValue = bytes[at + (bigEndian ? b : bytesPerSample - 1 - b)] & 0xFF;
                v = v << 8 | byteValue;
            }
            at += bytesPerSample;
            int bits = 8 * bytesPerSample;
            if (signed && bits < 64 && (v & (1L << (bits - 1))) != 0) {
                v -= 1L << bits;
            }
            samples[i] = (int) v;
        }
        return new Pgx(width, height, precision, signed, samples);
    }
}
