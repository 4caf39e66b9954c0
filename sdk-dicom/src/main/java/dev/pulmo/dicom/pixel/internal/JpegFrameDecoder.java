package dev.pulmo.dicom.pixel.internal;

import dev.pulmo.dicom.pixel.PhotometricInterpretation;
import dev.pulmo.dicom.pixel.PixelDataException;
import dev.pulmo.dicom.pixel.PixelDescription;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.Raster;

/**
 * DCT JPEG frames (baseline, extended, progressive): 8-bit streams through the JDK's ImageIO JPEG reader (libjpeg
 * 6b, native code, faster than {@link JpegDctDecoder} and equal to it sample for sample), 12-bit streams through
 * {@link JpegDctDecoder}, since the JDK's libjpeg is built for 8-bit samples only.
 * {@link ImageReader#readRaster} is used rather than {@code read}: it returns the components as coded,
 * with no colour conversion, so YBR_FULL/YBR_FULL_422 frames stay Y, Cb, Cr (chroma upsampled to full
 * resolution) and the Photometric Interpretation keeps its meaning — as pydicom does with Pillow.
 * The one conversion made is Pillow's too: a frame labelled RGB whose stream has an Adobe APP14 marker
 * with transform 1 was coded as YCbCr, and is converted to RGB.
 */
public final class JpegFrameDecoder {
    private JpegFrameDecoder() {
    }

    /**
     * @param description the Image Pixel attributes; rows, columns and samples must match the stream
     * @param frame       one JPEG interchange-format stream
     * @param ref         source and frame, for messages
     * @return samples in (row, column, sample) order
     * @throws PixelDataException when the stream is malformed or disagrees with the attributes
     */
    public static int[] decode(PixelDescription description, byte[] frame, FrameRef ref) {
        Header header = Header.of(frame);
        if (header.precision() > 8) {
            // the JDK's libjpeg is built for 8-bit samples only
            return JpegDctDecoder.decode(description, frame, ref);
        }
        if (header.precision() < 0) {
            throw ref.error("JPEG stream has no start-of-frame marker before its first scan");
        }
        // checked before ImageIO allocates the raster: a damaged header must not ask for gigabytes
        ComponentPlanes.checkShape(description, header.rows(), header.columns(), header.components(), "JPEG", ref);
        Raster raster = readRaster(frame, ref);
        int[] samples = raster.getPixels(0, 0, raster.getWidth(), raster.getHeight(), (int[]) null);
        boolean ycbcrCoded = header.adobeTransform() == 1 && raster.getNumBands() == 3;
        return ycbcrCoded && description.photometricInterpretation() == PhotometricInterpretation.RGB
                ? YbrFullToRgb.convert(samples) : samples;
    }

    private static Raster readRaster(byte[] frame, FrameRef ref) {
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(frame))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
            if (!readers.hasNext()) {
                throw ref.error("no ImageIO JPEG reader is available in this JVM");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                // libjpeg only warns about a stream that ends early or has bad data, and fills in grey
                List<String> warnings = new ArrayList<>();
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                Raster raster = reader.readRaster(0, null);
                if (!warnings.isEmpty()) {
                    throw ref.error("JPEG stream is damaged: " + String.join("; ", warnings));
                }
                return raster;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof PixelDataException) {
                throw (PixelDataException) e;
            }
            throw ref.error("JPEG stream cannot be decoded: " + e.getMessage(), e);
        }
    }

    /**
     * What the marker segments before the first scan say: the sample precision P, size and component
     * count of the start-of-frame (ITU-T T.81 B.2.2; -1 when absent) — the JDK's decoder would refuse P
     * above 8 with a less helpful message — and the transform flag of an Adobe APP14 segment (-1 when
     * absent).
     */
    private record Header(int precision, int rows, int columns, int components, int adobeTransform) {
        static Header of(byte[] frame) {
            int precision = -1;
            int rows = -1;
            int columns = -1;
            int components = -1;
            int adobeTransform = -1;
            int at = 2;
            while (at + 4 < frame.length && (frame[at] & 0xFF) == 0xFF) {
                int marker = frame[at + 1] & 0xFF;
                if (marker == 0xFF) {
                    at++;
                    continue;
                }
                if (marker == 0xDA) {
                    break;
                }
                int length = (frame[at + 2] & 0xFF) << 8 | (frame[at + 3] & 0xFF);
                boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8
                        && marker != 0xCC;
                if (startOfFrame && precision < 0 && at + 9 < frame.length) {
                    precision = frame[at + 4] & 0xFF;
                    rows = (frame[at + 5] & 0xFF) << 8 | (frame[at + 6] & 0xFF);
                    columns = (frame[at + 7] & 0xFF) << 8 | (frame[at + 8] & 0xFF);
                    components = frame[at + 9] & 0xFF;
                } else if (marker == 0xEE && length >= 14 && at + 2 + length <= frame.length
                        && new String(frame, at + 4, 5, StandardCharsets.US_ASCII).equals("Adobe")) {
                    // "Adobe", version (2 bytes), flags0 (2), flags1 (2), transform (1)
                    adobeTransform = frame[at + 4 + 11] & 0xFF;
                }
                at += 2 + length;
            }
            return new Header(precision, rows, columns, components, adobeTransform);
        }
    }
}
