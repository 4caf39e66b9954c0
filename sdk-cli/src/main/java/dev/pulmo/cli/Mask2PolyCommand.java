package dev.pulmo.cli;

import dev.pulmo.api.Annotation;
import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.BoundingBox;
import dev.pulmo.api.GuidelineDates;
import dev.pulmo.api.ImageRecord;
import dev.pulmo.api.Info;
import dev.pulmo.api.Segmentation;
import dev.pulmo.api.plugin.ExportRule;
import dev.pulmo.api.plugin.GeometryKind;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.cocojson.GuidelineJson;
import dev.pulmo.geometry.BinaryMask;
import dev.pulmo.geometry.MaskTracer;
import dev.pulmo.geometry.TraceOptions;
import dev.pulmo.geometry.TracedComponent;
import dev.pulmo.runtime.PluginRegistry;
import dev.pulmo.api.io.AtomicFiles;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.mask.BinaryMaskDicom;
import dev.pulmo.dicom.mask.MaskImage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.apache.commons.imaging.ImageFormat;
import org.apache.commons.imaging.ImageFormats;
import org.apache.commons.imaging.Imaging;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;
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
        exitCodeList = {"0:every input converted", "2:usage error, unreadable or unsupported input"})
final class Mask2PolyCommand implements Callable<Integer> {

    enum Format { geojson, coco, guideline }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Mask images (PNG).")
    List<Path> files;

    @Option(names = "--out", paramLabel = "DIR", description = "Write one file per input into DIR instead of standard output.")
    Path outDir;

