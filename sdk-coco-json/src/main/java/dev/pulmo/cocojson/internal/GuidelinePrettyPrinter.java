package dev.pulmo.cocojson.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.Instantiatable;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Two-space indentation with the guideline's flat number arrays ({@code bbox}, {@code segmentation}) kept
 * on one line: objects and the top-level section arrays are laid out one member per line, arrays nested
 * deeper are written inline as {@code [1.0, 2.0, 3.0, 4.0]}. Stateful, so one instance per generator.
 */
public final class GuidelinePrettyPrinter implements PrettyPrinter, Instantiatable<GuidelinePrettyPrinter> {
    /** A newline and the indentation of each depth, encoded once (a generator copies their bytes). */
    private static final SerializedString[] NEWLINES = new SerializedString[16];
    private static final SerializedString FIELD_VALUE_SEPARATOR = new SerializedString(": ");

    static {
        for (int d = 0; d < NEWLINES.length; d++) {
            NEWLINES[d] = new SerializedString("\n" + "  ".repeat(d));
        }
    }

    private int depth;
    private final Deque<Boolean> inline = new ArrayDeque<>();

    public GuidelinePrettyPrinter() {
    }

    /**
     * A printer for a value written on its own that is laid out as if it were nested {@code depth} objects deep
     * (e.g. a section's array, at depth 1, for text that is copied into documents).
     */
    public GuidelinePrettyPrinter(int depth) {
        for (int i = 0; i < depth; i++) {
            inline.push(false);
        }
        this.depth = depth;
    }

    @Override
    public GuidelinePrettyPrinter createInstance() {
        return new GuidelinePrettyPrinter();
    }

    private void newline(JsonGenerator g) throws IOException {
        if (depth < NEWLINES.length) {
            g.writeRaw(NEWLINES[depth]);
            return;
        }
        g.writeRaw('\n');
        for (int i = 0; i < depth; i++) {
            g.writeRaw("  ");
        }
    }

    @Override
    public void writeRootValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw('\n');
    }

    @Override
    public void writeStartObject(JsonGenerator g) throws IOException {
        g.writeRaw('{');
        depth++;
        inline.push(false);
    }

    @Override
    public void beforeObjectEntries(JsonGenerator g) throws IOException {
        newline(g);
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(FIELD_VALUE_SEPARATOR);
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
        g.writeRaw(',');
        newline(g);
    }

    @Override
    public void writeEndObject(JsonGenerator g, int entries) throws IOException {
        depth--;
        inline.pop();
        if (entries > 0) {
            newline(g);
        }
        g.writeRaw('}');
    }

    @Override
    public void writeStartArray(JsonGenerator g) throws IOException {
        g.writeRaw('[');
        inline.push(depth >= 2);
        depth++;
    }

    @Override
    public void beforeArrayValues(JsonGenerator g) throws IOException {
        if (!inline.peek()) {
            newline(g);
        }
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(',');
        if (inline.peek()) {
            g.writeRaw(' ');
        } else {
            newline(g);
        }
    }

    @Override
    public void writeEndArray(JsonGenerator g, int values) throws IOException {
        depth--;
        boolean wasInline = inline.pop();
        if (!wasInline && values > 0) {
            newline(g);
        }
        g.writeRaw(']');
    }
}
