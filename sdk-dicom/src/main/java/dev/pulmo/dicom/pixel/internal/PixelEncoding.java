package dev.pulmo.dicom.pixel.internal;

import dev.pulmo.dicom.TransferSyntax;
import java.util.Map;

/** How a transfer syntax encodes Pixel Data, as far as decoding is concerned. */
public enum PixelEncoding {
    /** Native, little endian (Implicit/Explicit VR Little Endian, Deflated Explicit VR Little Endian). */
    NATIVE_LITTLE_ENDIAN,
    /** Native, big endian (Explicit VR Big Endian, retired). */
    NATIVE_BIG_ENDIAN,
    /** Encapsulated, each frame native little endian (Encapsulated Uncompressed Explicit VR Little Endian). */
    ENCAPSULATED_UNCOMPRESSED,
    /** Encapsulated RLE Lossless. */
    RLE,
    /** Encapsulated DCT JPEG: processes 1, 2 and 4, and the retired progressive ones (6, 8, 10, 12). */
    JPEG,
    /** Encapsulated lossless JPEG, Process 14 (any predictor, and the first-order subset). */
    JPEG_LOSSLESS,
    /** Encapsulated JPEG-LS, lossless or near-lossless. */
    JPEG_LS,
    /** Encapsulated Deflated Image Frame Compression. */
    DEFLATED_FRAME,
    /** Encapsulated JPEG 2000 (Part 1) or HTJ2K (Part 15) codestreams, lossless or lossy. */
    JPEG_2000,
    /** Encapsulated in a syntax this package cannot decode. */
    UNSUPPORTED;

    private static final Map<String, PixelEncoding> DECODABLE = Map.ofEntries(
            Map.entry("1.2.840.10008.1.2", NATIVE_LITTLE_ENDIAN),
            Map.entry("1.2.840.10008.1.2.1", NATIVE_LITTLE_ENDIAN),
            Map.entry("1.2.840.10008.1.2.1.99", NATIVE_LITTLE_ENDIAN),
            Map.entry("1.2.840.10008.1.20", NATIVE_LITTLE_ENDIAN),
            Map.entry("1.2.840.10008.1.2.2", NATIVE_BIG_ENDIAN),
            Map.entry("1.2.840.10008.1.2.1.98", ENCAPSULATED_UNCOMPRESSED),
            Map.entry("1.2.840.10008.1.2.5", RLE),
            Map.entry("1.2.840.10008.1.2.4.50", JPEG),
            Map.entry("1.2.840.10008.1.2.4.51", JPEG),
            Map.entry("1.2.840.10008.1.2.4.53", JPEG),
            Map.entry("1.2.840.10008.1.2.4.55", JPEG),
            Map.entry("1.2.840.10008.1.2.4.57", JPEG_LOSSLESS),
            Map.entry("1.2.840.10008.1.2.4.70", JPEG_LOSSLESS),
            Map.entry("1.2.840.10008.1.2.4.80", JPEG_LS),
            Map.entry("1.2.840.10008.1.2.4.81", JPEG_LS),
            Map.entry("1.2.840.10008.1.2.8.1", DEFLATED_FRAME),
            Map.entry("1.2.840.10008.1.2.4.90", JPEG_2000),
            Map.entry("1.2.840.10008.1.2.4.91", JPEG_2000),
            Map.entry("1.2.840.10008.1.2.4.201", JPEG_2000),
            Map.entry("1.2.840.10008.1.2.4.202", JPEG_2000),
            Map.entry("1.2.840.10008.1.2.4.203", JPEG_2000));

    /**
     * @param transferSyntaxUid a transfer syntax UID
     * @return its encoding; {@link #UNSUPPORTED} for any syntax not decoded here
     */
    public static PixelEncoding of(String transferSyntaxUid) {
        return DECODABLE.getOrDefault(transferSyntaxUid, UNSUPPORTED);
    }

    /**
     * @param transferSyntaxUid a transfer syntax UID
     * @return its PS3.6 name followed by the UID, for messages
     */
    public static String describe(String transferSyntaxUid) {
        TransferSyntax syntax = TransferSyntax.of(transferSyntaxUid);
        return syntax.isKnown() ? syntax.name() + " (" + transferSyntaxUid + ")" : syntax.name();
    }

    /** @return true when Pixel Data of this encoding is a sequence of items (PS3.5 A.4) */
    public boolean isEncapsulated() {
        return this != NATIVE_LITTLE_ENDIAN && this != NATIVE_BIG_ENDIAN;
    }
}
