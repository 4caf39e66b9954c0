package dev.pulmo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.DicomWriter;
import dev.pulmo.dicom.TransferSyntax;
import dev.pulmo.dicom.pixel.PixelData;
import dev.pulmo.testing.ExternalTools;
import dev.pulmo.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pulmo pixels}: every corpus file in one run, each .npy loaded by numpy and compared with pydicom's
 * {@code pixel_array} by {@code src/test/python/compare_npy.py} (dtype, shape, values); several files with bad ones
 * among them; one frame; names that must stay inside the output folder.
 */
class PixelsCommandTest {
    private static final Path CORPUS = SharedData.dicomCorpus();
    /** Float Pixel Data (7FE0,0008) is not supported by dev.pulmo.dicom.pixel; pydicom reads it. */
    private static final Set<String> NOT_SUPPORTED = Set.of("parametric_map_float.dcm");

    private static DumpCommandTest.Run run(String... args) {
        return DumpCommandTest.run(args);
    }

    private static boolean hasPydicom() {
        return ExternalTools.has("/usr/bin/python3", "-c", "import pydicom, numpy");
    }

    private static JsonNode compare(List<String> dicomAndNpy) throws Exception {
        Path script = SharedData.repositoryRoot().resolve("sdk-cli/src/test/python/compare_npy.py");
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", script.toString()));
        command.addAll(dicomAndNpy);
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return new ObjectMapper().readTree(out);
    }

