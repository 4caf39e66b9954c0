package dev.pulmo.dicom.internal;

import dev.pulmo.dicom.BulkData;
import dev.pulmo.dicom.DicomElement;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.ElementDictionary;
import dev.pulmo.dicom.EncapsulatedPixelData;
import dev.pulmo.dicom.PixelDataExtent;
import dev.pulmo.dicom.SpecificCharacterSet;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.VR;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Parses a dataset from a {@link DicomInput} and reports it to a {@link ParseHandler}. It reproduces pydicom
 * 2.3.1's reading rules, which the corpus in {@code testdata/dicom} fixes (README "VR: what pydicom does"):
 * <ol>
 * <li>Explicit VR: the VR in the file, except (3) an explicit UN of defined length whose public tag is in the
 * dictionary and whose value is shorter than 65535 bytes takes the dictionary's VR (private creators become LO),
 * and (5c) an element whose VR bytes are not two upper-case letters is read as an Implicit VR element.</li>
 * <li>Implicit VR: the dictionary's VR; private creators LO; other private and unknown tags UN; (gggg,0000) UL;
 * ambiguous VRs resolved as pydicom's {@code correct_ambiguous_vr_element} does.</li>
 * <li>(4) An undefined-length UN, or an undefined-length element not in the dictionary whose value starts with an
 * Item tag, is a sequence.</li>
 * <li>(5) The top-level dataset and the File Meta use the VR encoding their first element shows; an item in an
 * Explicit VR context whose first element has no VR letters is Implicit VR (PS3.5 6.2.2).</li>
 * </ol>
 * Structural errors (a value longer than the bytes left, a file that ends inside an undefined-length element,
 * nesting deeper than the limit) raise {@link DicomException} with source, offset and tag.
 */
public final class DicomParser {

    public static final int ITEM = 0xFFFEE000;
    public static final int ITEM_DELIMITATION = 0xFFFEE00D;
    public static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;
    private static final long UNDEFINED = 0xFFFFFFFFL;

    /** Per-dataset facts that later elements' VRs depend on. */
    private static final class Level {
        final Level parent;
        SpecificCharacterSet charset;
        int pixelRepresentation = -1;
        int bitsAllocated = -1;
        int waveformBitsAllocated = -1;
        long lutDescriptorFirst = -1;

        Level(Level parent, SpecificCharacterSet charset) {
            this.parent = parent;
            this.charset = charset;
        }
    }

    private final DicomInput in;
    private final ParseHandler handler;
    private final int maxDepth;
    private final int inlineBulkBytes;
    private final boolean stopBeforePixelData;
    private final ReadBudget budget;

    /** @param budget how many elements and value bytes this read may keep in memory */
    public DicomParser(DicomInput in, ParseHandler handler, int maxDepth, int inlineBulkBytes,
            boolean stopBeforePixelData, ReadBudget budget) {
        this.in = in;
        this.handler = handler;
        this.maxDepth = maxDepth;
        this.inlineBulkBytes = inlineBulkBytes;
        this.stopBeforePixelData = stopBeforePixelData;
        this.budget = budget;
    }

    /**
     * Decides the VR encoding of a dataset from its first element (rule 5a): the bytes after the tag are two upper-case
     * letters for Explicit VR. A contradiction with {@code assumedExplicit} is reported to {@code warnings}.
     *
     * @return whether the dataset at the input's position is Explicit VR
     */
    public static boolean detectExplicit(DicomInput in, boolean assumedExplicit, String context,
            Consumer<String> warnings) {
        if (in.remaining() < 6) {
            return assumedExplicit;
        }
        boolean found = isUpper(in.peek(4)) && isUpper(in.peek(5));
        if (found != assumedExplicit) {
            warnings.accept(context + ": expected " + (assumedExplicit ? "explicit" : "implicit") + " VR, but found "
                    + (found ? "explicit" : "implicit") + " VR - using " + (found ? "explicit" : "implicit")
                    + " VR for reading");
        }
        return found;
    }

