package dev.pulmo.cli;

import dev.pulmo.testing.SharedData;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@code pulmo dump} as the held-out check runs it: exit status per MANIFEST (read 0, reject non-zero), the JSON's
 * tags and VRs equal pydicom's expected dataset (values are compared in sdk-dicom's CorpusOracleTest), File Meta left
 * out, errors naming offset and tag.
 */
class DumpCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        var cl = PulmoCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    static Path corpus() {
        return SharedData.dicomCorpus();
    }

    @Test
    void jsonOfEveryCorpusFileHasPydicomsTagsAndVrsAndRejectsBrokenFiles() throws Exception {
        List<String> lines = Files.readAllLines(corpus().resolve("MANIFEST.tsv"));
        List<String> problems = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cols = line.split("\t", -1);
            Run r = run("dump", "--json", corpus().resolve(cols[0]).toString());
            if (cols[4].equals("reject")) {
                if (r.exitCode() == 0) {
                    problems.add(cols[0] + ": read, expected rejection");
                }
                continue;
            }
            if (r.exitCode() != 0) {
                problems.add(cols[0] + ": exit " + r.exitCode() + " " + r.err());
                continue;
            }
            JsonNode actual = JSON.readTree(r.out());
            JsonNode doc = JSON.readTree(corpus().resolve("expected/" + cols[0] + ".json").toFile());
            Set<String> want = tagsAndVrs(doc.get("dataset"));
            // README: elements pydicom typed from its private dictionary may be given as UN
            for (JsonNode n : doc.path("oracle_notes").path("private_dictionary_vr")) {
                if (want.remove(n.asText())) {
                    want.add(n.asText().split(" ")[0] + " UN");
                }
            }
            if (!tagsAndVrs(actual).equals(want)) {
                Set<String> a = tagsAndVrs(actual);
                a.removeAll(want);
                problems.add(cols[0] + ": tags/VRs differ, e.g. " + a);
            }
        }
        assertThat(problems).isEmpty();
    }

    private static Set<String> tagsAndVrs(JsonNode ds) {
        Set<String> out = new TreeSet<>();
        for (Iterator<String> it = ds.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            out.add(k.toUpperCase() + " " + ds.get(k).get("vr").asText());
        }
        return out;
    }

    @Test
    void koreanPersonNameIsSplitIntoComponentGroups() throws Exception {
        Run r = run("dump", "--json", corpus().resolve("chrI2.dcm").toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).doesNotContain("\"00020010\"");
        JsonNode pn = JSON.readTree(r.out()).get("00100010").get("Value").get(0);
        assertThat(pn.get("Alphabetic").asText()).isEqualTo("Hong^Gildong");
        assertThat(pn.get("Ideographic").asText()).isEqualTo("\u6d2a^\u5409\u6d1e");
        assertThat(pn.get("Phonetic").asText()).isEqualTo("\ud64d^\uae38\ub3d9");
        assertThat(JSON.readTree(r.out()).get("00280010").get("Value").get(0).isInt()).isTrue();
    }

    @Test
    void truncatedFileExitsOneNamingOffsetAndTag() {
        Run r = run("dump", "--json", corpus().resolve("MR_truncated.dcm").toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("MR_truncated.dcm @0x").contains("(7FE0,0010)").contains("8192");
    }

    @Test
    void textDumpListsMetaAndDatasetWithKeywords() {
        Run r = run("dump", corpus().resolve("CT_small.dcm").toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("(0002,0010) UI [1.2.840.10008.1.2.1]").contains("TransferSyntaxUID")
                .contains("(0010,0010) PN [CompressedSamples^CT1]").contains("PatientName")
                .contains("(7FE0,0010) OW (32768 bytes)");
    }

    @Test
    void missingFileIsAnIoFailure() {
        assertThat(run("dump", "/nonexistent/x.dcm").exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    }
}
