package dev.pulmo.geometry;

import dev.pulmo.api.BoundingBox;
import dev.pulmo.geometry.internal.BitRows;
import dev.pulmo.geometry.internal.RunTable;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * An immutable two-level image of {@code width × height} pixels, one bit per pixel, row-major; any
 * non-zero source sample is foreground. Pixel (c, r) covers [c, c+1) × [r, r+1) (SPEC.md §3).
 *
 * <p>Storage is 64 pixels per {@code long}, each row starting on a fresh word, so a 512 × 512 mask takes
 * 32 KiB and a 2048 × 2048 mask 512 KiB. Set operations ({@link #or}, {@link #andNot}, {@link #and}) and
 * counts work a word at a time.
 */
public final class BinaryMask {
    private final int width;
    private final int height;
    private final int wordsPerRow;
    // Bits beyond `width` in a row's last word are always 0: counts and equality rely on it.
    private final long[] words;
    /** The runs and their components, labelled once for all the mask's consumers (tracing, components, RLE). */
    private volatile RunTable runs;

    BinaryMask(int width, int height, long[] words) {
        this.width = width;
        this.height = height;
        this.wordsPerRow = BitRows.wordsPerRow(width);
        this.words = words;
    }

    /** An all-background mask. @throws GeometryException when a size is not positive or too large */
    public static BinaryMask empty(int width, int height) {
        checkSize(width, height);
        return new BinaryMask(width, height, new long[BitRows.wordsPerRow(width) * height]);
    }

    /** An all-foreground mask. @throws GeometryException when a size is not positive or too large */
    public static BinaryMask full(int width, int height) {
        checkSize(width, height);
        int stride = BitRows.wordsPerRow(width);
        long[] words = new long[stride * height];
        for (int r = 0; r < height; r++) {
            BitRows.fill(words, r * stride, 0, width);
        }
        return new BinaryMask(width, height, words);
    }

    /**
     * A mask from row-major 8-bit samples ({@code samples[r * width + c]}); any non-zero byte is foreground.
     *
     * @throws GeometryException when a size is not positive or {@code samples.length != width * height}
     */
    public static BinaryMask fromBytes(byte[] samples, int width, int height) {
        checkLength(samples.length, width, height);
        return fromSamples(i -> samples[i] != 0, width, height);
    }

    /** As {@link #fromBytes} for 16-bit samples (e.g. a 16-bit DICOM or PNG mask). */
    public static BinaryMask fromShorts(short[] samples, int width, int height) {
        checkLength(samples.length, width, height);
        return fromSamples(i -> samples[i] != 0, width, height);
    }

    /** As {@link #fromBytes} for 32-bit samples (e.g. a label image). */
    public static BinaryMask fromInts(int[] samples, int width, int height) {
        checkLength(samples.length, width, height);
        return fromSamples(i -> samples[i] != 0, width, height);
    }

    private interface Samples {
        boolean isForeground(int rowMajorIndex);
    }

    private static BinaryMask fromSamples(Samples samples, int width, int height) {
        int stride = BitRows.wordsPerRow(width);
        long[] words = new long[stride * height];
        for (int r = 0, i = 0; r < height; r++) {
            for (int c = 0; c < width; c++, i++) {
                if (samples.isForeground(i)) {
                    words[r * stride + (c >>> 6)] |= 1L << c;
                }
            }
        }
        return new BinaryMask(width, height, words);
    }

    /**
     * A mask from packed rows in this class's own layout: row {@code r} is {@code words[r * stride … r * stride +
     * stride - 1]} with {@code stride = ceil(width / 64)}, pixel {@code c} its bit {@code c % 64} (least significant
     * first) of word {@code c / 64}; bits past the width must be 0. The array is copied. This is the cheapest way in: a
     * reader that can test 64 pixels at a time hands its words over (sdk-dicom's {@code MaskImage.packedRowsView()},
     * through {@link #fromPackedRows(LongBuffer, int, int)}).
     *
     * @throws GeometryException when a size is not positive, {@code words} has not {@code stride × height} words, or a
     *     bit past the width is set
     */
    public static BinaryMask fromPackedRows(long[] words, int width, int height) {
        return ofPackedRows(Arrays.copyOf(words, words.length), width, height);
    }

    /**
     * {@link #fromPackedRows(long[], int, int)} from the words remaining in {@code words}, copied once (a read-only
     * view of another object's words, such as sdk-dicom's {@code MaskImage.packedRowsView()}, needs no copy of its own);
     * {@code words}' position is left as it was.
     *
     * @throws GeometryException as {@link #fromPackedRows(long[], int, int)}
     */
    public static BinaryMask fromPackedRows(LongBuffer words, int width, int height) {
        long[] copy = new long[words.remaining()];
        words.duplicate().get(copy);
        return ofPackedRows(copy, width, height);
    }

    /** A mask over {@code words}, which it takes over, after checking them as {@link #fromPackedRows} documents. */
    private static BinaryMask ofPackedRows(long[] words, int width, int height) {
        checkSize(width, height);
        int stride = BitRows.wordsPerRow(width);
        if (words.length != (long) stride * height) {
            throw new GeometryException("packed rows of " + width + " x " + height + " need " + (long) stride * height
                    + " words, got " + words.length);
        }
        int tail = width & 63;
        if (tail != 0) {
            long outside = -1L << tail;
            for (int r = 0; r < height; r++) {
                if ((words[r * stride + stride - 1] & outside) != 0) {
                    throw new GeometryException("row " + r + " has bits set past the width " + width);
                }
            }
        }
        return new BinaryMask(width, height, words);
    }

    /**
     * A mask from bit-packed data as DICOM stores 1-bit pixels (BitsAllocated 1): pixel {@code i = r * width
     * + c} is bit {@code i % 8} (least significant first) of byte {@code i / 8}; rows are not padded.
     *
     * @throws GeometryException when a size is not positive or {@code bits} holds fewer than
     *     {@code ceil(width * height / 8)} bytes
     */
    public static BinaryMask fromPackedBits(byte[] bits, int width, int height) {
        checkSize(width, height);
        long pixels = (long) width * height;
        if (bits.length < (pixels + 7) / 8) {
            throw new GeometryException("packed mask of " + width + " x " + height + " needs " + (pixels + 7) / 8
                    + " bytes, got " + bits.length);
        }
        return fromSamples(i -> (bits[i >>> 3] >>> (i & 7) & 1) != 0, width, height);
    }

    /**
     * A mask from an image: a pixel is foreground when any of its colour or grey samples is non-zero; an alpha
     * band is ignored. Samples are read at the raster's own depth (8, 16 or 32 bits), never rescaled.
     *
     * @throws GeometryException when the image has no colour or grey band
     */
    public static BinaryMask fromImage(BufferedImage image) {
        Raster raster = image.getRaster();
        int width = raster.getWidth();
        int height = raster.getHeight();
        checkSize(width, height);
        int bands = raster.getNumBands() - (image.getColorModel() != null && image.getColorModel().hasAlpha() ? 1 : 0);
        if (bands < 1) {
            throw new GeometryException("image has no colour or grey band (only alpha)");
        }
        int stride = BitRows.wordsPerRow(width);
        long[] words = new long[stride * height];
        int[] row = new int[width];
        for (int b = 0; b < bands; b++) {
            for (int r = 0; r < height; r++) {
                raster.getSamples(raster.getMinX(), raster.getMinY() + r, width, 1, b, row);
                for (int c = 0; c < width; c++) {
                    if (row[c] != 0) {
                        words[r * stride + (c >>> 6)] |= 1L << c;
                    }
                }
            }
        }
        return new BinaryMask(width, height, words);
    }

    /** Width in pixels (columns). */
    public int width() {
        return width;
    }

    /** Height in pixels (rows). */
    public int height() {
        return height;
    }

    /**
     * Whether pixel (column {@code c}, row {@code r}) is foreground; pixels outside the mask are background.
     */
    public boolean get(int c, int r) {
        if (c < 0 || r < 0 || c >= width || r >= height) {
            return false;
        }
        return (words[r * wordsPerRow + (c >>> 6)] >>> c & 1L) != 0;
    }

    /** This mask with pixel (c, r) set to {@code foreground}. @throws GeometryException outside the mask */
    public BinaryMask with(int c, int r, boolean foreground) {
        if (c < 0 || r < 0 || c >= width || r >= height) {
            throw new GeometryException("pixel (" + c + ", " + r + ") is outside the " + width + " x " + height + " mask");
        }
        long[] copy = words.clone();
        int index = r * wordsPerRow + (c >>> 6);
        copy[index] = foreground ? copy[index] | 1L << c : copy[index] & ~(1L << c);
        return new BinaryMask(width, height, copy);
    }

    /** Number of foreground pixels: the mask's area in square pixels. */
    public long areaPixels() {
        long count = 0;
        for (long w : words) {
            count += Long.bitCount(w);
        }
        return count;
    }

    /** True when no pixel is foreground. */
    public boolean isEmpty() {
        for (long w : words) {
            if (w != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The smallest box in corner form holding every foreground pixel, on pixel edges (a single pixel (c, r)
     * gives [c, r, c+1, r+1]); empty for an all-background mask.
     */
    public Optional<BoundingBox> bounds() {
        int minRow = -1, maxRow = -1, minCol = Integer.MAX_VALUE, maxCol = -1;
        for (int r = 0; r < height; r++) {
            int base = r * wordsPerRow;
            for (int k = 0; k < wordsPerRow; k++) {
                long w = words[base + k];
                if (w != 0) {
                    if (minRow < 0) {
                        minRow = r;
                    }
                    maxRow = r;
                    minCol = Math.min(minCol, (k << 6) + Long.numberOfTrailingZeros(w));
                    maxCol = Math.max(maxCol, (k << 6) + 63 - Long.numberOfLeadingZeros(w));
                }
            }
        }
        return minRow < 0 ? Optional.empty() : Optional.of(BoundingBox.ofPixels(minCol, minRow, maxCol, maxRow));
    }

    /**
     * The 8-connected foreground components, in the raster order of their first pixel (top row first, then
     * leftmost), with pixel area and box. Two pixels touching only at a corner belong to one component.
     */
    public List<MaskComponent> components() {
        RunTable runs = runs();
        long[] areas = runs.componentAreas();
        int[] boxes = runs.componentPixelBoxes();
        List<MaskComponent> result = new ArrayList<>(areas.length);
        for (int id = 0; id < areas.length; id++) {
            result.add(new MaskComponent(areas[id],
                    BoundingBox.ofPixels(boxes[4 * id], boxes[4 * id + 1], boxes[4 * id + 2], boxes[4 * id + 3])));
        }
        return List.copyOf(result);
    }

    /**
     * The mask with only the 8-connected components whose index in {@link #components()} {@code keep} accepts: the
     * lesions an export rule keeps, say. This very mask (with what it has computed of its components) when every
     * component is kept.
     */
    public BinaryMask withComponents(IntPredicate keep) {
        RunTable runs = runs();
        boolean[] kept = new boolean[runs.componentCount8()];
        boolean all = true;
        for (int c = 0; c < kept.length; c++) {
            kept[c] = keep.test(c);
            all &= kept[c];
        }
        if (all) {
            return this;
        }
        int stride = BitRows.wordsPerRow(width);
        long[] result = new long[words.length];
        for (int i = 0; i < runs.size(); i++) {
            if (kept[runs.component(i)]) {
                BitRows.fill(result, runs.row(i) * stride, runs.start(i), runs.end(i));
            }
        }
        return new BinaryMask(width, height, result);
    }

    /** Pixel-wise OR: the annotation tool's Add on masks. @throws GeometryException on a size mismatch */
    public BinaryMask or(BinaryMask other) {
        requireSameSize(other, "or");
        long[] result = new long[words.length];
        for (int i = 0; i < result.length; i++) {
            result[i] = words[i] | other.words[i];
        }
        return new BinaryMask(width, height, result);
    }

    /** Pixel-wise AND NOT: the annotation tool's Sub on masks. @throws GeometryException on a size mismatch */
    public BinaryMask andNot(BinaryMask other) {
        requireSameSize(other, "andNot");
        long[] result = new long[words.length];
        for (int i = 0; i < result.length; i++) {
            result[i] = words[i] & ~other.words[i];
        }
        return new BinaryMask(width, height, result);
    }

    /** Pixel-wise AND. @throws GeometryException on a size mismatch */
    public BinaryMask and(BinaryMask other) {
        requireSameSize(other, "and");
        long[] result = new long[words.length];
        for (int i = 0; i < result.length; i++) {
            result[i] = words[i] & other.words[i];
        }
        return new BinaryMask(width, height, result);
    }

    /** Number of pixels foreground in both masks, without building the intersection. */
    public long intersectionAreaPixels(BinaryMask other) {
        requireSameSize(other, "intersectionAreaPixels");
        long count = 0;
        for (int i = 0; i < words.length; i++) {
            count += Long.bitCount(words[i] & other.words[i]);
        }
        return count;
    }

    /** The mask as row-major bytes, 1 for foreground and 0 for background. */
    public byte[] toBytes() {
        byte[] samples = new byte[width * height];
        for (int r = 0, i = 0; r < height; r++) {
            for (int c = 0; c < width; c++, i++) {
                samples[i] = (byte) (words[r * wordsPerRow + (c >>> 6)] >>> c & 1L);
            }
        }
        return samples;
    }

    /** The mask as an 8-bit grey image, 255 for foreground and 0 for background. */
    public BufferedImage toImage() {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] samples = toBytes();
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (byte) (samples[i] * 255);
        }
        image.getRaster().setDataElements(0, 0, width, height, samples);
        return image;
    }

    /** Throws unless {@code other} has this mask's width and height; {@code operation} names the caller. */
    void requireSameSize(BinaryMask other, String operation) {
        if (other.width != width || other.height != height) {
            throw new GeometryException(operation + ": masks differ in size, " + width + " x " + height
                    + " vs " + other.width + " x " + other.height + " (width x height)");
        }
    }

    long[] words() {
        return words;
    }

    /** The mask's runs, labelled (made on first use; the mask is immutable, so they stay true). */
    RunTable runs() {
        RunTable r = runs;
        if (r == null) {
            r = RunTable.of(words, width, height);
            runs = r;
        }
        return r;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BinaryMask m && m.width == width && m.height == height && Arrays.equals(m.words, words);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return "BinaryMask[" + width + " x " + height + ", " + areaPixels() + " px]";
    }

    static void checkSize(int width, int height) {
        if (width < 1 || height < 1) {
            throw new GeometryException("mask size must be positive, got " + width + " x " + height + " (width x height)");
        }
        if ((long) width * height > Integer.MAX_VALUE) {
            throw new GeometryException("mask of " + width + " x " + height + " has more than 2^31-1 pixels");
        }
    }

    private static void checkLength(int length, int width, int height) {
        checkSize(width, height);
        if (length != width * height) {
            throw new GeometryException("expected " + width + " x " + height + " = " + (width * height)
                    + " samples, got " + length);
        }
    }
}
