package dev.pulmo.evaluation.internal;

import dev.pulmo.api.io.FileErrors;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.pulmo.evaluation.EvaluationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A streaming JSON reader that knows where it is: every value read through it is checked for its type, and every
 * error names the file and the JSON Pointer of the value (and line:column when the JSON itself is broken), e.g.
 * {@code pred.json /12/bbox: expected an array of 4 numbers, found a string}.
 */
public final class JsonInput implements AutoCloseable {
    /**
     * Nesting is capped far above COCO's depth of 4 so that a hostile file cannot exhaust the stack, and strings at
     * 16 M characters (an RLE string of a real mask is a few thousand) so that one value cannot take the heap.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxStringLength(1 << 24).build())
            // FastDoubleParser (in jackson-core) is correctly rounded, like Double.parseDouble and Python's float()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    private final String name;
    private final JsonParser parser;
    /** Where {@link #numbers()} collects an array before copying it out at its length (one allocation per array). */
    private double[] scratch = new double[16];

    private JsonInput(String name, JsonParser parser) {
        this.name = name;
        this.parser = parser;
    }

    /** Opens {@code file}; the caller closes it. */
    public static JsonInput open(Path file) {
        try {
            InputStream in = Files.newInputStream(FileErrors.requireRegularFile(file));
            return new JsonInput(file.toString(), FACTORY.createParser(in));
        } catch (IOException e) {
            throw new EvaluationException("cannot read " + file.toAbsolutePath() + ": " + FileErrors.reason(e), e);
        }
    }

    /** The file's name as errors give it. */
    public String name() {
        return name;
    }

    /** The next token, with I/O and syntax errors turned into {@link EvaluationException}s naming the place. */
    public JsonToken next() {
        try {
            return parser.nextToken();
        } catch (JsonParseException e) {
            throw new EvaluationException(name + ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr()
                    + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new EvaluationException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /** The current token. */
    public JsonToken current() {
        return parser.currentToken();
    }

    /** The JSON Pointer of the current value. */
    public String pointer() {
        return parser.getParsingContext().pathAsPointer(false).toString();
    }

    /** The current field name (the current token is a field name). */
    public String fieldName() {
        try {
            return parser.currentName();
        } catch (IOException e) {
            throw new EvaluationException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /** Skips the current value (and its children). */
    public void skip() {
        try {
            parser.skipChildren();
        } catch (IOException e) {
            throw new EvaluationException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /** An error at the current value. */
    public EvaluationException error(String message) {
        return new EvaluationException(name + " " + pointer() + ": " + message);
    }

    /** Requires the current token to be {@code expected}. */
    public void require(JsonToken expected, String what) {
        if (current() != expected) {
            throw error("expected " + what + ", found " + describe(current()));
        }
    }

    /** The current value as a finite double. */
    public double number() {
        if (!current().isNumeric()) {
            throw error("expected a number, found " + describe(current()));
        }
        try {
            double v = parser.getDoubleValue();
            if (!Double.isFinite(v)) {
                throw error("expected a finite number, found " + parser.getText());
            }
            return v;
        } catch (IOException e) {
            throw new EvaluationException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /** The current value as a whole number (an integral float such as {@code 3.0} is accepted, as Python's int() does). */
    public long integer() {
        if (current() == JsonToken.VALUE_NUMBER_INT) {
            try {
                return parser.getLongValue(); // no detour through a double
            } catch (IOException e) {
                throw error("expected a whole number that fits 64 bits");
            }
        }
        double v = number();
        if (v != Math.rint(v) || Math.abs(v) > 9.007199254740992E15) {
            throw error("expected a whole number, found " + v);
        }
        return (long) v;
    }

    /** The current value as an int. */
    public int intValue() {
        long v = integer();
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw error("expected a number in the 32-bit range, found " + v);
        }
        return (int) v;
    }

    /** The current value as a string. */
    public String string() {
        if (current() != JsonToken.VALUE_STRING) {
            throw error("expected a string, found " + describe(current()));
        }
        try {
            return parser.getText();
        } catch (IOException e) {
            throw new EvaluationException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /** The current value, an array of numbers, as doubles. */
    public double[] numbers() {
        require(JsonToken.START_ARRAY, "an array of numbers");
        double[] values = scratch;
        int n = 0;
        while (next() != JsonToken.END_ARRAY) {
            if (n == values.length) {
                values = java.util.Arrays.copyOf(values, n * 2);
                scratch = values;
            }
            values[n++] = number();
        }
        return java.util.Arrays.copyOf(values, n);
    }

    /** The current value, a boolean or number, as COCO's truthiness (0 and false are false). */
    public boolean truthy() {
        if (current() == JsonToken.VALUE_TRUE || current() == JsonToken.VALUE_FALSE) {
            return current() == JsonToken.VALUE_TRUE;
        }
        return number() != 0;
    }

    private static String describe(JsonToken token) {
        if (token == null) {
            return "the end of the file";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            throw new EvaluationException("cannot close " + name + ": " + e.getMessage(), e);
        }
    }
}
