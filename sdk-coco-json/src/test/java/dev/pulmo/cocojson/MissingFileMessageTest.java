package dev.pulmo.cocojson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pulmo.cocojson.tool.ToolJsonReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A file that is not there: the documented exception, naming the absolute path once and the reason in words. */
class MissingFileMessageTest {

    private static final Path MISSING = Path.of("no-such-dir-" + ProcessHandle.current().pid(), "nope.json");

    private static void assertNamesAbsolutePathOnce(UncheckedIOException e) {
        String absolute = MISSING.toAbsolutePath().toString();
        assertThat(e.getMessage()).isEqualTo("cannot read " + absolute + ": no such file");
        assertThat(e.getMessage().indexOf("nope.json")).isEqualTo(e.getMessage().lastIndexOf("nope.json"));
    }

    @Test
    void guideline_json_read() {
        assertNamesAbsolutePathOnce(catchThrowableOfType(() -> GuidelineJson.read(MISSING), UncheckedIOException.class));
    }

    @Test
    void guideline_json_streaming_read() {
        assertNamesAbsolutePathOnce(catchThrowableOfType(
                () -> GuidelineJsonReader.strict().read(MISSING, new GuidelineJsonVisitor() { }), UncheckedIOException.class));
    }

    @Test
    void tool_json_read() {
        assertNamesAbsolutePathOnce(catchThrowableOfType(() -> ToolJsonReader.read(MISSING), UncheckedIOException.class));
    }

    @Test
    void validation_reports_a_missing_file_as_a_finding_not_an_exception() {
        assertThat(GuidelineJsonValidator.of(Samples.CATALOG).validate(MISSING))
                .singleElement().satisfies(f -> assertThat(f.code()).isEqualTo("file.unreadable"));
    }
}
