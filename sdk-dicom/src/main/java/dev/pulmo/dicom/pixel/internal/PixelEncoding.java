package dev.pulmo.dicom.pixel.internal;

import java.util.Map;

/**
 * How a transfer syntax encodes Pixel Data, as far as decoding is concerned. Names are those of PS3.6
 * Table A-1 (as in {@code dicom-standard/transfer_syntaxes.tsv}), for messages.
 */
public enum PixelEncoding {
    /** Native, little endian (Implicit/Explicit VR Little Endian, Deflated Explicit VR Little Endian). */
    NATIVE_LITTLE_ENDIAN,
    /** Native, big endian (Explicit VR Big Endian, retired). */
    NATIVE_BIG_ENDIAN,
    /** Encapsulated, each frame native little endian (Encapsulated Uncompressed Explicit VR Little Endian). */
    ENCAPSULATED_UNCOMPRESSED,
    /** Encapsulated RLE Lossless. */
    RLE,
    /** Encapsulated JPEG of processes 1, 2 and 4 (decoded when 8-bit). */
    JPEG,
    /** Encapsulated Deflated Image Frame Compression. */
    DEFLATED_FRAME,
    /** Encapsulated in a syntax this package cannot decode. */
    UNSUPPORTED;

    private static final Map<String, PixelEncoding> DECODABLE = Map.of(
            "1.2.840.10008.1.2", NATIVE_LITTLE_ENDIAN,
            "1.2.840.10008.1.2.1", NATIVE_LITTLE_ENDIAN,
            "1.2.840.10008.1.2.1.99", NATIVE_LITTLE_ENDIAN,
            "1.2.840.10008.1.20", NATIVE_LITTLE_ENDIAN,
            "1.2.840.10008.1.2.2", NATIVE_BIG_ENDIAN,
            "1.2.840.10008.1.2.1.98", ENCAPSULATED_UNCOMPRESSED,
            "1.2.840.10008.1.2.5", RLE,
            "1.2.840.10008.1.2.4.50", JPEG,
            "1.2.840.10008.1.2.4.51", JPEG,
            "1.2.840.10008.1.2.8.1", DEFLATED_FRAME);

    private static final Map<String, String> UNSUPPORTED_NAMES = Map.ofEntries(
            Map.entry("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)"),
            Map.entry("1.2.840.10008.1.2.4.70",
                    "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])"),
            Map.entry("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless Image Compression"),
            Map.entry("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless) Image Compression"),
            Map.entry("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)"),
            Map.entry("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression"),
            Map.entry("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)"),
            Map.entry("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component Image Compression"),
            Map.entry("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level"),
            Map.entry("1.2.840.10008.1.2.4.101", "MPEG2 Main Profile / High Level"),
            Map.entry("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1"),
            Map.entry("1.2.840.10008.1.2.4.107", "HEVC/H.265 Main Profile / Level 5.1"),
            Map.entry("1.2.840.10008.1.2.4.110", "JPEG XL Lossless"),
            Map.entry("1.2.840.10008.1.2.4.112", "JPEG XL"),
            Map.entry("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Image Compression (Lossless Only)"),
            Map.entry("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000 Image Compression"));

    /**
     * @param transferSyntaxUid a transfer syntax UID
     * @return its encoding; {@link #UNSUPPORTED} for any syntax not decoded here
     */
    public static PixelEncoding of(String transferSyntaxUid) {
        return DECODABLE.getOrDefault(transferSyntaxUid, UNSUPPORTED);
    }

    /**
     * @param transferSyntaxUid a transfer syntax UID this package does not decode
     * @return its PS3.6 name followed by the UID, or the UID alone when the name is not known here
     */
    public static String describe(String transferSyntaxUid) {
        String name = UNSUPPORTED_NAMES.get(transferSyntaxUid);
        return name == null ? "transfer syntax " + transferSyntaxUid : name + " (" + transferSyntaxUid + ")";
    }

    /** @return true when Pixel Data of this encoding is a sequence of items (PS3.5 A.4) */
    public boolean isEncapsulated() {
        return this != NATIVE_LITTLE_ENDIAN && this != NATIVE_BIG_ENDIAN;
    }
}
