package dev.pulmo.cli;

import dev.pulmo.api.io.TerminalText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code --format} option of every command that has one, with one parser and one message: the formats a command
 * offers are given where it declares the mixin, the first being the default, and the help lists exactly those
 * ({@code @Mixin FormatOption format = FormatOption.of(OutputFormat.text, OutputFormat.json);}). Values are read
 * whatever their case; any other value is a usage error: {@code Invalid value for option '--format': expected one of
 * text, json, not 'xml'}.
 */
final class FormatOption {

    private final List<OutputFormat> offered;

    @Option(names = "--format", paramLabel = "<format>", description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat value;

    /** Picocli's no-argument construction: findings as text or JSON. */
    FormatOption() {
        this(List.of(OutputFormat.text, OutputFormat.json));
    }

    private FormatOption(List<OutputFormat> offered) {
        this.offered = List.copyOf(offered);
        this.value = offered.get(0);
    }

    /** The formats {@code first} (the default) and {@code others}. */
    static FormatOption of(OutputFormat first, OutputFormat... others) {
        List<OutputFormat> all = new ArrayList<>();
        all.add(first);
        all.addAll(Arrays.asList(others));
        return new FormatOption(all);
    }

    /** Findings as text (default) or JSON: the checking commands' formats ({@link FindingsReport}). */
    static FormatOption forFindings() {
        return of(OutputFormat.text, OutputFormat.json);
    }

    /** The format given, or the default. */
    OutputFormat value() {
        return value;
    }

    /** The format as {@link FindingsReport} takes it: json for json, text for every other format. */
    FindingsReport.Format findings() {
        return value == OutputFormat.json ? FindingsReport.Format.json : FindingsReport.Format.text;
    }

    /** Whether the format given (or the default) is {@code format}. */
    boolean is(OutputFormat format) {
        return value == format;
    }

    private OutputFormat parse(String given) {
        for (OutputFormat f : offered) {
            if (f.name().equalsIgnoreCase(given.trim())) {
                return f;
            }
        }
        throw new TypeConversionException("expected one of "
                + offered.stream().map(OutputFormat::name).collect(Collectors.joining(", ")) + ", not '" + TerminalText.escape(given) + "'");
    }

    /**
     * Narrows {@code --format} of {@code command} (when it has this mixin) to the formats it offers: help, default and
     * parser. Called once per command when the command line is built ({@link PulmoCommand#newCommandLine()}).
     */
    static void narrow(CommandSpec command) {
        SharedOptions.mixin(command, FormatOption.class).ifPresent(option -> {
            List<String> names = option.offered.stream().map(f -> f.name().toLowerCase(Locale.ROOT)).toList();
            SharedOptions.replace(command, "--format", b -> b.completionCandidates(names)
                    .defaultValue(names.get(0))
                    .converters(new Parser(option)));
        });
    }

    /**
     * {@code --format}'s converter. A named class, not {@code option::parse}: a lambda for one of picocli's interfaces
     * keeps some 40 of picocli's classes out of {@code ./pulmo}'s class-data archive (see {@link PulmoCommand}).
     */
    private record Parser(FormatOption option) implements CommandLine.ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            return option.parse(value);
        }
    }
}
