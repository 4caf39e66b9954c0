package dev.pulmo.dicom.deid;

import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomWriter;
import dev.pulmo.dicom.TransferSyntax;
import java.io.IOException;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;

/**
 * A de-identified dataset, the transfer syntax to write it in (the source's), and what was done.
 * Write it with {@link #writeTo} or {@link #toBytes}; the File Meta is rebuilt from the new
 * SOP Instance UID.
 */
public record DeidResult(DicomDataset dataset, TransferSyntax transferSyntax, DeidAudit audit) {
    public DeidResult {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(transferSyntax, "transferSyntax");
        Objects.requireNonNull(audit, "audit");
    }

    /** @return the Part 10 bytes of the result */
    public byte[] toBytes() {
        return DicomWriter.toBytes(dataset, transferSyntax);
    }

    /**
     * Writes the Part 10 bytes of the result to {@code out} ({@link DicomWriter#write(WritableByteChannel, DicomDataset,
     * TransferSyntax)}: Pixel Data kept in the source file is copied file to file, not through memory).
     *
     * @throws IOException when {@code out} cannot be written
     */
    public void writeTo(WritableByteChannel out) throws IOException {
        DicomWriter.write(out, dataset, transferSyntax);
    }
}
