package dev.pulmo.dicom;

import dev.pulmo.testing.SharedData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files Pulmo writes, checked by other toolkits: pydicom reads the same values (compared with the README's rules),
 * dcmtk's dcmdump reads them without error, and dciodvfy finds no IOD errors in files whose source had none.
 * Needs Debian's python3-pydicom, dcmtk and dicom3tools; each test skips with a message when its tool is absent.
 */
class InteropTest {

    private static final List<String> SOURCES = List.of("CT_small.dcm", "MR_small.dcm", "chrI2.dcm", "chrH31.dcm",
            "rtplan.dcm", "sr_document.dcm", "seg_image_ct_binary.dcm", "JPEG2000.dcm", "explicit_VR-UN.dcm",
            "dx_image.dcm", "waveform_ecg.dcm", "MR_small_bigendian.dcm", "image_dfl.dcm");

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(List<String> command) throws IOException, InterruptedException {
        Path err = Files.createTempFile("interop", ".err");
        Path out = Files.createTempFile("interop", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            // ISO 8859-1 decodes any bytes (the tools print the files' own character sets)
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                    Files.readString(err, StandardCharsets.ISO_8859_1));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static boolean available(String... command) {
        try {
            return run(List.of(command)).exitCode() == 0;
        } catch (IOException | InterruptedException | IllegalStateException e) {
            return false;
        }
    }

    private static void assumeTool(boolean present, String what) {
        if (!present) {
            System.err.println("InteropTest SKIPPED: " + what);
        }
        assumeTrue(present, what);
    }

    /** Writes each source in its own syntax and in the other native ones; returns the written files. */
    private static List<Path> writeAll(Path dir, boolean allSyntaxes) {
        List<Path> out = new ArrayList<>();
        for (String name : SOURCES) {
            DicomFile f = DicomReader.create().read(SharedData.dicomCorpus().resolve(name));
            Path own = dir.resolve(name);
            DicomWriter.write(own, f.dataset(), f.transferSyntax());
            out.add(own);
            if (allSyntaxes && !f.transferSyntax().encapsulatedPixelData()) {
                for (TransferSyntax ts : List.of(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN,
                        TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN)) {
                    Path p = dir.resolve(ts.uid() + "_" + name);
                    DicomWriter.write(p, f.dataset(), ts);
                    out.add(p);
                }
            }
        }
        return out;
    }

    @Test
    void pydicomReadsTheValuesWeWrote(@TempDir Path dir) throws Exception {
        assumeTool(available("/usr/bin/python3", "-c", "import pydicom"),
                "/usr/bin/python3 with pydicom is not installed (apt-get install python3-pydicom)");
        List<Path> files = writeAll(dir, true);
        Path script = dir.resolve("pydicom_to_json.py");
        try (var in = InteropTest.class.getResourceAsStream("pydicom_to_json.py")) {
            Files.copy(in, script);
        }
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
        files.forEach(f -> cmd.add(f.toString()));
        Run r = run(cmd);
        assertThat(r.exitCode()).as(r.err()).isZero();
        String[] lines = r.out().split("\n");
        assertThat(lines).hasSize(files.size());
        ObjectMapper json = new ObjectMapper();
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            DicomFile ours = DicomReader.create().read(files.get(i));
            // Implicit VR keeps no VR for private elements: pydicom types them from its private dictionary, we say UN
            DicomJsonComparator c = new DicomJsonComparator(Set.of(), true);
            JsonNode theirs = json.readTree(lines[i]);
            JsonNode mine = json.readTree(DicomJson.toJson(ours.dataset()));
            // pydicom is the expectation; bulk values as read by each side from the written file
            c.compareDataset(theirs, mine, files.get(i).getFileName() + ":", true);
            differences.addAll(c.differences());
        }
        assertThat(differences).isEmpty();
    }

    @Test
    void dcmdumpReadsWhatWeWrote(@TempDir Path dir) throws Exception {
        assumeTool(available("dcmdump", "--version"), "dcmtk's dcmdump is not installed (apt-get install dcmtk)");
        for (Path f : writeAll(dir, true)) {
            Run r = run(List.of("dcmdump", "-q", f.toString()));
            assertThat(r.exitCode()).as(f + ": " + r.err()).isZero();
            assertThat(r.err()).as(f.toString()).doesNotContain("E:");
            DicomDataset ds = DicomReader.create().read(f).dataset();
            assertThat(r.out()).as(f.toString()).contains(ds.getString(Tag.SOPInstanceUID).orElseThrow());
        }
    }

    @Test
    void dciodvfyFindsNoErrorsWhereTheSourceIodIsComplete(@TempDir Path dir) throws Exception {
        assumeTool(available("sh", "-c", "command -v dciodvfy"),
                "dicom3tools' dciodvfy is not installed (apt-get install dicom3tools)");
        int checked = 0;
        for (Path written : writeAll(dir, false)) {
            Path source = SharedData.dicomCorpus().resolve(written.getFileName().toString());
            if (errors(source) > 0) {
                continue; // the source's IOD is incomplete: nothing to prove
            }
            for (TransferSyntax ts : List.of(TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN)) {
                DicomFile f = DicomReader.create().read(written);
                if (f.transferSyntax().encapsulatedPixelData()) {
                    ts = f.transferSyntax();
                }
                Path p = dir.resolve("v_" + written.getFileName());
                DicomWriter.write(p, f.dataset(), ts);
                assertThat(errorLines(p)).as(p + " in " + ts.name()).isEmpty();
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(6);
    }

    private static int errors(Path file) throws Exception {
        return errorLines(file).size();
    }

    private static List<String> errorLines(Path file) throws Exception {
        Run r = run(List.of("dciodvfy", file.toString()));
        List<String> out = new ArrayList<>();
        for (String line : (r.out() + "\n" + r.err()).split("\n")) {
            if (line.startsWith("Error")) {
                out.add(line);
            }
        }
        return out;
    }
}
