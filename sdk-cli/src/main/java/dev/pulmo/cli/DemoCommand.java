package dev.pulmo.cli;

import dev.pulmo.dataset.PngFiles;
import dev.pulmo.api.io.AtomicFiles;
import dev.pulmo.cocojson.GuidelineJson;
import dev.pulmo.dataset.AnnotatedImage;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.dataset.DatasetStatistics;
import dev.pulmo.dataset.StatisticsCharts;
import dev.pulmo.dataset.DatasetValidator;
import dev.pulmo.dataset.FindingSink;
import dev.pulmo.dataset.ValidationHtmlReport;
import java.nio.charset.StandardCharsets;
import dev.pulmo.dataset.DemoDataset;
import dev.pulmo.runtime.PluginRegistry;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pulmo demo}: the built-in synthetic dataset, and the main job run on it. */
@Command(name = "demo",
        header = "Write a small synthetic dataset and run the main job on it.",
        description = {"Writes a small but realistic synthetic dataset in the guideline's layout (chest CT, chest X-ray "
                + "and PET-CT; benign, malignant and normal cases; DICOM images with de-identified headers; lesion-like "
                + "binary DICOM masks), converts its masks into guideline JSON, checks the whole tree (pulmo validate, with an HTML report), "
                + "counts it against the guideline's targets with charts (pulmo stats), draws one annotated image "
                + "(pulmo render) and says where everything is. Deterministic for a seed."},
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the demo ran and its data passed the checks", "1:the checks found errors", "2:usage or I/O failure"})
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "pulmo-demo", description = "Where to write the dataset (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--seed", paramLabel = "<n>", defaultValue = "1", description = "Seed of the synthetic data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Mixin
    PluginOptions plugins;

    /** {@code path} as a shell word: as is when it needs no quoting, else in single quotes. */
    static String shell(Path path) {
        String s = path.toString();
        return s.matches("[A-Za-z0-9_./:@%+=,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        try (PluginRegistry registry = plugins.open()) {
            DatasetLayout layout = new DatasetLayout(out.resolve(DatasetLayout.TOP_FOLDER), registry.catalog());
            o.println("1. Writing the synthetic dataset to " + layout.root() + " ...");
            o.flush();
            DemoDataset.Result demo = DemoDataset.generate(layout, seed, DemoDataset.Size.DEMO);
            o.println("   " + demo.images() + " DICOM images, " + demo.masks() + " binary masks, " + demo.lesions().size() + " lesions drawn");
            o.println();
            o.println("2. Converting the masks into guideline JSON (pulmo convert " + out + ") ...");
            o.flush();
            ConvertCommand convert = new ConvertCommand();
            convert.force = true;
            int status = convert.run(layout, Runtime.getRuntime().availableProcessors(), o, spec.commandLine().getErr());
            o.println();
            o.println("3. Checking the dataset (pulmo validate " + out + ") ...");
            o.flush();
            Path html = out.resolve("validation.html");
            FindingSink.Counts counts = new FindingSink.Counts();
            DatasetValidator.Report report;
            try (ValidationHtmlReport.Spill spill = ValidationHtmlReport.spill()) {
                report = new DatasetValidator(layout, Runtime.getRuntime().availableProcessors()).validate(() -> { }, spill.and(counts));
                AtomicFiles.write(html, stream -> {
                    Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
                    spill.render(report, layout, w);
                    w.flush();
                });
            }
            o.println("   " + report.images() + " images, " + report.jsonFiles() + " JSON files, " + report.masks() + " masks: "
                    + report.errors() + " errors; report in " + html);
            status = Math.max(status, report.failure().isPresent() ? ExitCodes.USAGE_OR_IO
                    : report.errors() > 0 ? ExitCodes.FINDINGS : ExitCodes.OK);
            o.println();
            o.println("4. Statistics against the guideline's targets (pulmo stats " + out + " --charts " + out.resolve("stats") + ") ...");
            DatasetStatistics.Report stats = DatasetStatistics.collect(layout, Runtime.getRuntime().availableProcessors(), counts);
            TreeReports.statsTables(stats, o);
            List<Path> charts = StatisticsCharts.write(stats, out.resolve("stats"));
            o.println();
            DemoDataset.Lesion first = demo.lesions().stream().filter(l -> l.image().modality().equals("CCT")).findFirst()
                    .orElse(demo.lesions().get(0));
            Path png = out.resolve("render.png");
            o.println("5. Drawing one annotated image (pulmo render " + layout.dicomFile(first.image()) + " --out " + png + ") ...");
            BufferedImage drawn = AnnotatedImage.withAnnotations(AnnotatedImage.grey(layout.dicomFile(first.image()), Optional.empty()),
                    GuidelineJson.read(layout.jsonFile(first.image())), layout.plugin(first.image().modality()).categoryTable());
            PngFiles.write(drawn, png);
            o.println();
            o.println("Where everything is:");
            o.println("  images  " + layout.root() + "/<modality>/<class>/<patient>/<series>/dcm/");
            o.println("  masks   " + layout.root() + "/<modality>/<class>/<patient>/<series>/binary/");
            o.println("  JSON    " + layout.root() + "/<modality>/<class>/<patient>/<series>/json/");
            o.println("  report  " + html);
            o.println("  charts  " + charts.stream().map(Path::toString).collect(java.util.stream.Collectors.joining(", ")));
            o.println("  image   " + png);
            // commands that work as printed: the launcher as the user typed it, the paths this run wrote
            String pulmo = System.getenv().getOrDefault("PULMO_LAUNCHER", "pulmo");
            o.println("Next:");
            for (String next : List.of("split " + shell(out), "export-coco " + shell(out) + " --out " + shell(out.resolve("coco")),
                    "render " + shell(layout.dicomFile(first.image())) + " --out " + shell(out.resolve("render.png")),
                    "plugins", "help")) {
                o.println("  " + shell(Path.of(pulmo)) + " " + next);
            }
            o.flush();
            return status;
        }
    }
}
