package dev.pulmo.dicom.pixel.internal.j2k;

/**
 * One code-block's place in its sub-band and what the packets said of it: inclusion, zero bit-planes,
 * passes, and its codeword segments (15444-1 B.10; 15444-15 B.3 for HT code-blocks).
 */
final class CodeBlock {
    private static final byte[] NO_DATA = new byte[0];

    /** Position in sub-band coordinates, end exclusive. */
    final int x0;
    final int y0;
    final int x1;
    final int y1;

    boolean included;
    /** Zero bit-planes P of B.10.5, from the tag tree. */
    int zeroBitPlanes;
    int lengthBits = 3;
    int passes;

    byte[] data = NO_DATA;
    int length;

    /** Part 1 codeword segments: passes, their capacity and bytes. */
    int segments;
    int[] segmentPasses = new int[2];
    int[] segmentMaxPasses = new int[2];
    int[] segmentLengths = new int[2];

    /** HT (15444-15): still before the first HT Cleanup pass with data (placeholder passes). */
    boolean htPlaceholders = true;
    /** A mixed-mode code-block that turned out to be coded with the Part 1 coder. */
    boolean part1InMixedMode;
    int htCleanupPass = -1;
    int htCleanupOffset;
    int htCleanupLength;
    int htRefinementPasses;
    int htRefinementOffset;
    int htRefinementLength;
    boolean htEmptySet;

    CodeBlock(int x0, int y0, int x1, int y1) {
        this.x0 = x0;
        this.y0 = y0;
        this.x1 = x1;
        this.y1 = y1;
    }

    int width() {
        return x1 - x0;
    }

    int height() {
        return y1 - y0;
    }

    void append(byte[] source, int from, int count) {
        if (length + count > data.length) {
            data = java.util.Arrays.copyOf(data, Math.max(length + count, Math.min(Integer.MAX_VALUE - 16,
                    data.length * 2L > Integer.MAX_VALUE ? Integer.MAX_VALUE - 16 : data.length * 2)));
        }
        System.arraycopy(source, from, data, length, count);
        length += count;
    }

    /** Opens a Part 1 codeword segment holding at most {@code maxPasses} passes. */
    void openSegment(int maxPasses) {
        if (segments == segmentPasses.length) {
            segmentPasses = java.util.Arrays.copyOf(segmentPasses, segments * 2);
            segmentMaxPasses = java.util.Arrays.copyOf(segmentMaxPasses, segments * 2);
            segmentLengths = java.util.Arrays.copyOf(segmentLengths, segments * 2);
        }
        segmentPasses[segments] = 0;
        segmentMaxPasses[segments] = maxPasses;
        segmentLengths[segments] = 0;
        segments++;
    }
}
