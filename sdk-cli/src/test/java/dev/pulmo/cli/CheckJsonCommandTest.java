package dev.pulmo.cli;

import dev.pulmo.testing.SharedData;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckJsonCommandTest {
    static final Path EXAMPLES = SharedData.repositoryRoot().resolve("examples/guideline-json");

    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine cl = PulmoCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void theSamplesPassWithExitStatusZero() {
        Run r = run("check-json", EXAMPLES.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).endsWith("3 files checked: 0 errors, 0 warnings, 0 notes" + System.lineSeparator());
    }

    @Test
    void errorsGiveExitStatusOneAndTheJsonReportShape(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, Files.readString(EXAMPLES.resolve("pct_C000003_2_17.json")).replace("\"iscrowd\": 0", "\"iscrowd\": 3"));
        Run r = run("check-json", "--format", "json", bad.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(r.out());
        JsonNode f = report.get("findings").get(0);
        assertThat(f.get("severity").asText()).isEqualTo("ERROR");
        assertThat(f.get("code").asText()).isEqualTo("json.annotation.iscrowd");
        assertThat(f.get("file").asText()).isEqualTo(bad.toString());
        assertThat(f.get("pointer").asText()).isEqualTo("/annotations/0/iscrowd");
        // the sample has "iscrowd" on line 62, its value at column 18
        assertThat(f.get("line").asInt()).isEqualTo(62);
        assertThat(f.get("column").asInt()).isEqualTo(18);
        assertThat(report.get("summary").get("errors").asInt()).isEqualTo(1);
        assertThat(report.get("summary").get("files").asInt()).isEqualTo(1);
    }

    @Test
    void textFormatNamesFileLineColumnPointerAndRule(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("x.json");
        Files.writeString(bad, "{\"info\": 3}");
        Run r = run("check-json", bad.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains(bad + ":1:10 /info: ERROR json.type: expected an object, found the number 3");
        assertThat(r.out()).contains("ERROR json.section.missing: required section 'categories' is missing");
    }

    @Test
    void aMissingInputIsAnIoFailureWithExitStatusTwo() {
        Run r = run("check-json", "no/such/file.json");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("no/such/file.json: no such file or folder");
    }

    @Test
    void wrongArgumentsAreAUsageErrorWithExitStatusTwo() {
        Run r = run("check-json", "--format", "xml", "a.json");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid value for option '--format'").contains("pulmo help check-json");
        assertThat(run("check-json").exitCode()).isEqualTo(2);
        assertThat(run("no-such-command").exitCode()).isEqualTo(2);
    }

    @Test
    void versionAndHelp() {
        Run v = run("--version");
        assertThat(v.exitCode()).isZero();
        assertThat(v.out()).startsWith("pulmo 0.");
        Run h = run("help");
        assertThat(h.exitCode()).isZero();
        assertThat(h.out()).contains("check-json").contains("Check guideline JSON annotation files.");
        // issue 19: plain pulmo is a usage error: the usage on standard error, exit status 2
        Run none = run();
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("Usage: pulmo");
    }
}
