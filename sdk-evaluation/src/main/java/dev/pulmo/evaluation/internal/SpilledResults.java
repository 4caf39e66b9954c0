package dev.pulmo.evaluation.internal;

import dev.pulmo.evaluation.CocoSegmentation;
import dev.pulmo.evaluation.EvaluationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A COCO results file read once, as a stream, into a compact binary spill file, then looked up image by image: the
 * memory a results file takes is a few numbers per image it names, whatever its size; an image's results are decoded
 * only when that image is evaluated (in parallel, by the callers).
 *
 * <p>Each result becomes one record (its index in the file, category, score, box and segmentation as written), and
 * records of one image are chained backwards (each record holds the position of the previous record of its image),
 * so that the only index kept in memory is the last record of each image. The spill file is in the temporary folder
 * ({@code java.io.tmpdir}) and is deleted as soon as it is opened: nothing is left behind, even by a killed process;
 * it is read through memory mapping (outside the Java heap, paged by the system).
 *
 * <p>Results are keyed by image id when they have one, else by {@code file_name}; a caller that knows the images
 * (COCO ground truth) resolves each result to its image id while the file streams by.
 */
public final class SpilledResults implements AutoCloseable {
    /** Records never straddle a mapping segment, so a record is read from one buffer. */
    private static final int SEGMENT = 1 << 30;
    private static final byte NONE = 0, POLYGONS = 1, COMPRESSED = 2, UNCOMPRESSED = 3;

    /** Gives the id of the image a result belongs to. */
    @FunctionalInterface
    public interface ImageResolver {
        /** @throws EvaluationException when the result names no image that can be evaluated */
        long imageId(int index, CocoJsonReader.RawResult result);
    }

    /** A result with its position in the file. */
    public record Indexed(int index, CocoJsonReader.RawResult result) {
    }

    private final Path file;
    private final FileChannel channel;
    private final MappedByteBuffer[] segments;
    private final LastRecords lastById;
    private final Map<String, long[]> lastByName;
    private final boolean boxes;
    private final int results;
    private final long spilled;

    private SpilledResults(Path file, FileChannel channel, MappedByteBuffer[] segments, LastRecords lastById,
                           Map<String, long[]> lastByName, boolean boxes, int results, long spilled) {
        this.file = file;
        this.channel = channel;
        this.segments = segments;
        this.lastById = lastById;
        this.lastByName = lastByName;
        this.boxes = boxes;
        this.results = results;
        this.spilled = spilled;
    }

    /**
     * Streams {@code file} (a COCO results array) into a spill file, every result keyed by the image id
     * {@code resolver} gives, keeping those {@code keep} accepts (all are resolved).
     *
     * @throws EvaluationException naming the file and JSON Pointer of what is not a result (as
     *     {@link CocoJsonReader#streamResults}) or whatever {@code resolver} throws
     */
    public static SpilledResults read(Path file, ImageResolver resolver, Predicate<CocoJsonReader.RawResult> keep) {
        return read(file, (ImageResolver) Objects.requireNonNull(resolver, "resolver"), keep, true);
    }

    /**
     * Streams {@code file} (a COCO results array) into a spill file, each result keyed by its {@code image_id}, or
     * by its {@code file_name} when it has no id (found with {@link #named}).
     *
     * @throws EvaluationException naming the file and JSON Pointer of what is not a result
     */
    public static SpilledResults read(Path file) {
        return read(file, null, r -> true, false);
    }

