package dev.pulmo.cli;

import dev.pulmo.api.io.AtomicFiles;
import java.util.List;

/** Entry point of the {@code pulmo} command; the only place that calls {@link System#exit}. */
public final class Main {
    /** The exit status of a run stopped by Ctrl-C (SIGINT): 128 + 2, as the shell reports it. */
    static final int INTERRUPTED = 130;

    private static volatile boolean finished;

    private Main() {
    }

    public static void main(String[] args) {
        Runtime.getRuntime().addShutdownHook(new Thread(Main::onInterrupt, "pulmo-interrupt"));
        int status;
        try {
            status = PulmoCommand.newCommandLine(args).execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            // the readers' limits are meant to prevent this; should one be missed, the user gets a sentence, not a trace
            System.err.println("pulmo: " + (e instanceof OutOfMemoryError ? "out of memory" : "input nested too deeply")
                    + " (" + e.getClass().getSimpleName() + "); a larger heap may help: PULMO_JAVA_OPTS=-Xmx4g");
            status = ExitCodes.USAGE_OR_IO;
        }
        finished = true;
        System.exit(status);
    }

    /**
     * Ctrl-C (or a kill) ends the JVM through its shutdown hooks, not through the writers' own clean-up: delete the
     * temporary files of outputs being written (their targets keep their old content), end the progress line, and
     * say how the run ended, on a line of its own.
     */
    private static void onInterrupt() {
        if (finished) {
            return;
        }
        List<java.nio.file.Path> removed = AtomicFiles.deleteTemporaryFiles();
        System.err.println();
        System.err.println("pulmo: interrupted; " + removed.size() + " temporary " + (removed.size() == 1 ? "file" : "files")
                + " removed, finished outputs kept (exit status " + INTERRUPTED + ")");
        System.err.flush();
    }
}
