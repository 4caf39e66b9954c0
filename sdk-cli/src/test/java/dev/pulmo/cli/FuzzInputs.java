package dev.pulmo.cli;

import dev.pulmo.testing.HostileDicomFiles;
import dev.pulmo.testing.SharedData;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Seeded generators of hostile inputs (issue 20's classes): truncations at every offset of small files (every n-th
 * offset and a spread in the default build), bit flips, absurd 32-bit lengths, deep nesting, bombs, overlong UTF-8,
 * repeated keys, odd file types (FIFO, folder, empty, device link) and hostile names. The same seed gives the same
 * inputs, so a failure can be replayed ({@code -Dpulmo.fuzz.seed=...}).
 */
final class FuzzInputs {

    /** One input: a name for the report, its bytes, and whether every command must refuse it. */
    record Input(String label, byte[] bytes, boolean mustFail) {
    }

    private final Random random;
    private final int scale;

    FuzzInputs(long seed, int scale) {
        this.random = new Random(seed);
        this.scale = scale;
    }

    static byte[] corpus(String name) {
        try {
            return Files.readAllBytes(SharedData.dicomCorpus().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Mutants of {@code original}: truncations, flips, absurd lengths, in numbers that grow with the scale. */
    List<Input> mutants(String name, byte[] original, int truncationStep, int flips, int lengths) {
        List<Input> out = new ArrayList<>();
        int step = Math.max(1, truncationStep / scale);
        int head = Math.min(original.length, 1024 * scale);
        for (int cut = 0; cut < head; cut += step) {
            out.add(new Input(name + " cut at " + cut, Arrays.copyOf(original, cut), cut == 0));
        }
        for (int i = 1; i < 8 * scale; i++) {
            int cut = (int) ((long) original.length * i / (8 * scale));
            out.add(new Input(name + " cut at " + cut, Arrays.copyOf(original, cut), false));
        }
        for (int i = 0; i < flips * scale; i++) {
            byte[] m = original.clone();
            int at = random.nextInt(Math.min(m.length, 4096));
            m[at] ^= (byte) (1 << random.nextInt(8));
            out.add(new Input(name + " bit flip at " + at, m, false));
        }
        int[] absurd = {0xFFFFFFF0, 0x7FFFFFFF, 0xFFFFFFFE, 0x80000000, 0x0000FFFF, 0x40000000};
        for (int i = 0; i < lengths * scale; i++) {
            byte[] m = original.clone();
            int at = random.nextInt(Math.max(1, Math.min(m.length, 4096) - 4)) & ~1;
            if (at + 4 <= m.length) {
                ByteBuffer.wrap(m, at, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(absurd[random.nextInt(absurd.length)]);
            }
            out.add(new Input(name + " absurd length at " + at, m, false));
        }
        return out;
    }

    /** Inputs no DICOM command may accept, and structures that must hit a limit rather than the heap or the stack. */
    static List<Input> hostileDicom() {
        List<Input> out = new ArrayList<>();
        out.add(new Input("empty file", new byte[0], true));
        out.add(new Input("text", "hello, this is not an image\n".getBytes(StandardCharsets.US_ASCII), true));
        out.add(new Input("png as dcm", png(8, 8), true));
        out.add(new Input("zip as dcm", new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 0, 0, 0, 0}, true));
        ByteArrayOutputStream deep = new ByteArrayOutputStream();
        for (int i = 0; i < 50_000; i++) {
            deep.writeBytes(new byte[] {0x40, 0x00, 0x30, (byte) 0xA7, 'S', 'Q', 0, 0, -1, -1, -1, -1});
            deep.writeBytes(new byte[] {(byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xE0, -1, -1, -1, -1});
        }
        out.add(new Input("sequences nested 50,000 deep", deep.toByteArray(), true));
        out.add(new Input("value length beyond 2 GiB", new byte[] {0x10, 0x00, 0x00, 0x40, 'U', 'T', 0, 0,
                (byte) 0xF0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 'a', 'b'}, true));
        out.add(new Input("65535 x 65535 image", HostileDicomFiles.hugeImage(), false));
        out.add(new Input("deflate bomb", HostileDicomFiles.deflateBomb(64L << 20), true));
        out.add(new Input("100,000 empty items", HostileDicomFiles.emptyItems(100_000), false));
        return out;
    }

    /** Guideline JSON mutants and hostile documents. */
    List<Input> hostileJson(String name, byte[] sample) {
        List<Input> out = new ArrayList<>(mutants(name, sample, 11, 10, 0));
        String text = new String(sample, StandardCharsets.UTF_8);
        out.add(new Input("empty json", new byte[0], true));
        out.add(new Input("overlong '/'", splice(sample, text.indexOf("\"description\"") + 2, new byte[] {(byte) 0xC0,
                (byte) 0xAF}), true));
        out.add(new Input("encoded surrogate", splice(sample, text.indexOf("\"description\"") + 2, new byte[] {(byte) 0xED,
                (byte) 0xA0, (byte) 0x80}), true));
        out.add(new Input("nested 100,000 deep", ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.US_ASCII), true));
        out.add(new Input("one key 100,000 times", text.replaceFirst("\\{", "{" + "\"k\": 1, ".repeat(100_000))
                .getBytes(StandardCharsets.UTF_8), false));
        out.add(new Input("escape sequences in values", text.replace("\"pulmo\"", "\"\\u001b]0;owned\\u0007\\u001b[2J\"")
                .replace("\"iscrowd\": 0", "\"iscrowd\": \"\\u009b31m\\u202e\"").getBytes(StandardCharsets.UTF_8), true));
        out.add(new Input("number 1e999999", text.replaceFirst("\"area\": [0-9.]+", "\"area\": 1e999999")
                .getBytes(StandardCharsets.UTF_8), false));
        return out;
    }

    /** A little-endian sheet as CSV and its mutants. */
    List<Input> hostileCsv(byte[] sample) {
        List<Input> out = new ArrayList<>(mutants("sheet.csv", sample, 3, 10, 0));
        out.add(new Input("cp949 csv", new byte[] {(byte) 0xC8, (byte) 0xAF, (byte) 0xC0, (byte) 0xDA, ',', 'a', '\n'}, true));
        out.add(new Input("unclosed quote", "환자ID,나이\n\"A1,50\n".getBytes(StandardCharsets.UTF_8), true));
        out.add(new Input("a 100,000-character cell", ("환자ID,비고\nA1," + "x".repeat(100_000) + "\n")
                .getBytes(StandardCharsets.UTF_8), true));
        return out;
    }

    /** A PNG mask of {@code size}² pixels with a square in it. */
    static byte[] png(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = height / 4; y < height * 3 / 4; y++) {
            for (int x = width / 4; x < width * 3 / 4; x++) {
                image.getRaster().setSample(x, y, 0, 255);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] splice(byte[] original, int at, byte[] inserted) {
        byte[] out = new byte[original.length + inserted.length];
        System.arraycopy(original, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(original, at, out, at + inserted.length, original.length - at);
        return out;
    }

    /** A FIFO at {@code path}, or null where mkfifo is missing. */
    static Path fifo(Path path) {
        try {
            Process p = new ProcessBuilder("mkfifo", path.toString()).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? path : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** File names that a careless tool prints or resolves badly. */
    static List<String> hostileNames(String extension) {
        return List.of("esc\u001b[2J" + extension, "bell\u0007title" + extension, "line\nbreak" + extension,
                "rtl\u202Egpj" + extension, "환자 검사" + extension, "-dash" + extension, " space" + extension);
    }
}
