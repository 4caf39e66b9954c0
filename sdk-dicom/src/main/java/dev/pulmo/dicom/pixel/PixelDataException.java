package dev.pulmo.dicom.pixel;

/**
 * Pixel data that cannot be decoded: malformed or truncated encoded data, attributes that contradict
 * each other, a frame index out of range, or a transfer syntax whose pixel decoding is not supported.
 * The message names the source (usually the file), the frame and, where known, the byte offset.
 */
public class PixelDataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what was found and what was expected, naming the source */
    public PixelDataException(String message) {
        super(message);
    }

    /**
     * @param message what was found and what was expected, naming the source
     * @param cause   the decoder's own exception
     */
    public PixelDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
