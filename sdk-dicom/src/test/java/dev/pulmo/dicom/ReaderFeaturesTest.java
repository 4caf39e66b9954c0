package dev.pulmo.dicom;

import dev.pulmo.testing.SharedData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Header scans, lazy bulk data, the streaming visitor, bare datasets and the typed getters, on corpus files. */
class ReaderFeaturesTest {

    private static final Path CORPUS = SharedData.dicomCorpus();

    private static JsonNode expected(String name) throws IOException {
        return new ObjectMapper().readTree(CORPUS.resolve("expected/" + name + ".json").toFile()).get("dataset");
    }

    @Test
    void headerScanNeverReadsPixelsSoATruncatedPixelValueDoesNotMatter() {
        Path truncated = CORPUS.resolve("MR_truncated.dcm");
        assertThatThrownBy(() -> DicomReader.create().read(truncated)).isInstanceOf(DicomException.class)
                .hasMessageContaining("(7FE0,0010)");
        DicomFile header = DicomReader.create().withStopBeforePixelData(true).read(truncated);
        assertThat(header.dataset().contains(Tag.PixelData)).isFalse();
        assertThat(header.dataset().getInt(Tag.Rows)).hasValue(64);
    }

    @Test
    void bulkDataIsAFileRangeReadOnDemand() throws IOException {
        Path file = CORPUS.resolve("CT_small.dcm");
        DicomElement pixels = DicomReader.create().read(file).dataset().get(Tag.PixelData).orElseThrow();
        BulkData bulk = pixels.bulkData().orElseThrow();
        assertThat(bulk.file()).hasValue(file);
        assertThat(bulk.length()).isEqualTo(128 * 128 * 2);
        byte[] whole = Files.readAllBytes(file);
        assertThat(bulk.bytes()).isEqualTo(Arrays.copyOfRange(whole, (int) bulk.byteOffset(),
                (int) (bulk.byteOffset() + bulk.length())));
        assertThat(DicomJsonComparator.sha256(pixels.bytes()))
                .isEqualTo(expected("CT_small.dcm").get("7FE00010").get("BulkData").get("sha256").asText());
    }

    @Test
    void visitorSeesTheSameElementsAsTheTreeInOnePass() {
        Path file = CORPUS.resolve("JPEG-LL.dcm");
        DicomDataset tree = DicomReader.create().read(file).dataset();
        List<Integer> topLevel = new ArrayList<>();
        int[] items = {0};
        DicomReader.create().scan(file, new DicomVisitor() {
            @Override
            public Action element(DicomElement element, int depth) {
                if (depth == 0) {
                    topLevel.add(element.tag());
                }
                return Action.CONTINUE;
            }

            @Override
            public Action startSequence(int tag, int depth) {
                if (depth == 0) {
                    topLevel.add(tag);
                }
                return Action.CONTINUE;
            }

            @Override
            public void startItem(int depth) {
                items[0]++;
            }
        });
        assertThat(topLevel).isEqualTo(tree.elements().stream().map(DicomElement::tag).toList());
        assertThat(items[0]).isEqualTo(countItems(tree)).isPositive();

        List<Integer> seen = new ArrayList<>();
        DicomReader.create().scan(file, new DicomVisitor() {
            @Override
            public Action element(DicomElement element, int depth) {
                seen.add(element.tag());
                return element.tag() == Tag.PatientID ? Action.STOP : Action.CONTINUE;
            }
        });
        assertThat(seen.get(seen.size() - 1)).isEqualTo(Tag.PatientID);
    }

    private static int countItems(DicomDataset ds) {
        int n = 0;
        for (DicomElement e : ds.elements()) {
            for (DicomDataset item : e.items()) {
                n += 1 + countItems(item);
            }
        }
        return n;
    }

