package dev.pulmo.cocojson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Severity;
import dev.pulmo.cocojson.internal.JsonFactories;
import dev.pulmo.cocojson.internal.LocatedTree;
import dev.pulmo.cocojson.tool.ToolJsonReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Issue 20: strict UTF-8, a capped number of findings per file, bounded elements, FIFOs never opened. */
class HostileJsonTest {

    private static final GuidelineJsonValidator VALIDATOR = GuidelineJsonValidator.of(Samples.CATALOG);

    /** The PCT sample with {@code bad} bytes put inside its "description" string. */
    private static byte[] sampleWith(byte[] bad) throws Exception {
        String text = Files.readString(Samples.PCT);
        int at = text.indexOf("\"description\": \"") + "\"description\": \"".length();
        byte[] head = text.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] tail = text.substring(at).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(head);
        out.write(bad);
        out.write(tail);
        return out.toByteArray();
    }

    private static long offsetOfDescription() throws Exception {
        String text = Files.readString(Samples.PCT);
        int at = text.indexOf("\"description\": \"") + "\"description\": \"".length();
        return text.substring(0, at).getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void overlongAndSurrogateUtf8AreRejectedWithTheByteOffset() throws Exception {
        long offset = offsetOfDescription();
        String[][] cases = {
                {"C0AF", "C0 starts an overlong encoding of an ASCII character"},
                {"E080AF", "E0 80 is an overlong encoding"},
                {"F0808080", "F0 80 is an overlong encoding"},
                {"EDA080", "ED A0 encodes a UTF-16 surrogate (U+D800-U+DFFF), which UTF-8 forbids"},
                {"EDBFBF", "ED BF encodes a UTF-16 surrogate"},
                {"F4908080", "F4 90 encodes a code point above U+10FFFF"},
                {"F5", "F5 never occurs in UTF-8"},
                {"80", "80 is a continuation byte without a lead byte"},
                {"E2822E", "E2 82 is followed by 2E, not a continuation byte 80-BF"},
        };
        for (String[] c : cases) {
            byte[] file = sampleWith(hex(c[0]));
            List<Finding> findings = VALIDATOR.validate(new ByteArrayInputStream(file), "bad.json");
            assertThat(findings).as(c[0]).singleElement().satisfies(f -> {
                assertThat(f.code()).isEqualTo("json.encoding");
                assertThat(f.severity()).isEqualTo(Severity.ERROR);
                assertThat(f.message()).startsWith("not well-formed UTF-8 at byte offset " + offset + ": " + c[1]);
            });
            assertThatThrownBy(() -> GuidelineJsonReader.lenient().read(new ByteArrayInputStream(file), "bad.json"))
                    .isInstanceOf(GuidelineJsonException.class)
                    .hasMessageContaining("not well-formed UTF-8 at byte offset " + offset);
        }
        // the end of the file inside a sequence, and well-formed Korean and 4-byte characters pass
        assertThat(VALIDATOR.validate(new ByteArrayInputStream(new byte[] {'{', (byte) 0xEA, (byte) 0xB0}), "cut.json"))
                .extracting(Finding::message).containsExactly("not well-formed UTF-8 at byte offset 1: the sequence "
                        + "starting with EA is cut short by the end of the file");
        byte[] fine = sampleWith("결절 \uD83D\uDE00".getBytes(StandardCharsets.UTF_8));
        assertThat(VALIDATOR.validate(new ByteArrayInputStream(fine), "fine.json"))
                .noneMatch(f -> f.code().equals("json.encoding"));
    }

    @Test
    void oneKeyRepeated400000TimesGivesCappedFindings() throws Exception {
        StringBuilder sb = new StringBuilder(Files.readString(Samples.PCT));
        int brace = sb.indexOf("{");
        StringBuilder extra = new StringBuilder();
        for (int i = 0; i < 400_000; i++) {
            extra.append("\"k\": 1, ");
        }
        sb.insert(brace + 1, extra);
        List<Finding> findings = VALIDATOR.validate(new ByteArrayInputStream(sb.toString().getBytes(StandardCharsets.UTF_8)),
                "many.json");
        assertThat(findings).hasSize(1001);
        assertThat(findings.get(0).code()).isEqualTo("json.member.unknown");
        Finding last = findings.get(1000);
        assertThat(last.code()).isEqualTo("json.findings.omitted");
        assertThat(last.severity()).isEqualTo(Severity.WARNING);
        assertThat(last.message()).isEqualTo("399000 more findings not listed (0 errors, 399000 warnings, 0 notes); the "
                + "first 1000 are listed");
    }

    @Test
    void anElementBeyondTheValueLimitFailsWithALimitErrorNotMemory() throws Exception {
        String json = "[" + "1,".repeat(5000) + "1]";
        try (JsonParser p = JsonFactories.FACTORY.createParser(json)) {
            p.nextToken();
            assertThatThrownBy(() -> LocatedTree.read(p, "/annotations/0", 1000))
                    .isInstanceOf(StreamConstraintsException.class)
                    .hasMessageContaining("the value at /annotations/0 holds more JSON values than one element may (1000, "
                            + "from LocatedTree.MAX_VALUES_PER_ELEMENT");
        }
        assertThat(LocatedTree.MAX_VALUES_PER_ELEMENT).isEqualTo(Math.max(100_000, Runtime.getRuntime().maxMemory() / 1024));
        // a tool export whose one shape has more handles than the limit is refused with that message
        long handles = LocatedTree.MAX_VALUES_PER_ELEMENT / 3 + 10;
        StringBuilder tool = new StringBuilder("[[{\"id\": 1, \"annotationData\": {\"tool\": \"Free\", \"handles\": [");
        for (long i = 0; i < handles; i++) {
            tool.append(i == 0 ? "" : ",").append("{\"x\":1,\"y\":2}");
        }
        tool.append("]}}]]");
        assertThatThrownBy(() -> ToolJsonReader.read(new ByteArrayInputStream(tool.toString().getBytes(StandardCharsets.UTF_8)),
                "huge-tool.json")).isInstanceOf(GuidelineJsonException.class)
                .hasMessageStartingWith("huge-tool.json")
                .hasMessageContaining("holds more JSON values than one element may");
    }

    @Test
    void aFifoIsReportedNotOpened(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("pipe.json");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor(10, TimeUnit.SECONDS)
                && Files.exists(fifo), "mkfifo is not available");
        assertThat(VALIDATOR.validate(fifo)).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("file.unreadable");
            assertThat(f.message()).isEqualTo("not a regular file (a FIFO, socket or device); not opened");
        });
        assertThatThrownBy(() -> GuidelineJson.read(fifo)).isInstanceOf(GuidelineJsonException.class)
                .hasMessageContaining("not a regular file (a FIFO, socket or device); not opened");
        assertThatThrownBy(() -> ToolJsonReader.read(fifo)).isInstanceOf(GuidelineJsonException.class)
                .hasMessageContaining(fifo.toString());
    }

    private static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
