package dev.pulmo.dicom.deid;

import dev.pulmo.dicom.DicomException;

/**
 * A dataset that cannot be de-identified as asked, e.g. burned-in text that must be blanked in compressed pixel
 * data. {@link #code()} is a stable finding code such as {@code deid.burned-in.compressed}.
 */
public class DeidException extends DicomException {

    private final String code;

    public DeidException(String source, int tag, String code, String detail) {
        super(source, NO_OFFSET, tag, detail);
        this.code = code;
    }

    /** @return a stable, dot-separated lower-case code for findings */
    public String code() {
        return code;
    }
}
