package dev.pulmo.cli;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The {@code ROOT} argument of the commands over a dataset tree, and its one validation: every command that takes a
 * tree, whether as {@code ROOT} or as an option ({@code check-clinical --tree}, {@code split}'s ROOT beside
 * {@code --check}), checks it with {@link #check(CommandLine, String, Path)}, so that the same mistake gets the same
 * words everywhere: {@code ROOT x.json: expected a folder (the dataset: ...), found a file}.
 *
 * <p>Use: {@code @Mixin RootOption root;} then {@code root.check()}.
 */
final class RootOption {

    /** What ROOT is, for help and messages. */
    static final String DESCRIPTION = ArgumentMessages.DATASET_ROOT;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Parameters(paramLabel = "ROOT", description = "The dataset: its lung_cancer folder or a folder containing it.")
    Path path;

    /**
     * ROOT, checked.
     *
     * @throws picocli.CommandLine.ParameterException when ROOT is not a folder (exit status 2)
     */
    Path check() {
        return check(spec.commandLine(), "ROOT", path);
    }

    /**
     * {@code root} (given as {@code label}) is a folder.
     *
     * @throws picocli.CommandLine.ParameterException naming the argument and what was expected (exit status 2)
     */
    static Path check(CommandLine cl, String label, Path root) {
        return InputChecks.folder(cl, label, root, DESCRIPTION);
    }
}
