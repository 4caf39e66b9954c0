package dev.pulmo.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The oracle comparison itself finds what it must find (so CorpusOracleTest can fail). */
class DicomJsonComparatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static int differences(String expected, String actual) throws Exception {
        DicomJsonComparator c = new DicomJsonComparator(Set.of("00191010"));
        c.compareDataset(JSON.readTree(expected), JSON.readTree(actual), "", true);
        return c.differences().size();
    }

    @Test
    void normalisesAsTheReadmeSays() throws Exception {
        assertThat(differences("{\"00200013\":{\"vr\":\"IS\",\"Value\":[1]}}", "{\"00200013\":{\"vr\":\"IS\",\"Value\":[\"1.0000001\"]}}")).isZero();
        assertThat(differences("{\"00100020\":{\"vr\":\"LO\",\"Value\":[\"A \"]}}", "{\"00100020\":{\"vr\":\"LO\",\"Value\":[\"A\"]}}")).isZero();
        assertThat(differences("{\"00100020\":{\"vr\":\"LO\"}}", "{\"00100020\":{\"vr\":\"LO\",\"Value\":[]}}")).isZero();
        assertThat(differences("{\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"A\",\"Ideographic\":\"\"}]}}",
                "{\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"A\"}]}}")).isZero();
        assertThat(differences("{\"00191010\":{\"vr\":\"SH\",\"Value\":[\"x\"]}}", "{\"00191010\":{\"vr\":\"UN\",\"InlineBinary\":\"eA==\"}}")).isZero();
        assertThat(differences("{\"00020010\":{\"vr\":\"UI\"}}", "{}")).isZero();
    }

    @Test
    void findsWrongVrsValuesTagsAndBulkData() throws Exception {
        assertThat(differences("{\"00100020\":{\"vr\":\"LO\",\"Value\":[\"A\"]}}", "{\"00100020\":{\"vr\":\"SH\",\"Value\":[\"A\"]}}")).isOne();
        assertThat(differences("{\"00100020\":{\"vr\":\"LO\",\"Value\":[\"A\"]}}", "{\"00100020\":{\"vr\":\"LO\",\"Value\":[\"B\"]}}")).isOne();
        assertThat(differences("{\"00280010\":{\"vr\":\"US\",\"Value\":[2]}}", "{\"00280010\":{\"vr\":\"US\",\"Value\":[2.001]}}")).isOne();
        assertThat(differences("{\"00100020\":{\"vr\":\"LO\"}}", "{}")).isOne();
        assertThat(differences("{}", "{\"00100020\":{\"vr\":\"LO\"}}")).isOne();
        String bulk = "{\"7FE00010\":{\"vr\":\"OB\",\"BulkData\":{\"length\":1,\"sha256\":\""
                + DicomJsonComparator.sha256(new byte[] {'x'}) + "\"}}}";
        assertThat(differences(bulk, "{\"7FE00010\":{\"vr\":\"OB\",\"InlineBinary\":\"eA==\"}}")).isZero();
        assertThat(differences(bulk, "{\"7FE00010\":{\"vr\":\"OB\",\"InlineBinary\":\"eQ==\"}}")).isOne();
        JsonNode seq = JSON.readTree("{\"00081140\":{\"vr\":\"SQ\",\"Value\":[{\"00081150\":{\"vr\":\"UI\",\"Value\":[\"1.2\"]}}]}}");
        assertThat(differences(seq.toString(), seq.toString().replace("1.2", "1.3"))).isOne();
    }
}
