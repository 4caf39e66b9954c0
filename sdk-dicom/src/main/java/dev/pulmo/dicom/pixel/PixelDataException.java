package dev.pulmo.dicom.pixel;

import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.Tag;

/**
 * Pixel data that cannot be decoded: malformed or truncated encoded data, Image Pixel attributes that
 * are missing or contradict each other, a frame index out of range, or a transfer syntax whose pixel
 * decoding is not supported. The message names the source (usually the file), the tag and the frame,
 * e.g. {@code ct.dcm (7FE0,0010): frame 2: RLE segment 3 offset 99999 (header byte 12) out of range…}.
 */
public class PixelDataException extends DicomException {
    private static final long serialVersionUID = 1L;

    /**
     * @param source file name or other origin, may be null
     * @param tag    the attribute at fault, e.g. {@link Tag#PixelData} or {@link Tag#BitsAllocated}
     * @param detail what was found and what was expected
     */
    public PixelDataException(String source, int tag, String detail) {
        super(source, NO_OFFSET, tag, detail);
    }

    /** As {@link #PixelDataException(String, int, String)}, wrapping the decoder's own exception. */
    public PixelDataException(String source, int tag, String detail, Throwable cause) {
        super(source, NO_OFFSET, tag, detail, cause);
    }

    /** A problem with (7FE0,0010) Pixel Data itself. */
    public PixelDataException(String source, String detail) {
        this(source, Tag.PixelData, detail);
    }
}
