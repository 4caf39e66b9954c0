package dev.pulmo.dicom.pixel.internal;

/**
 * How the bytes of one native frame are laid out, beyond what the Image Pixel attributes say.
 *
 * @param bigEndian     16- and 32-bit samples are big-endian (Explicit VR Big Endian)
 * @param planar        samples are stored one plane per sample (Planar Configuration 1)
 * @param subsampled422 YBR_FULL_422 stored as Y1 Y2 Cb Cr per pair of pixels (PS3.3 C.7.6.3.1.2)
 */
public record NativeLayout(boolean bigEndian, boolean planar, boolean subsampled422) {
    /** Little endian, interleaved, full resolution: what RLE and the frame codecs produce. */
    public static final NativeLayout DECODED = new NativeLayout(false, false, false);
}
