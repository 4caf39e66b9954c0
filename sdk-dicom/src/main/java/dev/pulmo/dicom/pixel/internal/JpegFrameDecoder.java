package dev.pulmo.dicom.pixel.internal;

import dev.pulmo.dicom.TransferSyntax;
import dev.pulmo.dicom.pixel.PixelDataException;
import dev.pulmo.dicom.pixel.PixelDescription;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.Raster;

/**
 * JPEG Baseline (and 8-bit JPEG Extended) frames through the JDK's ImageIO JPEG reader (libjpeg 6b).
 * {@link ImageReader#readRaster} is used rather than {@code read}: it returns the components as coded,
 * with no colour conversion, so YBR_FULL/YBR_FULL_422 frames stay Y, Cb, Cr (chroma upsampled to full
 * resolution) and the Photometric Interpretation keeps its meaning — as pydicom does with Pillow.
 */
public final class JpegFrameDecoder {
    private JpegFrameDecoder() {
    }

    /**
     * @param description the Image Pixel attributes; rows, columns and samples must match the stream
     * @param frame       one JPEG interchange-format stream
     * @param ref         source and frame, for messages
     * @return samples in (row, column, sample) order
     * @throws PixelDataException when the stream is malformed, is not 8-bit, or disagrees with the attributes
     */
    public static int[] decode(PixelDescription description, byte[] frame, FrameRef ref) {
        Raster raster = readRaster(frame, TransferSyntax.of(description.transferSyntaxUid()).name(), ref);
        if (raster.getWidth() != description.columns() || raster.getHeight() != description.rows()
                || raster.getNumBands() != description.samplesPerPixel()) {
            throw ref.error("JPEG stream is " + raster.getWidth() + "x" + raster.getHeight()
                    + " with " + raster.getNumBands() + " component(s) but the dataset says " + description.columns()
                    + "x" + description.rows() + " with " + description.samplesPerPixel() + " sample(s) per pixel");
        }
        return raster.getPixels(0, 0, raster.getWidth(), raster.getHeight(), (int[]) null);
    }

    private static Raster readRaster(byte[] frame, String syntaxName, FrameRef ref) {
        int precision = samplePrecision(frame);
        if (precision > 8) {
            throw ref.error("pixel decoding of " + syntaxName + " with " + precision
                    + "-bit samples is not supported (the JDK's JPEG decoder reads 8-bit streams only)");
        }
        try (ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(frame))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
            if (!readers.hasNext()) {
                throw ref.error("no ImageIO JPEG reader is available in this JVM");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(input, true, true);
                return reader.readRaster(0, null);
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
     * The sample precision P of the first start-of-frame marker (ITU-T T.81 B.2.2), or -1 when there is
     * none before the data ends; the JDK's decoder would fail on P = 12 with a less helpful message.
     */
    private static int samplePrecision(byte[] frame) {
        int at = 2;
        while (at + 4 < frame.length) {
            if ((frame[at] & 0xFF) != 0xFF) {
                return -1;
            }
            int marker = frame[at + 1] & 0xFF;
            if (marker == 0xFF) {
                at++;
                continue;
            }
            int length = (frame[at + 2] & 0xFF) << 8 | (frame[at + 3] & 0xFF);
            boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (startOfFrame) {
                return frame[at + 4] & 0xFF;
            }
            at += 2 + length;
        }
        return -1;
    }
}
