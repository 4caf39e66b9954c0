package dev.pulmo.clinical;

/**
 * A clinical sheet that cannot be read at all: not a readable workbook, not UTF-8, a CSV syntax error, an
 * unknown sheet name. The message names the file and, where it applies, the sheet, line or byte offset, and
 * what was expected. Faults in single cells are not exceptions but findings.
 */
public class ClinicalSheetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ClinicalSheetException(String message) {
        super(message);
    }

    public ClinicalSheetException(String message, Throwable cause) {
        super(message, cause);
    }
}
