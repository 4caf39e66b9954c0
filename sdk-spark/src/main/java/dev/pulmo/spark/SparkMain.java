package dev.pulmo.spark;

import dev.pulmo.api.Info;
import dev.pulmo.cli.ArgumentMessages;
import dev.pulmo.cli.CocoSegmentation;
import dev.pulmo.cli.ExitCodes;
import dev.pulmo.cli.FindingsReport;
import dev.pulmo.cli.TreeReports;
import dev.pulmo.dataset.CocoExport;
import dev.pulmo.dataset.DatasetConverter;
import dev.pulmo.dataset.DatasetStatistics;
import dev.pulmo.dataset.DatasetValidator;
import dev.pulmo.dataset.TreeListing;
import dev.pulmo.spark.internal.HadoopTree;
import java.io.File;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code pulmo-spark}: {@code pulmo}'s tree commands on Apache Spark, with their options, findings and summaries, plus
 * where to run ({@code --master}, default {@code local[*]}, or what {@code spark-submit} set), plugin jars for the
 * executors ({@code --jars}) and the findings as JSON lines ({@code --findings}). Exit status as {@code pulmo}'s.
 */
@Command(name = "pulmo-spark", mixinStandardHelpOptions = true,
        header = "pulmo's tree commands on Apache Spark, partitioned by series.",
        subcommands = {SparkMain.Convert.class, SparkMain.Validate.class, SparkMain.Stats.class, SparkMain.ExportCoco.class,
                CommandLine.HelpCommand.class},
        footer = "See 'pulmo-spark help <command>'.")
