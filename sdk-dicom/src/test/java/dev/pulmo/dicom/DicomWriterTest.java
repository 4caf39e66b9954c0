package dev.pulmo.dicom;

import dev.pulmo.testing.SharedData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writing: every corpus file with SOP UIDs read, written back in its own transfer syntax and read again keeps every
 * element value (odd-length values gain their padding byte; group lengths are recomputed); re-encoding into the other
 * native syntaxes keeps values too; the File Meta is conformant.
 */
class DicomWriterTest {

    @Test
    void everyCorpusFileRoundTripsInItsOwnTransferSyntax() throws IOException {
        List<String> differences = new ArrayList<>();
        int roundTripped = 0;
        for (String name : readableCorpusFiles()) {
            DicomFile original = DicomReader.create().read(SharedData.dicomCorpus().resolve(name));
            if (!original.dataset().contains(Tag.SOPClassUID) || !original.dataset().contains(Tag.SOPInstanceUID)) {
                continue;
            }
            byte[] written = DicomWriter.toBytes(original.dataset(), original.transferSyntax());
            DicomFile back = DicomReader.create().read(written, name + " (rewritten)");
            assertThat(back.transferSyntax().uid()).isEqualTo(original.transferSyntax().uid());
            compare(original.dataset(), back.dataset(), name + ":", differences);
            roundTripped++;
        }
        assertThat(differences).isEmpty();
        assertThat(roundTripped).isGreaterThanOrEqualTo(40);
    }

    /**
     * Written to a file's channel, with Pixel Data and other bulk values copied from the source file (native and
     * encapsulated fragments alike), every corpus file gives exactly the bytes of the in-memory encoding, and those
     * values were not read into memory for it.
     */
    @Test
    void writingToAChannelCopiesBulkValuesFromTheSourceAndGivesTheSameBytes(@TempDir Path dir) throws IOException {
        int copied = 0;
        int inFile = 0;
        for (String name : readableCorpusFiles()) {
            DicomFile original = DicomReader.create().read(SharedData.dicomCorpus().resolve(name));
            if (!original.dataset().contains(Tag.SOPClassUID) || !original.dataset().contains(Tag.SOPInstanceUID)) {
                continue;
            }
            byte[] expected;
            try {
                expected = DicomWriter.toBytes(original.dataset(), original.transferSyntax());
            } catch (DicomException e) {
                continue; // not writable in its own syntax: the same refusal, tested above
            }
            Path out = dir.resolve(name.replace('/', '_'));
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(out,
                    java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
                DicomWriter.write(ch, original.dataset(), original.transferSyntax());
            }
            assertThat(Files.readAllBytes(out)).as(name).isEqualTo(expected);
            copied++;
            if (original.dataset().get(Tag.PixelData).flatMap(DicomElement::bulkData).flatMap(BulkData::file).isPresent()
                    || original.dataset().get(Tag.PixelData).flatMap(DicomElement::encapsulated).isPresent()) {
                inFile++;
            }
        }
        assertThat(copied).isGreaterThanOrEqualTo(40);
        assertThat(inFile).as("files whose Pixel Data was copied from the source").isGreaterThanOrEqualTo(20);
    }

    @Test
    void aBulkValueOfAFileThatShrankIsAnErrorNamingTheFile(@TempDir Path dir) throws IOException {
        Path source = dir.resolve("ct.dcm");
        Files.copy(SharedData.dicomCorpus().resolve("CT_small.dcm"), source);
        DicomFile read = DicomReader.create().read(source);
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(source,
                java.nio.file.StandardOpenOption.WRITE)) {
            BulkData pixels = read.dataset().get(Tag.PixelData).flatMap(DicomElement::bulkData).orElseThrow();
            assertThat(pixels.file()).as("kept in the file, not read").isPresent();
            ch.truncate(pixels.byteOffset() + pixels.length() / 2);
        }
        try (java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(dir.resolve("out.dcm"),
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            assertThatThrownBy(() -> DicomWriter.write(out, read.dataset(), read.transferSyntax()))
                    .isInstanceOf(DicomException.class).hasMessageContaining("ct.dcm").hasMessageContaining("file ends inside");
        }
    }

    @Test
    void nativeSyntaxesReencodeTheSameValues() {
        DicomFile original = DicomReader.create().read(SharedData.dicomCorpus().resolve("MR_small.dcm"));
        for (TransferSyntax ts : List.of(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN,
                TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN)) {
            DicomFile back = DicomReader.create().read(DicomWriter.toBytes(original.dataset(), ts), ts.name());
            assertThat(back.transferSyntax()).isEqualTo(ts);
            List<String> differences = new ArrayList<>();
            compare(original.dataset(), back.dataset(), ts.name() + ":", differences);
            assertThat(differences).isEmpty();
            short first = ByteBuffer.wrap(back.dataset().get(Tag.PixelData).orElseThrow().bytes())
                    .order(ts.bigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN).getShort();
            short expected = ByteBuffer.wrap(original.dataset().get(Tag.PixelData).orElseThrow().bytes())
                    .order(ByteOrder.LITTLE_ENDIAN).getShort();
            assertThat(first).as("first pixel in %s", ts.name()).isEqualTo(expected);
        }
    }

