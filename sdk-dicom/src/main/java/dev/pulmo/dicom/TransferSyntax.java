package dev.pulmo.dicom;

import dev.pulmo.dicom.internal.TransferSyntaxTable;

/**
 * A transfer syntax (PS3.5 §10 and Annex A) and how it encodes a dataset, from the generated
 * {@code transfer_syntaxes.tsv}.
 *
 * @param uid                   the Transfer Syntax UID
 * @param name                  its name in PS3.6 Table A-1
 * @param explicitVr            true when the dataset is Explicit VR
 * @param bigEndian             true for Explicit VR Big Endian (retired)
 * @param encapsulatedPixelData true when Pixel Data is encapsulated in fragments (compressed syntaxes)
 * @param deflated              true when the whole dataset after the File Meta is deflated (RFC 1951, no header)
 */
public record TransferSyntax(String uid, String name, boolean explicitVr, boolean bigEndian,
        boolean encapsulatedPixelData, boolean deflated) {

    /** 1.2.840.10008.1.2, the default transfer syntax. */
    public static final TransferSyntax IMPLICIT_VR_LITTLE_ENDIAN = of(UID.ImplicitVRLittleEndian);
    /** 1.2.840.10008.1.2.1. */
    public static final TransferSyntax EXPLICIT_VR_LITTLE_ENDIAN = of(UID.ExplicitVRLittleEndian);
    /** 1.2.840.10008.1.2.2 (retired, still read and written). */
    public static final TransferSyntax EXPLICIT_VR_BIG_ENDIAN = of(UID.ExplicitVRBigEndian);
    /** 1.2.840.10008.1.2.1.99. */
    public static final TransferSyntax DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = of(UID.DeflatedExplicitVRLittleEndian);

    public TransferSyntax {
        if (uid == null || uid.isEmpty()) {
            throw new IllegalArgumentException("transfer syntax UID is empty");
        }
    }

    /**
     * @return the transfer syntax for {@code uid}; a UID that is not in the table is taken as an encapsulated
     * Explicit VR Little Endian syntax, as PS3.5 Annex A.4 prescribes for every compressed syntax (and as pydicom
     * does)
     */
    public static TransferSyntax of(String uid) {
        TransferSyntax known = TransferSyntaxTable.get(uid);
        return known != null ? known : new TransferSyntax(uid, "unknown transfer syntax " + uid, true, false, true, false);
    }

    /** @return true when the UID is in the standard's table */
    public boolean isKnown() {
        return TransferSyntaxTable.get(uid) != null;
    }
}
