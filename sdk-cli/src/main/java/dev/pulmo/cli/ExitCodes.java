package dev.pulmo.cli;

/** The exit statuses of every {@code pulmo} command, for scripts. */
public final class ExitCodes {
    /** The work was done and no error was found. */
    public static final int OK = 0;
    /** The work was done and the data has errors (findings of severity ERROR). */
    public static final int FINDINGS = 1;
    /** Wrong arguments, unreadable input, or an internal failure. */
    public static final int USAGE_OR_IO = 2;

    private ExitCodes() {
    }
}
