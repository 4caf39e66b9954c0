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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * <p>A large file is read by two threads: the main one from the start, another from a result object near the
 * middle (found by its bytes: <code>}</code>, <code>,</code>, <code>{</code>), each into its own spill file. The guess is
 * checked by the first reader, which must arrive exactly at that object at the top level of the array; otherwise
 * (the bytes were inside a string), or when the second reader failed, the first reads on alone and the second's work
 * is dropped, so errors and indices are always the first reader's.
 *
 * <p>Results are keyed by image id when they have one, else by {@code file_name}; a caller that knows the images
 * (COCO ground truth) resolves each result to its image id while the file streams by.
 */
public final class SpilledResults implements AutoCloseable {
    /** Records never straddle a mapping segment, so a record is read from one buffer. */
    private static final int SEGMENT = 1 << 30;
    private static final byte NONE = 0, POLYGONS = 1, COMPRESSED = 2, UNCOMPRESSED = 3;
    /** Files from this size on are read by two threads (below it, the second thread's start costs more than it saves). */
    private static final long TWO_READERS_FROM = 8L << 20;
    /** How far from the middle the second reader's start is looked for. */
    private static final int BOUNDARY_WINDOW = 1 << 20;

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
    private final Part[] parts;
    private final boolean boxes;
    private final int results;
    private final long kept;

    private SpilledResults(Path file, Part[] parts, boolean boxes) {
        this.file = file;
        this.parts = parts;
        this.boxes = boxes;
        int seen = 0;
        long keptRecords = 0;
        for (Part p : parts) {
            seen += p.seen;
            keptRecords += p.kept;
        }
        this.results = seen;
        this.kept = keptRecords;
    }

    /**
     * Streams {@code file} (a COCO results array) into a spill file, every result keyed by the image id
     * {@code resolver} gives, keeping those {@code keep} accepts (all are resolved).
     *
     * @throws EvaluationException naming the file and JSON Pointer of what is not a result (as
     *     {@link CocoJsonReader#streamResults}) or whatever {@code resolver} throws
     */
    public static SpilledResults read(Path file, ImageResolver resolver, Predicate<CocoJsonReader.RawResult> keep) {
        return read(file, Objects.requireNonNull(resolver, "resolver"), keep, true);
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
        long split = secondReaderStart(file);
        if (split < 0) {
            Writer only = new Writer(file);
            try {
                CocoJsonReader.Streamed s = CocoJsonReader.streamResults(file, 0, only.sink(resolver, keep, resolve, null), o -> false);
                return new SpilledResults(file, new Part[] {only.finish(0)}, s.boxes());
            } catch (RuntimeException e) {
                only.close();
                throw e;
            }
        }
        AtomicBoolean cancelled = new AtomicBoolean();
        CompletableFuture<Writer> second = CompletableFuture.supplyAsync(() -> {
            Writer w = new Writer(file);
            try {
                CocoJsonReader.streamResults(file, split, w.sink(resolver, keep, resolve, cancelled), o -> false);
                return w;
            } catch (RuntimeException e) {
                w.close();
                throw e;
            }
        });
        Writer first = new Writer(file);
        CocoJsonReader.Streamed s;
        try {
            s = CocoJsonReader.streamResults(file, 0, first.sink(resolver, keep, resolve, null), offset -> {
                if (offset < split || cancelled.get()) {
                    return false;
                }
                if (offset == split && succeeded(second)) {
                    return true;
                }
                cancelled.set(true); // the guess was inside a string, or the second reader failed: read on alone
                return false;
            });
        } catch (RuntimeException e) {
            first.close();
            drop(second, cancelled);
            throw e;
        }
        if (!s.stopped()) {
            drop(second, cancelled);
            return new SpilledResults(file, new Part[] {first.finish(0)}, s.boxes());
        }
        Part head = first.finish(0);
        return new SpilledResults(file, new Part[] {head, second.join().finish(head.seen)}, s.boxes());
    }

    private static boolean succeeded(CompletableFuture<Writer> second) {
        try {
            second.join();
            return true;
        } catch (CompletionException | CancellationException e) {
            return false;
        }
    }

    private static void drop(CompletableFuture<Writer> second, AtomicBoolean cancelled) {
        cancelled.set(true);
        if (succeeded(second)) {
            second.join().close();
        }
    }

