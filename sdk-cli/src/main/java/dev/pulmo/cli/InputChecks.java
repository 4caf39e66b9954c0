package dev.pulmo.cli;

import dev.pulmo.api.io.OutputPaths;
import dev.pulmo.api.io.TerminalText;
import dev.pulmo.api.plugin.ModalityCatalog;
import dev.pulmo.dataset.DatasetLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The one validation of the arguments the commands share: each failure is a usage error (exit status 2) whose message
 * names the argument, what was given and what was expected, in the same words in every command
 * ({@code ROOT x.json: expected a folder (the dataset ...), found a file}).
 */
final class InputChecks {
    private InputChecks() {
    }

    /** {@code path} is an existing folder; {@code what} says what the folder is for. */
    static Path folder(CommandLine cl, String label, Path path, String what) {
        if (Files.isDirectory(path)) {
            return path;
        }
        throw new ParameterException(cl, ArgumentMessages.folderExpected(label, path.toString(), what, Files.exists(path)));
    }

    /** {@code path} is an existing regular file. */
    static Path file(CommandLine cl, String label, Path path, String what) {
        if (Files.isRegularFile(path)) {
            return path;
        }
        throw new ParameterException(cl, label + " " + shown(path) + ": expected a file (" + what + "), "
                + (Files.isDirectory(path) ? "found a folder" : Files.exists(path) ? "found a FIFO, socket or device" : "no such file"));
    }

    /**
     * {@code path} can be written as a file: not a folder, and no file stands where one of its folders must be (missing
     * folders are created by the atomic write).
     */
    static Path outputFile(CommandLine cl, String label, Path path) {
        if (Files.isDirectory(path)) {
            throw new ParameterException(cl, label + " " + shown(path) + ": expected a file to write, found a folder");
        }
        for (Path parent = path.toAbsolutePath().getParent(); parent != null; parent = parent.getParent()) {
            if (Files.exists(parent)) {
                if (!Files.isDirectory(parent)) {
                    throw new ParameterException(cl, label + " " + shown(path) + ": expected a file in a folder, but "
                            + shown(parent) + " is a file");
                }
                break;
            }
        }
        return path;
    }

    /**
     * {@code path} can be written as a folder: not a file, and no file stands where one of its parent folders must be
     * (missing folders are created).
     */
    static Path outputFolder(CommandLine cl, String label, Path path) {
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new ParameterException(cl, label + " " + shown(path) + ": expected a folder to write, found a file");
        }
        for (Path parent = path.toAbsolutePath().getParent(); parent != null; parent = parent.getParent()) {
            if (Files.exists(parent)) {
                if (!Files.isDirectory(parent)) {
                    throw new ParameterException(cl, label + " " + shown(path) + ": expected a folder in a folder, but "
                            + shown(parent) + " is a file");
                }
                break;
            }
        }
        return path;
    }

    /**
     * {@code out} (given as {@code label}), checked to lie outside a tree's {@code lung_cancer} folder
     * {@code layoutRoot} (null stays null). The layout has only modality folders there: an output written into it would
     * become part of the dataset, a finding of every later check (of the very run that writes it, when the scan meets
     * it).
     *
     * @throws ParameterException when it lies inside, links followed (exit status 2)
     */
    static Path outsideTheLayout(CommandLine cl, String label, Path out, Path layoutRoot) {
        if (out == null) {
            return null;
        }
        Path real = OutputPaths.realLocation(layoutRoot);
        if (OutputPaths.realLocation(out).startsWith(real)) {
            throw new ParameterException(cl, label + " " + shown(out) + ": inside the dataset's " + DatasetLayout.TOP_FOLDER
                    + " folder (" + shown(real) + "), where the layout has only modality folders; write it outside, "
                    + "e.g. next to " + DatasetLayout.TOP_FOLDER);
        }
        return out;
    }

    /** {@code --threads}: null (the default) or at least 1. */
    static int threads(CommandLine cl, Integer threads) {
        if (threads == null) {
            return Runtime.getRuntime().availableProcessors();
        }
        if (threads < 1) {
            throw new ParameterException(cl, ArgumentMessages.threadsExpected(threads));
        }
        return threads;
    }

    /** A modality code as the catalog knows it, whatever the case given; else the loaded codes are listed. */
    static String modality(CommandLine cl, String label, String code, ModalityCatalog catalog) {
        String upper = code.toUpperCase(Locale.ROOT);
        if (catalog.find(upper).isPresent()) {
            return upper;
        }
        throw new ParameterException(cl, label + " " + TerminalText.escape(code) + ": expected a loaded modality ("
                + catalog.describeKnown() + ")");
    }

    private static String shown(Path path) {
        return TerminalText.escape(path.toString());
    }
}
