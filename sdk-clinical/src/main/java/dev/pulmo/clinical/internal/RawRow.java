package dev.pulmo.clinical.internal;

import java.util.List;

/** One row of a sheet as strings, before typing: its 1-based row number and its cells from column A on. */
public record RawRow(int rowNumber, List<String> cells) {
    public RawRow {
        cells = List.copyOf(cells);
    }

    /** The cell in 0-based {@code column}, trimmed; empty when the row is shorter. */
    public String cell(int column) {
        return column < cells.size() ? cells.get(column).strip() : "";
    }

    public boolean isBlank() {
        return cells.stream().allMatch(String::isBlank);
    }
}
