package dev.pulmo.api;

/**
 * Where a {@link Finding} applies. Every part is optional ({@code null}, or 0 for line and column):
 * a finding about a whole file has only the file; one inside a JSON document has its JSON Pointer
 * (RFC 6901, e.g. {@code /annotations/3/bbox}) and the 1-based line and column where that value starts;
 * one about a DICOM element names the tag in {@code pointer}, e.g. {@code (0018,0050)}.
 */
public record Location(String file, String pointer, long line, long column) {

    public static final Location NONE = new Location(null, null, 0, 0);

    public static Location ofFile(String file) {
        return new Location(file, null, 0, 0);
    }

    public static Location of(String file, String pointer) {
        return new Location(file, pointer, 0, 0);
    }

    public Location withFile(String newFile) {
        return new Location(newFile, pointer, line, column);
    }

    /** {@code file:line:column pointer}, leaving out what is unknown. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
        }
        if (line > 0) {
            sb.append(sb.length() > 0 ? ":" : "").append(line).append(':').append(column);
        }
        if (pointer != null) {
            sb.append(sb.length() > 0 ? " " : "").append(pointer.isEmpty() ? "(document)" : pointer);
        }
        return sb.toString();
    }
}
