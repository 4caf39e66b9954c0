package dev.pulmo.dicom;

/**
 * Value Representations of PS3.5 Table 6.2-1 (current edition, including OV, SV, UV, UC, UR, UT).
 *
 * <p>{@link #isBulk()} marks the binary VRs whose values the reader keeps as {@link BulkData} (read on demand)
 * and the DICOM JSON writer emits as {@code InlineBinary}/{@code BulkDataURI}.
 */
public enum VR {
    AE(Kind.TEXT, ' '), AS(Kind.TEXT, ' '), AT(Kind.BINARY, 0), CS(Kind.TEXT, ' '), DA(Kind.TEXT, ' '),
    DS(Kind.TEXT, ' '), DT(Kind.TEXT, ' '), FD(Kind.BINARY, 0), FL(Kind.BINARY, 0), IS(Kind.TEXT, ' '),
    LO(Kind.TEXT, ' '), LT(Kind.TEXT, ' '), OB(Kind.BULK, 0), OD(Kind.BULK, 0), OF(Kind.BULK, 0), OL(Kind.BULK, 0),
    OV(Kind.BULK, 0), OW(Kind.BULK, 0), PN(Kind.TEXT, ' '), SH(Kind.TEXT, ' '), SL(Kind.BINARY, 0),
    SQ(Kind.SEQUENCE, 0), SS(Kind.BINARY, 0), ST(Kind.TEXT, ' '), SV(Kind.BINARY, 0), TM(Kind.TEXT, ' '),
    UC(Kind.TEXT, ' '), UI(Kind.TEXT, 0), UL(Kind.BINARY, 0), UN(Kind.BULK, 0), UR(Kind.TEXT, ' '),
    US(Kind.BINARY, 0), UT(Kind.TEXT, ' '), UV(Kind.BINARY, 0);

    private enum Kind { TEXT, BINARY, BULK, SEQUENCE }

    private static final VR[] BY_CODE = new VR[26 * 26];

    static {
        for (VR vr : values()) {
            BY_CODE[(vr.name().charAt(0) - 'A') * 26 + vr.name().charAt(1) - 'A'] = vr;
        }
    }

    private final Kind kind;
    private final byte paddingByte;

    VR(Kind kind, int paddingByte) {
        this.kind = kind;
        this.paddingByte = (byte) paddingByte;
    }

    /**
     * @return the VR whose two-letter code is {@code (c0, c1)} (ASCII bytes as read from an Explicit VR header), or
     * {@code null} when no VR has that code
     */
    public static VR fromCode(int c0, int c1) {
        if (c0 < 'A' || c0 > 'Z' || c1 < 'A' || c1 > 'Z') {
            return null;
        }
        return BY_CODE[(c0 - 'A') * 26 + c1 - 'A'];
    }

    /** @return the VR named {@code code} (e.g. {@code "PN"}), or {@code null} */
    public static VR fromCode(String code) {
        return code != null && code.length() == 2 ? fromCode(code.charAt(0), code.charAt(1)) : null;
    }

    /**
     * @return true when an Explicit VR element of this VR has a 2-byte reserved field and a 4-byte length (PS3.5
     * 7.1.2, Table 7.1-1); false for the 2-byte length form
     */
    public boolean hasLongLength() {
        return switch (this) {
            case OB, OD, OF, OL, OV, OW, SQ, SV, UC, UN, UR, UT, UV -> true;
            default -> false;
        };
    }

    /** @return true for OB, OD, OF, OL, OV, OW and UN: binary values kept as bulk data */
    public boolean isBulk() {
        return kind == Kind.BULK;
    }

    /** @return true for character-string VRs (AE ... UT) */
    public boolean isText() {
        return kind == Kind.TEXT;
    }

    /** @return true for the binary numeric VRs AT, FD, FL, SL, SS, SV, UL, US, UV */
    public boolean isBinaryNumber() {
        return kind == Kind.BINARY;
    }

    /**
     * @return true for the VRs whose text is encoded with the Specific Character Set (0008,0005); the others use the
     * default repertoire (PS3.5 6.1.2.3)
     */
    public boolean usesSpecificCharacterSet() {
        return switch (this) {
            case LO, LT, PN, SH, ST, UC, UT -> true;
            default -> false;
        };
    }

    /** @return true for text VRs that hold one value only: backslash is not a delimiter (PS3.5 6.2) */
    public boolean isSingleValuedText() {
        return switch (this) {
            case LT, ST, UT, UR -> true;
            default -> false;
        };
    }

    /** @return size in bytes of one binary value (2 for US, 8 for FD, ...), 1 for OB/UN, 0 for text and SQ */
    public int bytesPerValue() {
        return switch (this) {
            case OB, UN -> 1;
            case OW, SS, US -> 2;
            case AT, FL, OF, OL, SL, UL -> 4;
            case FD, OD, OV, SV, UV -> 8;
            default -> 0;
        };
    }

    /** @return the byte that pads an odd-length value to even length: space for text, NUL for UI and binary */
    public byte paddingByte() {
        return paddingByte;
    }
}