    /**
     * Every corpus file pydicom decodes here: when we write it, numpy.load equals pydicom's pixel_array; when we do
     * not, the file is one our reader rejects (MANIFEST), has no image pixels, is in a syntax {@code PixelData} says
     * it cannot decode (none in the corpus since JPEG 2000 is decoded: its three files are compared, and must be), or
     * has Float Pixel Data.
     */
    @Test
    void everyCorpusFileEqualsPydicomsPixelArray(@TempDir Path dir) throws Exception {
        assumeTrue(hasPydicom(), "pydicom is not installed (apt-get install python3-pydicom python3-numpy"
                + " python3-pil python3-gdcm): .npy files not compared");
        List<String> names;
        try (Stream<Path> files = Files.list(CORPUS)) {
            names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".dcm")).sorted().toList();
        }
        List<String> args = new ArrayList<>(List.of("pixels", "--out", dir.toString()));
        names.forEach(n -> args.add(CORPUS.resolve(n).toString()));
        DumpCommandTest.Run r = run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isEqualTo(ExitCodes.FINDINGS);

        Map<String, String> manifest = new TreeMap<>();
        for (String line : Files.readAllLines(CORPUS.resolve("MANIFEST.tsv")).subList(1, 54)) {
            String[] cols = line.split("\t", -1);
            manifest.put(cols[0], cols[4]);
        }
        List<String> pairs = new ArrayList<>();
        for (String n : names) {
            pairs.add(CORPUS.resolve(n).toString());
            pairs.add(dir.resolve(n.substring(0, n.length() - 4) + ".npy").toString());
        }
        JsonNode report = compare(pairs);
        List<String> problems = new ArrayList<>();
        int equal = 0;
        for (String n : names) {
            String verdict = report.get(n).asText();
            boolean written = Files.isRegularFile(dir.resolve(n.substring(0, n.length() - 4) + ".npy"));
            if (verdict.startsWith("pydicom cannot decode")) {
                continue;
            }
            if (written) {
                if (verdict.equals("equal")) {
                    equal++;
                } else {
                    problems.add(n + ": " + verdict);
                }
            } else if (!manifest.get(n).equals("reject") && !NOT_SUPPORTED.contains(n) && decodable(n)) {
                problems.add(n + ": pydicom decodes it but pulmo pixels wrote nothing: " + lineAbout(r.err(), n));
            }
        }
        assertThat(problems).isEmpty();
        // JPEG 2000: lossy signed (.91), 10 frames lossless (.90), gdcmconv's 512 x 512 CT (.90); pydicom via GDCM
        for (String j2k : List.of("JPEG2000.dcm", "emri_small_jpeg_2k_lossless.dcm", "explicit_VR-UN.dcm")) {
            assertThat(report.get(j2k).asText()).as(j2k).isEqualTo("equal");
        }
        // native 1/8/16/32-bit, big endian, RLE, JPEG baseline (YBR converted to RGB), 12-bit JPEG, JPEG Lossless,
        // JPEG-LS, deflated, multi-frame SEGs...
        assertThat(equal).isGreaterThanOrEqualTo(30);
        assertThat(r.out()).contains(dir.resolve("JPGExtended.npy") + ": <u2 (1, 1024, 256) from ");
    }

    /** Whether PixelData claims the file's transfer syntax. */
    private static boolean decodable(String name) {
        try {
            DicomFile f = DicomReader.create().read(CORPUS.resolve(name));
            return PixelData.from(f).isDecodable();
        } catch (RuntimeException e) {
            return false; // no Pixel Data, no Image Pixel module: not an image
        }
    }

    private static String lineAbout(String err, String name) {
        return err.lines().filter(l -> l.contains(name)).findFirst().orElse("(no message)");
    }

    @Test
    void severalFilesInOneRunGoOnPastBadOnes(@TempDir Path dir) throws IOException {
        Path notDicom = dir.resolve("notes.dcm");
        Files.writeString(notDicom, "not a DICOM file");
        Path out = dir.resolve("out");
        DumpCommandTest.Run r = run("pixels", CORPUS.resolve("CT_small.dcm").toString(), notDicom.toString(),
                CORPUS.resolve("MR_truncated.dcm").toString(), CORPUS.resolve("JPGExtended.dcm").toString(),
                "--out", out.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        try (Stream<Path> written = Files.list(out)) {
            // nothing half-written, no temporary file left
            assertThat(written.map(p -> p.getFileName().toString()).sorted()).containsExactly("CT_small.npy",
                    "JPGExtended.npy");
        }
        assertThat(r.err()).contains("pulmo pixels: " + notDicom.toAbsolutePath() + " @0x0: not a DICOM file").contains("MR_truncated.dcm @0x5D0 (7FE0,0010)");
        assertThat(r.out()).contains(out.resolve("CT_small.npy") + ": <i2 (1, 128, 128) from ");

        DumpCommandTest.Run missing = run("pixels", dir.resolve("absent.dcm").toString(),
                CORPUS.resolve("CT_small.dcm").toString(), "--out", dir.resolve("out2").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
        assertThat(missing.err()).contains("absent.dcm: no such file");
        assertThat(dir.resolve("out2/CT_small.npy")).isRegularFile();
    }

    @Test
    void oneFrameOfAMultiFrameFile(@TempDir Path dir) throws Exception {
        Path npy = dir.resolve("dose3.npy");
        DumpCommandTest.Run r = run("pixels", CORPUS.resolve("rtdose.dcm").toString(), "--out", npy.toString(),
                "--frame", "3");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(npy + ": <u4 (1, 10, 10) from " + CORPUS.resolve("rtdose.dcm")
                + System.lineSeparator());
        if (hasPydicom()) {
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import sys, numpy, pydicom;"
                    + "a = numpy.load(sys.argv[1]); b = pydicom.dcmread(sys.argv[2]).pixel_array[3];"
                    + "print(a.shape == (1,) + b.shape and a.dtype == b.dtype and (a[0] == b).all())",
                    npy.toString(), CORPUS.resolve("rtdose.dcm").toString()).redirectErrorStream(true).start();
            assertThat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim()).isEqualTo("True");
        }
        DumpCommandTest.Run outOfRange = run("pixels", CORPUS.resolve("rtdose.dcm").toString(), "--out",
                dir.resolve("x.npy").toString(), "--frame", "15");
        assertThat(outOfRange.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(outOfRange.err()).contains("--frame 15 but the file has 15 frame(s), 0 to 14");
        assertThat(dir.resolve("x.npy")).doesNotExist();
    }

    @Test
    void outputNamesStayInsideTheFolder(@TempDir Path dir) throws IOException {
        assertThat(PixelsCommand.outputName(Path.of("/a/b/ct_1.dcm"))).isEqualTo("ct_1.npy");
        assertThat(PixelsCommand.outputName(Path.of("scan.DCM"))).isEqualTo("scan.npy");
        assertThat(PixelsCommand.outputName(Path.of("/x/IM0001"))).isEqualTo("IM0001.npy");
        assertThat(PixelsCommand.outputName(Path.of("/x/.dcm"))).isNull();
        assertThat(PixelsCommand.outputName(Path.of("/x/.."))).isNull();
        assertThat(PixelsCommand.outputName(Path.of("/"))).isNull();

        // the same name from two folders: the second is not written over the first
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        Files.copy(CORPUS.resolve("CT_small.dcm"), a.resolve("x.dcm"));
        Files.copy(CORPUS.resolve("MR_small.dcm"), b.resolve("x.dcm"));
        Path out = dir.resolve("out");
        DumpCommandTest.Run r = run("pixels", a.resolve("x.dcm").toString(), b.resolve("x.dcm").toString(),
                "--out", out.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
        assertThat(r.err()).contains(b.resolve("x.dcm") + ": " + out.resolve("x.npy") + " is already written for "
                + a.resolve("x.dcm"));
        try (Stream<Path> written = Files.walk(dir.resolve("out"))) {
            assertThat(written.filter(Files::isRegularFile).toList()).containsExactly(out.resolve("x.npy"));
        }
    }

    @Test
    void aJpegStreamContradictingItsSyntaxIsDecodedWithAWarning(@TempDir Path dir) {
        // JPGExtended.dcm's 12-bit extended stream, relabelled JPEG Lossless
        DicomFile original = DicomReader.create().read(CORPUS.resolve("JPGExtended.dcm"));
        Path relabelled = dir.resolve("relabelled.dcm");
        DicomWriter.write(relabelled, original.dataset(), TransferSyntax.of("1.2.840.10008.1.2.4.70"));
        DumpCommandTest.Run r = run("pixels", relabelled.toString(), "--out", dir.resolve("r.npy").toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEqualTo("pulmo pixels: warning: " + relabelled + ": the transfer syntax is JPEG Lossless,"
                + " Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1]) (1.2.840.10008.1.2.4.70)"
                + " but its frame holds a 12-bit extended sequential DCT (Process 4, FF C1) stream; decoded as the"
                + " stream says" + System.lineSeparator());
    }

    @Test
    void usageErrors(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        DumpCommandTest.Run two = run("pixels", CORPUS.resolve("CT_small.dcm").toString(),
                CORPUS.resolve("MR_small.dcm").toString(), "--out", file.toString());
        assertThat(two.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
        // with several FILEs, --out names a folder: the shared --out check says so
        assertThat(two.err()).startsWith("pulmo: --out " + file + ": expected a folder to write, found a file");
        DumpCommandTest.Run negative = run("pixels", CORPUS.resolve("CT_small.dcm").toString(), "--out",
                dir.resolve("n.npy").toString(), "--frame", "-1");
        assertThat(negative.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
        DumpCommandTest.Run none = run("pixels", "--out", dir.toString());
        assertThat(none.exitCode()).isEqualTo(ExitCodes.USAGE_OR_IO);
    }
}