    private static SpilledResults read(Path file, ImageResolver resolver, Predicate<CocoJsonReader.RawResult> keep, boolean resolve) {
        FileChannel channel = null;
        try {
            Path spill = Files.createTempFile("pulmo-evaluate-results-", ".spill");
            try {
                channel = FileChannel.open(spill, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } finally {
                Files.deleteIfExists(spill); // unlinked at once: the open channel keeps it until closed
            }
            Writer writer = new Writer(channel);
            boolean boxes = CocoJsonReader.streamResults(file, (index, r, b) -> {
                writer.seen = index + 1;
                long id = resolve ? resolver.imageId(index, r) : r.imageId();
                if (!keep.test(r)) {
                    return;
                }
                if (resolve || r.hasImageId()) {
                    writer.lastById.put(id, writer.append(writer.lastById.get(id), index, r));
                } else {
                    long[] last = writer.lastByName.computeIfAbsent(r.fileName(), k -> new long[] {-1});
                    last[0] = writer.append(last[0], index, r);
                }
                writer.count++;
            });
            writer.flush();
            long size = writer.position;
            MappedByteBuffer[] segments = new MappedByteBuffer[(int) ((size + SEGMENT - 1) / SEGMENT)];
            for (int s = 0; s < segments.length; s++) {
                long start = (long) s * SEGMENT;
                segments[s] = channel.map(FileChannel.MapMode.READ_ONLY, start, Math.min(SEGMENT, size - start));
            }
            return new SpilledResults(file, channel, segments, writer.lastById, writer.lastByName, boxes, writer.seen, writer.count);
        } catch (IOException | UncheckedIOException e) {
            closeQuietly(channel);
            throw new EvaluationException("cannot spill the results of " + file + " to the temporary folder "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the spill file is already unlinked; closing frees it
            }
        }
    }

    /** The results file. */
    public Path file() {
        return file;
    }

    /** loadRes's kind: box results, or masks. */
    public boolean boxes() {
        return boxes;
    }

    /** Results in the file. */
    public int results() {
        return results;
    }

    /** Results kept (those {@code keep} accepted). */
    public long kept() {
        return spilled;
    }

    /** The kept results of image {@code id}, in file order. Thread-safe. */
    public List<Indexed> ofImage(long id) {
        long last = lastById.get(id);
        return last < 0 ? List.of() : chain(last);
    }

    /** The kept results keyed by {@code fileName} (those without an image id), in file order. Thread-safe. */
    public List<Indexed> named(String fileName) {
        long[] last = lastByName.get(fileName);
        return last == null ? List.of() : chain(last[0]);
    }

    private List<Indexed> chain(long last) {
        long[] positions = new long[8];
        int n = 0;
        for (long p = last; p >= 0; p = buffer(p).getLong(local(p))) {
            if (n == positions.length) {
                positions = Arrays.copyOf(positions, n * 2);
            }
            positions[n++] = p;
        }
        List<Indexed> out = new ArrayList<>(n);
        for (int i = n - 1; i >= 0; i--) {
            out.add(decode(positions[i]));
        }
        return out;
    }

    private ByteBuffer buffer(long position) {
        return segments[(int) (position / SEGMENT)];
    }

    private static int local(long position) {
        return (int) (position % SEGMENT);
    }

    /** Reads the record at {@code position} with absolute gets only, so that threads can read at once. */
    private Indexed decode(long position) {
        ByteBuffer b = buffer(position);
        int at = local(position) + Long.BYTES;
        int index = b.getInt(at);
        int category = b.getInt(at + 4);
        double score = b.getDouble(at + 8);
        at += 16;
        int boxLength = b.getInt(at);
        at += 4;
        double[] bbox = null;
        if (boxLength >= 0) {
            bbox = new double[boxLength];
            for (int i = 0; i < boxLength; i++, at += 8) {
                bbox[i] = b.getDouble(at);
            }
        }
        byte kind = b.get(at++);
        CocoSegmentation segmentation = null;
        switch (kind) {
            case POLYGONS -> {
                int count = b.getInt(at);
                at += 4;
                List<double[]> polygons = new ArrayList<>(count);
                for (int k = 0; k < count; k++) {
                    double[] xy = new double[b.getInt(at)];
                    at += 4;
                    for (int i = 0; i < xy.length; i++, at += 8) {
                        xy[i] = b.getDouble(at);
                    }
                    polygons.add(xy);
                }
                segmentation = new CocoSegmentation.Polygons(polygons);
            }
            case COMPRESSED -> {
                int h = b.getInt(at), w = b.getInt(at + 4);
                byte[] text = new byte[b.getInt(at + 8)];
                b.get(at + 12, text);
                segmentation = new CocoSegmentation.CompressedRle(new String(text, StandardCharsets.UTF_8), h, w);
            }
            case UNCOMPRESSED -> {
                int h = b.getInt(at), w = b.getInt(at + 4);
                int[] counts = new int[b.getInt(at + 8)];
                at += 12;
                for (int i = 0; i < counts.length; i++, at += 4) {
                    counts[i] = b.getInt(at);
                }
                segmentation = new CocoSegmentation.UncompressedRle(counts, h, w);
            }
            default -> {
            }
        }
        return new Indexed(index, new CocoJsonReader.RawResult(false, 0, null, category, score, bbox, segmentation));
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes records through one staging buffer; one record is assembled in {@code record} first to know its size. */
    private static final class Writer {
        private final FileChannel channel;
        private final ByteBuffer staging = ByteBuffer.allocate(1 << 20);
        private ByteBuffer record = ByteBuffer.allocate(1 << 12);
        final LastRecords lastById = new LastRecords();
        final Map<String, long[]> lastByName = new HashMap<>();
        long position;
        long count;
        int seen;

        Writer(FileChannel channel) {
            this.channel = channel;
        }

        /** Appends result {@code index}; returns its record's position. */
        long append(long previous, int index, CocoJsonReader.RawResult r) throws UncheckedIOException {
            record.clear();
            putLong(previous);
            putInt(index);
            putInt(r.category());
            putDouble(r.score());
            double[] bbox = r.bbox();
            putInt(bbox == null ? -1 : bbox.length);
            if (bbox != null) {
                for (double v : bbox) {
                    putDouble(v);
                }
            }
            CocoSegmentation s = r.segmentation();
            if (s instanceof CocoSegmentation.Polygons p) {
                put(POLYGONS);
                putInt(p.polygons().size());
                for (double[] xy : p.polygons()) {
                    putInt(xy.length);
                    for (double v : xy) {
                        putDouble(v);
                    }
                }
            } else if (s instanceof CocoSegmentation.CompressedRle c) {
                // UTF-8: an RLE string is ASCII, which the JDK copies each way without encoding
                byte[] text = c.counts().getBytes(StandardCharsets.UTF_8);
                put(COMPRESSED);
                putInt(c.height());
                putInt(c.width());
                putInt(text.length);
                room(text.length);
                record.put(text);
            } else if (s instanceof CocoSegmentation.UncompressedRle u) {
                int[] counts = u.counts();
                put(UNCOMPRESSED);
                putInt(u.height());
                putInt(u.width());
                putInt(counts.length);
                for (int v : counts) {
                    putInt(v);
                }
            } else {
                put(NONE);
            }
            record.flip();
            int size = record.remaining();
            if (size > SEGMENT) {
                throw new EvaluationException("result " + index + " takes " + size + " bytes; at most " + SEGMENT + " are supported");
            }
            long segmentEnd = (position / SEGMENT + 1) * SEGMENT;
            if (position + size > segmentEnd) {
                write(ByteBuffer.allocate((int) (segmentEnd - position))); // pad: records never straddle segments
            }
            long at = position;
            write(record);
            return at;
        }

        private void write(ByteBuffer bytes) {
            position += bytes.remaining();
            while (bytes.hasRemaining()) {
                if (!staging.hasRemaining()) {
                    drain();
                }
                int n = Math.min(staging.remaining(), bytes.remaining());
                ByteBuffer slice = bytes.slice();
                slice.limit(n);
                staging.put(slice);
                bytes.position(bytes.position() + n);
            }
        }

        private void drain() {
            staging.flip();
            try {
                while (staging.hasRemaining()) {
                    channel.write(staging);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            staging.clear();
        }

        void flush() throws IOException {
            try {
                drain();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }

        private void room(int bytes) {
            if (record.remaining() < bytes) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(record.capacity() * 2, record.position() + bytes));
                record.flip();
                bigger.put(record);
                record = bigger;
            }
        }

        private void put(byte v) {
            room(1);
            record.put(v);
        }

        private void putInt(int v) {
            room(4);
            record.putInt(v);
        }

        private void putLong(long v) {
            room(8);
            record.putLong(v);
        }

        private void putDouble(double v) {
            room(8);
            record.putDouble(v);
        }
    }

    /**
     * Image id → position of its last record, open addressing on primitive arrays (no boxed key per result); sized
     * by the number of images, not of results. Not thread-safe: written by the one reading thread, read after.
     */
    static final class LastRecords {
        private long[] keys = new long[64];
        private long[] values = new long[64];
        private boolean[] used = new boolean[64];
        private int size;

        /** The position for {@code key}, or -1. */
        long get(long key) {
            int mask = keys.length - 1;
            for (int i = slot(key, mask); used[i]; i = (i + 1) & mask) {
                if (keys[i] == key) {
                    return values[i];
                }
            }
            return -1;
        }

        void put(long key, long value) {
            int mask = keys.length - 1;
            int i = slot(key, mask);
            for (; used[i]; i = (i + 1) & mask) {
                if (keys[i] == key) {
                    values[i] = value;
                    return;
                }
            }
            used[i] = true;
            keys[i] = key;
            values[i] = value;
            if (++size * 2 > keys.length) {
                grow();
            }
        }

        private static int slot(long key, int mask) {
            long h = key * 0x9E3779B97F4A7C15L;
            return (int) (h ^ (h >>> 32)) & mask;
        }

        private void grow() {
            long[] oldKeys = keys, oldValues = values;
            boolean[] oldUsed = used;
            keys = new long[oldKeys.length * 2];
            values = new long[oldKeys.length * 2];
            used = new boolean[oldKeys.length * 2];
            size = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldUsed[i]) {
                    put(oldKeys[i], oldValues[i]);
                }
            }
        }
    }
}
