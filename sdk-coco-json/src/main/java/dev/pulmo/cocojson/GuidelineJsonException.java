package dev.pulmo.cocojson;

/**
 * A guideline JSON file that cannot be read: malformed JSON, or (when reading into the typed model) a
 * member of the wrong type or missing. The message names the file, line:column and JSON Pointer.
 */
public class GuidelineJsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final String pointer;
    private final long line;
    private final long column;

    public GuidelineJsonException(String file, String pointer, long line, long column, String problem, Throwable cause) {
        super(format(file, pointer, line, column, problem), cause);
        this.file = file;
        this.pointer = pointer;
        this.line = line;
        this.column = column;
    }

    private static String format(String file, String pointer, long line, long column, String problem) {
        StringBuilder sb = new StringBuilder(file == null ? "<input>" : file);
        if (line > 0) {
            sb.append(':').append(line).append(':').append(column);
        }
        if (pointer != null) {
            sb.append(' ').append(pointer.isEmpty() ? "(document)" : pointer);
        }
        return sb.append(": ").append(problem).toString();
    }

    /** The file name as given, or {@code null}. */
    public String file() {
        return file;
    }

    /** The JSON Pointer of the offending value, or {@code null} when the JSON itself is malformed. */
    public String pointer() {
        return pointer;
    }

    /** 1-based line, or 0 when unknown. */
    public long line() {
        return line;
    }

    /** 1-based column, or 0 when unknown. */
    public long column() {
        return column;
    }
}
