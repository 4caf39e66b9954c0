package dev.pulmo.cli;

import dev.pulmo.api.io.TerminalText;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Severity;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * How every checking command prints its findings: as text lines for people, or as one JSON object
 * {@code {"findings": [{severity, code, file, pointer, line, column, message}], "summary": {...}}} for
 * scripts. The JSON shape is stable; later commands reuse it.
 */
final class FindingsReport {

    /** Output format of a checking command. */
    enum Format { text, json }

    private FindingsReport() {
    }

    static long count(List<Finding> findings, Severity s) {
        return findings.stream().filter(f -> f.severity() == s).count();
    }

    /** The exit status for these findings: 2 when a file could not be read, 1 on errors, else 0. */
    static int exitCode(List<Finding> findings) {
        if (findings.stream().anyMatch(f -> f.code().equals("file.unreadable"))) {
            return ExitCodes.USAGE_OR_IO;
        }
        return count(findings, Severity.ERROR) > 0 ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    static void print(List<Finding> findings, int filesChecked, Format format, PrintWriter out) {
        if (format == Format.json) {
            printJson(findings, filesChecked, out);
        } else {
            printText(findings, filesChecked, out);
        }
        out.flush();
    }

    /** Errors and warnings one per line; notes (INFO) summed up per rule, since there can be one per lesion. */
    private static void printText(List<Finding> findings, int filesChecked, PrintWriter out) {
        java.util.Map<String, List<Finding>> notes = new java.util.TreeMap<>();
        for (Finding f : findings) {
            if (f.severity() == Severity.INFO) {
                notes.computeIfAbsent(f.code(), k -> new java.util.ArrayList<>()).add(f);
            } else {
                out.println(textLine(f));
            }
        }
        notes.forEach((code, list) -> out.println("note: " + list.size() + " x " + TerminalText.escape(code) + ", e.g. "
                + TerminalText.escape(list.get(0).location() + ": " + list.get(0).message())));
        out.println(filesChecked + (filesChecked == 1 ? " file" : " files") + " checked: "
                + plural(count(findings, Severity.ERROR), "error") + ", "
                + plural(count(findings, Severity.WARNING), "warning") + ", "
                + plural(count(findings, Severity.INFO), "note"));
    }

    /**
     * One finding as a text line. Locations and messages quote file names and values from the data, which may hold
     * escape sequences or line breaks: {@link TerminalText#escape} shows them instead of letting them act.
     */
    static String textLine(Finding f) {
        return TerminalText.escape(f.location() + ": " + f.severity() + " " + f.code() + ": " + f.message());
    }

    private static String plural(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    private static void printJson(List<Finding> findings, int filesChecked, PrintWriter out) {
        try {
            JsonGenerator g = new JsonFactory().createGenerator(new NonClosingWriter(out));
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeArrayFieldStart("findings");
            for (Finding f : findings) {
                g.writeStartObject();
                g.writeStringField("severity", f.severity().name());
                g.writeStringField("code", f.code());
                g.writeStringField("file", f.location().file());
                g.writeStringField("pointer", f.location().pointer());
                if (f.location().line() > 0) {
                    g.writeNumberField("line", f.location().line());
                    g.writeNumberField("column", f.location().column());
                } else {
                    g.writeNullField("line");
                    g.writeNullField("column");
                }
                g.writeStringField("message", f.message());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("summary");
            g.writeNumberField("files", filesChecked);
            g.writeNumberField("errors", count(findings, Severity.ERROR));
            g.writeNumberField("warnings", count(findings, Severity.WARNING));
            g.writeNumberField("infos", count(findings, Severity.INFO));
            g.writeEndObject();
            g.writeEndObject();
            g.close();
            out.println();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lets the generator close without closing the command's output. */
    private static final class NonClosingWriter extends Writer {
        private final Writer target;

        NonClosingWriter(Writer target) {
            this.target = target;
        }

        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            target.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            target.flush();
        }

        @Override
        public void close() throws IOException {
            target.flush();
        }
    }
}
