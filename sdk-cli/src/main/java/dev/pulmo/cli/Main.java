package dev.pulmo.cli;

import picocli.CommandLine;

/** Entry point of the {@code pulmo} command; the only place that calls {@link System#exit}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(PulmoCommand.newCommandLine().execute(args));
    }
}
