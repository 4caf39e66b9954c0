package dev.pulmo.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Encapsulated Pixel Data (PS3.5 A.4): the Basic Offset Table item followed by fragment items, each read on demand.
 * Frames are assembled from fragments with the Extended Offset Table (7FE0,0001)/(7FE0,0002) when the dataset has
 * one, else with the Basic Offset Table, else by pydicom's rules (one fragment per frame when the counts match,
 * all fragments for one frame, or JPEG end-of-image markers).
 */
public final class EncapsulatedPixelData {

    private static final int ITEM_HEADER_BYTES = 8;

    private final BulkData offsetTable;
    private final List<BulkData> fragments;

    /**
     * @param basicOffsetTable the first item's value (may be empty)
     * @param fragments        the values of the items after it, in file order
     */
    public EncapsulatedPixelData(BulkData basicOffsetTable, List<BulkData> fragments) {
        this.offsetTable = basicOffsetTable;
        this.fragments = List.copyOf(fragments);
    }

    /** @return the Basic Offset Table item's value */
    public BulkData basicOffsetTableItem() {
        return offsetTable;
    }

    /** @return the Basic Offset Table: byte offsets of each frame's first fragment item, relative to the first fragment item */
    public long[] basicOffsetTable() {
        byte[] b = offsetTable.bytes();
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[b.length / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = Integer.toUnsignedLong(bb.getInt());
        }
        return out;
    }

    /** @return number of 4-byte offsets in the Basic Offset Table (0 when it is empty) */
    public int offsetTableEntries() {
        return (int) (offsetTable.length() / 4);
    }

    /** @return the fragments after the Basic Offset Table */
    public List<BulkData> fragments() {
        return fragments;
    }

    /** @return length of the encoded value: every item with its 8-byte header, without the Sequence Delimitation Item */
    public long lengthWithItemHeaders() {
        long n = ITEM_HEADER_BYTES + offsetTable.length();
        for (BulkData f : fragments) {
            n += ITEM_HEADER_BYTES + f.length();
        }
        return n;
    }

    /** @return every item with its header ({@code FE FF 00 E0} + 4-byte little-endian length), BOT first */
    public byte[] bytesWithItemHeaders() {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(lengthWithItemHeaders(), Integer.MAX_VALUE - 8));
        writeItem(out, offsetTable.bytes());
        for (BulkData f : fragments) {
            writeItem(out, f.bytes());
        }
        return out.toByteArray();
    }

    private static void writeItem(ByteArrayOutputStream out, byte[] value) {
        out.write(0xFE);
        out.write(0xFF);
        out.write(0x00);
        out.write(0xE0);
        int n = value.length;
        out.write(n);
        out.write(n >>> 8);
        out.write(n >>> 16);
        out.write(n >>> 24);
        out.writeBytes(value);
    }

    /**
     * Groups the fragments into frames.
     *
     * @param numberOfFrames Number of Frames (0028,0008), 1 when absent
     * @return per frame, its fragments in order
     * @throws DicomException when the frame boundaries cannot be determined
     */
    public List<List<BulkData>> frames(int numberOfFrames) {
        List<List<BulkData>> frames = new ArrayList<>();
        long[] bot = basicOffsetTable();
        if (bot.length > 0) {
            List<BulkData> frame = new ArrayList<>();
            long position = 0;
            int frameIndex = 0;
            for (BulkData f : fragments) {
                long nextStart = frameIndex + 1 < bot.length ? bot[frameIndex + 1] : Long.MAX_VALUE;
                if (position >= nextStart && !frame.isEmpty()) {
                    frames.add(frame);
                    frame = new ArrayList<>();
                    frameIndex++;
                }
                frame.add(f);
                position += ITEM_HEADER_BYTES + f.length();
            }
            frames.add(frame);
            return frames;
        }
        if (fragments.size() == 1 || fragments.size() == numberOfFrames) {
            for (BulkData f : fragments) {
                frames.add(List.of(f));
            }
            return frames;
        }
        if (numberOfFrames <= 1) {
            frames.add(fragments);
            return frames;
        }
        if (fragments.size() > numberOfFrames) {
            // No offset table: a frame ends with the fragment that holds the JPEG EOI / J2K EOC marker (FF D9)
            // in its last 10 bytes, as pydicom's generate_pixel_data does.
            List<BulkData> frame = new ArrayList<>();
            for (BulkData f : fragments) {
                frame.add(f);
                if (endsFrame(f)) {
                    frames.add(frame);
                    frame = new ArrayList<>();
                }
            }
            if (frames.size() == numberOfFrames) {
                return frames;
            }
        }
        throw new DicomException("cannot split " + fragments.size() + " fragments into " + numberOfFrames
                + " frames: no offset table and no end-of-image marker per frame");
    }

    /**
     * Groups the fragments into frames with an Extended Offset Table (PS3.3 C.7.6.3.1.8).
     *
     * @param extendedOffsets byte offsets of each frame's first item, relative to the first fragment item
     * @param extendedLengths each frame's length in bytes
     */
    public List<List<BulkData>> frames(long[] extendedOffsets, long[] extendedLengths) {
        if (extendedOffsets.length != extendedLengths.length) {
            throw new DicomException("Extended Offset Table has " + extendedOffsets.length + " offsets but "
                    + extendedLengths.length + " lengths");
        }
        List<List<BulkData>> frames = new ArrayList<>();
        long position = 0;
        int next = 0;
        for (int frame = 0; frame < extendedOffsets.length; frame++) {
            while (next < fragments.size() && position < extendedOffsets[frame]) {
                position += ITEM_HEADER_BYTES + fragments.get(next++).length();
            }
            if (position != extendedOffsets[frame] || next >= fragments.size()) {
                throw new DicomException("Extended Offset Table entry " + frame + " (" + extendedOffsets[frame]
                        + ") is not the start of a fragment item");
            }
            frames.add(List.of(fragments.get(next)));
        }
        return frames;
    }

    /** @return the concatenated fragments of one frame, as pydicom's {@code generate_pixel_data_frame} gives it */
    public static byte[] join(List<BulkData> frameFragments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (BulkData f : frameFragments) {
            out.writeBytes(f.bytes());
        }
        return out.toByteArray();
    }

    private static boolean endsFrame(BulkData f) {
        if (f.length() < 2) {
            return false;
        }
        byte[] b = f.bytes();
        for (int i = Math.max(0, b.length - 10); i + 1 < b.length; i++) {
            if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) == 0xD9) {
                return true;
            }
        }
        return false;
    }
}
