package dev.pulmo.dicom.internal;

import dev.pulmo.dicom.DicomException;

/**
 * What one read may hold in memory: how many elements, items and fragments, and how many value bytes are copied out
 * of the input. A tree keeps everything it reads, so its budget is cumulative; a streaming scan hands each value to
 * its visitor and drops it, so only each single value is bounded.
 */
public final class ReadBudget {

    private final String sourceName;
    private final long maxElements;
    private final long maxValueBytes;
    private final boolean cumulative;
    private long elements;
    private long valueBytes;

    /**
     * @param maxElements   elements, items and fragments a tree may hold
     * @param maxValueBytes value bytes a tree may copy into memory (or one value, when not cumulative)
     * @param cumulative    true when what is read is kept (a tree), false for a streaming scan
     */
    public ReadBudget(String sourceName, long maxElements, long maxValueBytes, boolean cumulative) {
        this.sourceName = sourceName;
        this.maxElements = maxElements;
        this.maxValueBytes = maxValueBytes;
        this.cumulative = cumulative;
    }

    /** Counts one element, item or fragment starting at {@code offset}. */
    void element(long offset, int tag) {
        if (cumulative && ++elements > maxElements) {
            throw new DicomException(sourceName, offset, tag, "the dataset holds more than " + maxElements
                    + " elements, items and fragments, the maximum allowed (from DicomReader.Limits.maxElements, "
                    + "which grows with the Java heap: raise -Xmx or the limit)");
        }
    }

    /** Counts {@code length} value bytes about to be copied into memory from {@code offset}. */
    void value(long offset, int tag, long length) {
        long total = cumulative ? valueBytes + length : length;
        if (total > maxValueBytes) {
            throw new DicomException(sourceName, offset, tag, (cumulative
                    ? "the values read into memory reach " + total + " bytes"
                    : "a value of " + length + " bytes")
                    + ", more than the maximum allowed (" + maxValueBytes + " bytes, from "
                    + "DicomReader.Limits.maxValueBytes, which grows with the Java heap: raise -Xmx or the limit)");
        }
        valueBytes = total;
    }
}