    @Option(names = "--format", paramLabel = "<format>", defaultValue = "geojson",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

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
        if (outDir == null && files.size() > 1) {
            err.println("pulmo mask2poly: " + files.size() + " inputs need --out DIR (standard output takes one)");
            return ExitCodes.USAGE_OR_IO;
        }
        if (format != Format.guideline) {
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
        ExportRule rule = plugin == null ? ExportRule.polygons() : plugin.exportRule();
        TraceOptions options = new TraceOptions(simplifyPixels != null ? simplifyPixels : plugin == null ? 0 : rule.simplifyTolerancePixels(),
                minAreaPixels != null ? minAreaPixels : plugin == null ? 0 : rule.minComponentAreaPixels());
        if (outDir != null) {
            Files.createDirectories(outDir);
        }
        for (Path file : files) {
            BinaryMask mask = readMask(file);
            List<TracedComponent> components = MaskTracer.trace(mask, options);
            String name = file.getFileName().toString();
            String json = switch (format) {
                case geojson -> geoJson(components);
                case coco -> coco(name, mask, components);
                case guideline -> GuidelineJson.toJson(guideline(name, mask, components, plugin, rule));
            };
            if (outDir == null) {
                spec.commandLine().getOut().print(json);
                spec.commandLine().getOut().flush();
            } else {
                String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
                Path target = outDir.resolve(stem + (format == Format.geojson ? ".geojson" : ".json"));
                AtomicFiles.write(target, json.getBytes(StandardCharsets.UTF_8));
            }
        }
        return ExitCodes.OK;
    }

    /**
     * A PNG mask of any bit depth, or a binary DICOM mask (SPEC.md §4: 1-, 8- or 16-bit; any non-zero sample is
     * foreground). Commons Imaging identifies PNG; the JDK's PNG decoder reads the samples, because Commons Imaging
     * 1.0.0-alpha5 scales 16-bit samples down to 8 bits, which turns a 16-bit mask holding 1s into an empty one.
     */
    static BinaryMask readMask(Path file) throws IOException {
        // issue 20: a FIFO would block, a device never end, a huge file or image exhaust the heap; every error names
        // the file
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": not a regular file (a FIFO, socket or device); not opened");
        }
        long budget = Runtime.getRuntime().maxMemory() / 4;
        if (Files.size(file) > budget) {
            throw new IOException(file + ": " + Files.size(file) + " bytes, more than a quarter of the Java heap ("
                    + budget + " bytes; raise -Xmx)");
        }
        byte[] bytes = Files.readAllBytes(file);
        if (isDicom(bytes, file)) {
            try {
                MaskImage m = BinaryMaskDicom.read(file);
                return BinaryMask.fromBytes(m.foreground(), m.columns(), m.rows());
            } catch (DicomException e) {
                throw new IOException(e.getMessage(), e);
            }
        }
        ImageFormat detected;
        try {
            detected = Imaging.guessFormat(bytes);
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": neither a PNG image nor a DICOM file (" + e.getMessage() + ")", e);
        }
        if (detected != ImageFormats.PNG) {
            throw new IOException(file + ": neither a PNG image nor a DICOM file (detected " + detected.getName() + ")");
        }
        BufferedImage image;
        try (javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(bytes))) {
            java.util.Iterator<javax.imageio.ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException(file + ": PNG could not be decoded");
            }
            javax.imageio.ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels * 4 > budget) {
                    throw new IOException(file + ": a PNG of " + reader.getWidth(0) + " x " + reader.getHeight(0)
                            + " pixels needs more than a quarter of the Java heap (" + budget + " bytes; raise -Xmx)");
                }
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof IOException io && io.getMessage() != null && io.getMessage().startsWith(file.toString())) {
                throw io;
            }
            throw new IOException(file + ": PNG could not be decoded: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new IOException(file + ": PNG could not be decoded");
        }
        return BinaryMask.fromImage(image);
    }

    /** A Part 10 file ("DICM" after the preamble), or a bare dataset named *.dcm. */
    private static boolean isDicom(byte[] bytes, Path file) {
        boolean part10 = bytes.length > 132 && bytes[128] == 'D' && bytes[129] == 'I' && bytes[130] == 'C' && bytes[131] == 'M';
        return part10 || file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".dcm");
    }

    private static String geoJson(List<TracedComponent> components) {
        StringBuilder out = new StringBuilder("{\"type\": \"FeatureCollection\", \"features\": [");
        for (int i = 0; i < components.size(); i++) {
            TracedComponent component = components.get(i);
            Geometry geometry = component.geometry();
            out.append(i == 0 ? "\n" : ",\n").append("  {\"type\": \"Feature\", \"geometry\": {\"type\": \"")
                    .append(geometry.getGeometryType()).append("\", \"coordinates\": ");
            if (geometry instanceof Polygon polygon) {
                appendPolygon(out, polygon);
            } else {
                out.append('[');
                for (int k = 0; k < geometry.getNumGeometries(); k++) {
                    out.append(k == 0 ? "" : ", ");
                    appendPolygon(out, (Polygon) geometry.getGeometryN(k));
                }
                out.append(']');
            }
            BoundingBox box = component.bounds();
            out.append("}, \"properties\": {\"pixel_area\": ").append(component.areaPixels())
                    .append(", \"polygon_area\": ").append(number(component.polygonArea()))
                    .append(", \"bbox\": [").append(number(box.x1())).append(", ").append(number(box.y1())).append(", ")
                    .append(number(box.x2())).append(", ").append(number(box.y2())).append("]}}");
        }
        return out.append("\n]}\n").toString();
    }

    private static void appendPolygon(StringBuilder out, Polygon polygon) {
        out.append('[');
        appendRing(out, polygon.getExteriorRing());
        for (int h = 0; h < polygon.getNumInteriorRing(); h++) {
            out.append(", ");
            appendRing(out, polygon.getInteriorRingN(h));
        }
        out.append(']');
    }

    private static void appendRing(StringBuilder out, LineString ring) {
        out.append('[');
        for (int k = 0; k < ring.getNumPoints(); k++) {
            out.append(k == 0 ? "[" : ", [").append(number(ring.getCoordinateN(k).x)).append(", ")
                    .append(number(ring.getCoordinateN(k).y)).append(']');
        }
        out.append(']');
    }

    private String coco(String fileName, BinaryMask mask, List<TracedComponent> components) {
        StringBuilder out = new StringBuilder("{\"images\": [{\"id\": 1, \"file_name\": ").append(quote(fileName))
                .append(", \"width\": ").append(mask.width()).append(", \"height\": ").append(mask.height())
                .append("}],\n \"annotations\": [");
        for (int i = 0; i < components.size(); i++) {
            TracedComponent component = components.get(i);
            double[] box = component.bounds().toCoco();
            out.append(i == 0 ? "\n" : ",\n").append("  {\"id\": ").append(i + 1).append(", \"image_id\": 1, \"category_id\": ")
                    .append(categoryId).append(", \"iscrowd\": 0, \"area\": ").append(component.areaPixels())
                    .append(", \"bbox\": [").append(number(box[0])).append(", ").append(number(box[1])).append(", ")
                    .append(number(box[2])).append(", ").append(number(box[3])).append("], \"segmentation\": [");
            Geometry geometry = component.geometry();
            for (int k = 0; k < geometry.getNumGeometries(); k++) {
                LineString shell = ((Polygon) geometry.getGeometryN(k)).getExteriorRing();
                out.append(k == 0 ? "[" : ", [");
                for (int p = 0; p < shell.getNumPoints() - 1; p++) {
                    out.append(p == 0 ? "" : ", ").append(number(shell.getCoordinateN(p).x)).append(", ")
                            .append(number(shell.getCoordinateN(p).y));
                }
                out.append(']');
            }
            out.append("]}");
        }
        return out.append("\n ],\n \"categories\": [{\"id\": ").append(categoryId).append(", \"name\": \"lesion\"}]}\n").toString();
    }

    /** SPEC.md §3: one annotation per connected part, outer ring only (or its box for box modalities). */
    private AnnotationFile guideline(String fileName, BinaryMask mask, List<TracedComponent> components,
                                     ModalityPlugin plugin, ExportRule rule) {
        List<Annotation> annotations = new ArrayList<>();
        for (TracedComponent component : components) {
            Geometry geometry = component.geometry();
            if (rule.geometry() == GeometryKind.BOX) {
                annotations.add(Annotation.ofBox(annotations.size() + 1, 1, categoryId, component.bounds(), "pulmo mask2poly"));
                continue;
            }
            for (int k = 0; k < geometry.getNumGeometries(); k++) {
                Polygon part = (Polygon) geometry.getGeometryN(k);
                LineString shell = part.getExteriorRing();
                double[] xy = new double[2 * (shell.getNumPoints() - 1)];
                for (int p = 0; p < shell.getNumPoints() - 1; p++) {
                    xy[2 * p] = shell.getCoordinateN(p).x;
                    xy[2 * p + 1] = shell.getCoordinateN(p).y;
                }
                Segmentation ring = Segmentation.of(xy);
                BoundingBox box = ring.bounds();
                double area = switch (rule.area()) {
                    case BBOX -> box.area();
                    case POLYGON -> ring.polygonArea();
                    case PIXELS -> part.getArea();
                };
                annotations.add(new Annotation(annotations.size() + 1, 1, categoryId, 0, area, box, "pulmo mask2poly",
                        ring, box.width(), box.height()));
            }
        }
        ImageRecord image = ImageRecord.builder().id(1).fileName(fileName).width(mask.width()).height(mask.height())
                .modality(plugin.modality().code()).build();
        Info info = new Info("pulmo mask2poly", "1.0", "pulmo", GuidelineDates.format(LocalDateTime.now()));
        return new AnnotationFile(info, plugin.categoryTable().toJsonCategories(), List.of(image), annotations);
    }

    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
