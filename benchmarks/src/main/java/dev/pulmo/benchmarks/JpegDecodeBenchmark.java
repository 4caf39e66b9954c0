package dev.pulmo.benchmarks;

import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.pixel.PixelData;
import dev.pulmo.dicom.pixel.PixelDescription;
import dev.pulmo.dicom.pixel.internal.FrameRef;
import dev.pulmo.dicom.pixel.internal.JpegDctDecoder;
import dev.pulmo.dicom.pixel.internal.JpegFrameDecoder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to decode one 512 x 512 CT frame of DCT JPEG, single-threaded: {@code run-pixels.sh} makes the files with
 * dcmtk's {@code dcmcjpeg} from a {@code gen_dicom.py} slice ({@code baseline8.dcm}: +eb, {@code extended12.dcm}:
 * +ee +bt) in the folder of system property {@code pulmo.bench.jpeg} (default {@code /tmp/pulmo-bench-pixels}).
 *
 * <p>In-process peer: the JDK's ImageIO JPEG reader (native libjpeg; libjpeg-turbo on Debian), 8-bit only, which
 * {@code PixelData} uses for 8-bit streams. 12-bit streams have no in-JVM peer; {@code run-pixels.sh} times them
 * against pydicom + GDCM as whole processes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class JpegDecodeBenchmark {
    private PixelDescription baseline8;
    private byte[] baseline8Frame;
    private PixelDescription extended12;
    private byte[] extended12Frame;
    private final FrameRef ref = new FrameRef("bench", 0);

    @Setup
    public void read() {
        Path dir = Path.of(System.getProperty("pulmo.bench.jpeg", "/tmp/pulmo-bench-pixels"));
        PixelData b = PixelData.from(DicomReader.create().read(dir.resolve("baseline8.dcm")));
        baseline8 = b.description();
        baseline8Frame = b.encodedFrame(0);
        PixelData e = PixelData.from(DicomReader.create().read(dir.resolve("extended12.dcm")));
        extended12 = e.description();
        extended12Frame = e.encodedFrame(0);
    }

    @Benchmark
    public int[] baseline8Ours() {
        return JpegDctDecoder.decode(baseline8, baseline8Frame, ref);
    }

    @Benchmark
    public int[] baseline8JdkImageIo() {
        return JpegFrameDecoder.decode(baseline8, baseline8Frame, ref);
    }

    @Benchmark
    public int[] extended12Ours() {
        return JpegDctDecoder.decode(extended12, extended12Frame, ref);
    }
}
