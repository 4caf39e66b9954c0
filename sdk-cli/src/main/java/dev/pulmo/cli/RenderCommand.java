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
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.mask.BinaryMaskDicom;
import dev.pulmo.dicom.mask.MaskImage;
import dev.pulmo.dicom.pixel.Grey8Image;
import dev.pulmo.dicom.pixel.VoiWindow;
import dev.pulmo.geometry.BinaryMask;
import dev.pulmo.runtime.PluginRegistry;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

/** {@code pulmo render}: one image as PNG, windowed, with its annotations drawn. */
@Command(name = "render",
        header = "Render a DICOM image to PNG with its annotations drawn.",
        description = {"Windows the image's first frame to 8-bit grey (--window; default the file's own window, else the "
                + "lung window for CT, else the image's range) and draws on it, in each category's colour, the boxes or "
                + "polygon rings of a guideline JSON file with the category's English name, or binary mask files as "
                + "outlines (--filled: translucent). Without --overlay, an image in the guideline layout gets its "
                + "json/ file when there is one. The PNG is written atomically.",
                "Colours by category id: 1 red, 2 orange, 3 green, 4 cyan, 5 blue, 6 magenta, 7 yellow, 8 pink, 9 violet."},
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:written", "1:the image or an overlay could not be read", "2:usage or I/O failure"})
final class RenderCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "IMAGE", description = "A DICOM image.")
    Path image;

    @Option(names = "--window", paramLabel = "lung|mediastinum|C,W",
            description = "Window: lung (-600/1500), mediastinum (40/400), or centre,width in modality units (HU for CT).")
    String window;

    @Option(names = "--overlay", paramLabel = "JSON|MASKS",
            description = "A guideline JSON file, a binary mask file, or a folder of them (only the masks of IMAGE when it is named as in the layout).")
    Path overlay;

    @Option(names = "--filled", description = "Draw masks filled translucently instead of outlined.")
    boolean filled;

    @Option(names = "--out", paramLabel = "PNG", required = true, description = "The PNG to write.")
    Path out;

    @Mixin
    PluginOptions plugins;

    @Override
    public Integer call() {
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
        Optional<DatasetLayout.ParsedName> name = DatasetLayout.parse(image.getFileName().toString(), "dcm", false);
        Path source = overlay != null ? overlay : defaultJson(name).orElse(null);
        try (PluginRegistry registry = plugins.open()) {
            Grey8Image grey = AnnotatedImage.grey(image, voi);
            BufferedImage drawn;
            String what;
            if (source == null) {
                drawn = AnnotatedImage.withMasks(grey, new TreeMap<>(), emptyTable(), AnnotatedImage.MaskStyle.OUTLINE);
                what = "no annotations";
            } else if (Files.isRegularFile(source) && source.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
                AnnotationFile json = GuidelineJson.read(source);
                String modality = json.images().isEmpty() ? "" : json.images().get(0).modality();
                drawn = AnnotatedImage.withAnnotations(grey, json, table(registry.catalog(), modality, name));
                what = json.annotations().size() + " annotations from " + source;
            } else {
                TreeMap<Integer, BinaryMask> masks = masks(source, name);
                drawn = AnnotatedImage.withMasks(grey, masks, table(registry.catalog(), "", name),
                        filled ? AnnotatedImage.MaskStyle.FILLED : AnnotatedImage.MaskStyle.OUTLINE);
                what = masks.size() + " masks from " + source;
            }
            PngFiles.write(drawn, out);
            spec.commandLine().getOut().println(TerminalText.escape(out + ": " + grey.columns() + " x " + grey.rows()
                    + ", " + what));
            return ExitCodes.OK;
        } catch (DicomException | GuidelineJsonException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("pulmo render: " + TerminalText.escape(e.getMessage()));
            return ExitCodes.FINDINGS;
        } catch (UncheckedIOException e) {
            spec.commandLine().getErr().println("pulmo render: " + TerminalText.escape(e.getMessage()));
            return ExitCodes.USAGE_OR_IO;
        }
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
    private Optional<Path> defaultJson(Optional<DatasetLayout.ParsedName> name) {
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
            BinaryMask mask = BinaryMask.fromPackedRows(m.packedRows(), m.columns(), m.rows());
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
