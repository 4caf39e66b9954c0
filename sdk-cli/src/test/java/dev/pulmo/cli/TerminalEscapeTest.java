package dev.pulmo.cli;

import static dev.pulmo.cli.CheckJsonCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.cli.CheckJsonCommandTest.Run;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomWriter;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.TransferSyntax;
import dev.pulmo.dicom.VR;
import dev.pulmo.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20, terminal escape injection: values and file names from data reach the text output with their control
 * characters (ESC, BEL, C1, line breaks) and bidi overrides shown as escapes, never as raw bytes.
 */
class TerminalEscapeTest {

    private static final String CLEAR = "\u001b[2J";
    private static final String TITLE = "\u001b]0;owned\u0007";

    @Test
    void checkJsonFindingsShowEscapesFromValuesAndFileNames(@TempDir Path dir) throws Exception {
        String sample = Files.readString(SharedData.repositoryRoot().resolve("examples/guideline-json/pct_C000003_2_17.json"));
        String hostile = sample.replaceFirst("\\{", java.util.regex.Matcher.quoteReplacement(
                "{\"x\\u001b[2J\\u009b31m\\u202e\": 1,"))
                .replace("\"iscrowd\": 0", "\"iscrowd\": 3");
        Path file = Files.writeString(dir.resolve("a" + TITLE + "\u202Egnp.json"), hostile);
        Run r = run("check-json", file.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("unknown top-level member 'x\\x1B[2J\\x9B31m\\u202E'")
                .contains("a\\x1B]0;owned\\x07\\u202Egnp.json");
        assertNoControls(r.out());
        assertNoControls(r.err());
    }

    @Test
    void dumpShowsEscapesInValues(@TempDir Path dir) throws Exception {
        DicomDataset ds = DicomDataset.builder()
                .putString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192")
                .putString(Tag.SOPClassUID, VR.UI, "1.2.840.10008.5.1.4.1.1.7")
                .putString(Tag.SOPInstanceUID, VR.UI, "1.2.3.4")
                .putString(Tag.PatientName, VR.PN, "EVIL" + CLEAR + "^X" + TITLE)
                .putString(Tag.StudyDescription, VR.LO, "a\u202Eb")
                .build();
        Path file = dir.resolve("evil.dcm");
        DicomWriter.write(file, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        Run r = run("dump", file.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("[EVIL\\x1B[2J^X\\x1B]0;owned\\x07]").contains("[a\\u202Eb]");
        assertNoControls(r.out());
    }

    @Test
    void errorMessagesOnTheErrorStreamAreEscapedToo(@TempDir Path dir) throws Exception {
        Path file = Files.write(dir.resolve("x" + CLEAR + ".dcm"), new byte[] {1, 2, 3});
        Run r = run("dump", file.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("x\\x1B[2J.dcm").contains("not a DICOM file");
        assertNoControls(r.err());
    }

    /** Only line breaks of the output itself may appear. */
    static void assertNoControls(String text) {
        String withoutLineBreaks = text.replace(System.lineSeparator(), "");
        assertThat(withoutLineBreaks.chars().filter(c -> c < 0x20 || (c >= 0x7F && c <= 0x9F)
                || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)).toArray())
                .as("control characters in: " + text).isEmpty();
    }
}
