package dev.pulmo.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import dev.pulmo.testing.HostileDicomFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader's limits against hostile files built byte by byte: each must fail with a DicomException that names the
 * file, the offset and the limit, never with an OutOfMemoryError or a hang. Limits are those of a 256 MiB heap
 * ({@code Limits.forHeap}), the heap the campaign ran with.
 */
class ReaderLimitsTest {

    private static final long HEAP_256M = 256L << 20;
    private static final DicomReader AT_256M = DicomReader.create().withLimits(DicomReader.Limits.forHeap(HEAP_256M));

    @TempDir
    Path tmp;

    @Test
    void limitsGrowWithTheHeap() {
        DicomReader.Limits small = DicomReader.Limits.forHeap(HEAP_256M);
        DicomReader.Limits big = DicomReader.Limits.forHeap(8L << 30);
        assertThat(small.maxInflatedBytes()).isEqualTo(32L << 20);
        assertThat(small.maxElements()).isEqualTo(262_144);
        assertThat(small.maxValueBytes()).isEqualTo(64L << 20);
        assertThat(big.maxInflatedBytes()).isEqualTo(1L << 30);
        assertThat(big.maxElements()).isEqualTo(8_388_608);
        assertThat(DicomReader.Limits.DEFAULT)
                .isEqualTo(DicomReader.Limits.forHeap(Runtime.getRuntime().maxMemory()));
    }

    @Test
    void anEmptyFileIsNotDicom() throws Exception {
        Path empty = Files.write(tmp.resolve("empty.dcm"), new byte[0]);
        assertThatThrownBy(() -> DicomReader.create().read(empty)).isInstanceOf(DicomException.class)
                .hasMessage(empty.toAbsolutePath() + " @0x0: not a DICOM file: the file is empty");
        assertThatThrownBy(() -> DicomReader.create().scan(empty, new DicomVisitor() { }))
                .hasMessageContaining("not a DICOM file: the file is empty");
        assertThatThrownBy(() -> DicomReader.create().read(new byte[] {'a', 'b'}, "two.dcm"))
                .hasMessage("two.dcm @0x0: not a DICOM file: the file has only 2 bytes: 61 62 (\"ab\")");
    }