public final class SparkMain implements Callable<Integer> {

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return ExitCodes.USAGE_OR_IO;
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line, printing to {@code out} and {@code err}; returns the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new SparkMain());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true); // as pulmo's options
        return cl.execute(args);
    }

    /** ROOT and --format, as every tree command of pulmo has them. */
    static final class TreeArguments {
        @Parameters(paramLabel = "ROOT", description = "The dataset (its lung_cancer folder or a folder containing it): a path "
                + "or a URI of any Hadoop file system, such as hdfs://namenode/data.")
        String root;

        @Option(names = "--format", paramLabel = "<format>", defaultValue = "text",
                description = "Output as ${COMPLETION-CANDIDATES}, any case (default: ${DEFAULT-VALUE}).")
        FindingsReport.Format format;
    }

    /** The options every command shares: where Spark runs and what it loads. */
    static final class EngineOptions {
        @Option(names = "--master", paramLabel = "URL",
                description = "Spark master, e.g. local[2], local[2,3] (3 tries per task), spark://host:7077, yarn "
                        + "(default: what spark-submit set, else local[*]).")
        String master;

        @Option(names = "--threads", paramLabel = "<n>", description = "As pulmo's: without --master, runs on local[<n>].")
        Integer threads;

        @Option(names = "--jars", paramLabel = "JAR", split = ",",
                description = "Modality plugin jars (META-INF/services) for the driver and every executor; may be repeated.")
        List<File> jars = new ArrayList<>();

        @Option(names = "--conf", paramLabel = "KEY=VALUE", description = "A Spark setting; may be repeated.")
        List<String> conf = new ArrayList<>();

        @Option(names = "--findings", paramLabel = "URI",
                description = "Also write every finding as JSON lines into this folder (Spark's writer, any Hadoop file system).")
        String findings;

        /** Runs {@code body} in a session made from these options, with the plugin jars on the driver's context loader. */
        int withSpark(String app, PrintWriter err, Function<SparkSession, Integer> body) {
            if (threads != null && threads < 1) {
                err.println("pulmo-spark: " + ArgumentMessages.threadsExpected(threads));
                return ExitCodes.USAGE_OR_IO;
            }
            List<URL> urls = new ArrayList<>();
            for (File jar : jars) {
                if (!jar.isFile()) {
                    err.println("pulmo-spark: --jars " + jar + ": no such file");
                    return ExitCodes.USAGE_OR_IO;
                }
                try {
                    urls.add(jar.toURI().toURL());
                } catch (MalformedURLException e) {
                    err.println("pulmo-spark: --jars " + jar + ": " + e.getMessage());
                    return ExitCodes.USAGE_OR_IO;
                }
            }
            SparkSession.Builder builder = SparkSession.builder().appName("pulmo-spark " + app)
                    .config("spark.ui.showConsoleProgress", "false");
            String chosen = master != null ? master : System.getProperty("spark.master");
            builder.master(chosen != null ? chosen : threads != null ? "local[" + threads + "]" : "local[*]");
            if (!jars.isEmpty()) {
                builder.config("spark.jars", String.join(",", jars.stream().map(File::getAbsolutePath).toList()));
            }
            for (String kv : conf) {
                int eq = kv.indexOf('=');
                if (eq < 1) {
                    err.println("pulmo-spark: --conf " + kv + ": expected KEY=VALUE");
                    return ExitCodes.USAGE_OR_IO;
                }
                builder.config(kv.substring(0, eq), kv.substring(eq + 1));
            }
            Thread thread = Thread.currentThread();
            ClassLoader before = thread.getContextClassLoader();
            try (URLClassLoader plugins = new URLClassLoader(urls.toArray(URL[]::new), before)) {
                thread.setContextClassLoader(plugins);
                SparkSession spark = builder.getOrCreate();
                try {
                    return body.apply(spark);
                } finally {
                    spark.stop();
                }
            } catch (java.io.IOException e) {
                err.println("pulmo-spark: " + e.getMessage());
                return ExitCodes.USAGE_OR_IO;
            } finally {
                thread.setContextClassLoader(before);
            }
        }

        /**
         * Whether {@code tree} is a folder of its file system; when not, or when it names no reachable file system, says so
         * on {@code err} as {@code pulmo command} does.
         */
        boolean isFolder(SparkSession spark, String command, String tree, PrintWriter err) {
            try {
                HadoopTree.Located located = HadoopTree.locate(tree, spark.sparkContext().hadoopConfiguration());
                TreeListing.Kind kind = located.tree().listing().kind(located.folder());
                if (kind == TreeListing.Kind.DIRECTORY) {
                    return true;
                }
                // pulmo's words (a usage error of ROOT), for a path or a URI of any file system
                err.println("pulmo-spark: " + ArgumentMessages.folderExpected("ROOT", tree, ArgumentMessages.DATASET_ROOT,
                        kind != TreeListing.Kind.MISSING));
            } catch (IllegalArgumentException | UncheckedIOException e) {
                err.println("pulmo " + command + ": " + e.getMessage());
            }
            err.flush();
            return false;
        }

        /** Writes the run's findings as JSON lines when asked; false (with a message) when that failed. */
        boolean writeFindings(SparkPipeline.Run<?> run, PrintWriter err) {
            if (findings == null) {
                return true;
            }
            try {
                run.findings().orderBy("order", "index").write().mode("errorifexists").json(findings);
                return true;
            } catch (RuntimeException e) {
                err.println("pulmo-spark: cannot write the findings to " + findings + ": " + e.getMessage());
                return false;
            }
        }
    }

    @Command(name = "convert", mixinStandardHelpOptions = true,
            header = "Convert a dataset's binary masks into guideline JSON (pulmo convert on Spark).",
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {"0:every image converted or up to date", "1:some images could not be converted", "2:usage or I/O failure"})
    static final class Convert implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        TreeArguments tree;

        @Option(names = "--force", description = "Convert again even where the JSON is up to date.")
        boolean force;

        @Option(names = "--toolname", paramLabel = "<name>", defaultValue = "pulmo", description = "The annotations' toolname (default: ${DEFAULT-VALUE}).")
        String toolname;


        @Mixin
        EngineOptions engine;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            return engine.withSpark("convert", err, spark -> {
                if (!engine.isFolder(spark, "convert", tree.root, err)) {
                    return ExitCodes.USAGE_OR_IO;
                }
                DatasetConverter.Options defaults = DatasetConverter.Options.defaults();
                DatasetConverter.Options options = new DatasetConverter.Options(1, force,
                        new Info(defaults.info().description(), defaults.info().version(), defaults.info().contributor(), ""), toolname);
                FindingsReport report = FindingsReport.open(tree.format, out);
                try (SparkPipeline.Run<DatasetConverter.Summary> run = SparkPipeline.convert(spark, tree.root, options, report)) {
                    TreeReports.convert(report, tree.format, out, run.summary() == null ? tree.root : rootOf(run), run.summary());
                    int status = TreeReports.convertStatus(run.summary(), err);
                    return engine.writeFindings(run, err) ? status : ExitCodes.USAGE_OR_IO;
                }
            });
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            header = "Check a dataset tree (pulmo validate on Spark); reads only.",
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {"0:no errors (warnings allowed)", "1:errors found", "2:usage or I/O failure"})
    static final class Validate implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        TreeArguments tree;


        @Mixin
        EngineOptions engine;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            return engine.withSpark("validate", err, spark -> {
                if (!engine.isFolder(spark, "validate", tree.root, err)) {
                    return ExitCodes.USAGE_OR_IO;
                }
                FindingsReport report = FindingsReport.open(tree.format, out);
                try (SparkPipeline.Run<DatasetValidator.Report> run = SparkPipeline.validate(spark, tree.root, report)) {
                    DatasetValidator.Report r = run.summary();
                    TreeReports.validate(report, tree.format, out, rootOf(run), r);
                    int status = report.exitCode();
                    if (r.failure().isPresent()) {
                        err.println("pulmo validate: stopped before the end of the tree: " + r.failure().get().message());
                        err.flush();
                        status = ExitCodes.USAGE_OR_IO;
                    }
                    return engine.writeFindings(run, err) ? status : ExitCodes.USAGE_OR_IO;
                }
            });
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            header = "Count patients, images and lesions of a dataset against the guideline's targets (pulmo stats on Spark).",
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {"0:counted", "1:some files could not be counted (findings)", "2:usage or I/O failure"})
    static final class Stats implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        TreeArguments tree;


        @Option(names = "--charts", paramLabel = "URI", description = "Also write PNG charts into this folder (a path or a URI, any Hadoop file system).")
        String charts;

        @Mixin
        EngineOptions engine;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            return engine.withSpark("stats", err, spark -> {
                if (!engine.isFolder(spark, "stats", tree.root, err)) {
                    return ExitCodes.USAGE_OR_IO;
                }
                FindingsReport report = FindingsReport.open(tree.format, out);
                try (SparkPipeline.Run<DatasetStatistics.Report> run = SparkPipeline.stats(spark, tree.root, report)) {
                    DatasetStatistics.Report r = run.summary();
                    if (r.failure().isEmpty() && charts != null) {
                        try {
                            SparkPipeline.writeCharts(spark, r, charts);
                        } catch (UncheckedIOException | IllegalArgumentException e) { // cannot write, or --charts is no URI
                            report.finish(r.jsonFiles());
                            err.println("pulmo stats: cannot write the charts to " + charts + ": " + e.getMessage());
                            return ExitCodes.USAGE_OR_IO;
                        }
                    }
                    TreeReports.stats(report, tree.format, out, r);
                    int status = TreeReports.statsStatus(r, err);
                    return engine.writeFindings(run, err) ? status : ExitCodes.USAGE_OR_IO;
                }
            });
        }
    }

    @Command(name = "export-coco", mixinStandardHelpOptions = true,
            header = "Export a dataset as one standard COCO file (pulmo export-coco on Spark).",
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {"0:exported", "1:some files could not be read (left out, see findings)", "2:usage or I/O failure"})
    static final class ExportCoco implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        TreeArguments tree;

        @Option(names = "--out", paramLabel = "URI", required = true,
                description = "The COCO JSON file to write: a path or a URI (any Hadoop file system).")
        String target;

        @Option(names = "--segmentation", paramLabel = "<kind>", defaultValue = "polygon",
                description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
        CocoSegmentation segmentation;


        @Mixin
        EngineOptions engine;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            return engine.withSpark("export-coco", err, spark -> {
                if (!engine.isFolder(spark, "export-coco", tree.root, err)) {
                    return ExitCodes.USAGE_OR_IO;
                }
                FindingsReport report = FindingsReport.open(tree.format, out);
                SparkPipeline.Run<CocoExport.Summary> run;
                try {
                    run = SparkPipeline.exportCoco(spark, tree.root, target, segmentation.kind(), report);
                } catch (UncheckedIOException | IllegalArgumentException e) { // cannot write, or --out is no URI
                    report.finish(0);
                    err.println("pulmo export-coco: " + e.getMessage());
                    return ExitCodes.USAGE_OR_IO;
                }
                try (run) {
                    TreeReports.exportCoco(report, tree.format, out, target, segmentation, run.summary());
                    int status = TreeReports.exportCocoStatus(run.summary(), err);
                    return engine.writeFindings(run, err) ? status : ExitCodes.USAGE_OR_IO;
                }
            });
        }
    }

    private static String rootOf(SparkPipeline.Run<?> run) {
        return run.root();
    }
}
