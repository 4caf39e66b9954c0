package dev.pulmo.dataset;

import dev.pulmo.api.io.AtomicFiles;
import java.awt.image.RenderedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Writes PNG images (charts, annotated renderings) the way every command does. {@code ImageIO.write(image, "png",
 * stream)} caches through a temporary file and registers it with ImageIO's shutdown-hook closer; when the disk fills
 * during the write, that closer later fails with a NullPointerException trace at JVM exit (JDK
 * {@code FileCacheImageOutputStream.close} after a failed flush). Here the cache is in memory, the writer is disposed,
 * and the error is the disk's own ("No space left on device").
 */
public final class PngFiles {

    private PngFiles() {
    }

    /**
     * Writes {@code image} as PNG to {@code target} atomically ({@link AtomicFiles}).
     *
     * @throws UncheckedIOException naming the target and the file system's reason when it cannot be written
     */
    public static void write(RenderedImage image, Path target) {
        AtomicFiles.write(target, out -> write(image, out));
    }

    /**
     * Writes {@code image} as PNG to {@code out} (not closed).
     *
     * @throws IOException the stream's own failure, unwrapped from ImageIO's "I/O error writing PNG file!"
     */
    public static void write(RenderedImage image, OutputStream out) throws IOException {
        write(image, out, false);
    }

    /**
     * Writes {@code image} as PNG to {@code out} (not closed) at deflate level 1, OpenCV's {@code cv2.imwrite} default:
     * for the many images of a training export ({@code export-coco --images png}), where ImageIO's default level spent
     * most of the export's CPU in deflate for files about 4 % smaller (benchmarks/README.md).
     *
     * @throws IOException the stream's own failure, unwrapped from ImageIO's "I/O error writing PNG file!"
     */
    public static void writeFast(RenderedImage image, OutputStream out) throws IOException {
        write(image, out, true);
    }

    private static void write(RenderedImage image, OutputStream out, boolean fast) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) {
            throw new IOException("no PNG writer in this Java runtime");
        }
        ImageWriter writer = writers.next();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = null;
            if (fast) {
                param = writer.getDefaultWriteParam();
                // the JDK's PNG writer takes deflate level round(9 × (1 − quality)): 0.875 is level 1
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.875f);
            }
            writer.write(null, new IIOImage(image, null, null), param);
            stream.flush();
        } catch (IIOException e) {
            throw e.getCause() instanceof IOException cause ? cause : e;
        } finally {
            writer.dispose();
        }
    }
}
