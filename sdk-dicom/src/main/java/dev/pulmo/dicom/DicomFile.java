package dev.pulmo.dicom;

import java.util.List;

/**
 * A file as read by {@link DicomReader}.
 *
 * @param source         the file name (or the name given for in-memory input)
 * @param preamble       true when the file starts with the 128-byte preamble and {@code DICM}
 * @param fileMeta       the group 0002 elements (File Meta Information), empty when the file has none
 * @param transferSyntax the syntax in (0002,0010), or the one deduced from the bytes when the file does not say
 * @param dataset        every element after the File Meta (without Pixel Data when the reader stopped before it)
 * @param warnings       what was tolerated (odd lengths, VR encoding that contradicts the transfer syntax, ...)
 */
public record DicomFile(String source, boolean preamble, DicomDataset fileMeta, TransferSyntax transferSyntax,
        DicomDataset dataset, List<String> warnings) {

    public DicomFile {
        if (fileMeta == null || transferSyntax == null || dataset == null) {
            throw new IllegalArgumentException("fileMeta, transferSyntax and dataset are required");
        }
        warnings = List.copyOf(warnings);
    }
}
