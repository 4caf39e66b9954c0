package dev.pulmo.dicom.pixel.internal;

import dev.pulmo.dicom.pixel.PixelDescription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which JPEG process a stream uses, read from its own start-of-frame marker (ITU-T T.81 B.1.1.3, T.87 for JPEG-LS),
 * and the decoder that reads it. The stream decides, not the transfer syntax: files labelled JPEG Lossless that hold
 * a baseline stream exist, and dcmtk, GDCM and pydicom decode them by their marker. {@link #warnings} names each such
 * contradiction so that it reaches the user.
 */
public enum JpegProcess {
    /** Baseline sequential DCT, Huffman, 8-bit (FF C0): Process 1. */
    BASELINE("baseline DCT (Process 1, FF C0)"),
    /** Extended sequential DCT, Huffman, 8-bit (FF C1): Process 2, which baseline decoders read too. */
    EXTENDED_8BIT("8-bit extended sequential DCT (Process 2, FF C1)"),
    /** Extended sequential DCT, Huffman, 12-bit (FF C1): Process 4. */
    EXTENDED_12BIT("12-bit extended sequential DCT (Process 4, FF C1)"),
    /** Progressive DCT, Huffman (FF C2): Processes 10 and 12. */
    PROGRESSIVE("progressive DCT (Process 10/12, FF C2)"),
    /** Lossless, Huffman (FF C3): Process 14. */
    LOSSLESS("lossless (Process 14, FF C3)"),
    /** JPEG-LS (FF F7, ITU-T T.87). */
    JPEG_LS("JPEG-LS (FF F7)"),
    /** Any other start-of-frame (hierarchical, arithmetic coding), or none before the first scan. */
    OTHER("another or no start-of-frame");

    private final String label;

    JpegProcess(String label) {
        this.label = label;
    }

    /**
     * @param frame a JPEG-family stream
     * @return the process of its first start-of-frame marker; {@link #OTHER} when it has none before its first scan
     */
    public static JpegProcess of(byte[] frame) {
        int at = 2;
        if (frame.length < 4 || (frame[0] & 0xFF) != 0xFF || (frame[1] & 0xFF) != 0xD8) {
            return OTHER;
        }
        while (at + 3 < frame.length) {
            if ((frame[at] & 0xFF) != 0xFF) {
                return OTHER;
            }
            int marker = frame[at + 1] & 0xFF;
            if (marker == 0xFF) {
                at++;
                continue;
            }
            switch (marker) {
                case 0xC0: return BASELINE;
                case 0xC1: return at + 4 < frame.length && (frame[at + 4] & 0xFF) == 8 ? EXTENDED_8BIT
                        : EXTENDED_12BIT;
                case 0xC2: return PROGRESSIVE;
                case 0xC3: return LOSSLESS;
                case 0xF7: return JPEG_LS;
                case 0xDA: return OTHER;
                default:
                    if (JpegMarkerStream.isOtherStartOfFrame(marker)) {
                        return OTHER;
                    }
            }
            at += 2 + ((frame[at + 2] & 0xFF) << 8 | (frame[at + 3] & 0xFF));
        }
        return OTHER;
    }

    /**
     * Decodes a frame of any JPEG-family transfer syntax by the process its stream declares.
     *
     * @param encoding    the transfer syntax's encoding ({@link PixelEncoding#JPEG}, {@link PixelEncoding#JPEG_LOSSLESS}
     *                    or {@link PixelEncoding#JPEG_LS}); used when the stream declares none of these processes,
     *                    so that its decoder reports what is wrong
     * @return samples in (row, column, sample) order, stored values as {@link NativeFrameDecoder} reads them
     */
    public static int[] decode(PixelDescription description, PixelEncoding encoding, byte[] frame, FrameRef ref) {
        JpegProcess process = of(frame);
        if (process == OTHER) {
            process = switch (encoding) {
                case JPEG_LOSSLESS -> LOSSLESS;
                case JPEG_LS -> JPEG_LS;
                default -> BASELINE;
            };
        }
        return switch (process) {
            case LOSSLESS -> NativeFrameDecoder.decode(description, NativeLayout.DECODED,
                    JpegLosslessDecoder.decodeToNative(description, frame, ref), 0, ref);
            case JPEG_LS -> NativeFrameDecoder.decode(description, NativeLayout.DECODED,
                    JpegLsDecoder.decodeToNative(description, frame, ref), 0, ref);
            default -> JpegFrameDecoder.decode(description, frame, ref);
        };
    }

    /**
     * @param encoding          the transfer syntax's encoding
     * @param transferSyntaxUid the transfer syntax, for the message
     * @param frames            the encoded frames
     * @return one message per process found that the transfer syntax does not name, listing the frames
     */
    public static List<String> warnings(PixelEncoding encoding, String transferSyntaxUid, List<byte[]> frames) {
        Map<JpegProcess, List<Integer>> contradicting = new LinkedHashMap<>();
        for (int i = 0; i < frames.size(); i++) {
            JpegProcess found = of(frames.get(i));
            if (found != OTHER && !declares(encoding, transferSyntaxUid, found)) {
                contradicting.computeIfAbsent(found, k -> new ArrayList<>()).add(i);
            }
        }
        List<String> warnings = new ArrayList<>();
        contradicting.forEach((process, indices) -> warnings.add("the transfer syntax is "
                + PixelEncoding.describe(transferSyntaxUid) + " but " + framesText(indices, frames.size())
                + " a " + process.label + " stream; decoded as the stream says"));
        return warnings;
    }

    private static boolean declares(PixelEncoding encoding, String transferSyntaxUid, JpegProcess process) {
        return switch (encoding) {
            // …4.50 names Process 1, …4.51 Processes 2 and 4, the retired …4.53 and …4.55 the progressive ones too;
            // an 8-bit extended stream is read by every baseline decoder, so it is not reported
            case JPEG -> process == BASELINE || process == EXTENDED_8BIT
                    || (process == EXTENDED_12BIT && !transferSyntaxUid.equals("1.2.840.10008.1.2.4.50"))
                    || (process == PROGRESSIVE && (transferSyntaxUid.equals("1.2.840.10008.1.2.4.53")
                            || transferSyntaxUid.equals("1.2.840.10008.1.2.4.55")));
            case JPEG_LOSSLESS -> process == LOSSLESS;
            case JPEG_LS -> process == JPEG_LS;
            default -> true;
        };
    }

    private static String framesText(List<Integer> indices, int frameCount) {
        if (frameCount == 1) {
            return "its frame holds";
        }
        if (indices.size() == frameCount) {
            return "all " + frameCount + " frames hold";
        }
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < Math.min(indices.size(), 10); i++) {
            shown.add(Integer.toString(indices.get(i)));
        }
        return "frame(s) " + String.join(", ", shown) + (indices.size() > 10 ? " and " + (indices.size() - 10)
                + " more" : "") + " of " + frameCount + " hold";
    }
}