    /** Reads the File Meta group: elements while the group is 0002 (Explicit VR Little Endian as detected). */
    public void readFileMeta(boolean explicit) {
        readDataset(-1, explicit, new Level(null, SpecificCharacterSet.DEFAULT), 0, true, false, true);
    }

    /** Reads the top-level dataset to the end of the input. */
    public void readTopLevel(boolean explicit) {
        readDataset(-1, explicit, new Level(null, SpecificCharacterSet.DEFAULT), 0, true, false, false);
    }

    private static boolean isUpper(int b) {
        return b >= 'A' && b <= 'Z';
    }

    private DicomException error(long offset, int tag, String detail) {
        return new DicomException(in.sourceName(), offset, tag, detail);
    }

    /**
     * @param end                 end offset for a defined-length item, -1 to read to the delimiter / end of input
     * @param untilItemDelimiter  true inside an undefined-length item: the end of input is an error
     * @param fileMetaOnly        stop at the first tag whose group is not 0002
     */
    private boolean readDataset(long end, boolean explicit, Level level, int depth, boolean topLevel,
            boolean untilItemDelimiter, boolean fileMetaOnly) {
        while (true) {
            long start = in.position();
            if (end >= 0 && start >= end) {
                return true;
            }
            long remaining = in.remaining();
            if (remaining < 8) {
                if (untilItemDelimiter) {
                    throw error(start, DicomException.NO_TAG, "the file ends inside an item of undefined length "
                            + "(no Item Delimitation Item)");
                }
                if (remaining > 0 && !topLevel) {
                    throw error(start, DicomException.NO_TAG, "the file ends inside an element header ("
                            + remaining + " bytes left, 8 needed)");
                }
                if (remaining > 0) {
                    handler.warning(String.format("@0x%X: %d trailing bytes ignored (too short for an element header)",
                            start, remaining));
                    in.skip(remaining);
                }
                return true;
            }
            if (fileMetaOnly && in.peek(0) + (in.peek(1) << 8) != 0x0002) {
                return true;
            }
            int tag = in.tag();
            if (tag == ITEM_DELIMITATION) {
                in.skip(4);
                if (!untilItemDelimiter) {
                    // pydicom ends any dataset at an Item Delimitation Item
                    handler.warning(String.format("@0x%X: Item Delimitation Item outside an undefined-length item "
                            + "ends the dataset", start));
                }
                return true;
            }
            if (topLevel && stopBeforePixelData && (tag == Tag.PixelData || tag == Tag.FloatPixelData
                    || tag == Tag.DoubleFloatPixelData)) {
                in.seek(start);
                return false;
            }
            if (!readElement(start, tag, explicit, level, depth)) {
                return false;
            }
        }
    }

