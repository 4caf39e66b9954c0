package dev.pulmo.dicom.deid.internal;

import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.VR;
import dev.pulmo.dicom.pixel.PixelDescription;
import dev.pulmo.dicom.pixel.internal.LossyCompression;

/**
 * The attributes that change when compressed Pixel Data is written again uncompressed (after burned-in text is
 * blanked), so that the dataset stays truthful about its pixels and their history.
 *
 * <ul>
 *   <li>Image Pixel: Photometric Interpretation, High Bit and Planar Configuration of the native layout
 *       ({@code NativePixels}).</li>
 *   <li>Lossy Image Compression (0028,2110), Ratio (0028,2112) and Method (0028,2114): once lossy, always lossy
 *       (PS3.3 C.7.6.1.1.5). {@link LossyCompression#of}: a {@code 01} of the source stays with its ratios and
 *       methods; a lossy stream the source does not record (DCT JPEG, irreversible JPEG 2000 or HTJ2K, near-lossless
 *       JPEG-LS) makes it {@code 01} and adds its method and ratio. Otherwise nothing is claimed: the source's own
 *       attributes stand.</li>
 * </ul>
 */
public final class DecodedPixelAttributes {
    private DecodedPixelAttributes() {
    }

    /**
     * @param file    the source, with its encapsulated Pixel Data
     * @param decoded the native layout the pixels are written in
     * @return the elements to put into the de-identified dataset
     */
    public static DicomDataset of(DicomFile file, PixelDescription decoded) {
        DicomDataset.Builder b = DicomDataset.builder()
                .putString(Tag.PhotometricInterpretation, VR.CS, decoded.photometricInterpretation().code())
                .putLongs(Tag.HighBit, VR.US, decoded.highBit());
        if (decoded.samplesPerPixel() > 1) {
            b.putLongs(Tag.PlanarConfiguration, VR.US, 0);
        }
        LossyCompression.of(file).putInto(b, false);
        return b.build();
    }
}
