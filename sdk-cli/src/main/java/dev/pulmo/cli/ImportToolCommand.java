package dev.pulmo.cli;

import dev.pulmo.api.Finding;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.ImageKey;
import dev.pulmo.runtime.PluginRegistry;
import dev.pulmo.toolimport.ToolImporter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pulmo import-tool}: the annotation tool's JSON export to binary DICOM masks and guideline JSON. */
@Command(name = "import-tool",
        header = "Import the annotation tool's JSON export as binary masks and guideline JSON.",
        description = {"Turns each tool annotation (its shape with its Add/Sub corrections) into a mask rasterised on "
                + "the image's pixel grid (a pixel is in when its centre is), ORs the annotations of one category into "
                + "the image's binary DICOM mask, and writes the guideline JSON from the masks by the modality's export "
                + "rule, as 'pulmo convert' does. Reports the tool's stated area and box where they disagree with the shape "
                + "(tool.area-mismatch, tool.bbox-mismatch). Source images are never modified; outputs are written atomically.",
                "One image: TOOL_JSON --image SOURCE.dcm --out DIR. SOURCE.dcm is named <prefix>_<patientId>_<series>_<seq>.dcm; "
                        + "its class comes from --class or from the tree it is in. It is copied into DIR's layout with the masks and JSON.",
                "A whole export: TOOL_DIR --tree ROOT. Every *.json under TOOL_DIR named <prefix>_<patientId>_<series>_<seq>.json "
                        + "annotates the image of the same name in ROOT; masks and JSON are written next to it.",
                "Category of an annotation: --category when given, else the first of option.tag and label that is a "
                        + "category id or name of the modality (e.g. 3, 양성, benign); otherwise it is reported and left out."},
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:imported, no errors", "1:errors in the tool files or the images", "2:usage or I/O failure"})
final class ImportToolCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TOOL_JSON|TOOL_DIR", description = "The tool's JSON file (with --image) or a folder of them (with --tree).")
    Path tool;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @ArgGroup(exclusive = false)
        OneImage one;

        @Option(names = "--tree", paramLabel = "ROOT", required = true,
                description = "The dataset (its lung_cancer folder or a folder containing it) whose images TOOL_DIR annotates.")
        Path tree;
    }

    static final class OneImage {
        @Option(names = "--image", paramLabel = "SOURCE.dcm", required = true, description = "The image TOOL_JSON annotates.")
        Path image;

        @Option(names = "--out", paramLabel = "DIR", required = true, description = "Where to write: the dataset's lung_cancer folder is DIR/lung_cancer, or DIR itself when so named (created).")
        Path out;
    }

    @Option(names = "--class", paramLabel = "<class>", description = "Case class of --image: benign or malignant (default: its class folder).")
    String caseClass;

    @Option(names = "--category", paramLabel = "<id>", description = "Category id of every annotation (default: from option.tag or label).")
    Integer category;

    @Option(names = "--toolname", paramLabel = "<name>", defaultValue = "annotation-tool",
            description = "The JSON's toolname (default: ${DEFAULT-VALUE}).")
    String toolname;

    @Mixin
    PluginOptions plugins;

    @Mixin
    FormatOption format = FormatOption.forFindings();

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<CaseClass> givenClass = Optional.empty();
        if (caseClass != null) {
            givenClass = CaseClass.fromFolderName(caseClass);
            if (givenClass.isEmpty()) {
                err.println("pulmo import-tool: --class must be benign, malignant or normal, got '" + caseClass + "'");
                return ExitCodes.USAGE_OR_IO;
            }
        }
        boolean oneImage = target.one != null;
        if (oneImage) {
            OutOption.folder(spec.commandLine(), target.one.out);
        } else {
            RootOption.check(spec.commandLine(), "--tree", target.tree);
        }
        if (oneImage ? !Files.isRegularFile(tool) || !Files.isRegularFile(target.one.image) : !Files.isDirectory(tool)) {
            err.println("pulmo import-tool: " + (oneImage ? "TOOL_JSON and --image must be files" : "TOOL_DIR must be a folder")
                    + ": " + tool + (oneImage ? ", " + target.one.image : ""));
            return ExitCodes.USAGE_OR_IO;
        }
        ToolImporter.Options options = ToolImporter.Options.defaults().withToolname(toolname).withCategory(Optional.ofNullable(category));
        List<ToolImporter.ImageResult> results;
        try (PluginRegistry registry = plugins.open()) {
            DatasetLayout layout = oneImage ? outputLayout(target.one.out, registry) : DatasetLayout.of(target.tree, registry.catalog());
            if (category != null && registry.catalog().all().stream().noneMatch(p -> p.categoryTable().byId(category).isPresent())) {
                err.println("pulmo import-tool: --category " + category + " is not a category of any loaded modality");
                return ExitCodes.USAGE_OR_IO;
            }
            ToolImporter importer = new ToolImporter(layout, options);
            if (oneImage) {
                ImageKey key;
                try {
                    key = importer.keyOf(target.one.image, givenClass);
                } catch (IllegalArgumentException e) {
                    err.println("pulmo import-tool: " + e.getMessage());
                    return ExitCodes.USAGE_OR_IO;
                }
                results = List.of(importer.importImage(tool, target.one.image, key));
            } else {
                if (!Files.isDirectory(layout.root())) {
                    err.println("pulmo import-tool: --tree " + target.tree + ": no such folder");
                    return ExitCodes.USAGE_OR_IO;
                }
                Progress progress = new Progress(err, "import-tool", "tool files", Progress.files(tool, ".json"));
                results = importer.importTree(tool, r -> progress.step(r.ok())).images();
                progress.finish();
            }
        }
        List<Finding> findings = results.stream().flatMap(r -> r.findings().stream()).toList();
        if (format.findings() == FindingsReport.Format.text) {
            long imported = results.stream().filter(ToolImporter.ImageResult::jsonWritten).count();
            o.println("imported " + imported + " of " + results.size() + " tool files: "
                    + results.stream().mapToInt(ToolImporter.ImageResult::masksWritten).sum() + " masks, "
                    + results.stream().mapToLong(ToolImporter.ImageResult::annotationsWritten).sum() + " annotations");
        }
        FindingsReport.print(findings, results.size(), format.findings(), o);
        return FindingsReport.exitCode(findings);
    }

    /** DIR itself when it is named lung_cancer, else the lung_cancer folder in it (created). */
    private static DatasetLayout outputLayout(Path dir, PluginRegistry registry) {
        boolean isTop = dir.toAbsolutePath().getFileName() != null
                && dir.toAbsolutePath().getFileName().toString().equals(DatasetLayout.TOP_FOLDER);
        return new DatasetLayout(isTop ? dir : dir.resolve(DatasetLayout.TOP_FOLDER), registry.catalog());
    }
}
