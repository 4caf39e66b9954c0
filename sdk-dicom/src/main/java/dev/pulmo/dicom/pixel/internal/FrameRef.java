package dev.pulmo.dicom.pixel.internal;

import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.pixel.PixelDataException;

/**
 * Which frame of which source a decoder is working on, so that its errors can say so.
 *
 * @param source     file name or other origin
 * @param frameIndex 0-based frame index
 */
public record FrameRef(String source, int frameIndex) {
    /**
     * @param what what was found and what was expected
     * @return an exception naming the source, (7FE0,0010) and this frame
     */
    public PixelDataException error(String what) {
        return new PixelDataException(source, "frame " + frameIndex + ": " + what);
    }

    /** As {@link #error(String)}, wrapping the decoder's own exception. */
    public PixelDataException error(String what, Throwable cause) {
        return new PixelDataException(source, Tag.PixelData, "frame " + frameIndex + ": " + what, cause);
    }
}
