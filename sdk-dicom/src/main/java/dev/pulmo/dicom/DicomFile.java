package dev.pulmo.dicom;

import java.util.List;
import java.util.Optional;

/**
 * A file as read by {@link DicomReader}.
 *
 * @param source         the file name (or the name given for in-memory input)
 * @param preamble       true when the file starts with the 128-byte preamble and {@code DICM}
 * @param fileMeta       the group 0002 elements (File Meta Information), empty when the file has none
 * @param transferSyntax the syntax in (0002,0010), or the one deduced from the bytes when the file does not say
 * @param dataset        every element after the File Meta (without Pixel Data when the reader stopped before it)
 * @param warnings       what was tolerated (odd lengths, VR encoding that contradicts the transfer syntax, ...)
 * @param pixelDataExtent where the pixel data is and how much of it the file holds, when the reader stopped before
 *                       it (a header read); empty otherwise, and when the file has no pixel data
 */
public record DicomFile(String source, boolean preamble, DicomDataset fileMeta, TransferSyntax transferSyntax,
        DicomDataset dataset, List<String> warnings, Optional<PixelDataExtent> pixelDataExtent) {

    public DicomFile {
        if (fileMeta == null || transferSyntax == null || dataset == null || pixelDataExtent == null) {
            throw new IllegalArgumentException("fileMeta, transferSyntax, dataset and pixelDataExtent are required");
        }
        warnings = List.copyOf(warnings);
    }

    /** A file without a pixel data extent (read whole, or made in memory). */
    public DicomFile(String source, boolean preamble, DicomDataset fileMeta, TransferSyntax transferSyntax,
                     DicomDataset dataset, List<String> warnings) {
        this(source, preamble, fileMeta, transferSyntax, dataset, warnings, Optional.empty());
    }
}
