package dev.pulmo.dicom;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;

/**
 * A binary value that is read on demand: a range of a file (a header scan never reads it) or of a byte array.
 * The bytes are the value field exactly as stored, without byte swapping (a Big Endian file gives big-endian
 * bytes), odd lengths kept.
 */
public final class BulkData {

    private final Path file;
    private final byte[] memory;
    private final long offset;
    private final long length;

    private BulkData(Path file, byte[] memory, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length: " + offset + ", " + length);
        }
        this.file = file;
        this.memory = memory;
        this.offset = offset;
        this.length = length;
    }

    /** @return bulk data for {@code length} bytes at {@code byteOffset} of {@code file}, read when asked */
    public static BulkData inFile(Path file, long byteOffset, long length) {
        return new BulkData(file, null, byteOffset, length);
    }

    /** @return bulk data holding a copy of {@code bytes} */
    public static BulkData of(byte[] bytes) {
        return new BulkData(null, bytes.clone(), 0, bytes.length);
    }

    /**
     * @return bulk data for a range of {@code array}, which is shared, not copied: the caller must not modify it
     * (the reader uses this for inflated datasets held in memory)
     */
    public static BulkData sharing(byte[] array, int byteOffset, int length) {
        if ((long) byteOffset + length > array.length) {
            throw new IllegalArgumentException("range " + byteOffset + "+" + length + " outside " + array.length);
        }
        return new BulkData(null, array, byteOffset, length);
    }

    /** @return the file holding the value, empty when it is held in memory */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /**
     * @return the value's bytes without a copy when they are held in memory (a read-only view, position 0, limit the
     *         length, big-endian order as every new buffer); empty for a value kept in a file
     */
    public Optional<ByteBuffer> memoryView() {
        return memory == null ? Optional.empty()
                : Optional.of(ByteBuffer.wrap(memory, (int) offset, (int) length).slice().asReadOnlyBuffer());
    }

    /** @return offset of the value in its file or array */
    public long byteOffset() {
        return offset;
    }

    /** @return length of the value in bytes */
    public long length() {
        return length;
    }

    /**
     * @return the value's bytes (a new array)
     * @throws DicomException when the file cannot be read, changed, or the value is larger than one Java array or half
     *                        the Java heap ({@code -Xmx}): a length the file holds but memory cannot
     */
    public byte[] bytes() {
        if (length > Integer.MAX_VALUE - 8) {
            throw new DicomException(String.valueOf(file), offset, DicomException.NO_TAG,
                    "bulk value of " + length + " bytes is too large for one array");
        }
        long halfHeap = Runtime.getRuntime().maxMemory() / 2;
        if (memory == null && length > halfHeap) {
            throw new DicomException(String.valueOf(file), offset, DicomException.NO_TAG,
                    "bulk value of " + length + " bytes is more than half the Java heap (" + halfHeap
                            + " bytes; raise -Xmx)");
        }
        if (memory != null) {
            return Arrays.copyOfRange(memory, (int) offset, (int) (offset + length));
        }
        byte[] out = new byte[(int) length];
        readFromFile(ByteBuffer.wrap(out));
        return out;
    }

    /** Fills {@code window} with the value's first bytes, read from its file at the value's offset. */
    private void readFromFile(ByteBuffer window) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long p = offset;
            while (window.hasRemaining()) {
                int r = ch.read(window, p);
                if (r < 0) {
                    throw new DicomException(file.toString(), p, DicomException.NO_TAG,
                            "file ends inside a bulk value of " + length + " bytes (changed since it was read?)");
                }
                p += r;
            }
        } catch (IOException e) {
            throw new DicomException(file.toString(), offset, DicomException.NO_TAG, "cannot read bulk data: " + e, e);
        }
    }

    /**
     * Writes the value's bytes to {@code out}: from memory, or copied from its file by {@link FileChannel#transferTo}
     * (in the kernel, without a copy in the Java heap, when {@code out} is a file's channel).
     *
     * @throws DicomException when the file cannot be read or ends before the value does (changed since it was read)
     * @throws IOException    when the copy fails (reading the file or writing {@code out})
     */
    public void transferTo(WritableByteChannel out) throws IOException {
        if (memory != null) {
            ByteBuffer b = ByteBuffer.wrap(memory, (int) offset, (int) length);
            while (b.hasRemaining()) {
                out.write(b);
            }
            return;
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new DicomException(file.toString(), offset, DicomException.NO_TAG, "cannot read bulk data: " + e, e);
        }
        try (ch) {
            long p = offset;
            long end = offset + length;
            while (p < end) {
                long n = p < ch.size() ? ch.transferTo(p, end - p, out) : 0;
                if (n <= 0) {
                    throw new DicomException(file.toString(), p, DicomException.NO_TAG,
                            "file ends inside a bulk value of " + length + " bytes (changed since it was read?)");
                }
                p += n;
            }
        }
    }

    /**
     * Reads the value's first {@code target.remaining()} bytes (at most its length) into {@code target}, from memory or
     * from its file by a positional read (into a direct buffer, the kernel's one copy); the target's position moves past
     * them.
     *
     * @throws DicomException when the file cannot be read or ends before the bytes asked for (changed since it was read)
     */
    public void readInto(ByteBuffer target) {
        int n = (int) Math.min(target.remaining(), length);
        if (memory != null) {
            target.put(memory, (int) offset, n);
            return;
        }
        readFromFile(target.slice(target.position(), n));
        target.position(target.position() + n);
    }

    @Override
    public String toString() {
        return "BulkData[" + (file != null ? file.getFileName() : "memory") + " @" + offset + " +" + length + "]";
    }
}
