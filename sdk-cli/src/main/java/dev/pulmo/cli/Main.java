package dev.pulmo.cli;

/** Entry point of the {@code pulmo} command; the only place that calls {@link System#exit}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        int status;
        try {
            status = PulmoCommand.newCommandLine(args).execute(args);
        } catch (OutOfMemoryError | StackOverflowError e) {
            // the readers' limits are meant to prevent this; should one be missed, the user gets a sentence, not a trace
            System.err.println("pulmo: " + (e instanceof OutOfMemoryError ? "out of memory" : "input nested too deeply")
                    + " (" + e.getClass().getSimpleName() + "); a larger heap may help: PULMO_JAVA_OPTS=-Xmx4g");
            status = ExitCodes.USAGE_OR_IO;
        }
        System.exit(status);
    }
}
