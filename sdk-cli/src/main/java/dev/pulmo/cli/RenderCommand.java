package dev.pulmo.cli;

import dev.pulmo.api.io.TerminalText;
import dev.pulmo.dataset.PngFiles;
import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.CategoryTable;
import dev.pulmo.api.Modality;
import dev.pulmo.api.plugin.ModalityCatalog;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.cocojson.GuidelineJson;
import dev.pulmo.cocojson.GuidelineJsonException;
import dev.pulmo.dataset.AnnotatedImage;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.Montage;
import dev.pulmo.dataset.PetImage;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.mask.BinaryMaskDicom;
import dev.pulmo.dicom.mask.MaskImage;
import dev.pulmo.dicom.pixel.VoiWindow;
import dev.pulmo.geometry.BinaryMask;
import dev.pulmo.runtime.PluginRegistry;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pulmo render}: one image (or a series folder as a montage) as PNG, windowed, with its annotations drawn. */
@Command(name = "render",
        header = "Render a DICOM image, or a series folder as a montage, to PNG with its annotations drawn.",
        description = {"Windows the image's first frame to 8-bit grey (--window; default the file's own window, else the "
                + "lung window for CT, else the image's range) and draws on it, in each category's colour, the boxes or "
                + "polygon rings of a guideline JSON file with the category's English name, or binary mask files as "
                + "outlines (--filled: translucent). Without --overlay, an image in the guideline layout gets its "
                + "json/ file when there is one. The PNG is written atomically.",
                "PET (Modality PT) without --window: windowed in SUV (body weight) from 0 to --suv-max when the header "
                        + "has Units BQML, decay correction, the radiopharmaceutical's dose, half-life and start time and "
                        + "the patient's weight; else by percentiles of the slice (from the 1st to 4 times the 90th, about SUV 6 on a whole-body slice); then coloured "
                        + "with --colour-map. --fuse CT.dcm blends the PET slice over its CT slice (both axial, aligned by "
                        + "Image Position and Pixel Spacing).",
                "IMAGE may be a series folder (e.g. its dcm/ folder): every image is rendered with its annotations and "
                        + "the tiles are laid out in a grid, or written as an animated GIF when --out ends in .gif.",
                "Colours by category id: 1 red, 2 orange, 3 green, 4 cyan, 5 blue, 6 magenta, 7 yellow, 8 pink, 9 violet."},
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:written", "1:the image or an overlay could not be read", "2:usage or I/O failure"})
final class RenderCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "IMAGE", description = "A DICOM image, or a folder of a series' images.")
    Path image;

    @Option(names = "--scale", paramLabel = "<n>", defaultValue = "1",
            description = "Enlarge the image n times (1-16, default ${DEFAULT-VALUE}; pixels stay sharp, lines and labels are drawn at the new size).")
    int scale;

    @Option(names = "--fuse", paramLabel = "CT", description = "PET only: a CT image of the same patient to fuse the PET slice onto.")
    Path fuse;

    @Option(names = "--suv-max", paramLabel = "<suv>", defaultValue = "7",
            description = "PET: the SUV shown as the brightest colour (default ${DEFAULT-VALUE}).")
    double suvMax;

    @Option(names = "--colour-map", paramLabel = "hot|grey", defaultValue = "hot",
            description = "PET: colour map (default ${DEFAULT-VALUE}).")
    String colourMap;

    @Option(names = "--delay", paramLabel = "<ms>", defaultValue = "250",
            description = "Animated GIF of a series: time per image (default ${DEFAULT-VALUE} ms).")
    int delayMillis;

    @Option(names = "--window", paramLabel = "lung|mediastinum|C,W",
            description = "Window: lung (-600/1500), mediastinum (40/400), or centre,width in modality units (HU for CT).")
    String window;

    @Option(names = "--overlay", paramLabel = "JSON|MASKS",
            description = "A guideline JSON file, a binary mask file, or a folder of them (only the masks of IMAGE when it is named as in the layout).")
    Path overlay;

    @Option(names = "--filled", description = "Draw masks filled translucently instead of outlined.")
    boolean filled;

    @Mixin
    OutOption outOption = OutOption.of("PNG", "The PNG to write.").required();

    /** --out, checked. */
    private Path out;

    @Mixin
    PluginOptions plugins;

    @Override
    public Integer call() {
        out = outOption.file();
        Optional<VoiWindow> voi;
        try {
            voi = parseWindow(window);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("pulmo render: --window " + TerminalText.escape(window + ": " + e.getMessage()));
            return ExitCodes.USAGE_OR_IO;
        }
        for (Path p : overlay == null ? List.of(image) : List.of(image, overlay)) {
            if (!Files.exists(p)) {
                spec.commandLine().getErr().println("pulmo render: " + TerminalText.escape(p.toString()) + ": no such file or folder");
                return ExitCodes.USAGE_OR_IO;
            }
        }
        if (scale < 1 || scale > 16) {
            spec.commandLine().getErr().println("pulmo render: --scale must be a whole number from 1 to 16, got " + scale);
            return ExitCodes.USAGE_OR_IO;
        }
        PetImage.ColourMap map;
        try {
            map = PetImage.ColourMap.valueOf(colourMap.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("pulmo render: --colour-map " + TerminalText.escape(colourMap) + ": expected hot or grey");
            return ExitCodes.USAGE_OR_IO;
        }
        if (!(suvMax > 0) || !Double.isFinite(suvMax)) {
            spec.commandLine().getErr().println("pulmo render: --suv-max must be a positive number");
            return ExitCodes.USAGE_OR_IO;
        }
        if (fuse != null && !Files.isRegularFile(fuse)) {
            spec.commandLine().getErr().println("pulmo render: --fuse " + TerminalText.escape(fuse.toString()) + ": no such file");
            return ExitCodes.USAGE_OR_IO;
        }
        try (PluginRegistry registry = plugins.open()) {
            if (Files.isDirectory(image)) {
                return series(registry, voi, map);
            }
            Optional<DatasetLayout.ParsedName> name = DatasetLayout.parse(image.getFileName().toString(), "dcm", false);
            Path source = overlay != null ? overlay : defaultJson(image, name).orElse(null);
            Rendered r = render(image, source, name, registry, voi, map, fuse, Optional.empty());
            PngFiles.write(r.image(), out);
            spec.commandLine().getOut().println(TerminalText.escape(out + ": " + r.image().getWidth() + " x " + r.image().getHeight()
                    + ", " + r.what()));
            return ExitCodes.OK;
        } catch (DicomException | GuidelineJsonException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("pulmo render: " + TerminalText.escape(e.getMessage()));
            return ExitCodes.FINDINGS;
        } catch (UncheckedIOException e) {
            spec.commandLine().getErr().println("pulmo render: " + TerminalText.escape(e.getMessage()));
            return ExitCodes.USAGE_OR_IO;
        }
    }

    /** One image drawn, and what was drawn on it. */
    private record Rendered(BufferedImage image, String what) {
    }

    /** The images of a series folder (masks left out), in Instance Number order, as a grid or an animated GIF. */
    private int series(PluginRegistry registry, Optional<VoiWindow> voi, PetImage.ColourMap map) {
        List<Path> files;
        try (Stream<Path> s = Files.list(image)) {
            files = s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".dcm")
                    && !p.getFileName().toString().endsWith("_binary.dcm")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(image + ": cannot list the folder: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            spec.commandLine().getErr().println("pulmo render: " + TerminalText.escape(image.toString()) + ": no DICOM images (*.dcm) in this folder");
            return ExitCodes.USAGE_OR_IO;
        }
        List<Path> ordered = new ArrayList<>(files);
        Map<Path, Integer> instance = new HashMap<>();
        for (Path f : ordered) {
            instance.put(f, DicomReader.create().read(f).dataset().getInt(Tag.InstanceNumber).orElse(Integer.MAX_VALUE));
        }
        ordered.sort(Comparator.comparing((Path f) -> instance.get(f)).thenComparing(Path::toString));
        // PET slices without SUV share one window, so that a montage compares like with like
        Optional<VoiWindow> petWindow = voi.isEmpty() && PetImage.isPet(DicomReader.create().read(ordered.get(0)).dataset())
                ? Optional.of(PetImage.seriesWindow(ordered)) : Optional.empty();
        List<BufferedImage> tiles = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Path f : ordered) {
            Optional<DatasetLayout.ParsedName> name = DatasetLayout.parse(f.getFileName().toString(), "dcm", false);
            tiles.add(render(f, defaultJson(f, name).orElse(null), name, registry, voi, map, null, petWindow).image());
            String file = f.getFileName().toString();
            labels.add(file.substring(0, file.length() - 4));
        }
        if (out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gif")) {
            Montage.writeAnimatedGif(tiles, labels, delayMillis, out);
            spec.commandLine().getOut().println(TerminalText.escape(out + ": animated GIF of " + tiles.size() + " images, "
                    + delayMillis + " ms each"));
        } else {
            BufferedImage grid = Montage.grid(tiles, labels, Montage.columnsFor(tiles.size()));
            PngFiles.write(grid, out);
            spec.commandLine().getOut().println(TerminalText.escape(out + ": " + grid.getWidth() + " x " + grid.getHeight()
                    + ", montage of " + tiles.size() + " images"));
        }
        return ExitCodes.OK;
    }

    /** {@code file} windowed (PET in SUV or by percentiles, coloured; fused onto {@code ct} when given), scaled, annotated. */
    private Rendered render(Path file, Path source, Optional<DatasetLayout.ParsedName> name, PluginRegistry registry,
                            Optional<VoiWindow> voi, PetImage.ColourMap map, Path ct, Optional<VoiWindow> petWindow) {
        DicomDataset header = DicomReader.create().read(file).dataset();
        boolean pet = voi.isEmpty() && PetImage.isPet(header);
        if (ct != null && !PetImage.isPet(header)) {
            throw new IllegalArgumentException("--fuse: " + file + " is not a PET image (Modality PT)");
        }
        BufferedImage base;
        AffineTransform toBase = AffineTransform.getScaleInstance(scale, scale);
        String how;
        if (ct != null) {
            PetImage.Windowed windowed = PetImage.window(file, suvMax);
            DicomDataset ctHeader = DicomReader.create().read(ct).dataset();
            PetImage.Fused fused = PetImage.fuse(windowed, header, AnnotatedImage.grey(ct, voi), ctHeader, map);
            base = AnnotatedImage.scaled(fused.image(), scale);
            toBase.concatenate(fused.toCt());
            how = fused.how();
        } else if (pet) {
            PetImage.Windowed windowed = PetImage.window(file, suvMax, petWindow);
            base = AnnotatedImage.scaled(map.apply(windowed.levels()), scale);
            how = windowed.how();
        } else {
            base = AnnotatedImage.rgb(AnnotatedImage.grey(file, voi), scale);
            how = null;
        }
        int columns = header.getInt(Tag.Columns).orElse(0);
        int rows = header.getInt(Tag.Rows).orElse(0);
        String what;
        if (source == null) {
            what = "no annotations";
        } else if (Files.isRegularFile(source) && source.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
            AnnotationFile json = GuidelineJson.read(source);
            String modality = json.images().isEmpty() ? "" : json.images().get(0).modality();
            AnnotatedImage.withAnnotations(base, toBase, json, table(registry.catalog(), modality, name));
            what = json.annotations().size() + " annotations from " + source;
        } else {
            TreeMap<Integer, BinaryMask> masks = masks(source, name);
            for (Map.Entry<Integer, BinaryMask> e : masks.entrySet()) {
                if (e.getValue().width() != columns || e.getValue().height() != rows) {
                    throw new IllegalArgumentException("the mask of category " + e.getKey() + " is " + e.getValue().width() + "x"
                            + e.getValue().height() + " but the image is " + columns + "x" + rows);
                }
            }
            AnnotatedImage.withMasks(base, toBase, masks, table(registry.catalog(), "", name),
                    filled ? AnnotatedImage.MaskStyle.FILLED : AnnotatedImage.MaskStyle.OUTLINE);
            what = masks.size() + " masks from " + source;
        }
        return new Rendered(base, how == null ? what : what + "; " + how);
    }

    /** {@code lung}, {@code mediastinum} or {@code C,W}; empty when not given. */
    static Optional<VoiWindow> parseWindow(String text) {
        if (text == null) {
            return Optional.empty();
        }
        switch (text.toLowerCase(Locale.ROOT)) {
            case "lung":
                return Optional.of(VoiWindow.LUNG);
            case "mediastinum":
                return Optional.of(VoiWindow.MEDIASTINUM);
            default:
                String[] parts = text.split(",", -1);
                try {
                    if (parts.length == 2) {
                        return Optional.of(new VoiWindow(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim())));
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                throw new IllegalArgumentException("expected lung, mediastinum or centre,width (e.g. -600,1500)");
        }
    }

    /** {@code ../json/<stem>.json} of an image in the layout's {@code dcm/} folder, when it exists. */
    private static Optional<Path> defaultJson(Path image, Optional<DatasetLayout.ParsedName> name) {
        Path folder = image.toAbsolutePath().getParent();
        if (name.isEmpty() || folder == null || !folder.getFileName().toString().equals(DatasetLayout.DICOM_FOLDER)) {
            return Optional.empty();
        }
        String file = image.getFileName().toString();
        Path json = folder.resolveSibling(DatasetLayout.JSON_FOLDER).resolve(file.substring(0, file.length() - 4) + ".json");
        return Files.isRegularFile(json) ? Optional.of(json) : Optional.empty();
    }

    /** A mask file, or the masks of a folder (those of IMAGE when it is named as in the layout), by category id. */
    private TreeMap<Integer, BinaryMask> masks(Path source, Optional<DatasetLayout.ParsedName> image) {
        List<Path> files;
        if (Files.isDirectory(source)) {
            try (Stream<Path> s = Files.list(source)) {
                files = s.filter(p -> DatasetLayout.parse(p.getFileName().toString(), "dcm", true)
                        .filter(m -> image.isEmpty() || stem(m).equals(stem(image.get()))).isPresent()).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException(source + ": cannot list the folder: " + e.getMessage(), e);
            }
        } else {
            files = List.of(source);
        }
        TreeMap<Integer, BinaryMask> masks = new TreeMap<>();
        for (Path f : files) {
            int category = DatasetLayout.parse(f.getFileName().toString(), "dcm", true).map(DatasetLayout.ParsedName::categoryId).orElse(1);
            MaskImage m = BinaryMaskDicom.read(f);
            BinaryMask mask = BinaryMask.fromPackedRows(m.packedRowsView(), m.columns(), m.rows());
            masks.merge(category, mask, BinaryMask::or);
        }
        return masks;
    }

    private static String stem(DatasetLayout.ParsedName n) {
        return n.prefix() + "_" + n.patientId() + "_" + n.series() + "_" + n.seq();
    }

    /** The category table of the JSON's modality, else of the plugin whose file prefix the image's name has. */
    private static CategoryTable table(ModalityCatalog catalog, String modality, Optional<DatasetLayout.ParsedName> name) {
        Optional<ModalityPlugin> plugin = catalog.find(modality);
        if (plugin.isEmpty() && name.isPresent()) {
            plugin = catalog.all().stream().filter(p -> p.filePrefix().equals(name.get().prefix())).findFirst();
        }
        return plugin.map(ModalityPlugin::categoryTable).orElseGet(RenderCommand::emptyTable);
    }

    private static CategoryTable emptyTable() {
        return new CategoryTable(Modality.of("UNK", "unknown"), List.of());
    }
}
