package dev.pulmo.benchmarks;

import dev.pulmo.evaluation.CocoFiles;
import dev.pulmo.evaluation.CocoParams;
import dev.pulmo.evaluation.CocoSummary;
import dev.pulmo.evaluation.IouType;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * COCOeval-equivalent evaluation on the case {@code ../shared/testdata/eval/bench_case.py} makes (5,000 images × 100
 * predictions): {@code evaluate} (IoU and matching of every image) + {@code accumulate} + {@code summarize}, files
 * already loaded, as pycocotools' baseline figure in {@code ../shared/testdata/eval/README.md} counts it (18.3 s bbox,
 * 23.7 s segm on this machine kind; pycocotools cannot be installed here, so it is not timed in the same run).
 * {@code load} is {@code COCO(gt)} + {@code loadRes} (2.35 s and 5.05 s for pycocotools); ours decodes every mask
 * result there, where pycocotools decodes them again inside evaluate.
 *
 * <p>The case folder is {@code -Dpulmo.bench.eval=DIR} (made by {@code bench_case.py DIR}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class CocoEvalBenchmark {

    @Param({"bbox", "segm"})
    String iouType;

    private CocoFiles.GroundTruth groundTruth;
    private CocoFiles.Results results;
    private IouType type;
    private Path dir;

    @Setup
    public void prepare() {
        String where = System.getProperty("pulmo.bench.eval");
        if (where == null || !Files.isRegularFile(Path.of(where, "gt.json"))) {
            throw new IllegalStateException("-Dpulmo.bench.eval=DIR must name a folder made by ../shared/testdata/eval/bench_case.py DIR");
        }
        dir = Path.of(where);
        type = iouType.equals("segm") ? IouType.SEGM : IouType.BBOX;
        groundTruth = CocoFiles.readGroundTruth(dir.resolve("gt.json"));
        results = CocoFiles.readResults(dir.resolve("pred-" + iouType + ".json"), groundTruth, type);
    }

    /** evaluate + accumulate + summarize: the work of pycocotools' 18.3 s (bbox) and 23.7 s (segm). */
    @Benchmark
    public double[] evaluateAccumulateSummarize() {
        CocoSummary summary = CocoFiles.evaluate(groundTruth, results, type, CocoParams.defaults()).summarize();
        return summary.stats();
    }

    /** COCO(gt) + loadRes: reading both files (pycocotools: 2.35 s bbox, 5.05 s segm). */
    @Benchmark
    public Object load() {
        CocoFiles.GroundTruth gt = CocoFiles.readGroundTruth(dir.resolve("gt.json"));
        return CocoFiles.readResults(dir.resolve("pred-" + iouType + ".json"), gt, type);
    }
}
