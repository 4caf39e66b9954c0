package dev.pulmo.dicom.pixel.internal;

import dev.pulmo.dicom.pixel.PixelDataException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits encapsulated Pixel Data (PS3.5 A.4) into frames: items (FFFE,E000) with a 4-byte
 * little-endian length, the first one the Basic Offset Table, optionally closed by the Sequence
 * Delimitation Item (FFFE,E0DD). Frames are assembled the way pydicom 2.3 does (the corpus oracle's
 * {@code frame_lengths}): by the offset table when it has entries; otherwise one fragment per frame when
 * the counts agree, all fragments as one frame for single-frame images, and for more fragments than
 * frames a frame ends at a fragment whose last 10 bytes contain the JPEG EOI marker FF D9.
 */
public final class EncapsulatedFrames {
    private static final int ITEM = 0xE000;
    private static final int SEQUENCE_DELIMITER = 0xE0DD;

    private EncapsulatedFrames() {
    }

    /**
     * @param value          the Pixel Data value: its items with their 8-byte headers, BOT first
     * @param numberOfFrames Number of Frames of the dataset
     * @param source         file or other source, for messages
     * @return the frames' encoded bytes, fragments concatenated
     * @throws PixelDataException on a truncated or malformed item, or frames that cannot be delimited
     */
    public static List<byte[]> split(byte[] value, int numberOfFrames, String source) {
        List<Fragment> items = items(value, source);
        if (items.isEmpty()) {
            throw new PixelDataException(source + ": encapsulated Pixel Data has no Basic Offset Table item");
        }
        Fragment table = items.get(0);
        List<Fragment> fragments = items.subList(1, items.size());
        if (fragments.isEmpty()) {
            throw new PixelDataException(source + ": encapsulated Pixel Data has no fragments after its Basic Offset Table");
        }
        List<byte[]> frames = table.length() > 0
                ? byOffsetTable(value, table, fragments, source)
                : withoutOffsetTable(value, fragments, numberOfFrames, source);
        if (frames.size() != numberOfFrames) {
            throw new PixelDataException(source + ": encapsulated Pixel Data holds " + frames.size()
                    + " frame(s) but Number of Frames (0028,0008) is " + numberOfFrames);
        }
        return frames;
    }

    private static List<byte[]> byOffsetTable(byte[] value, Fragment table, List<Fragment> fragments, String source) {
        if (table.length() % 4 != 0) {
            throw new PixelDataException(source + ": Basic Offset Table at byte " + table.start()
                    + " is " + table.length() + " bytes long, not a multiple of 4");
        }
        int entries = table.length() / 4;
        long firstFragmentItem = fragments.get(0).start() - 8;
        List<byte[]> frames = new ArrayList<>();
        int next = 0;
        for (int frame = 0; frame < entries; frame++) {
            long offset = readUint32(value, table.start() + 4 * frame);
            long end = frame + 1 < entries ? readUint32(value, table.start() + 4 * (frame + 1)) : Long.MAX_VALUE;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            if (next >= fragments.size() || fragments.get(next).start() - 8 - firstFragmentItem != offset) {
                throw new PixelDataException(source + ": Basic Offset Table entry " + frame + " (" + offset
                        + ") does not point at the start of a fragment item");
            }
            while (next < fragments.size() && fragments.get(next).start() - 8 - firstFragmentItem < end) {
                Fragment fragment = fragments.get(next++);
                bytes.write(value, fragment.start(), fragment.length());
            }
            frames.add(bytes.toByteArray());
        }
        return frames;
    }

    private static List<byte[]> withoutOffsetTable(byte[] value, List<Fragment> fragments, int numberOfFrames,
            String source) {
        List<byte[]> frames = new ArrayList<>();
        if (fragments.size() == numberOfFrames) {
            for (Fragment fragment : fragments) {
                frames.add(fragment.copy(value));
            }
        } else if (numberOfFrames == 1) {
            frames.add(concatenate(value, fragments));
        } else if (fragments.size() > numberOfFrames) {
            List<Fragment> current = new ArrayList<>();
            for (Fragment fragment : fragments) {
                current.add(fragment);
                if (endsWithJpegEoi(value, fragment)) {
                    frames.add(concatenate(value, current));
                    current.clear();
                }
            }
            if (!current.isEmpty()) {
                frames.add(concatenate(value, current));
            }
        } else {
            throw new PixelDataException(source + ": encapsulated Pixel Data has an empty Basic Offset Table and "
                    + fragments.size() + " fragment(s), fewer than its " + numberOfFrames + " frames");
        }
        return frames;
    }

    private static boolean endsWithJpegEoi(byte[] value, Fragment fragment) {
        int from = Math.max(fragment.start(), fragment.start() + fragment.length() - 10);
        for (int i = from; i + 1 < fragment.start() + fragment.length(); i++) {
            if (value[i] == (byte) 0xFF && value[i + 1] == (byte) 0xD9) {
                return true;
            }
        }
        return false;
    }

    private static byte[] concatenate(byte[] value, List<Fragment> fragments) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Fragment fragment : fragments) {
            bytes.write(value, fragment.start(), fragment.length());
        }
        return bytes.toByteArray();
    }

    private static List<Fragment> items(byte[] value, String source) {
        List<Fragment> items = new ArrayList<>();
        int at = 0;
        while (at < value.length) {
            if (value.length - at < 8) {
                throw new PixelDataException(source + ": encapsulated Pixel Data ends inside an item header at byte "
                        + at + " (" + (value.length - at) + " of 8 bytes)");
            }
            int group = readUint16(value, at);
            int element = readUint16(value, at + 2);
            long length = readUint32(value, at + 4);
            if (group == 0xFFFE && element == SEQUENCE_DELIMITER) {
                break;
            }
            if (group != 0xFFFE || element != ITEM) {
                throw new PixelDataException(String.format("%s: encapsulated Pixel Data: expected an item tag"
                        + " (FFFE,E000) at byte %d, found (%04X,%04X)", source, at, group, element));
            }
            if (length > value.length - at - 8L) {
                throw new PixelDataException(source + ": encapsulated Pixel Data item at byte " + at
                        + " declares " + length + " bytes but only " + (value.length - at - 8) + " remain");
            }
            items.add(new Fragment(at + 8, (int) length));
            at += 8 + (int) length;
        }
        return items;
    }

    private static int readUint16(byte[] data, int at) {
        return (data[at] & 0xFF) | (data[at + 1] & 0xFF) << 8;
    }

    private static long readUint32(byte[] data, int at) {
        return (data[at] & 0xFFL) | (data[at + 1] & 0xFFL) << 8 | (data[at + 2] & 0xFFL) << 16
                | (data[at + 3] & 0xFFL) << 24;
    }

    /** An item's value: {@code length} bytes from byte {@code start} of the Pixel Data value. */
    private record Fragment(int start, int length) {
        byte[] copy(byte[] value) {
            return java.util.Arrays.copyOfRange(value, start, start + length);
        }
    }
}
