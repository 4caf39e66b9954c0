package dev.pulmo.dataset;

import dev.pulmo.api.io.FileErrors;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.mask.BinaryMaskDicom;
import dev.pulmo.dicom.mask.MaskImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * How the per-image pipeline reads a tree's files. Each call opens one file once; {@link ImageInputs#read} makes at
 * most one call per file, so every file of a tree is opened once per command. A distributed engine or a test
 * (counting opens) supplies its own.
 */
public interface TreeReader {

    /**
     * The whole content of a JSON or mask file.
     *
     * @throws IOException when it cannot be read, is not a regular file, or is larger than the reader allows
     */
    byte[] readAllBytes(Path file) throws IOException;

    /**
     * A binary DICOM mask (SPEC.md §4), decoded. The default decodes {@link #readAllBytes}; the local reader reads the
     * header from the file and the pixel value straight into a buffer its thread reuses (no array per mask).
     *
     * @throws IOException    when it cannot be read, is not a regular file, or is larger than the reader allows
     * @throws DicomException when it is not a binary mask's DICOM file
     */
    default MaskImage readMask(Path file) throws IOException {
        return BinaryMaskDicom.read(readAllBytes(file), file.getFileName().toString());
    }

    /**
     * An image's DICOM header, read up to its pixel data, which is not read but measured
     * ({@link DicomFile#pixelDataExtent()}).
     *
     * @throws DicomException when it cannot be read as DICOM
     */
    DicomFile readDicomHeader(Path file);

    /**
     * When {@code file} was last modified: {@code convert} skips an image whose JSON is at least as new as the image and
     * its masks. The default asks the local file system; a reader of another file system overrides it.
     *
     * @throws IOException when it cannot be told
     */
    default FileTime lastModified(Path file) throws IOException {
        return Files.getLastModifiedTime(file);
    }

    /** Refuses, unopened, what is not a regular file: a folder, or a FIFO or device (which a read could block on). */
    private static void requireRegularFile(BasicFileAttributes attributes) throws IOException {
        if (!attributes.isRegularFile()) {
            throw new IOException(attributes.isDirectory() ? "a folder, not a file" : FileErrors.NOT_REGULAR);
        }
    }

    /**
     * The local file system. Files larger than {@code maxFileBytes} are refused (a JSON or mask larger than that is not
     * one of a dataset's and would not fit in memory).
     */
    static TreeReader local(long maxFileBytes) {
        DicomReader headers = DicomReader.create().withStopBeforePixelData(true);
        return new TreeReader() {
            @Override
            public byte[] readAllBytes(Path file) throws IOException {
                // checked before opening: a FIFO or device named like a data file would block a plain read
                requireRegularFile(Files.readAttributes(file, BasicFileAttributes.class));
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                    long size = channel.size();
                    if (size > maxFileBytes) {
                        throw new IOException(size + " bytes, larger than the " + maxFileBytes
                                + " a file of a dataset may have here (a quarter of the heap, -Xmx)");
                    }
                    // one array of the file's size, filled by the kernel: no intermediate buffers or copies
                    ByteBuffer bytes = ByteBuffer.allocate((int) size);
                    while (bytes.hasRemaining()) {
                        if (channel.read(bytes) < 0) {
                            throw new IOException("the file shrank while it was read (" + bytes.position() + " of " + size + " bytes)");
                        }
                    }
                    return bytes.array();
                }
            }

            @Override
            public MaskImage readMask(Path file) throws IOException {
                // one stat for both checks (the reader opens the file next)
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                requireRegularFile(attributes);
                if (attributes.size() > maxFileBytes) {
                    throw new IOException(attributes.size() + " bytes, larger than the " + maxFileBytes
                            + " a file of a dataset may have here (a quarter of the heap, -Xmx)");
                }
                return BinaryMaskDicom.read(file);
            }

            @Override
            public DicomFile readDicomHeader(Path file) {
                return headers.read(file); // which refuses, unopened, what is not a regular file (DicomInput.open)
            }
        };
    }

    /** {@link #local(long)} with a quarter of the heap as the largest file. */
    static TreeReader local() {
        return local(Runtime.getRuntime().maxMemory() / 4);
    }
}
