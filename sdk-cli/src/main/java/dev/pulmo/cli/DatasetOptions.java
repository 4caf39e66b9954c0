package dev.pulmo.cli;

import dev.pulmo.dataset.DatasetLayout;
import dev.pulmo.runtime.PluginRegistry;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;

/**
 * The options of every command over a dataset tree: {@code ROOT} ({@link RootOption}), {@code --threads}
 * ({@link ThreadsOption}) and {@code --plugins} ({@link PluginOptions}), each declared and checked once, so that every
 * tree command says the same thing of the same mistake.
 *
 * <p>Use: {@code @Mixin DatasetOptions dataset;} then {@code dataset.check();}
 * {@code try (PluginRegistry registry = dataset.plugins.open()) { DatasetLayout layout = dataset.layout(registry); … }}.
 */
public final class DatasetOptions {

    @Mixin
    RootOption root;

    @Mixin
    ThreadsOption threads;

    @Mixin
    PluginOptions plugins;

    /**
     * Checks ROOT and --threads (and --plugins when the plugins are opened).
     *
     * @throws picocli.CommandLine.ParameterException naming the argument and what was expected (exit status 2)
     */
    void check() {
        root.check();
        threads.count();
    }

    /** The worker threads: --threads, or the number of processors. */
    int threads() {
        return threads.count();
    }

    /** {@code out} (given as {@code label}), checked as {@link InputChecks#outsideTheLayout} checks it. */
    Path outsideTheLayout(String label, Path out) {
        return InputChecks.outsideTheLayout(root.spec.commandLine(), label, out, DatasetLayout.rootOf(root.path));
    }

    /** The tree's layout with the plugins of {@code registry}. */
    DatasetLayout layout(PluginRegistry registry) {
        return DatasetLayout.of(root.path, registry.catalog());
    }
}
