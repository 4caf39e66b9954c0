package dev.pulmo.clinical.internal;

import dev.pulmo.clinical.ClinicalSheetException;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects a sheet's rows while holding them to the reader's limits; the first limit exceeded ends the reading
 * with a {@link ClinicalSheetException} that names the file, where, and the limit.
 */
public final class SheetBudget {

    private final String file;
    private final int maxRows;
    private final int maxColumns;
    private final int maxCellChars;
    private final long maxTotalChars;
    private final List<RawRow> rows = new ArrayList<>();
    private long totalChars;

    /**
     * @param maxRows       rows kept (blank ones too)
     * @param maxColumns    cells in one row
     * @param maxCellChars  characters in one cell
     * @param maxTotalChars characters in all cells
     */
    public SheetBudget(String file, int maxRows, int maxColumns, int maxCellChars, long maxTotalChars) {
        this.file = file;
        this.maxRows = maxRows;
        this.maxColumns = maxColumns;
        this.maxCellChars = maxCellChars;
        this.maxTotalChars = maxTotalChars;
    }

    /** @param where e.g. {@code line 12} or {@code Sheet1 row 12} */
    public void checkCell(int chars, int column, String where) {
        if (chars > maxCellChars) {
            throw new ClinicalSheetException(file + ": " + where + ": a cell longer than " + maxCellChars
                    + " characters, the maximum allowed (ClinicalSheetReader.Limits.maxCellChars; Excel's own limit)");
        }
        if (column >= maxColumns) {
            throw new ClinicalSheetException(file + ": " + where + ": more than " + maxColumns
                    + " cells in a row, the maximum allowed (ClinicalSheetReader.Limits.maxColumns; Excel's own limit)");
        }
    }

    /** Keeps one row. */
    public void add(RawRow row, String where) {
        if (rows.size() >= maxRows) {
            throw new ClinicalSheetException(file + ": " + where + ": more than " + maxRows + " rows, the maximum "
                    + "allowed (ClinicalSheetReader.Limits.maxRows, which grows with the Java heap: raise -Xmx or the "
                    + "limit); a clinical sheet has one row per patient");
        }
        for (String cell : row.cells()) {
            totalChars += cell.length();
        }
        if (totalChars > maxTotalChars) {
            throw new ClinicalSheetException(file + ": " + where + ": the cells hold more than " + maxTotalChars
                    + " characters, the maximum allowed (ClinicalSheetReader.Limits.maxTotalChars, which grows with the "
                    + "Java heap: raise -Xmx or the limit)");
        }
        rows.add(row);
    }

    public List<RawRow> rows() {
        return rows;
    }
}