    private boolean readElement(long start, int tag, boolean explicit, Level level, int depth) {
        budget.element(start, tag);
        VR vr = null;
        boolean vrFromFile = false;
        long length;
        if (explicit && isUpper(in.peek(0)) && isUpper(in.peek(1))) {
            int c0 = in.u8();
            int c1 = in.u8();
            vr = VR.fromCode(c0, c1);
            vrFromFile = true;
            if (vr == null) {
                handler.warning(String.format("@0x%X %s: unknown VR '%c%c' read as UN", start, Tag.toString(tag), c0, c1));
                vr = VR.UN;
                length = in.u16();
            } else if (vr.hasLongLength()) {
                if (in.remaining() < 6) {
                    throw error(start, tag, "the file ends inside the element header");
                }
                in.skip(2);
                length = Integer.toUnsignedLong(in.i32());
            } else {
                length = in.u16();
            }
        } else {
            length = Integer.toUnsignedLong(in.i32());
        }
        long valueStart = in.position();
        boolean usOrSs = false;
        if (!vrFromFile) {
            String dictVr = dictionaryVr(tag);
            if (dictVr == null) {
                vr = undictionaryVr(tag);
                if (length == UNDEFINED && vr == VR.UN && in.remaining() >= 4 && peekTag() == ITEM) {
                    vr = VR.SQ; // rule 4: an unknown element made of items is a sequence
                }
            } else {
                usOrSs = dictVr.startsWith("US or SS");
                vr = resolve(tag, dictVr, length == UNDEFINED, !explicit, level);
            }
        } else if (vr == VR.UN && length != UNDEFINED) {
            if (isPrivateCreator(tag)) {
                vr = VR.LO;
            } else if (!isPrivate(tag) && length < 0xFFFF) {
                String dictVr = dictionaryVr(tag);
                if (dictVr != null && !dictVr.equals("NONE")) {
                    usOrSs = dictVr.startsWith("US or SS");
                    vr = resolve(tag, dictVr, false, false, level);
                }
            }
        } else if (vr == VR.UN) {
            vr = VR.SQ; // rule 4: UN of undefined length is a sequence (PS3.5 6.2.2)
        }

        if (length == UNDEFINED) {
            if (vr == VR.SQ) {
                return readSequence(tag, -1, explicit, level, depth);
            }
            EncapsulatedPixelData fragments = readFragments(start, tag);
            return handler.element(DicomElement.ofEncapsulated(tag, vr, fragments), false, depth);
        }
        if (length > in.remaining()) {
            throw error(start, tag, "element " + Tag.toHex(tag) + " declares a value length of " + length
                    + " bytes but only " + in.remaining() + " bytes remain in the file");
        }
        if ((length & 1) != 0) {
            handler.warning(String.format("@0x%X %s: odd value length %d", start, Tag.toString(tag), length));
        }
        if (vr == VR.SQ) {
            return readSequence(tag, length, explicit, level, depth);
        }
        DicomElement element;
        if (vr.isBulk() && length > inlineBulkBytes) {
            element = DicomElement.ofBulkData(tag, vr, bulk(valueStart, length), in.bigEndian());
            in.skip(length);
        } else {
            budget.value(start, tag, length);
            element = DicomElement.ofBytes(tag, vr, in.bytes((int) length), in.bigEndian(), level.charset);
        }
        remember(element, level);
        return handler.element(element, usOrSs, depth);
    }

    /**
     * The extent of the top-level pixel data element at {@code in}'s position, where a header read stopped; empty when
     * the input does not continue with Pixel Data, Float Pixel Data or Double Float Pixel Data. Reads the element
     * header and, for undefined length, the item headers only. Leaves the position unspecified.
     */
    public static Optional<PixelDataExtent> pixelDataExtent(DicomInput in, boolean explicit) {
        long start = in.position();
        if (in.remaining() < 4) {
            return Optional.empty();
        }
        int tag = in.tag();
        if (tag != Tag.PixelData && tag != Tag.FloatPixelData && tag != Tag.DoubleFloatPixelData) {
            return Optional.empty();
        }
        long length;
        if (explicit && in.remaining() >= 2 && isUpper(in.peek(0)) && isUpper(in.peek(1))) {
            VR vr = VR.fromCode(in.u8(), in.u8());
            boolean longLength = vr == null || vr.hasLongLength();
            if (in.remaining() < (longLength ? 6 : 2)) {
                return Optional.of(new PixelDataExtent(tag, start, 0, 0, 0, false));
            }
            if (longLength) {
                in.skip(2);
                length = Integer.toUnsignedLong(in.i32());
            } else {
                length = in.u16();
            }
        } else if (in.remaining() >= 4) {
            length = Integer.toUnsignedLong(in.i32());
        } else {
            return Optional.of(new PixelDataExtent(tag, start, 0, 0, 0, false));
        }
        if (length != UNDEFINED) {
            return Optional.of(new PixelDataExtent(tag, start, length, Math.min(length, in.remaining()), 0,
                    length <= in.remaining()));
        }
        in.bigEndian(false); // PS3.5 A.4: encapsulated items are little endian
        long available = 0;
        int fragments = 0;
        while (in.remaining() >= 8) {
            int itemTag = in.tag();
            long itemLength = Integer.toUnsignedLong(in.i32());
            if (itemTag == SEQUENCE_DELIMITATION) {
                return Optional.of(new PixelDataExtent(tag, start, -1, available, fragments, true));
            }
            if (itemTag != ITEM || itemLength == UNDEFINED) {
                break;
            }
            fragments++;
            available += Math.min(itemLength, in.remaining());
            if (itemLength > in.remaining()) {
                break;
            }
            in.skip(itemLength);
        }
        return Optional.of(new PixelDataExtent(tag, start, -1, available, fragments, false));
    }

