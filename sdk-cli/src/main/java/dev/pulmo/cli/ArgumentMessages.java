package dev.pulmo.cli;

import dev.pulmo.api.io.TerminalText;

/**
 * The words of pulmo's usage errors about paths, public so that every front end of the same commands
 * ({@code pulmo-spark} too) says the same of the same mistake; {@link InputChecks} uses them.
 */
public final class ArgumentMessages {

    /** What a dataset ROOT is. */
    public static final String DATASET_ROOT = "the dataset: its lung_cancer folder or a folder containing it";

    private ArgumentMessages() {
    }

    /** {@code --threads 0: expected a number of worker threads, at least 1}. */
    public static String threadsExpected(int given) {
        return "--threads " + given + ": expected a number of worker threads, at least 1";
    }

    /**
     * {@code ROOT x.json: expected a folder (the dataset: ...), found a file} (or {@code no such folder}).
     *
     * @param label     the argument as the help names it ({@code ROOT}, {@code --plugins})
     * @param given     the path or URI as given
     * @param what      what the folder is for
     * @param foundFile whether something that is not a folder is there
     */
    public static String folderExpected(String label, String given, String what, boolean foundFile) {
        return label + " " + TerminalText.escape(given) + ": expected a folder (" + what + "), "
                + (foundFile ? "found a file" : "no such folder");
    }
}
