package dev.pulmo.dicom.pixel.internal.j2k;

/**
 * A JPEG 2000 codestream this decoder cannot decode: malformed, truncated, beyond its limits, or using
 * a feature it does not implement. {@link #byteOffset()} is the position in the bytes handed to
 * {@link J2kDecoder#decode}, or -1 when the fault has no single position (e.g. a code-block's data).
 */
public final class J2kException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long byteOffset;

    J2kException(long byteOffset, String message) {
        super(message);
        this.byteOffset = byteOffset;
    }

    /** @return the byte offset of the fault in the decoded bytes, or -1 */
    public long byteOffset() {
        return byteOffset;
    }
}
