package dev.pulmo.dicom.pixel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pulmo.dicom.DicomReader;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * JPEG 2000 and HTJ2K through {@link PixelData}: corpus files re-encoded by GDCM's {@code gdcmconv --j2k}
 * (lossless, so every frame must equal the native original read from the same corpus file), an RGB
 * file whose codestream carries the RCT, and HTJ2K codestreams of {@code ojph_compress} under the HTJ2K
 * transfer syntaxes. Skipped, with a message, where the tools are missing (Debian: libgdcm-tools,
 * openjph-tools).
 */
class J2kDicomTest {
    @TempDir
    Path folder;

    @ParameterizedTest
    @ValueSource(strings = {"CT_small.dcm", "MR_small.dcm", "examples_overlay.dcm", "dx_image.dcm",
        "SC_rgb_rle_2frame.dcm"})
    void gdcmconvJ2kFramesEqualTheOriginal(String name) throws IOException, InterruptedException {
        requireTool("gdcmconv", "libgdcm-tools");
        Path wrapped = folder.resolve(name);
        run("gdcmconv", "--j2k", PixelOracle.corpus().resolve(name).toString(), wrapped.toString());
        PixelData original = PixelOracle.pixels(name);
        PixelData j2k = PixelData.from(DicomReader.create().read(wrapped));
        assertThat(j2k.description().transferSyntaxUid()).isEqualTo("1.2.840.10008.1.2.4.90");
        assertThat(j2k.frameCount()).isEqualTo(original.frameCount());
        for (int k = 0; k < original.frameCount(); k++) {
            Frame decoded = j2k.frame(k);
            Frame expected = original.frame(k);
            assertThat(decoded.copySamples()).as(name + " frame " + k).isEqualTo(expected.copySamples());
            assertThat(decoded.photometricInterpretation().samplesPerPixel())
                    .isEqualTo(expected.samplesPerPixel());
        }
    }

    /** YBR_RCT: the codestream's RCT is inverted, the frame is RGB and equals the RGB original. */
    @Test
    void ybrRctFramesComeOutAsRgb() throws IOException, InterruptedException {
        requireTool("opj_compress", "libopenjp2-tools");
        PixelData original = PixelOracle.pixels("SC_rgb_rle_2frame.dcm");
        Frame rgb = original.frame(0);
        Path ppm = folder.resolve("rgb.ppm");
        Path stream = folder.resolve("rgb.j2k");
        writePpm(rgb, ppm);
        run("opj_compress", "-i", ppm.toString(), "-o", stream.toString());
        PixelDescription d = original.description();
        PixelDescription rct = new PixelDescription(d.rows(), d.columns(), 3, 8, 8, 7, false, 0,
                PhotometricInterpretation.YBR_RCT, 1, d.modalityLut(), d.windows(), "1.2.840.10008.1.2.4.90");
        Frame decoded = PixelData.ofEncodedFrames("rgb.j2k", rct, List.of(Files.readAllBytes(stream))).frame(0);
        assertThat(decoded.photometricInterpretation()).isEqualTo(PhotometricInterpretation.RGB);
        assertThat(decoded.copySamples()).isEqualTo(rgb.copySamples());
    }

    /** HTJ2K Lossless (…4.201), HTJ2K Lossless RPCL (…4.202): frames equal the native original. */
    @ParameterizedTest
    @ValueSource(strings = {"1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202"})
    void htj2kFramesEqualTheOriginal(String transferSyntax) throws IOException, InterruptedException {
        requireTool("ojph_compress", "openjph-tools");
        PixelData original = PixelOracle.pixels("examples_overlay.dcm");
        Frame frame = original.frame(0);
        Path pgm = folder.resolve("overlay.pgm");
        Path stream = folder.resolve("overlay.j2c");
        writePgm(frame, 4095, pgm);
        run("ojph_compress", "-i", pgm.toString(), "-o", stream.toString(), "-reversible", "true", "-prog_order",
                "RPCL");
        PixelDescription d = original.description();
        PixelDescription ht = new PixelDescription(d.rows(), d.columns(), 1, d.bitsAllocated(), d.bitsStored(),
                d.highBit(), false, 0, d.photometricInterpretation(), 1, d.modalityLut(), d.windows(), transferSyntax);
        Frame decoded = PixelData.ofEncodedFrames("overlay.j2c", ht, List.of(Files.readAllBytes(stream))).frame(0);
        assertThat(decoded.copySamples()).isEqualTo(frame.copySamples());
    }

