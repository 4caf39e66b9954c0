package dev.pulmo.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code --threads} option of every parallel command, with its one validation ({@link InputChecks#threads}).
 *
 * <p>Use: {@code @Mixin ThreadsOption threads;} then {@code threads.count()}.
 */
final class ThreadsOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--threads", paramLabel = "<n>", description = "Worker threads (default: the number of processors).")
    Integer threads;

    /**
     * The worker threads: --threads, or the number of processors.
     *
     * @throws picocli.CommandLine.ParameterException when --threads is below 1 (exit status 2)
     */
    int count() {
        return InputChecks.threads(spec.commandLine(), threads);
    }
}
