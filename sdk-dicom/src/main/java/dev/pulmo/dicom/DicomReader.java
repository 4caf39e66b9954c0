package dev.pulmo.dicom;

import dev.pulmo.dicom.internal.DicomInput;
import dev.pulmo.dicom.internal.DicomParser;
import dev.pulmo.dicom.internal.ParseHandler;
import dev.pulmo.dicom.internal.ReadBudget;
import dev.pulmo.dicom.internal.TreeBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads DICOM Part 10 files (with or without the 128-byte preamble, with or without File Meta) and bare datasets,
 * in Implicit VR Little Endian, Explicit VR Little/Big Endian, Deflated Explicit VR Little Endian and every
 * encapsulated syntax. Immutable and thread-safe; configure with the {@code with...} methods.
 *
 * <pre>{@code
 * DicomFile f = DicomReader.create().read(path);
 * String id = f.dataset().getString(Tag.PatientID).orElse("");
 * DicomFile header = DicomReader.create().withStopBeforePixelData(true).read(path); // never reads pixels
 * }</pre>
 *
 * <p>Which VR each element gets, and how text is decoded, follows pydicom 2.3.1 (see
 * {@code ../shared/testdata/dicom/README.md}); binary values of bulk VRs longer than
 * {@link #withInlineBulkDataBytes(int)} are not read but kept as {@link BulkData} (file offset and length).
 */
public final class DicomReader {

    /**
     * Caps that keep malformed or hostile input from exhausting memory or the stack, in the manner of Jackson's
     * StreamReadConstraints: each is named in the message of the {@link DicomException} that exceeding it raises. A
     * value length is always checked against the bytes left in the input, so nothing is allocated for a length the
     * file cannot hold. {@link #DEFAULT} is {@link #forHeap} of this JVM's maximum heap ({@code -Xmx}), so a bigger
     * heap reads bigger files and a small one fails cleanly instead of with an OutOfMemoryError.
     *
     * @param maxNestingDepth    deepest sequence nesting accepted (the parser and every walk over the tree recurse)
     * @param maxInflatedBytes   largest dataset a Deflated Explicit VR Little Endian file may inflate to
     * @param maxInflationRatio  past {@value #INFLATION_RATIO_FREE_BYTES} bytes, a deflated dataset may inflate to at most
     *                           this many times its compressed size (deflate reaches about 1000:1 only on
     *                           repetitive data such as a bomb)
     * @param maxElements        elements, sequence items and Pixel Data fragments one read may hold (each costs about a
     *                           hundred bytes of heap, whatever its length in the file)
     * @param maxValueBytes      value bytes one read may copy into memory (values of bulk VRs kept on disk do not
     *                           count); for {@link DicomReader#scan}, the largest single value
     */
    public record Limits(int maxNestingDepth, long maxInflatedBytes, int maxInflationRatio, long maxElements,
            long maxValueBytes) {

        /** Bytes a deflated dataset may always inflate to, whatever its compression ratio. */
        public static final long INFLATION_RATIO_FREE_BYTES = 16L << 20;
        private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

        /** {@link #forHeap} of {@code Runtime.getRuntime().maxMemory()}. */
        public static final Limits DEFAULT = forHeap(Runtime.getRuntime().maxMemory());

        public Limits {
            if (maxNestingDepth < 1 || maxInflatedBytes < 1 || maxInflatedBytes > MAX_ARRAY || maxInflationRatio < 1
                    || maxElements < 1 || maxValueBytes < 1) {
                throw new IllegalArgumentException("limits out of range: " + maxNestingDepth + ", " + maxInflatedBytes
                        + ", " + maxInflationRatio + ", " + maxElements + ", " + maxValueBytes);
            }
        }

        /** Depth and inflated size as given; the other limits as in {@link #DEFAULT}. */
        public Limits(int maxNestingDepth, long maxInflatedBytes) {
            this(maxNestingDepth, maxInflatedBytes, DEFAULT.maxInflationRatio, DEFAULT.maxElements,
                    DEFAULT.maxValueBytes);
        }

        /**
         * Limits for a heap of {@code heapBytes}: 64 levels of sequences; inflation to an eighth of the heap and to 200
         * times the compressed size; one element per KiB of heap (at least 100,000: about 260,000 at -Xmx256m); value
         * bytes up to a quarter of the heap. An inflated dataset and the values copied out of it then fit in half the
         * heap.
         */
        public static Limits forHeap(long heapBytes) {
            long heap = Math.max(heapBytes, 16L << 20);
            return new Limits(64, Math.min(heap / 8, MAX_ARRAY), 200, Math.max(100_000, heap / 1024),
                    Math.min(heap / 4, MAX_ARRAY));
        }

        /** @return this with {@code depth} as {@link #maxNestingDepth} */
        public Limits withMaxNestingDepth(int depth) {
            return new Limits(depth, maxInflatedBytes, maxInflationRatio, maxElements, maxValueBytes);
        }

        /** @return this with {@code elements} as {@link #maxElements} */
        public Limits withMaxElements(long elements) {
            return new Limits(maxNestingDepth, maxInflatedBytes, maxInflationRatio, elements, maxValueBytes);
        }

        /** @return this with {@code bytes} as {@link #maxValueBytes} */
        public Limits withMaxValueBytes(long bytes) {
            return new Limits(maxNestingDepth, maxInflatedBytes, maxInflationRatio, maxElements, bytes);
        }
    }

    private static final int DEFAULT_INLINE_BULK_BYTES = 1024;

    private final boolean stopBeforePixelData;
    private final int inlineBulkBytes;
    private final Limits limits;

    private DicomReader(boolean stopBeforePixelData, int inlineBulkBytes, Limits limits) {
        this.stopBeforePixelData = stopBeforePixelData;
        this.inlineBulkBytes = inlineBulkBytes;
        this.limits = limits;
    }

    /** @return a reader that reads whole files, keeps bulk values over 1 KiB on disk, with {@link Limits#DEFAULT} */
    public static DicomReader create() {
        return new DicomReader(false, DEFAULT_INLINE_BULK_BYTES, Limits.DEFAULT);
    }

    /** @return a reader that stops at top-level (7FE0,0010), (7FE0,0008) or (7FE0,0009): a header scan */
    public DicomReader withStopBeforePixelData(boolean stop) {
        return new DicomReader(stop, inlineBulkBytes, limits);
    }

    /** @return a reader that reads bulk values of at most {@code bytes} bytes at once and keeps longer ones on disk */
    public DicomReader withInlineBulkDataBytes(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative inline limit " + bytes);
        }
        return new DicomReader(stopBeforePixelData, bytes, limits);
    }

    public DicomReader withLimits(Limits newLimits) {
        return new DicomReader(stopBeforePixelData, inlineBulkBytes, newLimits);
    }

    /**
     * @throws DicomException when the file is empty or not DICOM (the message says what was found instead), is
     *                        malformed or truncated, exceeds a {@link Limits limit}, or cannot be read
     */
    public DicomFile read(Path file) {
        try (DicomInput in = DicomInput.open(file)) {
            return readTree(in);
        }
    }

    /**
     * @param data       a Part 10 file or a bare dataset (copied)
     * @param sourceName the name used in messages
     * @throws DicomException when the data is malformed or truncated
     */
    public DicomFile read(byte[] data, String sourceName) {
        return readOwned(data.clone(), sourceName);
    }

    /**
     * As {@link #read(byte[], String)} without copying: the file's bulk values (pixels) share {@code data}, which the
     * caller must not modify afterwards. For readers that have just read a whole file into memory.
     *
     * @throws DicomException when the data is malformed or truncated
     */
    public DicomFile readOwned(byte[] data, String sourceName) {
        try (DicomInput in = DicomInput.of(data, sourceName)) {
            return readTree(in);
        }
    }

    /**
     * Streams a file's elements to {@code visitor} in one pass without building a tree.
     *
     * @throws DicomException when the file is empty or not DICOM, malformed or truncated, or exceeds a limit
     */
    public void scan(Path file, DicomVisitor visitor) {
        try (DicomInput in = DicomInput.open(file)) {
            List<String> warnings = new ArrayList<>();
            Start start = readStart(in, warnings);
            warnings.forEach(visitor::warning);
            if (visitor.fileMeta(start.fileMeta, start.syntax, start.preamble) == DicomVisitor.Action.STOP) {
                return;
            }
            DicomInput dataInput = start.dataInput;
            new DicomParser(dataInput, new VisitorHandler(visitor), limits.maxNestingDepth(), inlineBulkBytes,
                    stopBeforePixelData, budget(in, false)).readTopLevel(start.explicit);
        }
    }

    private record Start(boolean preamble, DicomDataset fileMeta, TransferSyntax syntax, DicomInput dataInput,
            boolean explicit) {
    }

    private ReadBudget budget(DicomInput in, boolean tree) {
        return new ReadBudget(in.sourceName(), limits.maxElements(), limits.maxValueBytes(), tree);
    }

    private DicomFile readTree(DicomInput in) {
        List<String> warnings = new ArrayList<>();
        Start start = readStart(in, warnings);
        TreeBuilder tree = new TreeBuilder(warnings);
        new DicomParser(start.dataInput, tree, limits.maxNestingDepth(), inlineBulkBytes, stopBeforePixelData,
                budget(in, true)).readTopLevel(start.explicit);
        Optional<PixelDataExtent> extent = stopBeforePixelData
                ? DicomParser.pixelDataExtent(start.dataInput, start.explicit) : Optional.empty();
        return new DicomFile(in.sourceName(), start.preamble, start.fileMeta, start.syntax, tree.build(), warnings, extent);
    }

    /** Preamble, File Meta, transfer syntax, inflation: everything before the dataset's first element. */
    private Start readStart(DicomInput in, List<String> warnings) {
        boolean preamble = in.length() >= 132 && in.peekAt(128) == 'D' && in.peekAt(129) == 'I'
                && in.peekAt(130) == 'C' && in.peekAt(131) == 'M';
        in.seek(preamble ? 132 : 0);
        DicomDataset meta = DicomDataset.empty();
        boolean hasMeta = in.remaining() >= 8 && in.peek(0) == 0x02 && in.peek(1) == 0x00;
        if (!preamble && !hasMeta) {
            String notDicom = notDicomReason(in);
            if (notDicom != null) {
                throw new DicomException(in.sourceName(), 0, DicomException.NO_TAG, "not a DICOM file: " + notDicom);
            }
        }
        if (hasMeta) {
            TreeBuilder metaTree = new TreeBuilder(warnings);
            DicomParser metaParser = new DicomParser(in, metaTree, limits.maxNestingDepth(), Integer.MAX_VALUE, false,
                    budget(in, true));
            metaParser.readFileMeta(DicomParser.detectExplicit(in, true, "File Meta", warnings::add));
            meta = metaTree.build();
        }
        String uid = meta.getString(Tag.TransferSyntaxUID).orElse("");
        TransferSyntax syntax;
        boolean explicit;
        if (uid.isEmpty()) {
            syntax = deduceSyntax(in);
            explicit = syntax.explicitVr();
            warnings.add("no Transfer Syntax UID in the file: deduced " + syntax.name());
        } else {
            syntax = TransferSyntax.of(uid);
            explicit = syntax.explicitVr();
        }
        in.bigEndian(syntax.bigEndian());
        DicomInput data = in;
        if (syntax.deflated()) {
            data = DicomInput.of(inflate(in), in.sourceName() + " (inflated dataset)");
        }
        explicit = DicomParser.detectExplicit(data, explicit, "dataset", warnings::add);
        return new Start(preamble, meta, syntax, data, explicit);
    }

    /**
     * No Transfer Syntax UID: the first element's VR bytes tell explicit from implicit; a little-endian group of 1024 or
     * more in an explicit dataset means big endian (as pydicom deduces).
     */
    private static TransferSyntax deduceSyntax(DicomInput in) {
        if (in.remaining() < 6) {
            return TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
        }
        int group = in.peek(0) | (in.peek(1) << 8);
        if (VR.fromCode(in.peek(4), in.peek(5)) != null) {
            return group >= 1024 ? TransferSyntax.EXPLICIT_VR_BIG_ENDIAN : TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        }
        return TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN;
    }

    /**
     * Without a preamble or File Meta, a bare dataset must at least start like one: an even group and a tag that is a
     * group length or in the dictionary (in either byte order). Anything else, an empty file included, is not DICOM.
     *
     * @return why the input is not DICOM, or null when it may be a bare dataset
     */
    private static String notDicomReason(DicomInput in) {
        long length = in.length();
        if (length == 0) {
            return "the file is empty";
        }
        if (length < 8) {
            return "the file has only " + length + " byte" + (length == 1 ? "" : "s") + ": " + describeBytes(in, (int) length);
        }
        int b0 = in.peek(0);
        int b1 = in.peek(1);
        int b2 = in.peek(2);
        int b3 = in.peek(3);
        int little = ((b0 | b1 << 8) << 16) | (b2 | b3 << 8);
        int big = ((b0 << 8 | b1) << 16) | (b2 << 8 | b3);
        if (plausibleFirstTag(little) || plausibleFirstTag(big)) {
            return null;
        }
        return "no 'DICM' prefix at byte 128, no File Meta group (0002,xxxx), and the first bytes "
                + describeBytes(in, 8) + " are not a DICOM data element";
    }

    private static boolean plausibleFirstTag(int tag) {
        int group = tag >>> 16;
        if ((group & 1) != 0 || group == 0xFFFE || group == 0) {
            return false;
        }
        return (tag & 0xFFFF) == 0 || ElementDictionary.entry(tag).isPresent();
    }

    /** The first bytes in hex and as printable ASCII, for a message. */
    private static String describeBytes(DicomInput in, int n) {
        StringBuilder hex = new StringBuilder();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int b = in.peek(i);
            hex.append(i == 0 ? "" : " ").append(String.format("%02X", b));
            text.append(b >= 0x20 && b < 0x7F ? (char) b : '.');
        }
        return hex + " (\"" + text + "\")";
    }

    /**
     * Inflates the rest of the input in two passes over the compressed bytes: the first only counts (and stops at
     * the limit), the second fills an array of exactly that size. So a bomb is refused before anything is allocated,
     * and a dataset that fits takes its own size in memory, not a growing buffer's twice over.
     */
    private byte[] inflate(DicomInput in) {
        long offset = in.position();
        long compressed = in.remaining();
        long byRatio = compressed > Long.MAX_VALUE / limits.maxInflationRatio() ? Long.MAX_VALUE
                : compressed * limits.maxInflationRatio();
        long ratioCap = Math.max(Limits.INFLATION_RATIO_FREE_BYTES, byRatio);
        long cap = Math.min(limits.maxInflatedBytes(), ratioCap);
        String limitName = cap == limits.maxInflatedBytes()
                ? "the maximum allowed (" + cap + " bytes, from DicomReader.Limits.maxInflatedBytes)"
                : cap + " bytes, " + limits.maxInflationRatio() + " times its " + compressed
                        + " compressed bytes (from DicomReader.Limits.maxInflationRatio)";
        long size = inflatePass(in, offset, null, cap, limitName);
        byte[] out = new byte[(int) size];
        inflatePass(in, offset, out, cap, limitName);
        return out;
    }

    /** @param out null to count only, else an array of exactly the inflated size */
    private static long inflatePass(DicomInput in, long offset, byte[] out, long cap, String limitName) {
        if (out != null && out.length == 0) {
            return 0;
        }
        in.seek(offset);
        Inflater inflater = new Inflater(true);
        byte[] scratch = out == null ? new byte[64 * 1024] : null;
        long produced = 0;
        try {
            // the second pass stops when its array is full: the first pass saw the stream end there
            while (!inflater.finished() && (out == null || produced < out.length)) {
                int n = out == null ? inflater.inflate(scratch)
                        : inflater.inflate(out, (int) produced, (int) Math.min(out.length - produced, 1 << 20));
                produced += n;
                if (produced > cap) {
                    throw new DicomException(in.sourceName(), offset, DicomException.NO_TAG,
                            "the deflated dataset inflates to more than " + limitName);
                }
                if (n == 0 && inflater.needsDictionary()) {
                    throw new DicomException(in.sourceName(), offset, DicomException.NO_TAG,
                            "the deflated dataset asks for a preset dictionary, which PS3.5 A.5 does not allow");
                }
                if (n == 0 && inflater.needsInput()) {
                    if (in.remaining() == 0) {
                        throw new DicomException(in.sourceName(), in.position(), DicomException.NO_TAG,
                                "the deflated dataset is truncated (the deflate stream does not end)");
                    }
                    inflater.setInput(in.bytes((int) Math.min(64 * 1024, in.remaining())));
                }
            }
            return produced;
        } catch (DataFormatException e) {
            throw new DicomException(in.sourceName(), offset, DicomException.NO_TAG,
                    "the deflated dataset is not a valid deflate stream: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    /** Adapts parse events to the public visitor. */
    private static final class VisitorHandler implements ParseHandler {
        private final DicomVisitor visitor;

        VisitorHandler(DicomVisitor visitor) {
            this.visitor = visitor;
        }

        @Override
        public boolean element(DicomElement element, boolean usOrSsFromDictionary, int depth) {
            return visitor.element(element, depth) == DicomVisitor.Action.CONTINUE;
        }

        @Override
        public boolean startSequence(int tag, int depth) {
            return visitor.startSequence(tag, depth) == DicomVisitor.Action.CONTINUE;
        }

        @Override
        public void startItem(SpecificCharacterSet inherited, int depth) {
            visitor.startItem(depth);
        }

        @Override
        public void endItem(int depth) {
            visitor.endItem(depth);
        }

        @Override
        public void endSequence(int tag, int depth) {
            visitor.endSequence(tag, depth);
        }

        @Override
        public void warning(String message) {
            visitor.warning(message);
        }
    }
}
