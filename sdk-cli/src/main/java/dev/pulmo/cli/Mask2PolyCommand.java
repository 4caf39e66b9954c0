package dev.pulmo.cli;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.io.AtomicFiles;
import dev.pulmo.api.plugin.ExportRule;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.dataset.ImageInputs;
import dev.pulmo.dataset.ImagePipeline;
import dev.pulmo.dataset.MaskPolygons;
import dev.pulmo.dataset.TreeReader;
import dev.pulmo.geometry.BinaryMask;
import dev.pulmo.geometry.TraceOptions;
import dev.pulmo.runtime.PluginRegistry;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.apache.commons.imaging.ImageFormat;
import org.apache.commons.imaging.ImageFormats;
import org.apache.commons.imaging.Imaging;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pulmo mask2poly}: binary masks to polygons, one per 8-connected component. */
@Command(name = "mask2poly",
        header = "Turn binary mask images into polygons (GeoJSON, COCO or guideline JSON).",
        description = {"Reads masks from PNG files of any bit depth (any non-zero sample is foreground) and traces "
                + "one polygon per 8-connected component along pixel edges, with its holes, in pixel coordinates "
                + "((0,0) is the top-left corner of the top-left pixel). Exact by default: each polygon's area is "
                + "its pixel count. A component whose parts meet only at pixel corners is a MultiPolygon of its "
                + "4-connected parts.",
                "With one FILE and no --out, prints to standard output; with --out DIR, writes "
                + "DIR/<name>.geojson (or .json for coco and guideline) per input.",
                "geojson: a FeatureCollection, one Feature per component with properties pixel_area, polygon_area "
                + "and bbox [x1,y1,x2,y2]. coco: COCO images/annotations/categories with bbox [x,y,w,h], one outer "
                + "ring per 4-connected part in segmentation (COCO polygons hold no holes) and area = pixel count. "
                + "guideline: the dataset's JSON (SPEC.md §3) with the modality's export rule (--modality, --category).",
                "Binary DICOM masks (the guideline's *_binary.dcm) are read as well."},
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every input converted", "2:usage error, unreadable or unsupported input (mask.unreadable)"})
final class Mask2PolyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Mask images (PNG).")
    List<Path> files;

    @Mixin
    OutOption outOption = OutOption.of("DIR", "Write one file per input into DIR instead of standard output.");

    @Mixin
    FormatOption format = FormatOption.of(OutputFormat.geojson, OutputFormat.coco, OutputFormat.guideline);

    /** --out, checked; null for standard output. */
    private Path outDir;

    @Option(names = "--simplify", paramLabel = "PX", description = "Simplify outlines with this tolerance in pixels "
            + "(topology-preserving; default 0 = exact, or the modality's rule for guideline).")
    Double simplifyPixels;

    @Option(names = "--min-area", paramLabel = "PX", description = "Drop components with fewer pixels "
            + "(default 0, or the modality's rule for guideline).")
    Long minAreaPixels;

    @Option(names = "--modality", paramLabel = "<code>", defaultValue = "CCT",
            description = "guideline format: modality code whose categories and export rule apply (default: ${DEFAULT-VALUE}).")
    String modalityCode;

    @Option(names = "--category", paramLabel = "<id>", defaultValue = "1",
            description = "guideline and coco formats: category id of every annotation (default: ${DEFAULT-VALUE}).")
    int categoryId;

    @Mixin
    PluginOptions plugins;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        outDir = outOption.folder();
        if (outDir == null && files.size() > 1) {
            err.println("pulmo mask2poly: " + files.size() + " inputs need --out DIR (standard output takes one)");
            return ExitCodes.USAGE_OR_IO;
        }
        if (!format.is(OutputFormat.guideline)) {
            return convert(null);
        }
        try (PluginRegistry registry = plugins.open()) {
            ModalityPlugin plugin = registry.catalog().find(modalityCode).orElse(null);
            if (plugin == null || plugin.categoryTable().byId(categoryId).isEmpty()) {
                err.println("pulmo mask2poly: unknown modality " + modalityCode + " or category " + categoryId);
                return ExitCodes.USAGE_OR_IO;
            }
            return convert(plugin);
        }
    }

    private int convert(ModalityPlugin plugin) throws IOException {
        ExportRule base = plugin == null ? ExportRule.polygons() : plugin.exportRule();
        ExportRule rule = new ExportRule(base.geometry(), simplifyPixels != null ? simplifyPixels : plugin == null ? 0 : base.simplifyTolerancePixels(),
                minAreaPixels != null ? minAreaPixels : plugin == null ? 0 : base.minComponentAreaPixels(), base.area());
        TraceOptions options = new TraceOptions(rule.simplifyTolerancePixels(), rule.minComponentAreaPixels());
        MaskPolygons.Format kind = switch (format.value()) {
            case geojson -> MaskPolygons.Format.GEOJSON;
            case coco -> MaskPolygons.Format.COCO;
            case guideline -> MaskPolygons.Format.GUIDELINE;
            default -> throw new IllegalStateException("not a format of mask2poly: " + format.value());
        };
        if (outDir != null) {
            Files.createDirectories(outDir);
        }
        TreeReader reader = TreeReader.local();
        // with --out DIR nothing else is printed per mask: many masks show the progress line
        Progress progress = outDir != null && files.size() > 1 ? new Progress(spec.commandLine().getErr(), "mask2poly", "masks", files::size) : null;
        try (AtomicFiles.Batch batch = AtomicFiles.batch()) {
            for (Path file : files) {
                List<Finding> unreadable = new ArrayList<>();
                Optional<BinaryMask> read = readMask(file, reader, unreadable);
                if (read.isEmpty()) {
                    if (progress != null) {
                        progress.interrupted(); // the message starts on a line of its own
                    }
                    // nothing is written: the batch is not committed
                    unreadable.forEach(f -> spec.commandLine().getErr().println("pulmo mask2poly: " + FindingsReport.textLine(f)));
                    return ExitCodes.USAGE_OR_IO;
                }
                BinaryMask mask = read.get();
                String name = file.getFileName().toString();
                if (outDir == null) {
                    OutputStream stdout = new ByteArrayOutputStream();
                    MaskPolygons.write(mask, name, kind, options, plugin, rule, categoryId, stdout);
                    spec.commandLine().getOut().print(((ByteArrayOutputStream) stdout).toString(StandardCharsets.UTF_8));
                    spec.commandLine().getOut().flush();
                } else {
                    String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
                    Path target = outDir.resolve(stem + (format.is(OutputFormat.geojson) ? ".geojson" : ".json"));
                    batch.write(target, out -> MaskPolygons.write(mask, name, kind, options, plugin, rule, categoryId, out));
                    if (progress != null) {
                        progress.step(true);
                    }
                }
            }
            batch.commit();
            if (progress != null) {
                progress.finish();
            }
        }
        return ExitCodes.OK;
    }

    /**
     * A PNG mask of any bit depth, or a binary DICOM mask (SPEC.md §4: 1-, 8- or 16-bit; any non-zero sample is
     * foreground), read once through {@code reader} as the tree commands read masks ({@link ImageInputs#readMaskBytes},
     * {@link ImageInputs#decodeMask}: the same size and regular-file checks, the same messages); when it cannot be
     * read, empty and a finding {@value ImagePipeline#MASK_UNREADABLE} naming the file. Commons Imaging identifies PNG;
     * the JDK's PNG decoder reads the samples, because Commons Imaging 1.0.0-alpha5 scales 16-bit samples down to 8
     * bits, which turns a 16-bit mask holding 1s into an empty one.
     */
    static Optional<BinaryMask> readMask(Path file, TreeReader reader, List<Finding> findings) {
        Optional<byte[]> bytes = ImageInputs.readMaskBytes(file, reader, findings);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        if (isDicom(bytes.get(), file)) {
            return ImageInputs.decodeMask(bytes.get(), file, findings)
                    .map(m -> BinaryMask.fromPackedRows(m.packedRowsView(), m.columns(), m.rows()));
        }
        try {
            return Optional.of(readPng(bytes.get()));
        } catch (IOException e) {
            findings.add(Finding.error(ImagePipeline.MASK_UNREADABLE, Location.ofFile(file.toString()), e.getMessage()));
            return Optional.empty();
        }
    }

    /** A PNG's samples as a mask; the exception's message says what is wrong (the finding names the file). */
    private static BinaryMask readPng(byte[] bytes) throws IOException {
        ImageFormat detected;
        try {
            detected = Imaging.guessFormat(bytes);
        } catch (IOException | RuntimeException e) {
            throw new IOException("neither a PNG image nor a DICOM file (" + e.getMessage() + ")", e);
        }
        if (detected != ImageFormats.PNG) {
            throw new IOException("neither a PNG image nor a DICOM file (detected " + detected.getName() + ")");
        }
        // issue 20: a huge image would exhaust the heap
        long budget = Runtime.getRuntime().maxMemory() / 4;
        BufferedImage image;
        // a memory cache: ImageIO's default file cache would write a temporary file per mask
        try (javax.imageio.stream.ImageInputStream in = new javax.imageio.stream.MemoryCacheImageInputStream(new java.io.ByteArrayInputStream(bytes))) {
            java.util.Iterator<javax.imageio.ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException("PNG could not be decoded");
            }
            javax.imageio.ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels * 4 > budget) {
                    throw new TooLarge("a PNG of " + reader.getWidth(0) + " x " + reader.getHeight(0)
                            + " pixels needs more than a quarter of the Java heap (" + budget + " bytes; raise -Xmx)");
                }
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (TooLarge e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new IOException("PNG could not be decoded: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new IOException("PNG could not be decoded");
        }
        return BinaryMask.fromImage(image);
    }

    /** A PNG too large for the heap: said as it is, not as "could not be decoded". */
    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message);
        }
    }

    /** A Part 10 file ("DICM" after the preamble), or a bare dataset named *.dcm. */
    private static boolean isDicom(byte[] bytes, Path file) {
        boolean part10 = bytes.length > 132 && bytes[128] == 'D' && bytes[129] == 'I' && bytes[130] == 'C' && bytes[131] == 'M';
        return part10 || file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".dcm");
    }
}
