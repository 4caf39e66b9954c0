package dev.pulmo.dicom.pixel;

import dev.pulmo.dicom.pixel.internal.DeflatedFrameDecoder;
import dev.pulmo.dicom.pixel.internal.EncapsulatedFrames;
import dev.pulmo.dicom.pixel.internal.JpegFrameDecoder;
import dev.pulmo.dicom.pixel.internal.NativeFrameDecoder;
import dev.pulmo.dicom.pixel.internal.NativeLayout;
import dev.pulmo.dicom.pixel.internal.PixelEncoding;
import dev.pulmo.dicom.pixel.internal.RleFrameDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The frames of one dataset's (7FE0,0010) Pixel Data, decoded on demand, one at a time.
 *
 * <p>Decoded: native data (Implicit/Explicit VR Little Endian, Deflated Explicit VR Little Endian,
 * Explicit VR Big Endian) with 1, 8, 16 or 32 bits allocated; RLE Lossless; JPEG Baseline and 8-bit
 * JPEG Extended (through the JDK's ImageIO); Deflated Image Frame Compression; Encapsulated
 * Uncompressed. Encapsulated data in any other syntax (JPEG Lossless, JPEG-LS, JPEG 2000, MPEG, …) is
 * split into frames ({@link #encodedFrame}) but {@link #frame} throws "pixel decoding of &lt;name&gt;
 * is not supported".
 *
 * <p>Immutable and safe to share between threads; each call of {@link #frame} decodes afresh, so
 * callers that revisit a frame keep the {@link Frame} themselves.
 */
public final class PixelData {
    private final String source;
    private final PixelDescription description;
    private final PixelEncoding encoding;
    private final byte[] nativeValue;
    private final List<byte[]> encodedFrames;

    private PixelData(String source, PixelDescription description, PixelEncoding encoding, byte[] nativeValue,
            List<byte[]> encodedFrames) {
        this.source = source;
        this.description = description;
        this.encoding = encoding;
        this.nativeValue = nativeValue;
        this.encodedFrames = encodedFrames;
    }

    /**
     * @param source      the file or other origin, used in messages
     * @param description the dataset's Image Pixel attributes and transfer syntax
     * @param value       the Pixel Data value as stored: native bytes (in the transfer syntax's byte
     *                    order, odd length allowed), or for encapsulated syntaxes the items with their
     *                    8-byte headers, Basic Offset Table first, with or without the closing Sequence
     *                    Delimitation Item
     * @return the pixel data; nothing is decoded yet
     * @throws PixelDataException when native data is shorter than Number of Frames needs, or the items
     *                            of encapsulated data are truncated or malformed
     */
    public static PixelData of(String source, PixelDescription description, byte[] value) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(description, "description");
        PixelEncoding encoding = PixelEncoding.of(description.transferSyntaxUid());
        if (!encoding.isEncapsulated()) {
            long needed = NativeFrameDecoder.bytesForFrames(description, nativeLayout(description, encoding),
                    description.numberOfFrames());
            if (value.length < needed) {
                throw new PixelDataException(source + ": native Pixel Data holds " + value.length + " bytes but "
                        + description.numberOfFrames() + " frame(s) of " + description.columns() + "x"
                        + description.rows() + " with " + description.samplesPerPixel() + " sample(s) of "
                        + description.bitsAllocated() + " bits need " + needed);
            }
            return new PixelData(source, description, encoding, value.clone(), List.of());
        }
        return new PixelData(source, description, encoding, null,
                EncapsulatedFrames.split(value, description.numberOfFrames(), source));
    }

    /**
     * For readers that split encapsulated Pixel Data themselves.
     *
     * @param source        the file or other origin, used in messages
     * @param description   the dataset's Image Pixel attributes and an encapsulated transfer syntax
     * @param encodedFrames one encoded frame per element (its fragments concatenated)
     * @return the pixel data
     * @throws PixelDataException when the transfer syntax is not encapsulated or the frame count differs
     *                            from Number of Frames
     */
    public static PixelData ofEncodedFrames(String source, PixelDescription description, List<byte[]> encodedFrames) {
        PixelEncoding encoding = PixelEncoding.of(description.transferSyntaxUid());
        if (!encoding.isEncapsulated()) {
            throw new PixelDataException(source + ": transfer syntax " + description.transferSyntaxUid()
                    + " has native Pixel Data, not encoded frames");
        }
        if (encodedFrames.size() != description.numberOfFrames()) {
            throw new PixelDataException(source + ": " + encodedFrames.size() + " encoded frame(s) but Number of"
                    + " Frames (0028,0008) is " + description.numberOfFrames());
        }
        List<byte[]> copies = new ArrayList<>(encodedFrames.size());
        for (byte[] frame : encodedFrames) {
            copies.add(frame.clone());
        }
        return new PixelData(source, description, encoding, null, List.copyOf(copies));
    }

    /** @return the attributes the frames are decoded with */
    public PixelDescription description() {
        return description;
    }

    /** @return Number of Frames */
    public int frameCount() {
        return description.numberOfFrames();
    }

    /** @return true when the Pixel Data is encapsulated (compressed or otherwise itemised) */
    public boolean isEncapsulated() {
        return encoding.isEncapsulated();
    }

    /** @return true when {@link #frame} can decode this transfer syntax */
    public boolean isDecodable() {
        return encoding != PixelEncoding.UNSUPPORTED;
    }

    /**
     * @param index 0-based frame index
     * @return a copy of the frame's encoded bytes (its fragments concatenated), as the codec reads them
     * @throws PixelDataException when the data is native or the index is out of range
     */
    public byte[] encodedFrame(int index) {
        checkIndex(index);
        if (!encoding.isEncapsulated()) {
            throw new PixelDataException(source + ": Pixel Data is native; it has no encoded frames");
        }
        return encodedFrames.get(index).clone();
    }

    /**
     * Decodes one frame.
     *
     * @param index 0-based frame index
     * @return the frame's stored values; YBR stays YBR (see {@link Frame#toRgb()})
     * @throws PixelDataException when the index is out of range, the transfer syntax is not decodable
     *                            ("pixel decoding of &lt;name&gt; is not supported") or the data is corrupt
     */
    public Frame frame(int index) {
        checkIndex(index);
        String where = source + " frame " + index;
        int[] samples;
        switch (encoding) {
            case NATIVE_LITTLE_ENDIAN:
            case NATIVE_BIG_ENDIAN:
                samples = NativeFrameDecoder.decode(description, nativeLayout(description, encoding), nativeValue,
                        index, where);
                break;
            case ENCAPSULATED_UNCOMPRESSED:
                samples = NativeFrameDecoder.decode(description, nativeLayout(description, encoding),
                        encodedFrames.get(index), 0, where);
                break;
            case DEFLATED_FRAME: {
                NativeLayout layout = nativeLayout(description, encoding);
                byte[] inflated = DeflatedFrameDecoder.inflate(encodedFrames.get(index),
                        (int) NativeFrameDecoder.bytesPerFrame(description, layout), where);
                samples = NativeFrameDecoder.decode(description, layout, inflated, 0, where);
                break;
            }
            case RLE:
                samples = NativeFrameDecoder.decode(description, NativeLayout.DECODED,
                        RleFrameDecoder.decodeToNative(description, encodedFrames.get(index), where), 0, where);
                break;
            case JPEG:
                samples = JpegFrameDecoder.decode(description, encodedFrames.get(index), where);
                break;
            default:
                throw new PixelDataException(source + ": pixel decoding of "
                        + PixelEncoding.describe(description.transferSyntaxUid()) + " is not supported");
        }
        boolean unsigned32 = !description.signed() && description.bitsStored() == 32;
        return new Frame(samples, description.rows(), description.columns(), description.photometricInterpretation(),
                unsigned32);
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= frameCount()) {
            throw new PixelDataException(source + ": frame index " + index + " out of range; the Pixel Data has "
                    + frameCount() + " frame(s), indices 0 to " + (frameCount() - 1));
        }
    }

    private static NativeLayout nativeLayout(PixelDescription description, PixelEncoding encoding) {
        return new NativeLayout(encoding == PixelEncoding.NATIVE_BIG_ENDIAN,
                description.planarConfiguration() == 1,
                description.photometricInterpretation() == PhotometricInterpretation.YBR_FULL_422);
    }
}
