package dev.pulmo.benchmarks;

import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomElement;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.VR;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Time per file of a DICOM header scan over the {@code gen_dicom.py} folder (system property
 * {@code pulmo.bench.dicom}, default {@code /tmp/pulmo-bench-dicom/files}), each call reading the next file in
 * turn, single-threaded, as {@code dicom_peers.py} times pydicom.
 *
 * <p>Peers: {@code headerScan} ↔ pydicom {@code dcmread(stop_before_pixels=True)} (values left encoded, as pydicom
 * leaves them raw) and dcmtk {@code dcmdump +sb PixelData}; {@code headerScanAllValues} ↔ the same plus every
 * element's value decoded ({@code iterall()}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class DicomHeaderScanBenchmark {

    private static final DicomReader HEADER = DicomReader.create().withStopBeforePixelData(true);

    private Path[] files;
    private int next;

    @Setup
    public void list() throws IOException {
        Path dir = Path.of(System.getProperty("pulmo.bench.dicom", "/tmp/pulmo-bench-dicom/files"));
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".dcm")).sorted().toArray(Path[]::new);
        }
        if (files.length == 0) {
            throw new UncheckedIOException(new IOException("no .dcm files in " + dir + " (run gen_dicom.py)"));
        }
    }

    private Path nextFile() {
        Path p = files[next];
        next = (next + 1) % files.length;
        return p;
    }

    @Benchmark
    public Object headerScan() {
        return HEADER.read(nextFile()).dataset();
    }

    @Benchmark
    public void headerScanAllValues(Blackhole bh) {
        decodeAll(HEADER.read(nextFile()).dataset(), bh);
    }

    private static void decodeAll(DicomDataset ds, Blackhole bh) {
        for (DicomElement e : ds.elements()) {
            if (e.vr() == VR.SQ) {
                for (DicomDataset item : e.items()) {
                    decodeAll(item, bh);
                }
            } else if (e.vr() == VR.PN) {
                bh.consume(e.personNames());
            } else if (e.vr().isText() || e.vr().isBinaryNumber()) {
                bh.consume(e.strings());
            } else {
                bh.consume(e.bytes());
            }
        }
    }
}
