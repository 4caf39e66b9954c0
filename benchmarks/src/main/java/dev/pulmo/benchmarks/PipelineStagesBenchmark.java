package dev.pulmo.benchmarks;

import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.Info;
import dev.pulmo.api.plugin.ModalityCatalog;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.cocojson.GuidelineJson;
import dev.pulmo.cocojson.GuidelineJsonValidator;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.DatasetScanner;
import dev.pulmo.dataset.ImageFiles;
import dev.pulmo.dataset.ImageInputs;
import dev.pulmo.dataset.ImagePipeline;
import dev.pulmo.dataset.MaskExporter;
import dev.pulmo.dataset.TreeReader;
import dev.pulmo.dicom.mask.BinaryMaskDicom;
import dev.pulmo.dicom.mask.MaskImage;
import dev.pulmo.geometry.BinaryMask;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.ServiceLoader;
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
 * The per-image pipeline stage by stage, single-threaded, on the images with masks of a generated CT tree (system
 * property {@code pulmo.bench.tree}, default {@code /tmp/ct5000}, as {@code ConvertAtScale} writes it), each call on
 * the next image in turn. Where the time of {@code pulmo convert} and {@code pulmo validate} goes, per image:
 * {@code readHeader} (open, parse up to the pixel data, measure it), {@code readMaskFile} (the file's bytes),
 * {@code parseMask} (DICOM header of the mask and its pixels packed), {@code exportRule} (trace and annotations of one
 * mask), {@code validateModel} (the JSON rules on the model, no text), {@code writeJson} (the JSON text),
 * {@code convertImage} (all of convert's per-image work on inputs in memory), {@code checkImage} (validate's).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class PipelineStagesBenchmark {
    private static final Info INFO = new Info("bench", "1.0", "pulmo", "2026-01-01 00-00-00");

    private final List<ImageFiles> images = new ArrayList<>();
    private final List<ImageInputs> inputs = new ArrayList<>();
    private final List<byte[]> maskBytes = new ArrayList<>();
    private final List<BinaryMask> masks = new ArrayList<>();
    private final List<AnnotationFile> converted = new ArrayList<>();
    private ImagePipeline pipeline;
    private GuidelineJsonValidator validator;
    private ModalityPlugin plugin;
    private final TreeReader reader = TreeReader.local();
    private int next;

    @Setup
    public void load() throws IOException {
        Path tree = Path.of(System.getProperty("pulmo.bench.tree", "/tmp/ct5000"));
        ModalityCatalog catalog = ModalityCatalog.of(ServiceLoader.load(ModalityPlugin.class).stream().map(ServiceLoader.Provider::get).toList());
        DatasetLayout layout = DatasetLayout.of(tree, catalog);
        plugin = layout.plugin("CCT");
        pipeline = ImagePipeline.of(catalog);
        validator = GuidelineJsonValidator.of(catalog);
        new DatasetScanner(layout).scan(s -> s.images().stream().filter(ImageFiles::hasMasks).limit(20).forEach(images::add));
        if (images.isEmpty()) {
            throw new IllegalStateException("no images with masks under " + tree + " (run ConvertAtScale)");
        }
        for (ImageFiles image : images.subList(0, Math.min(400, images.size()))) {
            ImageInputs in = ImageInputs.read(image, EnumSet.allOf(ImageInputs.Part.class), reader);
            inputs.add(in);
            Path mask = image.masks().values().iterator().next();
            maskBytes.add(reader.readAllBytes(mask));
            MaskImage m = BinaryMaskDicom.read(reader.readAllBytes(mask), mask.toString());
            masks.add(BinaryMask.fromPackedRows(m.packedRowsView(), m.columns(), m.rows()));
            converted.add(pipeline.convert(in, INFO, "bench").file().orElseThrow());
        }
    }

    private int nextIndex() {
        int i = next;
        next = (next + 1) % inputs.size();
        return i;
    }

    @Benchmark
    public Object readHeader() {
        return reader.readDicomHeader(images.get(nextIndex()).dicom());
    }

    @Benchmark
    public Object readMaskFile() throws IOException {
        return reader.readAllBytes(images.get(nextIndex()).masks().values().iterator().next());
    }

    @Benchmark
    public Object parseMask() {
        int i = nextIndex();
        MaskImage m = BinaryMaskDicom.read(maskBytes.get(i).clone(), "mask");
        return BinaryMask.fromPackedRows(m.packedRowsView(), m.columns(), m.rows());
    }

    @Benchmark
    public Object exportRule() {
        return MaskExporter.export(masks.get(nextIndex()), plugin.exportRule(), 1, 1, 1, "bench", "mask");
    }

    @Benchmark
    public Object validateModel() {
        return validator.validate(converted.get(nextIndex()), "image.json");
    }

    @Benchmark
    public Object writeJson() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        GuidelineJson.write(converted.get(nextIndex()), out);
        return out;
    }

    @Benchmark
    public Object convertImage() {
        return pipeline.convert(inputs.get(nextIndex()), INFO, "bench");
    }

    @Benchmark
    public Object checkImage() {
        return pipeline.check(inputs.get(nextIndex()));
    }
}
