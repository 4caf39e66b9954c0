package dev.pulmo.dicom.internal;

import dev.pulmo.api.io.FileErrors;
import dev.pulmo.dicom.DicomException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Random-access reading of a file through a small window buffer, or of a byte array held in memory. A header
 * scan reads only the windows it touches, so skipped bulk values (pixels) are never read from disk.
 */
public final class DicomInput implements AutoCloseable {

    /** At most 8 KiB: RandomAccessFile reads that size through a stack buffer, larger ones through malloc. */
    private static final int WINDOW_BYTES = 8 * 1024;

    private final String sourceName;
    private final Path path;
    private final RandomAccessFile channel;
    private final long length;
    private byte[] buffer;
    private long bufferStart;
    private int bufferLength;
    private long position;
    private boolean bigEndian;

    private DicomInput(String sourceName, Path path, RandomAccessFile channel, long length, byte[] buffer, int bufferLength) {
        this.sourceName = sourceName;
        this.path = path;
        this.channel = channel;
        this.length = length;
        this.buffer = buffer;
        this.bufferLength = bufferLength;
    }

    public static DicomInput open(Path file) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class); // one stat for both questions
        } catch (IOException e) {
            attributes = null; // missing or not reachable: opening it says which
        }
        if (attributes != null && !attributes.isRegularFile()) {
            // opening a FIFO blocks until a writer comes, and a device may never end
            throw new DicomException(file.toAbsolutePath().normalize().toString(), DicomException.NO_OFFSET, DicomException.NO_TAG,
                    attributes.isDirectory() ? "a folder, not a DICOM file" : "not a regular file (a FIFO, socket or device); not opened");
        }
        try {
            RandomAccessFile ch = new RandomAccessFile(file.toFile(), "r");
            // messages name the file by its absolute path, once (the reader's callers need not add it)
            return new DicomInput(file.toAbsolutePath().normalize().toString(), file, ch, ch.length(), new byte[WINDOW_BYTES], 0);
        } catch (IOException e) {
            throw new DicomException(file.toAbsolutePath().normalize().toString(), DicomException.NO_OFFSET, DicomException.NO_TAG,
                    "cannot read: " + FileErrors.reason(e), e);
        }
    }

    public static DicomInput of(byte[] data, String sourceName) {
        return new DicomInput(sourceName, null, null, data.length, data, data.length);
    }

    public String sourceName() {
        return sourceName;
    }

    /** @return the file behind this input, or null when the input is in memory */
    public Path path() {
        return path;
    }

    /** @return the whole array when this input is in memory, else null */
    public byte[] memory() {
        return channel == null ? buffer : null;
    }

    public long length() {
        return length;
    }

    public long position() {
        return position;
    }

    public long remaining() {
        return length - position;
    }

    public void seek(long newPosition) {
        position = newPosition;
    }

    public void skip(long bytes) {
        position += bytes;
    }

    public boolean bigEndian() {
        return bigEndian;
    }

    public void bigEndian(boolean value) {
        bigEndian = value;
    }

    /** Makes {@code n} bytes from the current position available in {@code buffer}; the caller checked bounds. */
    private int window(int n) {
        long offset = position - bufferStart;
        if (offset >= 0 && offset + n <= bufferLength) {
            return (int) offset;
        }
        if (channel == null) {
            throw new DicomException(sourceName, position, DicomException.NO_TAG, "read past the end of the data");
        }
        if (n > buffer.length) {
            buffer = new byte[Math.max(n, buffer.length * 2)];
        }
        int toRead = (int) Math.min(buffer.length, length - position);
        fill(buffer, 0, toRead, position);
        bufferStart = position;
        bufferLength = toRead;
        return 0;
    }

    private void fill(byte[] dst, int off, int len, long at) {
        try {
            channel.seek(at);
            int done = 0;
            while (done < len) {
                int r = channel.read(dst, off + done, len - done);
                if (r < 0) {
                    throw new DicomException(sourceName, at + done, DicomException.NO_TAG, "file shrank while reading");
                }
                done += r;
            }
        } catch (IOException e) {
            throw new DicomException(sourceName, at, DicomException.NO_TAG, "I/O error: " + e, e);
        }
    }

    public int u8() {
        int o = window(1);
        position++;
        return buffer[o] & 0xFF;
    }

    public int u16() {
        int o = window(2);
        position += 2;
        return bigEndian ? ((buffer[o] & 0xFF) << 8) | (buffer[o + 1] & 0xFF)
                : (buffer[o] & 0xFF) | ((buffer[o + 1] & 0xFF) << 8);
    }

    /** @return 4 bytes as an int in the current byte order (callers widen with Integer.toUnsignedLong) */
    public int i32() {
        int o = window(4);
        position += 4;
        byte[] b = buffer;
        return bigEndian
                ? ((b[o] & 0xFF) << 24) | ((b[o + 1] & 0xFF) << 16) | ((b[o + 2] & 0xFF) << 8) | (b[o + 3] & 0xFF)
                : (b[o] & 0xFF) | ((b[o + 1] & 0xFF) << 8) | ((b[o + 2] & 0xFF) << 16) | ((b[o + 3] & 0xFF) << 24);
    }

    /** @return a tag: group then element, each in the current byte order */
    public int tag() {
        int group = u16();
        return (group << 16) | u16();
    }

    /** @return byte at {@code position + ahead} without moving; caller checked bounds */
    public int peek(int ahead) {
        int o = window(ahead + 1);
        return buffer[o + ahead] & 0xFF;
    }

    /** @return byte at absolute {@code offset} without moving; caller checked bounds */
    public int peekAt(long offset) {
        long saved = position;
        position = offset;
        int b = peek(0);
        position = saved;
        return b;
    }

    public byte[] bytes(int n) {
        byte[] out = new byte[n];
        if (channel != null && n > buffer.length) {
            fill(out, 0, n, position);
        } else if (n > 0) {
            int o = window(n);
            System.arraycopy(buffer, o, out, 0, n);
        }
        position += n;
        return out;
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // read-only channel: nothing to lose
            }
        }
    }
}