    @Test
    void bareDatasetWithoutFileMetaGetsItsSyntaxFromTheBytes() {
        DicomFile f = DicomReader.create().read(CORPUS.resolve("ExplVR_LitEndNoMeta.dcm"));
        assertThat(f.preamble()).isFalse();
        assertThat(f.fileMeta().isEmpty()).isTrue();
        assertThat(f.transferSyntax()).isEqualTo(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(f.warnings()).anyMatch(w -> w.contains("deduced Explicit VR Little Endian"));
        DicomFile big = DicomReader.create().read(CORPUS.resolve("MR_small_bigendian.dcm"));
        assertThat(big.dataset().getInt(Tag.Rows)).hasValue(64);
        assertThat(big.dataset().get(Tag.PixelData).orElseThrow().bigEndian()).isTrue();
    }

    @Test
    void bareDatasetsInEveryNativeEncodingAreRecognised() {
        DicomFile source = DicomReader.create().read(CORPUS.resolve("MR_small.dcm"));
        for (TransferSyntax ts : List.of(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                TransferSyntax.EXPLICIT_VR_BIG_ENDIAN)) {
            byte[] part10 = DicomWriter.toBytes(source.dataset(), ts);
            long metaLength = DicomReader.create().read(part10, "x").fileMeta().getLongs(Tag.FileMetaInformationGroupLength)[0];
            byte[] bare = Arrays.copyOfRange(part10, 132 + 12 + (int) metaLength, part10.length);
            DicomFile f = DicomReader.create().read(bare, "bare");
            assertThat(f.transferSyntax()).as(ts.name()).isEqualTo(ts);
            assertThat(f.fileMeta().isEmpty()).isTrue();
            List<String> differences = new ArrayList<>();
            DicomWriterTest.compare(source.dataset(), f.dataset(), ts.name() + ":", differences);
            assertThat(differences).isEmpty();
        }
    }

    @Test
    void implicitVrDespiteExplicitSyntaxIsDetectedAndReported() {
        DicomFile f = DicomReader.create().read(CORPUS.resolve("SC_rgb_jpeg.dcm"));
        assertThat(f.warnings()).anyMatch(w -> w.contains("expected explicit VR, but found implicit VR"));
        assertThat(f.dataset().get(Tag.PixelData).orElseThrow().encapsulated()).isPresent();
    }

    @Test
    void typedGettersDecodeWhatPydicomReads() throws IOException {
        DicomDataset ds = DicomReader.create().read(CORPUS.resolve("CT_small.dcm")).dataset();
        JsonNode exp = expected("CT_small.dcm");
        String studyDate = exp.get("00080020").get("Value").get(0).asText();
        assertThat(ds.getDate(Tag.StudyDate)).hasValue(LocalDate.of(Integer.parseInt(studyDate.substring(0, 4)),
                Integer.parseInt(studyDate.substring(4, 6)), Integer.parseInt(studyDate.substring(6, 8))));
        String studyTime = exp.get("00080030").get("Value").get(0).asText();
        assertThat(ds.getTime(Tag.StudyTime).orElseThrow().getHour()).isEqualTo(Integer.parseInt(studyTime.substring(0, 2)));
        assertThat(ds.getPersonName("PatientName").orElseThrow().alphabetic())
                .isEqualTo(exp.get("00100010").get("Value").get(0).get("Alphabetic").asText());
        assertThat(ds.getDoubles(Tag.PixelSpacing)).containsExactly(
                exp.get("00280030").get("Value").get(0).asDouble(), exp.get("00280030").get("Value").get(1).asDouble());
        assertThat(ds.getInt("Rows")).hasValue(exp.get("00280010").get("Value").get(0).asInt());
        assertThat(ds.getString(Tag.Modality)).hasValue("CT");
        assertThat(ds.getStrings(Tag.ImageType)).hasSize(exp.get("00080008").get("Value").size());
        assertThat(LocalTime.of(0, 0)).isBefore(ds.getTime(Tag.StudyTime).orElseThrow().plusNanos(1));

        DicomDataset sr = DicomReader.create().read(CORPUS.resolve("test-SR.dcm")).dataset();
        List<DicomDataset> content = sr.getSequence(Tag.ContentSequence);
        assertThat(content).hasSize(expected("test-SR.dcm").get("0040A730").get("Value").size());
        assertThat(content.get(0).specificCharacterSet().terms()).containsExactly("ISO_IR 100");
    }

    @Test
    void privateAndRetypedElementsFollowPydicomsVrRules() {
        DicomDataset implicit = DicomReader.create().read(CORPUS.resolve("priv_SQ.dcm")).dataset();
        DicomElement creator = implicit.elements().stream().filter(e -> (e.tag() >>> 16) % 2 == 1
                && (e.tag() & 0xFFFF) >= 0x10 && (e.tag() & 0xFFFF) <= 0xFF).findFirst().orElseThrow();
        assertThat(creator.vr()).isEqualTo(VR.LO);
        DicomDataset retyped = DicomReader.create().read(CORPUS.resolve("explicit_VR-UN.dcm")).dataset();
        assertThat(retyped.get(Tag.PatientName).orElseThrow().vr()).isEqualTo(VR.PN);
        assertThat(Set.of(VR.US, VR.SS)).contains(retyped.get(Tag.Rows).orElseThrow().vr());
        DicomDataset un = DicomReader.create().read(CORPUS.resolve("UN_sequence.dcm")).dataset();
        assertThat(un.elements().get(0).vr()).isEqualTo(VR.SQ);
    }
}
