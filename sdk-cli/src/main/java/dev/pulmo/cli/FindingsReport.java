package dev.pulmo.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Severity;
import dev.pulmo.api.io.TerminalText;
import dev.pulmo.dataset.FindingSink;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How every checking command prints its findings, as they come (memory does not grow with their number): as text
 * lines for people, or as one JSON object {@code {"findings": [{severity, code, file, pointer, line, column,
 * message}], "summary": {...}}} for scripts. The JSON shape is stable; commands may add members after the findings
 * ({@link #json()}). Text notes (INFO) are summed up per rule at the end, since there can be one per lesion.
 */
public final class FindingsReport implements FindingSink {

    /** Output format of a checking command. */
    public enum Format { text, json }

    private static final JsonFactory JSON = JsonFactory.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

    private final Format format;
    private final PrintWriter out;
    private final JsonGenerator generator;
    private final FindingSink.Counts counts = new FindingSink.Counts();
    private final Map<String, long[]> notes = new TreeMap<>();
    private final Map<String, Finding> firstNote = new TreeMap<>();
    private boolean unreadableFile;

    private FindingsReport(Format format, PrintWriter out) {
        this.format = format;
        this.out = out;
        try {
            if (format == Format.json) {
                generator = JSON.createGenerator(out);
                generator.useDefaultPrettyPrinter();
                generator.writeStartObject();
                generator.writeArrayFieldStart("findings");
            } else {
                generator = null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A report that prints to {@code out} from the first finding on. */
    public static FindingsReport open(Format format, PrintWriter out) {
        return new FindingsReport(format, out);
    }

    /** Prints {@code findings} and the summary at once (commands that have them all in a list). */
    static void print(List<Finding> findings, long filesChecked, Format format, PrintWriter out) {
        FindingsReport report = open(format, out);
        findings.forEach(report::accept);
        report.finish(filesChecked);
    }

    @Override
    public synchronized void accept(Finding f) {
        counts.accept(f);
        unreadableFile |= f.code().equals("file.unreadable");
        if (format == Format.json) {
            try {
                generator.writeStartObject();
                generator.writeStringField("severity", f.severity().label());
                generator.writeStringField("code", f.code());
                generator.writeStringField("file", f.location().file());
                generator.writeStringField("pointer", f.location().pointer());
                if (f.location().line() > 0) {
                    generator.writeNumberField("line", f.location().line());
                    generator.writeNumberField("column", f.location().column());
                } else {
                    generator.writeNullField("line");
                    generator.writeNullField("column");
                }
                generator.writeStringField("message", f.message());
                generator.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else if (f.severity() == Severity.INFO) {
            notes.computeIfAbsent(f.code(), k -> new long[1])[0]++;
            firstNote.putIfAbsent(f.code(), f);
        } else {
            out.println(textLine(f));
        }
    }

    /**
     * Ends the findings: text gets the notes per rule and the count line; JSON gets its summary object but stays open
     * for more members ({@link #json()}) until {@link #close()}.
     */
    public FindingsReport finishFindings(long filesChecked) {
        try {
            if (format == Format.json) {
                generator.writeEndArray();
                generator.writeObjectFieldStart("summary");
                generator.writeNumberField("files", filesChecked);
                generator.writeNumberField(Severity.ERROR.plural(), counts.errors());
                generator.writeNumberField(Severity.WARNING.plural(), counts.warnings());
                generator.writeNumberField(Severity.INFO.plural(), counts.notes());
                generator.writeEndObject();
            } else {
                notes.forEach((code, n) -> out.println(Severity.INFO.label() + ": " + n[0] + " x " + TerminalText.escape(code) + ", e.g. "
                        + TerminalText.escape(firstNote.get(code).location() + ": " + firstNote.get(code).message())));
                out.println(filesChecked + (filesChecked == 1 ? " file" : " files") + " checked: "
                        + plural(counts.errors(), "error") + ", " + plural(counts.warnings(), "warning") + ", "
                        + plural(counts.notes(), "note"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** The JSON output's generator, for members after {@code summary}; null for text. */
    public JsonGenerator json() {
        return generator;
    }

    /** Closes the JSON object (nothing for text) and flushes. */
    public void close() {
        try {
            if (generator != null) {
                generator.writeEndObject();
                generator.close();
                out.println();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.flush();
    }

    /** {@link #finishFindings} and {@link #close}. */
    public void finish(long filesChecked) {
        finishFindings(filesChecked).close();
    }

    /** Errors reported so far. */
    public long errors() {
        return counts.errors();
    }

    /** The exit status for what was reported: 2 when a file could not be read, 1 on errors, else 0. */
    public int exitCode() {
        if (unreadableFile) {
            return ExitCodes.USAGE_OR_IO;
        }
        return counts.errors() > 0 ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    /** The exit status for these findings: 2 when a file could not be read, 1 on errors, else 0. */
    static int exitCode(List<Finding> findings) {
        if (findings.stream().anyMatch(f -> f.code().equals("file.unreadable"))) {
            return ExitCodes.USAGE_OR_IO;
        }
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR) ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    /**
     * One finding as a text line. Locations and messages quote file names and values from the data, which may hold
     * escape sequences or line breaks: {@link TerminalText#escape} shows them instead of letting them act.
     */
    static String textLine(Finding f) {
        return TerminalText.escape(f.location() + ": " + f.severity().label() + " " + f.code() + ": " + f.message());
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
