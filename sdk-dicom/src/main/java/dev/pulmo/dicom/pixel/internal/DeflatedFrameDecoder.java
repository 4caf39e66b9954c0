package dev.pulmo.dicom.pixel.internal;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Deflated Image Frame Compression (PS3.5 8.2.16, transfer syntax 1.2.840.10008.1.2.8.1): each frame
 * is its native little-endian bytes compressed with raw deflate (RFC 1951, no zlib header).
 */
public final class DeflatedFrameDecoder {
    private DeflatedFrameDecoder() {
    }

    /**
     * @param frame         one frame's compressed bytes
     * @param expectedBytes bytes of the native frame
     * @param ref           source and frame, for messages
     * @return the native frame, exactly {@code expectedBytes} long
     * @throws dev.pulmo.dicom.pixel.PixelDataException when the stream is corrupt or inflates to fewer bytes
     */
    public static byte[] inflate(byte[] frame, int expectedBytes, FrameRef ref) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(frame);
            byte[] out = new byte[expectedBytes];
            int written = 0;
            while (written < expectedBytes && !inflater.finished()) {
                int n = inflater.inflate(out, written, expectedBytes - written);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                written += n;
            }
            if (written < expectedBytes) {
                throw ref.error("deflated frame inflates to " + written + " bytes, expected " + expectedBytes);
            }
            return out;
        } catch (DataFormatException e) {
            throw ref.error("deflated frame is corrupt: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
