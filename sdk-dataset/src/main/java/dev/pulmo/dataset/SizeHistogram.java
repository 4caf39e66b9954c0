package dev.pulmo.dataset;

import java.util.Arrays;

/**
 * Counts of values in equal bins {@code [i·binWidth, (i+1)·binWidth)} from 0, plus one overflow count for
 * values at or above {@code bins·binWidth}: fixed memory however many values are added. Immutable; made by
 * {@link DatasetStatistics}.
 *
 * @param binWidth width of a bin, in the unit of the values (pixels or millimetres)
 * @param counts   values per bin (copied in and out)
 * @param overflow values at or above the last bin's upper edge
 */
public record SizeHistogram(double binWidth, long[] counts, long overflow) {
    public SizeHistogram {
        if (!(binWidth > 0) || counts.length == 0 || overflow < 0) {
            throw new IllegalArgumentException("a histogram has a positive bin width and at least one bin");
        }
        counts = counts.clone();
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    /** Number of values counted, overflow included. */
    public long total() {
        return Arrays.stream(counts).sum() + overflow;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SizeHistogram h && h.binWidth == binWidth && h.overflow == overflow && Arrays.equals(h.counts, counts);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(binWidth) * 31 + Arrays.hashCode(counts) + Long.hashCode(overflow);
    }

    @Override
    public String toString() {
        return "SizeHistogram[binWidth=" + binWidth + ", counts=" + Arrays.toString(counts) + ", overflow=" + overflow + "]";
    }
}
