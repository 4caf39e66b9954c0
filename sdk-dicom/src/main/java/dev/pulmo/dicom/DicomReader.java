package dev.pulmo.dicom;

import dev.pulmo.dicom.internal.DicomInput;
import dev.pulmo.dicom.internal.DicomParser;
import dev.pulmo.dicom.internal.ParseHandler;
import dev.pulmo.dicom.internal.TreeBuilder;
import java.io.ByteArrayOutputStream;
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
     * Caps that keep malformed input from exhausting memory or the stack, in the manner of Jackson's
     * StreamReadConstraints. A value length is always checked against the bytes left in the input.
     *
     * @param maxNestingDepth  deepest sequence nesting accepted
     * @param maxInflatedBytes largest dataset a Deflated Explicit VR Little Endian file may inflate to
     */
    public record Limits(int maxNestingDepth, long maxInflatedBytes) {

        /** 64 levels of sequences, 1 GiB inflated. */
        public static final Limits DEFAULT = new Limits(64, 1L << 30);

        public Limits {
            if (maxNestingDepth < 1 || maxInflatedBytes < 1 || maxInflatedBytes > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("limits out of range: " + maxNestingDepth + ", " + maxInflatedBytes);
            }
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
     * @throws DicomException when the file is malformed or truncated, or cannot be read
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
     * @throws DicomException when the file is malformed or truncated
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
                    stopBeforePixelData).readTopLevel(start.explicit);
        }
    }

    private record Start(boolean preamble, DicomDataset fileMeta, TransferSyntax syntax, DicomInput dataInput,
            boolean explicit) {
    }

    private DicomFile readTree(DicomInput in) {
        List<String> warnings = new ArrayList<>();
        Start start = readStart(in, warnings);
        TreeBuilder tree = new TreeBuilder(warnings);
        new DicomParser(start.dataInput, tree, limits.maxNestingDepth(), inlineBulkBytes, stopBeforePixelData)
                .readTopLevel(start.explicit);
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
        if (in.remaining() >= 8 && in.peek(0) == 0x02 && in.peek(1) == 0x00) {
            TreeBuilder metaTree = new TreeBuilder(warnings);
            DicomParser metaParser = new DicomParser(in, metaTree, limits.maxNestingDepth(), Integer.MAX_VALUE, false);
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

    private byte[] inflate(DicomInput in) {
        long offset = in.position();
        byte[] compressed = in.bytes((int) in.remaining());
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 4);
            byte[] chunk = new byte[64 * 1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DicomException(in.sourceName(), offset + inflater.getBytesRead(), DicomException.NO_TAG,
                            "the deflated dataset is truncated (the deflate stream does not end)");
                }
                if (out.size() + (long) n > limits.maxInflatedBytes()) {
                    throw new DicomException(in.sourceName(), offset, DicomException.NO_TAG,
                            "the deflated dataset inflates to more than the maximum allowed (" + limits.maxInflatedBytes()
                                    + " bytes, from DicomReader.Limits.maxInflatedBytes)");
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
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
