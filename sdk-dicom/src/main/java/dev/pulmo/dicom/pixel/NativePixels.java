package dev.pulmo.dicom.pixel;

/**
 * Every frame of a dataset's pixel data, decoded and laid out as native Explicit VR Little Endian Pixel Data
 * (PS3.5 8.1.1, 8.2), for writing a compressed image again uncompressed (de-identification's burned-in text removal).
 *
 * <p>The layout: Bits Allocated and Bits Stored as the source's; High Bit = Bits Stored − 1 (stored values
 * right-aligned; the bits above them 0 for unsigned data, the sign for signed data); samples interleaved
 * (Planar Configuration 0); 1-bit frames packed eight pixels to a byte, least significant bit first, frames back to
 * back; the value padded to an even length. The Photometric Interpretation is the decoded frames': YBR_FULL_422
 * becomes YBR_FULL (the JPEG decoders upsample the chroma, so every pixel has its own Cb and Cr), and YBR_ICT/YBR_RCT
 * become RGB (JPEG 2000 decoders invert the codestream's multi-component transform, ITU-T T.800 G.2, G.3).
 *
 * @param description the attributes that describe {@code value}: transfer syntax Explicit VR Little Endian
 * @param value       the Pixel Data value (not copied)
 */
public record NativePixels(PixelDescription description, byte[] value) {
    /** Explicit VR Little Endian. */
    public static final String EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";

    /**
     * @param pixels the pixel data, native or encapsulated
     * @return its frames decoded, in the native layout above
     * @throws PixelDataException when a frame cannot be decoded, or the frames do not fit one value (2^31 bytes)
     */
    public static NativePixels decode(PixelData pixels) {
        PixelDescription d = pixels.description();
        PhotometricInterpretation photometric = switch (d.photometricInterpretation()) {
            case YBR_FULL_422 -> PhotometricInterpretation.YBR_FULL;
            case YBR_ICT, YBR_RCT -> PhotometricInterpretation.RGB;
            default -> d.photometricInterpretation();
        };
        PixelDescription out = new PixelDescription(d.rows(), d.columns(), d.samplesPerPixel(), d.bitsAllocated(),
                d.bitsStored(), d.bitsStored() - 1, d.signed(), 0, photometric, d.numberOfFrames(), d.modalityLut(),
                d.windows(), EXPLICIT_VR_LITTLE_ENDIAN);
        long bits = out.bitsPerNativeFrame() * d.numberOfFrames();
        long bytes = (bits + 7) / 8;
        if (bytes + (bytes & 1) > Integer.MAX_VALUE - 8) {
            throw new PixelDataException(null, d.numberOfFrames() + " frames of " + d.columns() + "x" + d.rows()
                    + " do not fit one native Pixel Data value (2^31 bytes)");
        }
        byte[] value = new byte[(int) (bytes + (bytes & 1))];
        long mask = d.bitsStored() == 32 ? 0xFFFF_FFFFL : (1L << d.bitsStored()) - 1;
        int bytesPerSample = d.bitsAllocated() / 8;
        long sampleIndex = 0;
        for (int k = 0; k < d.numberOfFrames(); k++) {
            int[] samples = pixels.frame(k).samplesShared();
            for (int sample : samples) {
                // signed values keep their sign in the unused high bits, as most writers do; readers mask them
                long stored = d.signed() && d.bitsAllocated() > 1 ? sample : sample & mask;
                if (d.bitsAllocated() == 1) {
                    value[(int) (sampleIndex >>> 3)] |= (byte) (stored << (sampleIndex & 7));
                } else {
                    int at = (int) (sampleIndex * bytesPerSample);
                    for (int b = 0; b < bytesPerSample; b++) {
                        value[at + b] = (byte) (stored >>> (8 * b));
                    }
                }
                sampleIndex++;
            }
        }
        return new NativePixels(out, value);
    }
}