    private int peekTag() {
        int g = in.bigEndian() ? (in.peek(0) << 8) | in.peek(1) : in.peek(0) | (in.peek(1) << 8);
        int e = in.bigEndian() ? (in.peek(2) << 8) | in.peek(3) : in.peek(2) | (in.peek(3) << 8);
        return (g << 16) | e;
    }

    private BulkData bulk(long offset, long length) {
        byte[] memory = in.memory();
        if (memory != null) {
            return BulkData.sharing(memory, (int) offset, (int) length);
        }
        return BulkData.inFile(in.path(), offset, length);
    }

    /** Keeps the facts later VR decisions need (PS3.5 A.1, pydicom's ambiguous-VR rules). */
    private void remember(DicomElement element, Level level) {
        switch (element.tag()) {
            case Tag.SpecificCharacterSet -> level.charset = SpecificCharacterSet.of(element.strings());
            case Tag.PixelRepresentation -> level.pixelRepresentation = (int) firstLong(element);
            case Tag.BitsAllocated -> level.bitsAllocated = (int) firstLong(element);
            case Tag.WaveformBitsAllocated -> level.waveformBitsAllocated = (int) firstLong(element);
            case Tag.LUTDescriptor -> level.lutDescriptorFirst = firstLong(element);
            default -> {
            }
        }
    }

    private static long firstLong(DicomElement e) {
        try {
            long[] v = e.longs();
            return v.length == 0 ? -1 : v[0];
        } catch (DicomException ex) {
            return -1;
        }
    }

    private static boolean isPrivate(int tag) {
        return (tag & 0x10000) != 0;
    }

    private static boolean isPrivateCreator(int tag) {
        int element = tag & 0xFFFF;
        return isPrivate(tag) && element >= 0x0010 && element <= 0x00FF;
    }

    private static String dictionaryVr(int tag) {
        return ElementDictionary.entry(tag).map(ElementDictionary.Entry::vr).orElse(null);
    }

    /** VR of a tag the public dictionary does not know (pydicom's {@code _private_vr_for_tag}). */
    private static VR undictionaryVr(int tag) {
        if (isPrivateCreator(tag)) {
            return VR.LO;
        }
        if (!isPrivate(tag) && (tag & 0xFFFF) == 0) {
            return VR.UL; // group length, implied for groups the dictionary does not list
        }
        return VR.UN;
    }

    /** Resolves a dictionary VR, ambiguous ones as pydicom's {@code _correct_ambiguous_vr_element}. */
    private VR resolve(int tag, String dictVr, boolean undefinedLength, boolean implicitDataset, Level level) {
        VR single = VR.fromCode(dictVr);
        if (single != null) {
            return single;
        }
        if (dictVr.startsWith("US or SS")) {
            return usOrSs(level);
        }
        if (tag == Tag.PixelData) {
            if (undefinedLength) {
                return VR.OB;
            }
            return implicitDataset || level.bitsAllocated > 8 ? VR.OW : VR.OB;
        }
        if (tag == Tag.ChannelMinimumValue || tag == Tag.ChannelMaximumValue || tag == Tag.WaveformPaddingValue
                || tag == Tag.WaveformData) {
            return implicitDataset || level.waveformBitsAllocated > 8 ? VR.OW : VR.OB;
        }
        if (tag == Tag.LUTData) {
            return level.lutDescriptorFirst == 1 ? VR.US : VR.OW;
        }
        // Overlay Data (60xx,3000) and the rest: OW, the form Implicit VR requires (PS3.5 8.1.2)
        return VR.OW;
    }

