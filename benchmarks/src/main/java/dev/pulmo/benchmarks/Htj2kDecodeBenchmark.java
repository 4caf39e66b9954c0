package dev.pulmo.benchmarks;

import dev.pulmo.dicom.pixel.Frame;
import dev.pulmo.dicom.pixel.ModalityLut;
import dev.pulmo.dicom.pixel.PhotometricInterpretation;
import dev.pulmo.dicom.pixel.PixelData;
import dev.pulmo.dicom.pixel.PixelDescription;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
 * The frames of {@link Jpeg2000DecodeBenchmark} coded with the HTJ2K block coder by OpenJPH's {@code ojph_compress
 * -reversible true} ({@code ct512.j2c}: the CT as unsigned 16-bit samples, HU + 1024; {@code cr2048.j2c}; made by
 * {@code benchmarks/run-j2k.sh}), decoded by
 * sdk-dicom on one thread; the script times OpenJPH's {@code ojph_expand} on the same files (jai-imageio has no
 * HT decoder).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Dpulmo.j2k.parallel=false")
public class Htj2kDecodeBenchmark {
    @Param({"ct512", "cr2048"})
    public String input;

    private PixelData pixels;

    @Setup
    public void load() throws IOException {
        Path folder = Path.of(System.getProperty("pulmo.j2k.dir", "/tmp/pulmo-bench-j2k"));
        byte[] stream = Files.readAllBytes(folder.resolve(input + ".j2c"));
        boolean ct = input.equals("ct512");
        int size = ct ? 512 : 2048;
        PixelDescription description = new PixelDescription(size, size, 1, 16, ct ? 16 : 12, ct ? 15 : 11, false, 0,
                PhotometricInterpretation.MONOCHROME2, 1, ModalityLut.IDENTITY, List.of(), "1.2.840.10008.1.2.4.201");
        pixels = PixelData.ofEncodedFrames(input, description, List.of(stream));
    }

    @Benchmark
    public Frame pulmo() {
        return pixels.frame(0);
    }
}
