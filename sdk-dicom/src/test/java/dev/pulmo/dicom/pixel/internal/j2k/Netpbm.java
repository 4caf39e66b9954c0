package dev.pulmo.dicom.pixel.internal.j2k;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads binary PGM (P5) and PPM (P6) files, comments allowed, 8 or 16 bits per sample. */
final class Netpbm {
    private Netpbm() {
    }

    static int[] read(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int[] at = {2};
        int width = number(bytes, at);
        int height = number(bytes, at);
        int max = number(bytes, at);
        at[0]++;
        int channels = bytes[1] == '6' ? 3 : 1;
        int[] samples = new int[width * height * channels];
        for (int i = 0; i < samples.length; i++) {
            if (max > 255) {
                samples[i] = (bytes[at[0]] & 0xFF) << 8 | bytes[at[0] + 1] & 0xFF;
                at[0] += 2;
            } else {
                samples[i] = bytes[at[0]++] & 0xFF;
            }
        }
        return samples;
    }

    private static int number(byte[] bytes, int[] at) {
        while (true) {
            while (Character.isWhitespace(bytes[at[0]])) {
                at[0]++;
            }
            if (bytes[at[0]] == '#') {
                while (bytes[at[0]] != '\n') {
                    at[0]++;
                }
            } else {
                break;
            }
        }
        int value = 0;
        while (Character.isDigit(bytes[at[0]])) {
            value = value * 10 + bytes[at[0]++] - '0';
        }
        return value;
    }
}
