package dev.pulmo.dicom;

import dev.pulmo.testing.SharedData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Bounded, seeded mutation fuzzing of the reader on every corpus file: truncation at many offsets, flipped bytes,
 * absurd lengths (0xFFFFFFF0 and friends), wrong VR letters. Each input must either read (and convert to DICOM JSON)
 * or fail with DicomException naming an offset; never another exception, an Error, or a hang (each input is timed).
 * Deep nesting is checked separately against the depth limit.
 */
class MalformedInputFuzzTest {

    private static final long SEED = 20261124L;
    private static final Duration PER_INPUT = Duration.ofSeconds(2);
    private static final Duration BUDGET = Duration.ofSeconds(20);

    private int inputs;
    private int rejected;

    @Test
    void mutatedCorpusFilesReadOrFailWithDicomException() throws IOException {
        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        long deadline = System.nanoTime() + BUDGET.toNanos();
        for (String name : allCorpusFiles()) {
            byte[] original = Files.readAllBytes(SharedData.dicomCorpus().resolve(name));
            for (byte[] mutant : mutants(original, random)) {
                check(name, mutant, failures);
                if (System.nanoTime() > deadline) {
                    break;
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(inputs).isGreaterThan(1000);
        assertThat(rejected).as("mutations that must be rejected").isGreaterThan(inputs / 10);
    }

    private void check(String name, byte[] mutant, List<String> failures) {
        inputs++;
        long start = System.nanoTime();
        try {
            DicomFile f = DicomReader.create().read(mutant, name);
            DicomJson.toJson(f.dataset());
            DicomReader.create().withStopBeforePixelData(true).read(mutant, name);
        } catch (DicomException e) {
            rejected++;
            if (!e.getMessage().startsWith(name)) {
                failures.add(name + ": message does not name the source: " + e.getMessage());
            }
        } catch (RuntimeException | Error e) {
            failures.add(name + " (" + mutant.length + " bytes): " + e);
        }
        long took = System.nanoTime() - start;
        if (took > PER_INPUT.toNanos()) {
            failures.add(name + ": took " + took / 1_000_000 + " ms");
        }
    }

    private static List<byte[]> mutants(byte[] original, Random random) {
        List<byte[]> out = new ArrayList<>();
        // truncation: every 3rd offset of the header region, then 40 offsets spread over the file
        for (int cut = 0; cut < Math.min(original.length, 600); cut += 3) {
            out.add(java.util.Arrays.copyOf(original, cut));
        }
        for (int i = 1; i < 40; i++) {
            out.add(java.util.Arrays.copyOf(original, (int) ((long) original.length * i / 40)));
        }
        int headerEnd = Math.min(original.length, 4096);
        for (int i = 0; i < 60; i++) { // flipped bytes, mostly in the header where the structure is
            byte[] m = original.clone();
            for (int k = 1 + random.nextInt(4); k > 0; k--) {
                m[random.nextInt(headerEnd)] ^= (byte) (1 + random.nextInt(255));
            }
            out.add(m);
        }
        int[] absurd = {0xFFFFFFF0, 0x7FFFFFFF, 0xFFFFFFFE, 0x80000000, 0x0000FFFF};
        for (int i = 0; i < 40; i++) { // absurd 4-byte lengths at even offsets
            byte[] m = original.clone();
            int at = (random.nextInt(Math.max(1, headerEnd - 4)) & ~1);
            if (at + 4 <= m.length) {
                int v = absurd[random.nextInt(absurd.length)];
                m[at] = (byte) v;
                m[at + 1] = (byte) (v >>> 8);
                m[at + 2] = (byte) (v >>> 16);
                m[at + 3] = (byte) (v >>> 24);
            }
            out.add(m);
        }
        for (int i = 0; i < 30; i++) { // wrong VR letters where an explicit VR is (two upper-case letters)
            byte[] m = original.clone();
            int at = 132 + random.nextInt(Math.max(1, headerEnd - 136));
            if (at + 1 < m.length && m[at] >= 'A' && m[at] <= 'Z' && m[at + 1] >= 'A' && m[at + 1] <= 'Z') {
                m[at] = (byte) ('A' + random.nextInt(26));
                m[at + 1] = (byte) ('A' + random.nextInt(26));
            }
            out.add(m);
        }
        return out;
    }

    @Test
    void deepNestingStopsAtTheLimitWithoutStackOverflow() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int depth = 100_000;
        for (int i = 0; i < depth; i++) { // (0040,A730) SQ, undefined length, then an undefined-length item
            b.writeBytes(new byte[] {0x40, 0x00, 0x30, (byte) 0xA7, 'S', 'Q', 0, 0, -1, -1, -1, -1});
            b.writeBytes(new byte[] {(byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xE0, -1, -1, -1, -1});
        }
        byte[] data = b.toByteArray();
        assertThatThrownBy(() -> DicomReader.create().read(data, "deep.dcm"))
                .isInstanceOf(DicomException.class)
                .hasMessageContaining("deep.dcm @0x")
                .hasMessageContaining("(0040,A730)")
                .hasMessageContaining("maximum allowed (64, from DicomReader.Limits.maxNestingDepth)");
        DicomReader generous = DicomReader.create().withLimits(new DicomReader.Limits(100, 1 << 20));
        assertThatThrownBy(() -> generous.read(data, "deep.dcm")).hasMessageContaining("(100, from");
    }

    @Test
    void absurdLengthIsNamedWithOffsetAndTag() {
        // (0010,0010) PN with length 0xFFF0 in a 20-byte explicit VR LE dataset
        byte[] data = {0x10, 0x00, 0x10, 0x00, 'P', 'N', (byte) 0xF0, (byte) 0xFF, 'A', 'B', 'C', 'D'};
        assertThatThrownBy(() -> DicomReader.create().read(data, "bad.dcm"))
                .isInstanceOf(DicomException.class)
                .hasMessage("bad.dcm @0x0 (0010,0010): element 00100010 declares a value length of 65520 bytes "
                        + "but only 4 bytes remain in the file")
                .satisfies(e -> {
                    assertThat(((DicomException) e).byteOffset()).isZero();
                    assertThat(((DicomException) e).tag()).isEqualTo(Tag.PatientName);
                });
    }

    @Test
    void deflateBombIsCappedByTheLimit() {
        DicomDataset ds = DicomDataset.builder()
                .putString(Tag.SOPClassUID, VR.UI, "1.2.3")
                .putString(Tag.SOPInstanceUID, VR.UI, "1.2.3.4")
                .putBytes(Tag.PixelData, VR.OB, new byte[4 << 20])
                .build();
        byte[] file = DicomWriter.toBytes(ds, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(file.length).isLessThan(64 * 1024);
        DicomReader capped = DicomReader.create().withLimits(new DicomReader.Limits(64, 1 << 20));
        assertThatThrownBy(() -> capped.read(file, "bomb.dcm")).isInstanceOf(DicomException.class)
                .hasMessageContaining("maximum allowed (1048576 bytes, from DicomReader.Limits.maxInflatedBytes)");
        assertThat(DicomReader.create().read(file, "bomb.dcm").dataset().get(Tag.PixelData).orElseThrow().valueLength())
                .isEqualTo(4 << 20);
    }

    static List<String> allCorpusFiles() throws IOException {
        List<String> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(SharedData.dicomCorpus().resolve("MANIFEST.tsv"));
        for (String line : lines.subList(1, lines.size())) {
            out.add(line.split("\t", -1)[0]);
        }
        return out;
    }
}
