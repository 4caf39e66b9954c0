package dev.pulmo.cli;

import dev.pulmo.api.io.TerminalText;
import dev.pulmo.api.io.FileErrors;
import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.evaluation.CocoFileEvaluation;
import dev.pulmo.evaluation.CocoParams;
import dev.pulmo.evaluation.EvaluationException;
import dev.pulmo.evaluation.EvaluationReport;
import dev.pulmo.evaluation.EvaluationResult;
import dev.pulmo.evaluation.Froc;
import dev.pulmo.evaluation.IouType;
import dev.pulmo.evaluation.TreeEvaluation;
import dev.pulmo.runtime.PluginRegistry;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pulmo evaluate}: a model's predictions against a dataset tree, or COCO files of any dataset. */
@Command(name = "evaluate",
        header = "Evaluate a model's predictions: COCO metrics, FROC, benign-vs-malignant ROC.",
        description = {"On a dataset tree (ground truth: the binary masks, exactly, or the guideline JSON where an image has "
                + "none): COCO detection metrics identical to pycocotools' COCOeval (bbox or segm; per modality and category), "
                + "FROC on 3-D lesions of CT and PET-CT series as LUNA16 defines it (sensitivity at 1/8 to 8 false positives "
                + "per scan, bootstrap over patients), and ROC AUC with DeLong's interval for benign vs malignant per lesion, "
                + "image and patient, with sensitivity and specificity at --threshold and at Youden's.",
                "Predictions: a COCO results file (image_id as export-coco numbers images, or file_name; category_id as "
                        + "export-coco's; bbox, or segmentation as RLE or polygons; score), or a folder mirroring the tree "
                        + "with guideline JSON files whose annotations carry a score.",
                "With --coco-gt, plain COCO files of any dataset: COCOeval's numbers on them (JSON: coco.stats in "
                        + "COCOeval's order, coco.per_category).",
                "Streamed over the tree and parallel; files that cannot be read are findings (left out)."},
        mixinStandardHelpOptions = true,
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:evaluated", "1:evaluated, but some files of the tree could not be read (findings)",
                "2:usage, unreadable predictions or ground truth"})
final class EvaluateCommand implements Callable<Integer> {

    /** IoU types as typed on the command line. */
    enum Type { bbox, segm }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ROOT", arity = "0..1", description = "The dataset: its lung_cancer folder or a folder containing it (not with --coco-gt).")
    Path root;

    @Option(names = "--coco-gt", paramLabel = "GT.json", description = "A COCO ground truth file instead of a dataset tree.")
    Path cocoGroundTruth;

    @Option(names = "--predictions", paramLabel = "PRED", required = true,
            description = "A COCO results file, or (tree only) a folder of guideline JSON files with scores mirroring the tree.")
    Path predictions;