    @Test
    void garbageSaysWhatWasFound() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R'};
        assertThatThrownBy(() -> DicomReader.create().read(png, "image.png"))
                .hasMessage("image.png @0x0: not a DICOM file: no 'DICM' prefix at byte 128, no File Meta group "
                        + "(0002,xxxx), and the first bytes 89 50 4E 47 0D 0A 1A 0A (\".PNG....\") are not a DICOM "
                        + "data element");
        byte[] text = "hello, this is not an image at all\n".getBytes();
        assertThatThrownBy(() -> DicomReader.create().read(text, "notes.dcm"))
                .hasMessageContaining("(\"hello, t\") are not a DICOM data element");
        byte[] json = "{\"images\": []}".getBytes();
        assertThatThrownBy(() -> DicomReader.create().read(json, "x.dcm")).hasMessageContaining("not a DICOM file");
        // a bare dataset that starts with a known element still reads (pydicom reads it with force=True)
        byte[] bare = {0x08, 0x00, 0x60, 0x00, 'C', 'S', 2, 0, 'C', 'T'};
        assertThat(DicomReader.create().read(bare, "bare.dcm").dataset().getString(Tag.Modality)).hasValue("CT");
    }

    @Test
    void aDeflateBombIsRefusedBeforeItIsInflated() throws Exception {
        byte[] bomb = HostileDicomFiles.deflateBomb(256L << 20);
        assertThat(bomb.length).isLessThan(400 * 1024);
        Path file = Files.write(tmp.resolve("bomb.dcm"), bomb);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(() -> AT_256M.read(file))
                .isInstanceOf(DicomException.class)
                .hasMessageStartingWith(file.toAbsolutePath() + " @0x")
                .hasMessageContaining("inflates to more than the maximum allowed (33554432 bytes, from "
                        + "DicomReader.Limits.maxInflatedBytes)"));
        DicomReader bigHeap = DicomReader.create().withLimits(DicomReader.Limits.forHeap(8L << 30));
        assertThatThrownBy(() -> bigHeap.read(file))
                .hasMessageContaining("200 times its " + (bomb.length - metaEnd(bomb))
                        + " compressed bytes (from DicomReader.Limits.maxInflationRatio)");
    }

    @Test
    void aDeflatedFileUnderTheLimitsInflatesExactly() {
        byte[] ok = HostileDicomFiles.deflateBomb(3 << 20);
        DicomDataset ds = AT_256M.read(ok, "ok.dcm").dataset();
        assertThat(ds.get(Tag.PixelData).orElseThrow().valueLength()).isEqualTo(3 << 20);
        byte[] cut = java.util.Arrays.copyOf(ok, ok.length - 10);
        assertThatThrownBy(() -> AT_256M.read(cut, "cut.dcm")).hasMessageContaining("truncated");
    }

    @Test
    void millionsOfEmptyItemsStopAtTheElementLimit() {
        int items = 2_000_000; // 16 MB of 8-byte empty items, as in the issue
        ByteBuffer b = ByteBuffer.allocate(12 + items * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 0x0008).putShort((short) 0x1115).put((byte) 'S').put((byte) 'Q').putShort((short) 0)
                .putInt(-1);
        for (int i = 0; i < items; i++) {
            b.putShort((short) 0xFFFE).putShort((short) 0xE000).putInt(0);
        }
        byte[] data = b.array();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(() -> AT_256M.read(data, "items.dcm"))
                .isInstanceOf(DicomException.class)
                .hasMessageStartingWith("items.dcm @0x")
                .hasMessageContaining("more than 262144 elements, items and fragments, the maximum allowed (from "
                        + "DicomReader.Limits.maxElements"));
        // a streaming scan keeps nothing, so the count does not apply to it
        int[] seen = {0};
        byte[] fewer = java.util.Arrays.copyOf(data, 12 + 300_001 * 8);
        ByteBuffer.wrap(fewer, 12 + 300_000 * 8, 8).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 0xFFFE).putShort((short) 0xE0DD).putInt(0); // Sequence Delimitation Item
        DicomReader.create().scan(writeTemp("items-scan.dcm", fewer),
                new DicomVisitor() {
                    @Override
                    public void startItem(int depth) {
                        seen[0]++;
                    }
                });
        assertThat(seen[0]).isEqualTo(300_000);
    }

    @Test
    void manyUsOrSsElementsResolveInLinearTime() {
        // 200,000 implicit VR (0028,0106) "US or SS" elements in one dataset: resolving each must not rescan the others
        int n = 200_000;
        ByteBuffer b = ByteBuffer.allocate(n * 10).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putShort((short) 0x0028).putShort((short) 0x0106).putInt(2).putShort((short) i);
        }
        DicomReader reader = DicomReader.create().withLimits(DicomReader.Limits.forHeap(HEAP_256M));
        DicomDataset ds = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> reader.read(b.array(), "usss.dcm"))
                .dataset();
        assertThat(ds.get(0x00280106).orElseThrow().vr()).isEqualTo(VR.US);
    }

    @Test
    void valueBytesAreBoundedPerReadAndNamedWithTheTag() {
        DicomDataset ds = DicomDataset.builder()
                .putString(Tag.SOPClassUID, VR.UI, "1.2.3")
                .putString(Tag.SOPInstanceUID, VR.UI, "1.2.3.4")
                .putString(0x00204000, VR.LT, "x".repeat(10_000))
                .putString(0x00324000, VR.LT, "y".repeat(10_000))
                .build();
        byte[] file = DicomWriter.toBytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        DicomReader capped = DicomReader.create().withLimits(DicomReader.Limits.DEFAULT.withMaxValueBytes(15_000));
        assertThatThrownBy(() -> capped.read(file, "text.dcm")).isInstanceOf(DicomException.class)
                .hasMessageStartingWith("text.dcm @0x")
                .hasMessageContaining("(0032,4000)")
                .hasMessageContaining("maximum allowed (15000 bytes, from DicomReader.Limits.maxValueBytes");
        // a scan bounds each value, not their sum
        DicomReader.create().withLimits(DicomReader.Limits.DEFAULT.withMaxValueBytes(15_000))
                .scan(writeTemp("text.dcm", file), new DicomVisitor() { });
        DicomReader tight = DicomReader.create().withLimits(DicomReader.Limits.DEFAULT.withMaxValueBytes(5_000));
        assertThatThrownBy(() -> tight.scan(writeTemp("text2.dcm", file), new DicomVisitor() { }))
                .hasMessageContaining("a value of 10000 bytes, more than the maximum allowed (5000 bytes");
    }

    @Test
    void anAbsurdLengthBeyondTwoGibibytesIsNamedNotCast() {
        // UT with a 32-bit length of 0xFFFFFFF0 in a short file: refused by the bytes left, never cast to int
        byte[] data = {0x10, 0x00, 0x00, 0x40, 'U', 'T', 0, 0, (byte) 0xF0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 'a', 'b'};
        assertThatThrownBy(() -> DicomReader.create().read(data, "ut.dcm"))
                .hasMessage("ut.dcm @0x0 (0010,4000): element 00104000 declares a value length of 4294967280 bytes "
                        + "but only 2 bytes remain in the file");
    }

    private Path writeTemp(String name, byte[] data) {
        try {
            return Files.write(tmp.resolve(name), data);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** End of the File Meta group: 132 + the 12-byte (0002,0000) element + its value. */
    static int metaEnd(byte[] part10) {
        return 144 + ByteBuffer.wrap(part10, 140, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }
}
