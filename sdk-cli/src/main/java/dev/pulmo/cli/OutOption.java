package dev.pulmo.cli;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code --out} option of every command that writes, with its one validation: what is written (a file, a folder,
 * or either) and whether the option is required are given where the command declares the mixin
 * ({@code @Mixin OutOption out = OutOption.of("DIR", "The folder to write (created).").required();}), and the
 * checks ({@link #file()}, {@link #folder()}) say the same words in every command
 * ({@code --out x: expected a folder to write, found a file}).
 */
final class OutOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private final String label;
    private final String description;
    private final boolean required;

    @Option(names = "--out", paramLabel = "PATH", description = "Where to write.")
    Path path;

    /** Picocli's no-argument construction: an optional file. */
    OutOption() {
        this("FILE", "Write to FILE (atomically) instead of standard output.", false);
    }

    private OutOption(String label, String description, boolean required) {
        this.label = label;
        this.description = description;
        this.required = required;
    }

    /** {@code --out LABEL}, described as {@code description}. */
    static OutOption of(String label, String description) {
        return new OutOption(label, description, false);
    }

    /** This option, required. */
    OutOption required() {
        return new OutOption(label, description, true);
    }

    /** Whether --out was given. */
    boolean given() {
        return path != null;
    }

    /** The path given, unchecked (null when not given). */
    Path path() {
        return path;
    }

    /**
     * The path given as a file to write, checked (null when not given).
     *
     * @throws picocli.CommandLine.ParameterException when it is a folder or lies under a file (exit status 2)
     */
    Path file() {
        return path == null ? null : InputChecks.outputFile(spec.commandLine(), "--out", path);
    }

    /**
     * The path given as a folder to write, checked (null when not given).
     *
     * @throws picocli.CommandLine.ParameterException when it is a file or lies under a file (exit status 2)
     */
    Path folder() {
        return path == null ? null : folder(spec.commandLine(), path);
    }

    /** The check of {@link #folder()}, for a command that declares {@code --out} in an argument group. */
    static Path folder(CommandLine cl, Path path) {
        return InputChecks.outputFolder(cl, "--out", path);
    }

    /**
     * Gives {@code --out} of {@code command} (when it has this mixin) the label, description and requiredness the
     * command declared. Called once per command when the command line is built ({@link PulmoCommand#newCommandLine()}).
     */
    static void declare(CommandSpec command) {
        SharedOptions.mixin(command, OutOption.class).ifPresent(option -> SharedOptions.replace(command, "--out",
                b -> b.paramLabel(option.label).description(option.description).required(option.required)));
    }
}
