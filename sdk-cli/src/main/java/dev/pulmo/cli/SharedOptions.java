package dev.pulmo.cli;

import java.util.Optional;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What the shared option mixins whose help depends on the command ({@link FormatOption}, {@link OutOption}) need from
 * picocli's model: an annotation is the same for every command, so the command's own words are set on its model once
 * it is built.
 */
final class SharedOptions {
    private SharedOptions() {
    }

    /** The mixin of type {@code type} of {@code command}, nested mixins included. */
    static <T> Optional<T> mixin(CommandSpec command, Class<T> type) {
        for (CommandSpec mixin : command.mixins().values()) {
            if (type.isInstance(mixin.userObject())) {
                return Optional.of(type.cast(mixin.userObject()));
            }
            Optional<T> nested = mixin(mixin, type);
            if (nested.isPresent()) {
                return nested;
            }
        }
        return Optional.empty();
    }

    /** Replaces option {@code name} of {@code command} by a copy changed by {@code change} (same field, same names). */
    static void replace(CommandSpec command, String name, UnaryOperator<OptionSpec.Builder> change) {
        OptionSpec declared = command.findOption(name);
        OptionSpec changed = change.apply(OptionSpec.builder(declared)).build();
        command.remove(declared);
        command.addOption(changed);
    }
}