    @Test
    void fileMetaIsConformant(@TempDir Path dir) throws IOException {
        DicomFile original = DicomReader.create().read(SharedData.dicomCorpus().resolve("CT_small.dcm"));
        Path out = dir.resolve("ct.dcm");
        DicomWriter.write(out, original.dataset(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        byte[] bytes = Files.readAllBytes(out);
        assertThat(Arrays.copyOfRange(bytes, 0, 128)).containsOnly((byte) 0);
        assertThat(new String(bytes, 128, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("DICM");
        DicomFile back = DicomReader.create().read(out);
        DicomDataset meta = back.fileMeta();
        // (0002,0000) counts the bytes from the end of its own element to the end of group 0002
        long groupLength = meta.getLongs(Tag.FileMetaInformationGroupLength)[0];
        int firstDatasetElement = 132 + 12 + (int) groupLength;
        assertThat(bytes[firstDatasetElement] & 0xFF | (bytes[firstDatasetElement + 1] & 0xFF) << 8).isNotEqualTo(2);
        assertThat(bytes[firstDatasetElement - 12 - (int) groupLength + 12] & 0xFF).isEqualTo(0x02);
        assertThat(meta.getString(Tag.ImplementationClassUID)).hasValue(DicomWriter.IMPLEMENTATION_CLASS_UID);
        assertThat(meta.getString(Tag.ImplementationVersionName)).hasValue(DicomWriter.IMPLEMENTATION_VERSION_NAME);
        assertThat(meta.getString(Tag.MediaStorageSOPInstanceUID)).isEqualTo(original.dataset().getString(Tag.SOPInstanceUID));
        assertThat(meta.get(Tag.FileMetaInformationVersion).orElseThrow().bytes()).containsExactly(0, 1);
        assertThat(back.warnings()).isEmpty();
        assertThat(Files.list(dir)).containsExactly(out);
    }

    @Test
    void oddTextValuesArePaddedWithSpaceAndUidsWithNul() {
        DicomDataset ds = DicomDataset.builder()
                .putString(Tag.SOPClassUID, VR.UI, "1.2.3")
                .putString(Tag.SOPInstanceUID, VR.UI, "1.2.3.4")
                .putString(Tag.PatientID, VR.LO, "ABC")
                .build();
        byte[] b = DicomWriter.toBytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        String s = new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(s).contains("UI\u0006\u00001.2.3\u0000").contains("LO\u0004\u0000ABC ");
    }

    @Test
    void longValueInShortLengthVrIsRejectedInExplicitVr() {
        DicomDataset ds = DicomDataset.builder()
                .putString(Tag.SOPClassUID, VR.UI, "1.2.3")
                .putString(Tag.SOPInstanceUID, VR.UI, "1.2.3.4")
                .putLongs(Tag.LUTData, VR.US, new long[40000])
                .build();
        assertThatThrownBy(() -> DicomWriter.toBytes(ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN))
                .isInstanceOf(DicomException.class).hasMessageContaining("(0028,3006)").hasMessageContaining("80000");
        assertThat(DicomWriter.toBytes(ds, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN)).hasSizeGreaterThan(80000);
    }

    static List<String> readableCorpusFiles() throws IOException {
        List<String> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(SharedData.dicomCorpus().resolve("MANIFEST.tsv"));
        for (String line : lines.subList(1, lines.size())) {
            String[] cols = line.split("\t", -1);
            if (cols[4].equals("read")) {
                out.add(cols[0]);
            }
        }
        return out;
    }

    /** Values compared decoded (text, numbers, names) or as bytes for binary VRs, in the reader's byte order. */
    static void compare(DicomDataset a, DicomDataset b, String path, List<String> differences) {
        List<Integer> tagsA = a.elements().stream().map(DicomElement::tag).toList();
        List<Integer> tagsB = b.elements().stream().map(DicomElement::tag).toList();
        if (!tagsA.equals(tagsB)) {
            differences.add(path + " tags differ");
            return;
        }
        for (DicomElement ea : a.elements()) {
            DicomElement eb = b.get(ea.tag()).orElseThrow();
            String where = path + Tag.toHex(ea.tag());
            if (ea.vr() != eb.vr()) {
                differences.add(where + ": VR " + eb.vr() + " != " + ea.vr());
            } else if (ea.vr() == VR.SQ) {
                if (ea.items().size() != eb.items().size()) {
                    differences.add(where + ": item count");
                } else {
                    for (int i = 0; i < ea.items().size(); i++) {
                        compare(ea.items().get(i), eb.items().get(i), where + "[" + i + "].", differences);
                    }
                }
            } else if ((ea.tag() & 0xFFFF) == 0) {
                continue; // group length: recomputed by the writer
            } else if (ea.vr().isBulk() || ea.vr().isBinaryNumber()) {
                if (ea.encapsulated().isPresent()) {
                    EncapsulatedPixelData pa = ea.encapsulated().get();
                    EncapsulatedPixelData pb = eb.encapsulated().orElseThrow();
                    if (pa.fragments().size() != pb.fragments().size()
                            || !Arrays.equals(EncapsulatedPixelData.join(pa.fragments()), EncapsulatedPixelData.join(pb.fragments()))) {
                        differences.add(where + ": fragments differ");
                    }
                    continue;
                }
                byte[] va = ea.bytes();
                byte[] vb = eb.bytes();
                if (ea.bigEndian() != eb.bigEndian()) {
                    if (!Arrays.equals(ea.strings().toArray(), eb.strings().toArray()) && !ea.vr().isBulk()) {
                        differences.add(where + ": numbers differ");
                    }
                    continue;
                }
                boolean padded = va.length % 2 == 1 && vb.length == va.length + 1
                        && Arrays.equals(va, Arrays.copyOf(vb, va.length));
                if (!padded && !Arrays.equals(va, vb)) {
                    differences.add(where + ": " + vb.length + " bytes differ from " + va.length);
                }
            } else if (ea.vr() == VR.PN) {
                if (!ea.personNames().equals(eb.personNames())) {
                    differences.add(where + ": " + eb.personNames() + " != " + ea.personNames());
                }
            } else if (!ea.strings().equals(eb.strings())) {
                differences.add(where + ": " + eb.strings() + " != " + ea.strings());
            }
        }
    }
}
