package dev.pulmo.runtime;

import java.util.Objects;

/**
 * A plugin that could not be loaded; the others load regardless.
 *
 * @param source  what failed: a bundle's symbolic name and version with its file, a file that is no bundle,
 *                or a {@code ServiceLoader} provider class
 * @param message the cause, for a person: the missing package, the exception thrown on activation, …
 */
public record PluginProblem(String source, String message) {
    public PluginProblem {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return source + ": " + message;
    }
}
