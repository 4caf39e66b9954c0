package dev.pulmo.cli;

import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.runtime.PluginRegistry;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The options of every command over a dataset tree: {@code ROOT}, {@code --threads} and {@code --plugins}, declared
 * once with one validation ({@link #check()}, through {@link InputChecks}), so that every tree command says the same
 * thing of the same mistake.
 *
 * <p>Use: {@code @Mixin DatasetOptions dataset;} then {@code dataset.check();}
 * {@code try (PluginRegistry registry = dataset.plugins.open()) { DatasetLayout layout = dataset.layout(registry); … }}.
 */
public final class DatasetOptions {

    /** What ROOT is, for help and messages. */
    static final String ROOT_DESCRIPTION = "the dataset: its lung_cancer folder or a folder containing it";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Parameters(paramLabel = "ROOT", description = "The dataset: its lung_cancer folder or a folder containing it.")
    Path root;

    @Option(names = "--threads", paramLabel = "<n>", description = "Worker threads (default: the number of processors).")
    Integer threads;

    @Mixin
    PluginOptions plugins;

    /**
     * Checks ROOT and --threads (and --plugins when the plugins are opened).
     *
     * @throws picocli.CommandLine.ParameterException naming the argument and what was expected (exit status 2)
     */
    void check() {
        InputChecks.folder(spec.commandLine(), "ROOT", root, ROOT_DESCRIPTION);
        InputChecks.threads(spec.commandLine(), threads);
    }

    /** The worker threads: --threads, or the number of processors. */
    int threads() {
        return InputChecks.threads(spec.commandLine(), threads);
    }

    /** The tree's layout with the plugins of {@code registry}. */
    DatasetLayout layout(PluginRegistry registry) {
        return DatasetLayout.of(root, registry.catalog());
    }
}