    @Option(names = "--iou-type", paramLabel = "<type>", defaultValue = "bbox", description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Type iouType;

    @Option(names = "--split", paramLabel = "SPLIT.csv", description = "A manifest written by 'pulmo split': evaluate one part only.")
    Path split;

    @Option(names = "--part", paramLabel = "<part>", description = "The part of --split to evaluate: train, test or validation (default: test).")
    String part;

    @Option(names = "--modality", paramLabel = "CODE", split = ",", description = "Evaluate these modalities only (e.g. CCT,PCT); may be repeated.")
    List<String> modalities = new ArrayList<>();

    @Option(names = "--iou", paramLabel = "<iou>", defaultValue = "0.5",
            description = "IoU at which a detection is on a lesion (classification, errors per image) (default: ${DEFAULT-VALUE}).")
    double iou;

    @Option(names = "--threshold", paramLabel = "<score>", defaultValue = "0.5",
            description = "Score at or above which a detection is called (sensitivity/specificity, errors per image) (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--bootstrap", paramLabel = "<n>", defaultValue = "1000", description = "FROC bootstrap samples over patients, 0 for none (default: ${DEFAULT-VALUE}).")
    int bootstrap;

    @Option(names = "--seed", paramLabel = "<seed>", defaultValue = "1", description = "Seed of the bootstrap (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--worst", paramLabel = "<n>", defaultValue = "20", description = "Images with the most errors in the report (default: ${DEFAULT-VALUE}).")
    int worst;

    @Mixin
    ThreadsOption threads;

    @Mixin
    FormatOption format = FormatOption.of(OutputFormat.text, OutputFormat.json, OutputFormat.html);

    @Mixin
    OutOption outOption = OutOption.of("FILE", "Write the report to FILE (atomically) instead of standard output.");

    @Mixin
    PluginOptions plugins;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String usage = usageProblem();
        if (usage != null) {
            err.println("pulmo evaluate: " + TerminalText.escape(usage));
            err.println("Run 'pulmo help evaluate' for usage.");
            return ExitCodes.USAGE_OR_IO;
        }
        if (root != null) {
            RootOption.check(spec.commandLine(), "ROOT", root);
        }
        int workers = threads.count();
        Path out = outOption.file();
        EvaluationResult.Thresholds thresholds = new EvaluationResult.Thresholds(iou, threshold);
        IouType type = iouType == Type.segm ? IouType.SEGM : IouType.BBOX;
        EvaluationResult result;
        Progress progress = null;
        try {
            if (cocoGroundTruth != null) {
                progress = new Progress(err, "evaluate", "images", null); // the count and the rate; the total is in GT.json
                Progress shown = progress;
                result = CocoFileEvaluation.run(cocoGroundTruth, predictions, type, CocoParams.defaults(), thresholds, worst,
                        () -> shown.step(true));
            } else {
                try (PluginRegistry registry = plugins.open()) {
                    TreeEvaluation.Options options = new TreeEvaluation.Options(type, CocoParams.defaults(), thresholds,
                            new HashSet<>(modalities), split, split == null ? null : part == null ? "test" : part,
                            new Froc.Bootstrap(bootstrap, seed, 0.95), 0.95, worst,
                            workers);
                    DatasetLayout layout = DatasetLayout.of(root, registry.catalog());
                    progress = new Progress(err, "evaluate", "images", Progress.images(layout));
                    Progress shown = progress;
                    result = TreeEvaluation.run(layout, predictions, options, () -> shown.step(true));
                }
            }
            progress.finish();
        } catch (EvaluationException e) {
            if (progress != null) {
                progress.interrupted(); // the message starts on a line of its own
            }
            err.println("pulmo evaluate: " + e.getMessage());
            return ExitCodes.USAGE_OR_IO;
        }
        EvaluationReport.Format f = switch (format.value()) {
            case json -> EvaluationReport.Format.JSON;
            case html -> EvaluationReport.Format.HTML;
            default -> EvaluationReport.Format.TEXT;
        };
        try {
            if (out != null) {
                EvaluationReport.write(result, f, out);
                if (!format.is(OutputFormat.text)) {
                    spec.commandLine().getOut().println(out + ": " + format.value() + " report of " + result.counts().images() + " images");
                }
            } else {
                EvaluationReport.write(result, f, spec.commandLine().getOut());
            }
        } catch (UncheckedIOException e) {
            err.println("pulmo evaluate: cannot write " + out + ": " + e.getMessage());
            return ExitCodes.USAGE_OR_IO;
        }
        spec.commandLine().getOut().flush();
        return result.errors() > 0 ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    /** What is wrong with the arguments, or null. */
    private String usageProblem() {
        if (cocoGroundTruth == null && root == null) {
            return "give a dataset ROOT, or --coco-gt GT.json";
        }
        if (cocoGroundTruth != null && root != null) {
            return "give either a dataset ROOT or --coco-gt, not both";
        }
        if (cocoGroundTruth != null && (split != null || !modalities.isEmpty())) {
            return "--split and --modality apply to a dataset tree, not to --coco-gt";
        }
        if (part != null && split == null) {
            return "--part needs --split";
        }
        if (part != null && !List.of("train", "test", "validation").contains(part)) {
            return "--part must be train, test or validation, not '" + part + "'";
        }
        if (cocoGroundTruth != null && !Files.isRegularFile(cocoGroundTruth)) {
            return cocoGroundTruth + ": " + (Files.exists(cocoGroundTruth) ? FileErrors.NOT_REGULAR : "no such file");
        }
        if (!Files.exists(predictions)) {
            return predictions + ": no such file or folder";
        }
        if (!Files.isRegularFile(predictions) && !Files.isDirectory(predictions)) {
            return predictions + ": " + FileErrors.NOT_REGULAR; // a FIFO would block the reader forever
        }
        if (split != null && !Files.isRegularFile(split)) {
            return split + ": " + (Files.exists(split) ? FileErrors.NOT_REGULAR : "no such file");
        }
        if (cocoGroundTruth != null && Files.isDirectory(predictions)) {
            return "--predictions must be a COCO results file with --coco-gt";
        }
        if (!(iou > 0 && iou <= 1)) {
            return "--iou must be in (0, 1], not " + iou;
        }
        if (bootstrap < 0 || worst < 0) {
            return "--bootstrap and --worst must be 0 or more";
        }
        return null;
    }
}
