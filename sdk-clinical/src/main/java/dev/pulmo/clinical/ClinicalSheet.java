package dev.pulmo.clinical;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A clinical sheet as read by {@link ClinicalSheetReader}: its header, its typed rows, and the findings about
 * its cells. Rows keep the sheet's order, duplicates included ({@link ClinicalSheetCheck} reports them).
 *
 * <p>Cells are located as the spreadsheet names them: {@link Location#file()} is the file, and
 * {@link Location#pointer()} the cell reference, {@code Sheet1!B7} for a workbook ({@code 'My sheet'!B7} when
 * the sheet name needs quoting) and {@code B7} for a CSV file.
 *
 * <p>Immutable. Lookups by patient id are hashed, so a split can ask for every patient of a large sheet.
 */
public final class ClinicalSheet {
    private final String file;
    private final Optional<String> sheetName;
    private final int headerRow;
    private final List<String> headers;
    private final Map<ClinicalField, Integer> fieldColumns;
    private final List<ClinicalRecord> records;
    private final List<Finding> findings;
    private final Map<String, ClinicalRecord> firstRowByPatient = new HashMap<>();

    /**
     * @param file          the file as given
     * @param sheetName     the workbook sheet read; empty for CSV
     * @param headerRow     1-based row number of the header
     * @param headers       the header cells as written, trimmed, in column order (column A first)
     * @param fieldColumns  0-based column of each field found in the header
     * @param records       the rows below the header that have a patient id, in sheet order
     * @param findings      faults of the header and of single cells
     */
    public ClinicalSheet(String file, Optional<String> sheetName, int headerRow, List<String> headers,
                         Map<ClinicalField, Integer> fieldColumns, List<ClinicalRecord> records, List<Finding> findings) {
        this.file = Objects.requireNonNull(file, "file");
        this.sheetName = Objects.requireNonNull(sheetName, "sheetName");
        this.headerRow = headerRow;
        this.headers = List.copyOf(headers);
        this.fieldColumns = fieldColumns.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(fieldColumns));
        this.records = List.copyOf(records);
        this.findings = List.copyOf(findings);
        this.records.forEach(r -> firstRowByPatient.putIfAbsent(r.patientId(), r));
    }

    /** The file as given. */
    public String file() {
        return file;
    }

    /** The workbook sheet read; empty for CSV. */
    public Optional<String> sheetName() {
        return sheetName;
    }

    /** 1-based row number of the header. */
    public int headerRow() {
        return headerRow;
    }

    /** The header cells as written, trimmed, in column order (column A first). */
    public List<String> headers() {
        return headers;
    }

    /** 0-based column of each field found in the header. */
    public Map<ClinicalField, Integer> fieldColumns() {
        return fieldColumns;
    }

    /** The rows below the header that have a patient id, in sheet order, duplicates included. */
    public List<ClinicalRecord> records() {
        return records;
    }

    /** Faults of the header and of single cells, in sheet order. */
    public List<Finding> findings() {
        return findings;
    }

    /** The first row of {@code patientId}, if any. */
    public Optional<ClinicalRecord> record(String patientId) {
        return Optional.ofNullable(firstRowByPatient.get(patientId));
    }

    /**
     * The value of {@code column} for {@code patientId} — for stratifying a split by any column of the sheet.
     * {@code column} is a header name compared as {@link SheetColumns#normalize} does. Empty when the patient
     * has no row, the sheet has no such column, or the cell is blank; the first row counts when a patient has
     * several.
     */
    public Optional<String> value(String patientId, String column) {
        String wanted = SheetColumns.normalize(column);
        return record(patientId).flatMap(r -> r.values().entrySet().stream()
                .filter(e -> SheetColumns.normalize(e.getKey()).equals(wanted))
                .map(Map.Entry::getValue).filter(v -> !v.isEmpty()).findFirst());
    }

    /** The value of the column mapped to {@code field} for {@code patientId}; see {@link #value(String, String)}. */
    public Optional<String> value(String patientId, ClinicalField field) {
        Integer column = fieldColumns.get(field);
        return column == null ? Optional.empty() : value(patientId, headers.get(column));
    }

    /** Where the cell in 1-based {@code row} and 0-based {@code column} is, e.g. {@code Sheet1!B7}. */
    public Location cell(int row, int column) {
        return Location.of(file, cellReference(sheetName, row, column));
    }

    /** Where the cell of {@code field} in {@code row} is; the row's first cell when the field has no column. */
    public Location cell(int row, ClinicalField field) {
        return cell(row, fieldColumns.getOrDefault(field, 0));
    }

    /** {@code Sheet1!B7}, {@code 'My sheet'!B7} or {@code B7}. */
    static String cellReference(Optional<String> sheet, int row, int column) {
        String ref = columnLetters(column) + row;
        if (sheet.isEmpty()) {
            return ref;
        }
        String name = sheet.get();
        boolean plain = name.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || c == '_');
        return (plain ? name : "'" + name.replace("'", "''") + "'") + "!" + ref;
    }

    /** 0 → A, 25 → Z, 26 → AA. */
    static String columnLetters(int column) {
        StringBuilder sb = new StringBuilder();
        for (int c = column + 1; c > 0; c = (c - 1) / 26) {
            sb.insert(0, (char) ('A' + (c - 1) % 26));
        }
        return sb.toString();
    }
}
