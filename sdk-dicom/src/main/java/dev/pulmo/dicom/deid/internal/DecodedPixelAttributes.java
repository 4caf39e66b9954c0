package dev.pulmo.dicom.deid.internal;

import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.VR;
import dev.pulmo.dicom.pixel.PixelDescription;
import dev.pulmo.dicom.pixel.internal.JpegProcess;
import java.util.List;

/**
 * The attributes that change when compressed Pixel Data is written again uncompressed (after burned-in text is
 * blanked), so that the dataset stays truthful about its pixels and their history.
 *
 * <ul>
 *   <li>Image Pixel: Photometric Interpretation, High Bit and Planar Configuration of the native layout
 *       ({@code NativePixels}).</li>
 *   <li>Lossy Image Compression (0028,2110): once lossy, always lossy (PS3.3 C.7.6.1.1.5): the source's value is kept
 *       (a {@code 01} stays); when the stream is DCT JPEG (lossy by construction, whatever the transfer syntax says),
 *       it is {@code 01}, with Lossy Image Compression Method (0028,2114) {@code ISO_10918_1} when the source names
 *       none. Otherwise nothing is claimed: a near-lossless JPEG-LS or irreversible JPEG 2000 stream is not told
 *       apart from a lossless one here, so the source's own attributes stand.</li>
 * </ul>
 */
public final class DecodedPixelAttributes {
    private static final String JPEG_LOSSY_METHOD = "ISO_10918_1";

    private DecodedPixelAttributes() {
    }

    /**
     * @param file    the source, with its encapsulated Pixel Data
     * @param decoded the native layout the pixels are written in
     * @return the elements to put into the de-identified dataset
     */
    public static DicomDataset of(DicomFile file, PixelDescription decoded) {
        DicomDataset source = file.dataset();
        DicomDataset.Builder b = DicomDataset.builder()
                .putString(Tag.PhotometricInterpretation, VR.CS, decoded.photometricInterpretation().code())
                .putLongs(Tag.HighBit, VR.US, decoded.highBit());
        if (decoded.samplesPerPixel() > 1) {
            b.putLongs(Tag.PlanarConfiguration, VR.US, 0);
        }
        if (dctCoded(file)) {
            b.putString(Tag.LossyImageCompression, VR.CS, "01");
            if (source.getStrings(Tag.LossyImageCompressionMethod).isEmpty()) {
                b.putString(Tag.LossyImageCompressionMethod, VR.CS, JPEG_LOSSY_METHOD);
            }
        }
        return b.build();
    }

    private static boolean dctCoded(DicomFile file) {
        return file.dataset().get(Tag.PixelData).flatMap(e -> e.encapsulated())
                .map(p -> p.fragments().stream().findFirst().map(f -> isDct(f.bytes())).orElse(false))
                .orElse(false);
    }

    private static boolean isDct(byte[] firstFragment) {
        JpegProcess process = JpegProcess.of(firstFragment);
        return List.of(JpegProcess.BASELINE, JpegProcess.EXTENDED_8BIT, JpegProcess.EXTENDED_12BIT,
                JpegProcess.PROGRESSIVE).contains(process);
    }
}
