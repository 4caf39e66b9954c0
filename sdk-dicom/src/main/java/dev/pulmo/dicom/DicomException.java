package dev.pulmo.dicom;

/**
 * The one exception type of sdk-dicom: malformed or truncated input, a limit of {@link DicomReader.Limits}
 * exceeded, or a value that cannot be encoded. The message names the source (for a file read by path, its absolute
 * path, once), the byte offset and the tag when they are known, e.g. {@code /data/ct_001.dcm @0x1F4 (7FE0,0010):
 * element declares a value length of 4294967290 bytes but only 528400 bytes remain}.
 */
public class DicomException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Marks {@link #byteOffset()} and {@link #tag()} as unknown. */
    public static final long NO_OFFSET = -1;
    /** Marks {@link #tag()} as unknown. */
    public static final int NO_TAG = -1;

    private final String source;
    private final long byteOffset;
    private final int tag;
    private final String detail;

    /**
     * @param source     file name or other description of the input, may be null
     * @param byteOffset offset in the (inflated) stream where the problem starts, or {@link #NO_OFFSET}
     * @param tag        the element's tag, or {@link #NO_TAG}
     * @param detail     what was found and what was expected
     */
    public DicomException(String source, long byteOffset, int tag, String detail) {
        this(source, byteOffset, tag, detail, null);
    }

    /** As {@link #DicomException(String, long, int, String)}, wrapping a cause. */
    public DicomException(String source, long byteOffset, int tag, String detail, Throwable cause) {
        super(format(source, byteOffset, tag, detail), cause);
        this.source = source;
        this.byteOffset = byteOffset;
        this.tag = tag;
        this.detail = detail;
    }

    /** An exception that is not tied to a position (e.g. writing a value that cannot be encoded). */
    public DicomException(String detail) {
        this(null, NO_OFFSET, NO_TAG, detail);
    }

    private static String format(String source, long byteOffset, int tag, String detail) {
        StringBuilder sb = new StringBuilder();
        if (source != null) {
            sb.append(source);
        }
        if (byteOffset >= 0) {
            sb.append(sb.length() > 0 ? " " : "").append(String.format("@0x%X", byteOffset));
        }
        if (tag != NO_TAG) {
            sb.append(sb.length() > 0 ? " " : "").append(Tag.toString(tag));
        }
        return sb.length() == 0 ? detail : sb + ": " + detail;
    }

    /**
     * The message without the source: {@code @0x1F4 (7FE0,0010): element declares ...}, for a report that names the
     * file already (a finding located at it), so that the file is named once.
     */
    public String withoutSource() {
        return format(null, byteOffset, tag, detail);
    }

    /** @return the source named when the exception was raised, or null */
    public String source() {
        return source;
    }

    /** @return byte offset in the (inflated) stream, or {@link #NO_OFFSET} */
    public long byteOffset() {
        return byteOffset;
    }

    /** @return tag of the element concerned, or {@link #NO_TAG} */
    public int tag() {
        return tag;
    }

    /** @return the message without source, offset and tag */
    public String detail() {
        return detail;
    }
}