    /**
     * HTJ2K (…4.203, lossy or lossless): an irreversible ojph_compress stream decodes to exactly what OpenJPEG's
     * opj_decompress gives (it decodes HT code-blocks); a JP2 file (the box format, opj_compress -o *.jp2) under
     * …4.90 equals the original.
     */
    @Test
    void lossyHtj2kEqualsOpenJpegAndJp2FilesAreRead() throws IOException, InterruptedException {
        requireTool("ojph_compress", "openjph-tools");
        requireTool("opj_decompress", "libopenjp2-tools");
        PixelData original = PixelOracle.pixels("examples_overlay.dcm");
        Frame frame = original.frame(0);
        Path pgm = folder.resolve("overlay.pgm");
        writePgm(frame, 4095, pgm);
        PixelDescription d = original.description();
        Path lossy = folder.resolve("lossy.j2c");
        run("ojph_compress", "-i", pgm.toString(), "-o", lossy.toString(), "-qstep", "0.01");
        Path reference = folder.resolve("lossy.rawl");
        run("opj_decompress", "-i", lossy.toString(), "-o", reference.toString());
        PixelDescription ht = new PixelDescription(d.rows(), d.columns(), 1, d.bitsAllocated(), d.bitsStored(),
                d.highBit(), false, 0, d.photometricInterpretation(), 1, d.modalityLut(), d.windows(),
                "1.2.840.10008.1.2.4.203");
        Frame decoded = PixelData.ofEncodedFrames("lossy.j2c", ht, List.of(Files.readAllBytes(lossy))).frame(0);
        int[] expected = readRawl(reference);
        assertThat(decoded.copySamples()).isEqualTo(expected);
        assertThat(expected).isNotEqualTo(frame.copySamples()); // lossy indeed

        requireTool("opj_compress", "libopenjp2-tools");
        Path jp2 = folder.resolve("overlay.jp2");
        run("opj_compress", "-i", pgm.toString(), "-o", jp2.toString());
        byte[] box = Files.readAllBytes(jp2);
        assertThat(new String(box, 4, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("jP  ");
        PixelDescription j2k = new PixelDescription(d.rows(), d.columns(), 1, d.bitsAllocated(), d.bitsStored(),
                d.highBit(), false, 0, d.photometricInterpretation(), 1, d.modalityLut(), d.windows(),
                "1.2.840.10008.1.2.4.90");
        assertThat(PixelData.ofEncodedFrames("overlay.jp2", j2k, List.of(box)).frame(0).copySamples())
                .isEqualTo(frame.copySamples());
    }

    /** Samples of 9-16 bits as opj_decompress writes them to a .rawl file: 16-bit little endian, row-major. */
    private static int[] readRawl(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        int[] samples = new int[bytes.length / 2];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (bytes[2 * i + 1] & 0xFF) << 8 | bytes[2 * i] & 0xFF;
        }
        return samples;
    }

    /** A codestream whose size disagrees with Rows/Columns is refused before anything is allocated. */
    @Test
    void streamOfAnotherSizeIsRefused() {
        PixelData pixels = PixelOracle.pixels("emri_small_jpeg_2k_lossless.dcm");
        PixelDescription d = pixels.description();
        PixelDescription smaller = new PixelDescription(32, 64, 1, 16, 12, 11, false, 0, d.photometricInterpretation(),
                1, d.modalityLut(), d.windows(), d.transferSyntaxUid());
        PixelData wrong = PixelData.ofEncodedFrames("small.dcm", smaller, List.of(pixels.encodedFrame(0)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> wrong.frame(0)).isInstanceOf(PixelDataException.class)
                .hasMessageStartingWith("small.dcm (7FE0,0010): frame 0: JPEG 2000 stream byte offset")
                .hasMessageContaining("holds 4096 samples (64x64, 1 components) but at most 2048 are expected");
    }

    private static void requireTool(String tool, String debianPackage) {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            found |= Files.isExecutable(Path.of(dir, tool));
        }
        assumeTrue(found, tool + " is not installed (Debian package " + debianPackage + "); skipped");
    }

    private void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(String.join(" ", command) + " finished").isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
    }

    private static void writePpm(Frame frame, Path file) throws IOException {
        byte[] header = ("P6\n" + frame.columns() + " " + frame.rows() + "\n255\n").getBytes();
        int[] samples = frame.copySamples();
        byte[] out = new byte[header.length + samples.length];
        System.arraycopy(header, 0, out, 0, header.length);
        for (int i = 0; i < samples.length; i++) {
            out[header.length + i] = (byte) samples[i];
        }
        Files.write(file, out);
    }

    private static void writePgm(Frame frame, int max, Path file) throws IOException {
        byte[] header = ("P5\n" + frame.columns() + " " + frame.rows() + "\n" + max + "\n").getBytes();
        int[] samples = frame.copySamples();
        byte[] out = new byte[header.length + 2 * samples.length];
        System.arraycopy(header, 0, out, 0, header.length);
        for (int i = 0; i < samples.length; i++) {
            out[header.length + 2 * i] = (byte) (samples[i] >> 8);
            out[header.length + 2 * i + 1] = (byte) samples[i];
        }
        Files.write(file, out);
    }
}
