package dev.pulmo.dicom;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One data element: tag, VR and value. The value is kept as encoded (bytes in the stream's byte order) and decoded
 * by the typed accessors; binary VRs may hold {@link BulkData} read on demand; SQ holds items; encapsulated Pixel Data
 * holds {@link EncapsulatedPixelData}. Immutable.
 *
 * <p>Text follows pydicom's reading rules (see {@code testdata/dicom/README.md}): values are split at {@code \}
 * except for LT, ST, UT and UR; trailing spaces and NULs are stripped (from each value of LO, SH, UC, UI, LT, ST,
 * UT; from the whole value of the other string VRs); AE values are also stripped of leading spaces.
 */
public final class DicomElement {

    private static final byte[] EMPTY = new byte[0];

    private final int tag;
    private final VR vr;
    private final byte[] bytes;
    private final BulkData bulk;
    private final List<DicomDataset> items;
    private final EncapsulatedPixelData encapsulated;
    private final boolean bigEndian;
    private final SpecificCharacterSet charset;

    private DicomElement(int tag, VR vr, byte[] bytes, BulkData bulk, List<DicomDataset> items,
            EncapsulatedPixelData encapsulated, boolean bigEndian, SpecificCharacterSet charset) {
        if (vr == null) {
            throw new IllegalArgumentException("VR is null for " + Tag.toString(tag));
        }
        this.tag = tag;
        this.vr = vr;
        this.bytes = bytes;
        this.bulk = bulk;
        this.items = items;
        this.encapsulated = encapsulated;
        this.bigEndian = bigEndian;
        this.charset = charset == null ? SpecificCharacterSet.DEFAULT : charset;
    }

    /**
     * @param value     the value field as encoded (copied)
     * @param bigEndian byte order of binary values in {@code value}
     * @param charset   character set of text values (null for the default repertoire)
     */
    public static DicomElement ofBytes(int tag, VR vr, byte[] value, boolean bigEndian, SpecificCharacterSet charset) {
        if (vr == VR.SQ) {
            throw new IllegalArgumentException("SQ " + Tag.toString(tag) + " needs items, not bytes");
        }
        // Arrays.copyOf, not clone(): JDK 17's client compiler, which pulmo runs on, calls clone() through the VM
        // (about 80 ns for a short value, against 10 ns), and a header has a hundred elements
        return new DicomElement(tag, vr, Arrays.copyOf(value, value.length), null, null, null, bigEndian, charset);
    }

    /** @return a binary element whose value is read on demand */
    public static DicomElement ofBulkData(int tag, VR vr, BulkData value, boolean bigEndian) {
        return new DicomElement(tag, vr, null, value, null, null, bigEndian, null);
    }

    /** @return a sequence (VR SQ) of {@code items} */
    public static DicomElement ofSequence(int tag, List<DicomDataset> items) {
        return new DicomElement(tag, VR.SQ, null, null, List.copyOf(items), null, false, null);
    }

    /** @return encapsulated Pixel Data (undefined length, fragments) */
    public static DicomElement ofEncapsulated(int tag, VR vr, EncapsulatedPixelData value) {
        return new DicomElement(tag, vr, null, null, null, value, false, null);
    }

    /** @return a text element of {@code values} joined with {@code \}, encoded in {@code charset} */
    public static DicomElement ofStrings(int tag, VR vr, SpecificCharacterSet charset, String... values) {
        if (!vr.isText()) {
            throw new IllegalArgumentException(vr + " is not a text VR (" + Tag.toString(tag) + ")");
        }
        SpecificCharacterSet cs = charset == null ? SpecificCharacterSet.DEFAULT : charset;
        return new DicomElement(tag, vr, cs.encode(String.join("\\", values), vr), null, null, null, false, cs);
    }

    /** @return a binary integer element (US, SS, UL, SL, SV, UV) or IS element, little endian */
    public static DicomElement ofLongs(int tag, VR vr, long... values) {
        if (vr == VR.IS) {
            String[] s = new String[values.length];
            for (int i = 0; i < values.length; i++) {
                s[i] = Long.toString(values[i]);
            }
            return ofStrings(tag, vr, null, s);
        }
        int size = vr.bytesPerValue();
        if (!vr.isBinaryNumber() || vr == VR.FL || vr == VR.FD || vr == VR.AT) {
            throw new IllegalArgumentException(vr + " is not an integer VR (" + Tag.toString(tag) + ")");
        }
        ByteBuffer bb = ByteBuffer.allocate(size * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            switch (size) {
                case 2 -> bb.putShort((short) v);
                case 4 -> bb.putInt((int) v);
                default -> bb.putLong(v);
            }
        }
        return new DicomElement(tag, vr, bb.array(), null, null, null, false, null);
    }

    /** @return an FL, FD or DS element, little endian */
    public static DicomElement ofDoubles(int tag, VR vr, double... values) {
        if (vr == VR.DS) {
            String[] s = new String[values.length];
            for (int i = 0; i < values.length; i++) {
                s[i] = formatDecimalString(values[i]);
            }
            return ofStrings(tag, vr, null, s);
        }
        if (vr != VR.FL && vr != VR.FD) {
            throw new IllegalArgumentException(vr + " is not FL, FD or DS (" + Tag.toString(tag) + ")");
        }
        ByteBuffer bb = ByteBuffer.allocate(vr.bytesPerValue() * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            if (vr == VR.FL) {
                bb.putFloat((float) v);
            } else {
                bb.putDouble(v);
            }
        }
        return new DicomElement(tag, vr, bb.array(), null, null, null, false, null);
    }

    /** DS holds at most 16 characters (PS3.5 Table 6.2-1). */
    static String formatDecimalString(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = Double.toString(v);
        for (int digits = 15; s.length() > 16 && digits > 0; digits--) {
            s = String.format(java.util.Locale.ROOT, "%." + digits + "G", v).replaceAll("\\.?0+(?=E|$)", "");
        }
        return s;
    }

    /** @return the same value under another VR (e.g. resolving {@code US or SS}) */
    public DicomElement withVr(VR newVr) {
        return newVr == vr ? this : new DicomElement(tag, newVr, bytes, bulk, items, encapsulated, bigEndian, charset);
    }

    public int tag() {
        return tag;
    }

    public VR vr() {
        return vr;
    }

    /** @return true when binary values are big endian (Explicit VR Big Endian) */
    public boolean bigEndian() {
        return bigEndian;
    }

    public SpecificCharacterSet characterSet() {
        return charset;
    }

    /** @return true when the element has no value (zero length, or a sequence without items) */
    public boolean isEmpty() {
        if (items != null) {
            return items.isEmpty();
        }
        return valueLength() == 0;
    }

    /** @return the value's length in bytes as encoded (encapsulated: items with headers); -1 for SQ */
    public long valueLength() {
        if (bytes != null) {
            return bytes.length;
        }
        if (bulk != null) {
            return bulk.length();
        }
        if (encapsulated != null) {
            return encapsulated.lengthWithItemHeaders();
        }
        return -1;
    }

    /** @return the bulk value when the reader kept it for reading on demand */
    public Optional<BulkData> bulkData() {
        return Optional.ofNullable(bulk);
    }

    /** @return the fragments when this is encapsulated Pixel Data */
    public Optional<EncapsulatedPixelData> encapsulated() {
        return Optional.ofNullable(encapsulated);
    }

    /** @return the items of a sequence, empty for other VRs */
    public List<DicomDataset> items() {
        return items == null ? List.of() : items;
    }

    /**
     * @return the value field's bytes as encoded (a new array; bulk data is read now; encapsulated Pixel Data gives its
     * items with headers)
     * @throws DicomException for a sequence
     */
    public byte[] bytes() {
        if (bytes != null) {
            return Arrays.copyOf(bytes, bytes.length);
        }
        if (bulk != null) {
            return bulk.bytes();
        }
        if (encapsulated != null) {
            return encapsulated.bytesWithItemHeaders();
        }
        throw new DicomException(null, DicomException.NO_OFFSET, tag, "a sequence has no byte value");
    }

    private byte[] raw() {
        return bytes != null ? bytes : bulk != null ? bulk.bytes() : EMPTY;
    }

    /**
     * @return the values as text: text VRs decoded and split per the rules above; numbers in decimal; AT as 8 hex
     * digits; empty for binary bulk VRs and SQ
     */
    public List<String> strings() {
        if (vr.isText()) {
            return textValues();
        }
        if (vr.isBinaryNumber()) {
            List<String> out = new ArrayList<>();
            if (vr == VR.AT) {
                for (long v : longs()) {
                    out.add(String.format("%08X", v));
                }
            } else if (vr == VR.FL || vr == VR.FD) {
                for (double v : doubles()) {
                    out.add(Double.toString(v));
                }
            } else if (vr == VR.UV) {
                for (long v : longs()) {
                    out.add(Long.toUnsignedString(v));
                }
            } else {
                for (long v : longs()) {
                    out.add(Long.toString(v));
                }
            }
            return out;
        }
        return List.of();
    }

    /** @return the first value of {@link #strings()}, if any */
    public Optional<String> string() {
        List<String> s = strings();
        return s.isEmpty() ? Optional.empty() : Optional.ofNullable(s.get(0));
    }

    private List<String> textValues() {
        byte[] b = raw();
        int end = b.length;
        boolean perValueStrip = switch (vr) {
            case LO, SH, UC, UI, LT, ST, UT, AE -> true;
            default -> false;
        };
        if (!perValueStrip || vr.isSingleValuedText()) {
            while (end > 0 && (b[end - 1] == ' ' || b[end - 1] == 0)) {
                end--;
            }
        }
        if (end == 0) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (vr.isSingleValuedText()) {
            out.add(charset.decode(b, 0, end, vr));
            return out;
        }
        int start = 0;
        for (int i = 0; i <= end; i++) {
            if (i == end || b[i] == '\\') {
                int s = start;
                int e = i;
                if (perValueStrip) {
                    while (e > s && (b[e - 1] == ' ' || b[e - 1] == 0)) {
                        e--;
                    }
                    if (vr == VR.AE) {
                        while (s < e && b[s] == ' ') {
                            s++;
                        }
                    }
                }
                out.add(charset.decode(b, s, e - s, vr));
                start = i + 1;
            }
        }
        if (perValueStrip && out.size() == 1 && out.get(0).isEmpty()) {
            return List.of();
        }
        return out;
    }

    /** @return the person names of a PN element, component groups split at {@code =} before decoding */
    public List<PersonName> personNames() {
        if (vr != VR.PN) {
            return List.of();
        }
        byte[] b = raw();
        int end = b.length;
        while (end > 0 && (b[end - 1] == ' ' || b[end - 1] == 0)) {
            end--;
        }
        List<PersonName> out = new ArrayList<>();
        if (end == 0) {
            return out;
        }
        int start = 0;
        for (int i = 0; i <= end; i++) {
            if (i == end || b[i] == '\\') {
                String[] groups = new String[3];
                int g = 0;
                int gs = start;
                for (int k = start; k <= i && g < 3; k++) {
                    if (k == i || b[k] == '=') {
                        groups[g++] = charset.decode(b, gs, k - gs, VR.PN);
                        gs = k + 1;
                    }
                }
                out.add(new PersonName(groups[0], groups[1], groups[2]));
                start = i + 1;
            }
        }
        return out;
    }

    /**
     * @return integer values: US, SS, UL, SL, SV, UV (UV as unsigned bits), AT as {@code ggggeeee}, IS parsed, DS
     * truncated; a trailing partial value is ignored
     * @throws DicomException when an IS/DS value is not a number
     */
    public long[] longs() {
        if (vr == VR.IS || vr == VR.DS) {
            List<String> s = textValues();
            long[] out = new long[s.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = (long) parseNumber(s.get(i));
            }
            return out;
        }
        byte[] b = raw();
        int size = vr.bytesPerValue();
        if (size == 0) {
            return new long[0];
        }
        long[] out = new long[b.length / size];
        for (int i = 0; i < out.length; i++) {
            int o = i * size;
            out[i] = switch (vr) {
                case US, OW -> u16(b, o);
                case SS -> (short) u16(b, o);
                case UL, OL -> Integer.toUnsignedLong(s32(b, o));
                case SL -> s32(b, o);
                case AT -> ((long) u16(b, o) << 16) | u16(b, o + 2);
                case SV, UV, OV -> s64(b, o);
                case OB, UN -> b[o] & 0xFF;
                case FL, OF -> (long) Float.intBitsToFloat(s32(b, o));
                default -> (long) Double.longBitsToDouble(s64(b, o));
            };
        }
        return out;
    }

    private int u16(byte[] b, int o) {
        return bigEndian ? ((b[o] & 0xFF) << 8) | (b[o + 1] & 0xFF) : (b[o] & 0xFF) | ((b[o + 1] & 0xFF) << 8);
    }

    private int s32(byte[] b, int o) {
        return bigEndian ? (u16(b, o) << 16) | u16(b, o + 2) : u16(b, o) | (u16(b, o + 2) << 16);
    }

    private long s64(byte[] b, int o) {
        long hi = Integer.toUnsignedLong(s32(b, bigEndian ? o : o + 4));
        long lo = Integer.toUnsignedLong(s32(b, bigEndian ? o + 4 : o));
        return (hi << 32) | lo;
    }

    /** @return the first integer value, if any */
    public Optional<Long> longValue() {
        long[] v = longs();
        return v.length == 0 ? Optional.empty() : Optional.of(v[0]);
    }

    /**
     * @return floating-point values: FL, FD, OF, OD, DS (parsed), and the integer VRs widened
     * @throws DicomException when a DS/IS value is not a number
     */
    public double[] doubles() {
        switch (vr) {
            case FL, OF, FD, OD -> {
                byte[] b = raw();
                ByteBuffer bb = ByteBuffer.wrap(b).order(bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
                boolean single = vr == VR.FL || vr == VR.OF;
                double[] out = new double[b.length / (single ? 4 : 8)];
                for (int i = 0; i < out.length; i++) {
                    out[i] = single ? bb.getFloat() : bb.getDouble();
                }
                return out;
            }
            case DS, IS -> {
                List<String> s = textValues();
                double[] out = new double[s.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = parseNumber(s.get(i));
                }
                return out;
            }
            case UV -> {
                long[] l = longs();
                double[] out = new double[l.length];
                for (int i = 0; i < l.length; i++) {
                    out[i] = new BigInteger(Long.toUnsignedString(l[i])).doubleValue();
                }
                return out;
            }
            default -> {
                long[] l = longs();
                double[] out = new double[l.length];
                for (int i = 0; i < l.length; i++) {
                    out[i] = l[i];
                }
                return out;
            }
        }
    }

    private double parseNumber(String s) {
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new DicomException(null, DicomException.NO_OFFSET, tag, vr + " value \"" + s + "\" is not a number");
        }
    }

    @Override
    public String toString() {
        return Tag.toString(tag) + " " + vr + (items != null ? " " + items.size() + " items" : " " + valueLength() + " bytes");
    }
}
