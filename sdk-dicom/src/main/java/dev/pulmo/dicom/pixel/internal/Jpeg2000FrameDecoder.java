package dev.pulmo.dicom.pixel.internal;

import dev.pulmo.dicom.pixel.PhotometricInterpretation;
import dev.pulmo.dicom.pixel.PixelDescription;
import dev.pulmo.dicom.pixel.internal.j2k.J2kDecoder;
import dev.pulmo.dicom.pixel.internal.j2k.J2kException;
import dev.pulmo.dicom.pixel.internal.j2k.J2kImage;

/**
 * JPEG 2000 and HTJ2K frames (PS3.5 A.4.4 and A.4.11: …4.90, …4.91, …4.201, …4.202, …4.203) through the
 * package's own decoder ({@link J2kDecoder}), checked against the Image Pixel attributes.
 *
 * <p>Colour: the codestream's RCT or ICT is inverted, so frames labelled YBR_RCT or YBR_ICT come out as
 * RGB (PS3.3 C.7.6.3.1.2 defines those interpretations as "the data was RGB before the JPEG 2000
 * component transform"; pydicom and GDCM also hand back RGB). Sign: a codestream whose components are
 * unsigned in a dataset whose Pixel Representation is 1 has its values read as two's complement of
 * Bits Stored bits, as pydicom does for such files; an unsigned dataset keeps the low Bits Stored bits of
 * a signed codestream's values.
 */
public final class Jpeg2000FrameDecoder {
    private Jpeg2000FrameDecoder() {
    }

    /**
     * @param description the Image Pixel attributes
     * @param frame       one codestream (or JP2 file)
     * @param ref         source and frame, for messages
     * @return {@code rows × columns × samplesPerPixel} stored values, interleaved
     * @throws dev.pulmo.dicom.pixel.PixelDataException when the stream is damaged, uses a feature the decoder
     *                                                  lacks, or disagrees with the attributes; the message
     *                                                  names the byte offset in the frame where there is one
     */
    public static int[] decode(PixelDescription description, byte[] frame, FrameRef ref) {
        long expected = (long) description.rows() * description.columns() * description.samplesPerPixel();
        J2kImage image;
        try {
            image = J2kDecoder.decode(frame, 0, expected);
        } catch (J2kException e) {
            String where = e.byteOffset() >= 0 ? "JPEG 2000 stream byte offset " + e.byteOffset() + ": "
                    : "JPEG 2000 stream: ";
            throw ref.error(where + e.getMessage(), e);
        } catch (RuntimeException e) {
            // defence in depth: a check the decoder lacks must still end in a PixelDataException
            throw ref.error("JPEG 2000 stream is corrupt (" + e + ")", e);
        }
        int samplesPerPixel = description.samplesPerPixel();
        if (image.components() != samplesPerPixel || image.width() != description.columns()
                || image.height() != description.rows()) {
            throw ref.error("JPEG 2000 stream is " + image.width() + "x" + image.height() + " with "
                    + image.components() + " component(s) but the dataset says " + description.columns() + "x"
                    + description.rows() + " with " + samplesPerPixel + " sample(s) per pixel");
        }
        int pixels = description.rows() * description.columns();
        int bitsStored = description.bitsStored();
        int[] out = new int[pixels * samplesPerPixel];
        for (int c = 0; c < samplesPerPixel; c++) {
            if (image.planeWidths()[c] != description.columns() || image.planeHeights()[c] != description.rows()) {
                throw ref.error("JPEG 2000 component " + c + " is subsampled (" + image.planeWidths()[c] + "x"
                        + image.planeHeights()[c] + "); DICOM frames need every component at full size");
            }
            // Bits Allocated 1 (binary SEGs): the frame is coded unpacked, one 0/1 sample per pixel; encoders fed
            // bytes write a precision of up to 8 bits (opj_compress does), so the values decide, not the precision
            boolean binary = description.bitsAllocated() == 1 && image.precision()[c] <= 8 && !image.signed()[c];
            if (binary) {
                int[] plane = image.planes()[c];
                for (int i = 0; i < pixels; i++) {
                    if ((plane[i] & ~1) != 0) {
                        throw ref.error("JPEG 2000 sample " + plane[i] + " at (" + i % description.columns() + ","
                                + i / description.columns() + ") of component " + c + " in a frame of Bits Allocated"
                                + " 1, which holds 0 or 1 only");
                    }
                }
            } else if (image.precision()[c] > description.bitsAllocated()) {
                throw ref.error("JPEG 2000 component " + c + " has " + image.precision()[c]
                        + "-bit samples, more than Bits Allocated " + description.bitsAllocated());
            }
            int[] plane = image.planes()[c];
            boolean reinterpretSigned = description.signed() && !image.signed()[c];
            boolean keepLowBits = !description.signed() && image.signed()[c];
            int mask = bitsStored >= 32 ? -1 : (1 << bitsStored) - 1;
            int signBit = 1 << (bitsStored - 1);
            for (int i = 0; i < pixels; i++) {
                int v = plane[i];
                if (reinterpretSigned) {
                    v &= mask;
                    if ((v & signBit) != 0) {
                        v -= mask + 1;
                    }
                } else if (keepLowBits) {
                    v &= mask;
                }
                out[i * samplesPerPixel + c] = v;
            }
        }
        return out;
    }

    /**
     * @param interpretation the dataset's Photometric Interpretation
     * @return what the decoded samples are: RGB for YBR_RCT and YBR_ICT, otherwise as the dataset says
     */
    public static PhotometricInterpretation decodedInterpretation(PhotometricInterpretation interpretation) {
        return interpretation == PhotometricInterpretation.YBR_RCT || interpretation == PhotometricInterpretation.YBR_ICT
                ? PhotometricInterpretation.RGB : interpretation;
    }
}
