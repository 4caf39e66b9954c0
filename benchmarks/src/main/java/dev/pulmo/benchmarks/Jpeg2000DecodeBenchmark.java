package dev.pulmo.benchmarks;

import dev.pulmo.dicom.pixel.Frame;
import dev.pulmo.dicom.pixel.ModalityLut;
import dev.pulmo.dicom.pixel.PhotometricInterpretation;
import dev.pulmo.dicom.pixel.PixelData;
import dev.pulmo.dicom.pixel.PixelDescription;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One lossless JPEG 2000 frame decoded by sdk-dicom ({@code PixelData.frame}) on one thread ({@code pulmo}, the
 * figure compared with OpenJPEG) and with its code-blocks spread over the common pool ({@code pulmoParallel}),
 * and by jai-imageio-jpeg2000 (the JDK-world peer); OpenJPEG's {@code opj_decompress -threads 1} is timed on the
 * same files by {@code benchmarks/run-j2k.sh}, which also makes the inputs: {@code ct512.j2k} (the corpus's
 * 512 x 512 16-bit CT, explicit_VR-UN.dcm, as gdcmconv wrote it) and {@code cr2048.j2k} (a 12-bit corpus image
 * tiled to 2048 x 2048, opj_compress defaults). Pass the folder with {@code -Dpulmo.j2k.dir=...}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class Jpeg2000DecodeBenchmark {
    @Param({"ct512", "cr2048"})
    public String input;

    private PixelData pixels;
    private byte[] stream;

    @Setup
    public void load() throws IOException {
        Path folder = Path.of(System.getProperty("pulmo.j2k.dir", "/tmp/pulmo-bench-j2k"));
        stream = Files.readAllBytes(folder.resolve(input + ".j2k"));
        boolean ct = input.equals("ct512");
        int size = ct ? 512 : 2048;
        PixelDescription description = new PixelDescription(size, size, 1, 16, ct ? 16 : 12, ct ? 15 : 11, ct, 0,
                PhotometricInterpretation.MONOCHROME2, 1, ModalityLut.IDENTITY, List.of(), "1.2.840.10008.1.2.4.90");
        pixels = PixelData.ofEncodedFrames(input, description, List.of(stream));
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = "-Dpulmo.j2k.parallel=false")
    public Frame pulmo() {
        return pixels.frame(0);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = "-Dpulmo.j2k.parallel=true")
    public Frame pulmoParallel() {
        return pixels.frame(0);
    }

    @Benchmark
    public Raster jaiImageio() throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg2000");
        ImageReader reader = readers.next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(stream))) {
            reader.setInput(in);
            return reader.readRaster(0, null);
        } finally {
            reader.dispose();
        }
    }
}
