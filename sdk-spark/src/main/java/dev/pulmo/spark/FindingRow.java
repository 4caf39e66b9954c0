package dev.pulmo.spark;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.Severity;
import java.io.Serializable;

/**
 * A {@link Finding} as a row of a Spark {@code Dataset} (a JavaBean, for {@code Encoders.bean}) and a line of the
 * JSON-lines output, with the members of {@code pulmo}'s JSON report ({@code severity}, {@code code}, {@code file},
 * {@code pointer}, {@code line}, {@code column}, {@code message}) and its place in the tree's order: {@code order} (the
 * scanner's slot: a layout finding, or a series) then {@code index} within the slot. Sorting by both gives the order in
 * which {@code pulmo} prints them.
 */
public class FindingRow implements Serializable {
    private static final long serialVersionUID = 1L;

    private long order;
    private int index;
    private String severity;
    private String code;
    private String file;
    private String pointer;
    private Long line;
    private Long column;
    private String message;

    /** For the bean encoder. */
    public FindingRow() {
    }

    /** The row of {@code f} at {@code index} within slot {@code order}. */
    public static FindingRow of(Finding f, long order, int index) {
        FindingRow r = new FindingRow();
        r.order = order;
        r.index = index;
        r.severity = f.severity().label();
        r.code = f.code();
        r.file = f.location().file();
        r.pointer = f.location().pointer();
        r.line = f.location().line() > 0 ? f.location().line() : null;
        r.column = f.location().line() > 0 ? f.location().column() : null;
        r.message = f.message();
        return r;
    }

    /** The finding again. */
    public Finding toFinding() {
        return new Finding(Severity.ofLabel(severity), code, new Location(file, pointer, line == null ? 0 : line,
                column == null ? 0 : column), message);
    }

    public long getOrder() {
        return order;
    }

    public void setOrder(long order) {
        this.order = order;
    }

    public int getIndex() {
        return index;
    }

    public void setIndex(int index) {
        this.index = index;
    }

    public String getSeverity() {
        return severity;
    }

    public void setSeverity(String severity) {
        this.severity = severity;
    }

    public String getCode() {
        return code;
    }

    public void setCode(String code) {
        this.code = code;
    }

    /** The file the finding is about, as the tree's path (without the file system's scheme); null when none. */
    public String getFile() {
        return file;
    }

    public void setFile(String file) {
        this.file = file;
    }

    /** The JSON Pointer or DICOM tag within the file; null when none. */
    public String getPointer() {
        return pointer;
    }

    public void setPointer(String pointer) {
        this.pointer = pointer;
    }

    /** The line in a JSON file, from 1; null when not known. */
    public Long getLine() {
        return line;
    }

    public void setLine(Long line) {
        this.line = line;
    }

    public Long getColumn() {
        return column;
    }

    public void setColumn(Long column) {
        this.column = column;
    }

    public String getMessage() {
        return message;
    }

    public void setMessage(String message) {
        this.message = message;
    }

    @Override
    public String toString() {
        return order + "." + index + " " + toFinding();
    }
}
