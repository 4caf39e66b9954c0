package dev.pulmo.dicom.pixel;

import dev.pulmo.dicom.Tag;
import java.util.Locale;

/**
 * The value of (0028,0004) Photometric Interpretation (PS3.3 C.7.6.3.1.2) this package understands.
 */
public enum PhotometricInterpretation {
    /** One sample; the minimum value is displayed white. */
    MONOCHROME1("MONOCHROME1", 1),
    /** One sample; the minimum value is displayed black. */
    MONOCHROME2("MONOCHROME2", 1),
    /** One sample: an index into the palette colour lookup tables (not applied by this package). */
    PALETTE_COLOR("PALETTE COLOR", 1),
    /** Red, green, blue. */
    RGB("RGB", 3),
    /** Full-range Y, Cb, Cr (ITU-R BT.601 as used by JFIF). */
    YBR_FULL("YBR_FULL", 3),
    /**
     * YBR_FULL with Cb and Cr shared by each horizontal pair of pixels. Frames from this package
     * always hold three samples per pixel: native data is expanded, JPEG decoders upsample.
     */
    YBR_FULL_422("YBR_FULL_422", 3),
    /** Partial-range Y, Cb, Cr, chroma halved horizontally and vertically (MPEG-2). */
    YBR_PARTIAL_420("YBR_PARTIAL_420", 3),
    /** Irreversible colour transform of JPEG 2000. */
    YBR_ICT("YBR_ICT", 3),
    /** Reversible colour transform of JPEG 2000. */
    YBR_RCT("YBR_RCT", 3);

    /** values() copies its array on each call, and this is looked up for every image read. */
    private static final PhotometricInterpretation[] VALUES = values();

    private final String code;
    private final int samplesPerPixel;

    PhotometricInterpretation(String code, int samplesPerPixel) {
        this.code = code;
        this.samplesPerPixel = samplesPerPixel;
    }

    /** @return the defined term as written in the dataset, e.g. {@code "PALETTE COLOR"} */
    public String code() {
        return code;
    }

    /** @return the Samples per Pixel (0028,0002) this interpretation requires */
    public int samplesPerPixel() {
        return samplesPerPixel;
    }

    /** @return true for MONOCHROME1 and MONOCHROME2 */
    public boolean isMonochrome() {
        return this == MONOCHROME1 || this == MONOCHROME2;
    }

    /**
     * @param code the value of (0028,0004); surrounding spaces are ignored, as writers pad it
     * @return the interpretation
     * @throws PixelDataException when the value is not one of the defined terms above
     */
    public static PhotometricInterpretation fromCode(String code) {
        String trimmed = code == null ? "" : code.trim().toUpperCase(Locale.ROOT);
        for (PhotometricInterpretation value : VALUES) {
            if (value.code.equals(trimmed)) {
                return value;
            }
        }
        throw new PixelDataException(null, Tag.PhotometricInterpretation, "Photometric Interpretation '" + code
                + "' is not supported; expected one of MONOCHROME1, MONOCHROME2, PALETTE COLOR, RGB,"
                + " YBR_FULL, YBR_FULL_422, YBR_PARTIAL_420, YBR_ICT, YBR_RCT");
    }
}