    /**
     * Where a second reader may start: the first result object after the middle of a large file, found by its bytes
     * (<code>}</code>, then <code>,</code>, then <code>{</code>, with white space between), or -1 to read with one thread.
     */
    private static long secondReaderStart(Path file) {
        if (!Files.isRegularFile(file)) {
            return -1; // never opened here (a FIFO would block): the reader refuses it with a message
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < TWO_READERS_FROM) {
                return -1;
            }
            ByteBuffer window = ByteBuffer.allocate(BOUNDARY_WINDOW);
            long start = size / 2;
            while (window.hasRemaining() && channel.read(window, start + window.position()) > 0) {
                // fill the window
            }
            byte[] b = window.array();
            int n = window.position();
            for (int i = 0; i < n; i++) {
                if (b[i] != '}') {
                    continue;
                }
                int j = skipSpace(b, i + 1, n);
                if (j < n && b[j] == ',') {
                    j = skipSpace(b, j + 1, n);
                    if (j < n && b[j] == '{') {
                        return start + j;
                    }
                }
            }
            return -1;
        } catch (IOException e) {
            return -1; // the reader reports what is wrong with the file
        }
    }

    private static int skipSpace(byte[] b, int from, int n) {
        int i = from;
        while (i < n && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
            i++;
        }
        return i;
    }

    /** Spill files made: 2 when two threads read the file, 1 otherwise (for tests). */
    int spillFiles() {
        return parts.length;
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
        return kept;
    }

    /** The kept results of image {@code id}, in file order. Thread-safe. */
    public List<Indexed> ofImage(long id) {
        List<Indexed> out = new ArrayList<>();
        for (Part p : parts) {
            p.chain(p.lastById.get(id), out);
        }
        return out;
    }

    /** The kept results keyed by {@code fileName} (those without an image id), in file order. Thread-safe. */
    public List<Indexed> named(String fileName) {
        List<Indexed> out = new ArrayList<>();
        for (Part p : parts) {
            long[] last = p.lastByName.get(fileName);
            p.chain(last == null ? -1 : last[0], out);
        }
        return out;
    }

    @Override
    public void close() {
        UncheckedIOException failed = null;
        for (Part p : parts) {
            try {
                p.channel.close();
            } catch (IOException e) {
                failed = new UncheckedIOException(e);
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** One spill file: the records of a stretch of the results file, mapped, and the last record of each image. */
    private static final class Part {
        final FileChannel channel;
        final MappedByteBuffer[] segments;
        final LastRecords lastById;
        final Map<String, long[]> lastByName;
        /** Index in the results file of the stretch's first result. */
        final int firstIndex;
        final int seen;
        final long kept;

        Part(FileChannel channel, MappedByteBuffer[] segments, LastRecords lastById, Map<String, long[]> lastByName, int firstIndex,
             int seen, long kept) {
            this.channel = channel;
            this.segments = segments;
            this.lastById = lastById;
            this.lastByName = lastByName;
            this.firstIndex = firstIndex;
            this.seen = seen;
            this.kept = kept;
        }

        /** Appends the records chained back from {@code last} to {@code out}, in file order. */
        void chain(long last, List<Indexed> out) {
            if (last < 0) {
                return;
            }
            long[] positions = new long[8];
            int n = 0;
            for (long p = last; p >= 0; p = buffer(p).getLong(local(p))) {
                if (n == positions.length) {
                    positions = Arrays.copyOf(positions, n * 2);
                }
                positions[n++] = p;
            }
            for (int i = n - 1; i >= 0; i--) {
                out.add(decode(positions[i]));
            }
        }

        private ByteBuffer buffer(long position) {
            return segments[(int) (position / SEGMENT)];
        }

        private static int local(long position) {
            return (int) (position % SEGMENT);
        }

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
            return new Indexed(firstIndex + index, new CocoJsonReader.RawResult(false, 0, null, category, score, bbox, segmentation));
        }
    }

    /** Writes records through one staging buffer; one record is assembled in {@code record} first to know its size. */
    private static final class Writer {
        private final Path file;
        private final FileChannel channel;
        private final ByteBuffer staging = ByteBuffer.allocate(1 << 20);
        private ByteBuffer record = ByteBuffer.allocate(1 << 12);
        final LastRecords lastById = new LastRecords();
        final Map<String, long[]> lastByName = new HashMap<>();
        long position;
        long count;
        int seen;

        /** Makes the spill file, unlinked at once: the open channel keeps it until closed. */
        Writer(Path file) {
            this.file = file;
            try {
                Path spill = Files.createTempFile("pulmo-evaluate-results-", ".spill");
                try {
                    channel = FileChannel.open(spill, StandardOpenOption.READ, StandardOpenOption.WRITE);
                } finally {
                    Files.deleteIfExists(spill);
                }
            } catch (IOException e) {
                throw failure(e);
            }
        }

        private EvaluationException failure(IOException e) {
            return new EvaluationException("cannot spill the results of " + file + " to the temporary folder "
                    + System.getProperty("java.io.tmpdir") + ": " + e.getMessage(), e);
        }

        /** Appends each result (its image resolved, or keyed by id or name) that {@code keep} accepts. */
        CocoJsonReader.ResultSink sink(ImageResolver resolver, Predicate<CocoJsonReader.RawResult> keep, boolean resolve,
                                       AtomicBoolean cancelled) {
            return (index, r, b) -> {
                if (cancelled != null && cancelled.get()) {
                    throw new CancellationException("the first reader reads on alone");
                }
                seen = index + 1;
                long id = resolve ? resolver.imageId(index, r) : r.imageId();
                if (!keep.test(r)) {
                    return;
                }
                if (resolve || r.hasImageId()) {
                    lastById.put(id, append(lastById.get(id), index, r));
                } else {
                    long[] last = lastByName.computeIfAbsent(r.fileName(), k -> new long[] {-1});
                    last[0] = append(last[0], index, r);
                }
                count++;
            };
        }

        /** Flushes and maps the spill file: a part whose first result is result {@code firstIndex} of the file. */
        Part finish(int firstIndex) {
            try {
                drain();
                MappedByteBuffer[] segments = new MappedByteBuffer[(int) ((position + SEGMENT - 1) / SEGMENT)];
                for (int s = 0; s < segments.length; s++) {
                    long start = (long) s * SEGMENT;
                    segments[s] = channel.map(FileChannel.MapMode.READ_ONLY, start, Math.min(SEGMENT, position - start));
                }
                return new Part(channel, segments, lastById, lastByName, firstIndex, seen, count);
            } catch (IOException e) {
                close();
                throw failure(e);
            }
        }

        void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the spill file is unlinked already; closing only frees it
            }
        }

        /** Appends result {@code index}; returns its record's position. */
        long append(long previous, int index, CocoJsonReader.RawResult r) {
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
                throw failure(e); // a full disk, say: an error naming the file and the folder
            }
            staging.clear();
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