    /** US when the nearest Pixel Representation (this item, then its parents) is 0 or absent, else SS. */
    private static VR usOrSs(Level level) {
        for (Level l = level; l != null; l = l.parent) {
            if (l.pixelRepresentation >= 0) {
                return l.pixelRepresentation == 0 ? VR.US : VR.SS;
            }
        }
        return VR.US;
    }

    private boolean readSequence(int tag, long length, boolean explicit, Level level, int depth) {
        if (depth + 1 > maxDepth) {
            throw error(in.position(), tag, "sequence nesting depth " + (depth + 1)
                    + " exceeds the maximum allowed (" + maxDepth + ", from DicomReader.Limits.maxNestingDepth)");
        }
        if (!handler.startSequence(tag, depth)) {
            return false;
        }
        long end = length < 0 ? -1 : in.position() + length;
        while (true) {
            long itemStart = in.position();
            if (end >= 0 && itemStart >= end) {
                break;
            }
            if (in.remaining() < 8) {
                throw error(itemStart, tag, length < 0
                        ? "the file ends inside a sequence of undefined length (no Sequence Delimitation Item)"
                        : "the file ends inside a sequence");
            }
            int itemTag = in.tag();
            long itemLength = Integer.toUnsignedLong(in.i32());
            if (itemTag == SEQUENCE_DELIMITATION) {
                break;
            }
            if (itemTag != ITEM) {
                throw error(itemStart, tag, "expected an Item (FFFE,E000) in the sequence, found "
                        + Tag.toString(itemTag));
            }
            boolean undefinedItem = itemLength == UNDEFINED;
            if (!undefinedItem && itemLength > in.remaining()) {
                throw error(itemStart, tag, "item declares a length of " + itemLength + " bytes but only "
                        + in.remaining() + " bytes remain in the file");
            }
            boolean itemExplicit = explicit;
            if (explicit && (undefinedItem || itemLength >= 6) && in.remaining() >= 6) {
                // rule 5b: an item whose first element has no VR letters is Implicit VR (PS3.5 6.2.2)
                itemExplicit = isUpper(in.peek(4)) && isUpper(in.peek(5));
            }
            budget.element(itemStart, ITEM);
            Level child = new Level(level, level.charset);
            handler.startItem(level.charset, depth + 1);
            boolean go = readDataset(undefinedItem ? -1 : in.position() + itemLength, itemExplicit, child, depth + 1,
                    false, undefinedItem, false);
            if (!go) {
                return false;
            }
            handler.endItem(depth + 1);
        }
        handler.endSequence(tag, depth);
        return true;
    }

    private EncapsulatedPixelData readFragments(long start, int tag) {
        List<BulkData> items = new ArrayList<>();
        boolean wasBigEndian = in.bigEndian();
        in.bigEndian(false); // PS3.5 A.4: encapsulated items are little endian
        try {
            while (true) {
                long itemStart = in.position();
                if (in.remaining() < 8) {
                    throw error(start, tag, "the file ends inside element " + Tag.toHex(tag)
                            + " of undefined length (no Sequence Delimitation Item)");
                }
                int itemTag = in.tag();
                long itemLength = Integer.toUnsignedLong(in.i32());
                if (itemTag == SEQUENCE_DELIMITATION) {
                    break;
                }
                if (itemTag != ITEM) {
                    throw error(itemStart, tag, "expected an Item (FFFE,E000) or Sequence Delimitation Item in "
                            + "encapsulated data, found " + Tag.toString(itemTag));
                }
                if (itemLength == UNDEFINED || itemLength > in.remaining()) {
                    throw error(itemStart, tag, "fragment item declares a length of " + itemLength + " bytes but only "
                            + in.remaining() + " bytes remain in the file");
                }
                budget.element(itemStart, tag);
                items.add(bulk(in.position(), itemLength));
                in.skip(itemLength);
            }
        } finally {
            in.bigEndian(wasBigEndian);
        }
        if (items.isEmpty()) {
            return new EncapsulatedPixelData(BulkData.of(new byte[0]), List.of());
        }
        return new EncapsulatedPixelData(items.get(0), items.subList(1, items.size()));
    }
}
