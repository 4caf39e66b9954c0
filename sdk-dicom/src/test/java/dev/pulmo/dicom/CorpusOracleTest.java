package dev.pulmo.dicom;

import dev.pulmo.testing.SharedData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every file of ../shared/testdata/dicom against pydicom's reading in expected/&lt;file&gt;.json: the dataset
 * compared element by element (README "How to compare"), the File Meta, transfer syntax and preamble flag, and for
 * encapsulated Pixel Data the offset table, fragment and frame counts and each frame's SHA-256. Files to reject must
 * raise DicomException.
 */
class CorpusOracleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> everyCorpusFileMatchesPydicom() throws IOException {
        Path corpus = SharedData.dicomCorpus();
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : Files.readAllLines(corpus.resolve("MANIFEST.tsv")).subList(1, Files.readAllLines(
                corpus.resolve("MANIFEST.tsv")).size())) {
            String[] cols = line.split("\t", -1);
            String name = cols[0];
            String expectation = cols[4];
            tests.add(DynamicTest.dynamicTest(name + " (" + expectation + ")", () -> check(corpus, name, expectation)));
        }
        assertThat(tests).hasSizeGreaterThanOrEqualTo(50);
        return tests.stream();
    }

    private static void check(Path corpus, String name, String expectation) throws IOException {
        Path file = corpus.resolve(name);
        JsonNode expected = JSON.readTree(corpus.resolve("expected").resolve(name + ".json").toFile());
        if (expectation.equals("reject")) {
            assertThat(expected.has("error")).isTrue();
            assertThatThrownBy(() -> DicomReader.create().read(file))
                    .isInstanceOf(DicomException.class)
                    .satisfies(e -> assertThat(((DicomException) e).byteOffset()).isGreaterThanOrEqualTo(0));
            return;
        }
        DicomFile dicom = DicomReader.create().read(file);
        assertThat(dicom.transferSyntax().uid()).isEqualTo(expected.get("transfer_syntax").asText());
        assertThat(dicom.preamble()).isEqualTo(expected.get("preamble").asBoolean());

        Set<String> mayBeUn = new HashSet<>();
        expected.path("oracle_notes").path("private_dictionary_vr")
                .forEach(n -> mayBeUn.add(n.asText().split(" ")[0].toUpperCase()));
        DicomJsonComparator comparator = new DicomJsonComparator(mayBeUn);
        comparator.compareDataset(expected.get("dataset"), JSON.readTree(json(dicom.dataset(), true)), "", true);
        JsonNode meta = expected.get("file_meta");
        if (meta.isNull()) {
            assertThat(dicom.fileMeta().isEmpty()).as("file meta").isTrue();
        } else {
            comparator.compareDataset(meta, JSON.readTree(json(dicom.fileMeta(), false)), "meta:", false);
        }
        assertThat(comparator.differences()).as(name).isEmpty();
        checkEncapsulation(dicom.dataset(), expected.get("dataset").path("7FE00010").path("BulkData"));
    }

    private static String json(DicomDataset ds, boolean skipMeta) {
        StringBuilder sb = new StringBuilder();
        DicomJson.write(ds, sb, DicomJson.BulkDataMode.INLINE_BINARY, skipMeta);
        return sb.toString();
    }

    private static void checkEncapsulation(DicomDataset ds, JsonNode bulk) {
        if (!bulk.path("encapsulated").asBoolean()) {
            return;
        }
        EncapsulatedPixelData pixels = ds.get(Tag.PixelData).flatMap(DicomElement::encapsulated).orElseThrow();
        assertThat(pixels.offsetTableEntries()).isEqualTo(bulk.get("offset_table_entries").asInt());
        assertThat(pixels.fragments()).hasSize(bulk.get("fragments").asInt());
        int frameCount = ds.getInt(Tag.NumberOfFrames).orElse(1);
        List<List<BulkData>> frames = pixels.frames(frameCount);
        assertThat(frames).hasSize(bulk.get("frames").asInt());
        for (int i = 0; i < frames.size(); i++) {
            byte[] frame = EncapsulatedPixelData.join(frames.get(i));
            assertThat(frame.length).isEqualTo(bulk.get("frame_lengths").get(i).asInt());
            assertThat(DicomJsonComparator.sha256(frame)).isEqualTo(bulk.get("frame_sha256").get(i).asText());
        }
    }
}
