package dev.pulmo.clinical;

import dev.pulmo.api.io.FileErrors;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.clinical.internal.CsvRecords;
import dev.pulmo.clinical.internal.RawRow;
import dev.pulmo.clinical.internal.SheetBudget;
import dev.pulmo.clinical.internal.WorkbookRows;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a per-modality clinical sheet (SPEC.md §5) from an Excel workbook ({@code .xlsx}; {@code .xls} too) or
 * a CSV file ({@code .csv}, RFC 4180, UTF-8 with or without byte-order mark) into a {@link ClinicalSheet}.
 *
 * <p>The header is the first row that is not blank; its cells are matched to fields by {@link SheetColumns}.
 * Every row below it that is not blank is one patient. Cell faults do not stop the reading; they become
 * findings located at the cell ({@code Sheet1!B7}):
 * <ul>
 *   <li>{@code clinical.column-missing}: no patient-id column (ERROR: no row can be read), or no column for
 *       age, sex, pathology or smoking (WARNING)</li>
 *   <li>{@code clinical.column-ambiguous} (WARNING): a second column for a field already found; it is ignored</li>
 *   <li>{@code clinical.cell-missing} (ERROR): a row without patient id; the row is skipped</li>
 *   <li>{@code clinical.patient-id-too-long} (ERROR): more than 7 characters (SPEC.md §2); the row is kept</li>
 *   <li>{@code clinical.cell-invalid} (ERROR): an age that is not a whole number of years from 0 to 150
 *       ({@code 63}, {@code 63.0}, {@code 63세}, {@code 063Y} are read), or a sex that {@link Sex#parse} does
 *       not know; the field is left empty</li>
 *   <li>{@code clinical.sheet-empty} (ERROR): no header row at all</li>
 * </ul>
 *
 * <p>Both formats are streamed (CSV a block at a time; {@code .xlsx} through POI's event API), formulas are not
 * evaluated (the result Excel saved is read), and the rows kept are held to the {@link Limits}: a sheet past a limit
 * is a {@link ClinicalSheetException} that names the file, where, and the limit, never an OutOfMemoryError.
 * Immutable; configure with {@link #columns}, {@link #sheet} and {@link #withLimits}.
 */
public final class ClinicalSheetReader {

    /**
     * What one read may hold, relative to the heap in the manner of Jackson's StreamReadConstraints; each is named in
     * the message of the exception that exceeding it raises.
     *
     * @param maxRows       rows of the sheet (a clinical sheet has one per patient)
     * @param maxColumns    cells in a row (Excel's own limit is 16,384)
     * @param maxCellChars  characters in a cell (Excel's own limit is 32,767)
     * @param maxTotalChars characters in all cells
     * @param maxPartBytes  uncompressed XML of an {@code .xlsx} sheet or its shared strings, and the size of an
     *                      {@code .xls} file
     */
    public record Limits(int maxRows, int maxColumns, int maxCellChars, long maxTotalChars, long maxPartBytes) {

        /** {@link #forHeap} of this JVM's maximum heap. */
        public static final Limits DEFAULT = forHeap(Runtime.getRuntime().maxMemory());

        public Limits {
            if (maxRows < 1 || maxColumns < 1 || maxCellChars < 1 || maxTotalChars < 1 || maxPartBytes < 1) {
                throw new IllegalArgumentException("limits must be positive");
            }
        }

        /**
         * Limits for a heap of {@code heapBytes}: a row per 2 KiB of heap (at least 10,000: about 131,000 at
         * -Xmx256m), Excel's 16,384 columns and 32,767 characters per cell, cell text up to a sixteenth of the heap,
         * XML parts up to an eighth (at least 16 MiB).
         */
        public static Limits forHeap(long heapBytes) {
            return new Limits((int) Math.min(Integer.MAX_VALUE, Math.max(10_000, heapBytes / 2048)), 16_384, 32_767,
                    Math.max(1L << 20, heapBytes / 32), Math.max(16L << 20, heapBytes / 8));
        }
    }
    /** The guideline's patient ids have at most 7 characters (SPEC.md §2). */
    public static final int MAX_PATIENT_ID_LENGTH = 7;
    private static final Pattern AGE = Pattern.compile("0*(\\d{1,3})(?:\\.0+)?\\s*(?:세|y|yr|yrs|years?)?",
            Pattern.CASE_INSENSITIVE);
    private static final int MAX_AGE_YEARS = 150;
    private static final Pattern EXCEL_DATE = Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{2})");
    private static final Pattern DATE = Pattern.compile("(\\d{4})([-./]?)(\\d{2})\\2(\\d{2})(?:[ T].*)?");

    private final SheetColumns columns;
    private final Optional<String> sheetName;
    private final Limits limits;

    private ClinicalSheetReader(SheetColumns columns, Optional<String> sheetName, Limits limits) {
        this.columns = columns;
        this.sheetName = sheetName;
        this.limits = limits;
    }

    /** Default column names ({@link SheetColumns#defaults()}), the workbook's first sheet, {@link Limits#DEFAULT}. */
    public static ClinicalSheetReader withDefaults() {
        return new ClinicalSheetReader(SheetColumns.defaults(), Optional.empty(), Limits.DEFAULT);
    }

    /** A reader that matches headers with {@code columns}. */
    public ClinicalSheetReader columns(SheetColumns columns) {
        return new ClinicalSheetReader(Objects.requireNonNull(columns, "columns"), sheetName, limits);
    }

    /** A reader that reads the workbook sheet named {@code name} instead of the first (ignored for CSV). */
    public ClinicalSheetReader sheet(String name) {
        return new ClinicalSheetReader(columns, Optional.of(name), limits);
    }

    /** A reader held to {@code newLimits}. */
    public ClinicalSheetReader withLimits(Limits newLimits) {
        return new ClinicalSheetReader(columns, sheetName, Objects.requireNonNull(newLimits, "limits"));
    }

    /**
     * Reads {@code file}, choosing the format by its extension ({@code .csv}; {@code .xlsx}, {@code .xls}).
     *
     * @throws ClinicalSheetException naming the file when it is not a workbook or not UTF-8, has a CSV syntax
     *                                error (with line:column), lacks the requested sheet, exceeds a {@link Limits
     *                                limit}, is not a regular file (a FIFO would block), or has another extension
     * @throws UncheckedIOException   when the file cannot be read
     */
    public ClinicalSheet read(Path file) {
        boolean csv = checkReadable(file);
        RawSheet raw = raw(file, csv);
        return type(file.toString(), raw.sheetName(), raw.rows());
    }

    /** A cell's place ({@code Sheet1!B7}, or {@code B7} in a CSV file) and its text as read. */
    public record Cell(String reference, String text) {
    }

    /**
     * Every cell of the sheet that is not empty, header included, whatever its column: for a search of the whole
     * sheet (an identifier in a column no field reads is still in the file). Read and limited as {@link #read}.
     *
     * @throws ClinicalSheetException as {@link #read}
     * @throws UncheckedIOException   when the file cannot be read
     */
    public List<Cell> cells(Path file) {
        RawSheet raw = raw(file, checkReadable(file));
        List<Cell> cells = new ArrayList<>();
        for (RawRow row : raw.rows()) {
            for (int c = 0; c < row.cells().size(); c++) {
                if (!row.cell(c).isEmpty()) {
                    cells.add(new Cell(ClinicalSheet.cellReference(raw.sheetName(), row.rowNumber(), c), row.cell(c)));
                }
            }
        }
        return cells;
    }

    private record RawSheet(Optional<String> sheetName, List<RawRow> rows) {
    }

    /** @return whether {@code file} is a CSV file (else a workbook), after checking that it can be opened */
    private static boolean checkReadable(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean csv = name.endsWith(".csv");
        if (!csv && !name.endsWith(".xlsx") && !name.endsWith(".xls")) {
            throw new ClinicalSheetException(file + ": expected a .xlsx, .xls or .csv file");
        }
        if (!Files.exists(file)) {
            throw FileErrors.cannotRead(file, new java.nio.file.NoSuchFileException(file.toString()));
        }
        if (!Files.isRegularFile(file)) {
            throw new ClinicalSheetException(file + ": not a regular file (a FIFO, socket or device); not opened");
        }
        return csv;
    }

    private RawSheet raw(Path file, boolean csv) {
        SheetBudget budget = new SheetBudget(file.toString(), limits.maxRows(), limits.maxColumns(),
                limits.maxCellChars(), limits.maxTotalChars());
        if (csv) {
            try (InputStream in = Files.newInputStream(file)) {
                CsvRecords.parse(in, file.toString(), budget);
                return new RawSheet(Optional.empty(), budget.rows());
            } catch (IOException e) {
                throw FileErrors.cannotRead(file, e);
            }
        }
        WorkbookRows.SheetRows sheet = WorkbookRows.read(file, sheetName, budget, limits.maxPartBytes());
        return new RawSheet(Optional.of(sheet.sheetName()), sheet.rows());
    }

    private ClinicalSheet type(String file, Optional<String> sheet, List<RawRow> rows) {
        List<Finding> findings = new ArrayList<>();
        int headerIndex = 0;
        while (headerIndex < rows.size() && rows.get(headerIndex).isBlank()) {
            headerIndex++;
        }
        if (headerIndex == rows.size()) {
            findings.add(Finding.error("clinical.sheet-empty", Location.of(file, ClinicalSheet.cellReference(sheet, 1, 0)),
                    "the sheet has no header row (and no data)"));
            return new ClinicalSheet(file, sheet, 1, List.of(), Map.of(), List.of(), findings);
        }
        RawRow header = rows.get(headerIndex);
        List<String> headers = header.cells().stream().map(String::strip).toList();
        Map<ClinicalField, Integer> fieldColumns = new EnumMap<>(ClinicalField.class);
        Columns at = new Columns(file, sheet, headers, fieldColumns);
        for (int c = 0; c < headers.size(); c++) {
            int column = c;
            columns.fieldOf(headers.get(c)).ifPresent(field -> {
                Integer earlier = fieldColumns.putIfAbsent(field, column);
                if (earlier != null) {
                    findings.add(Finding.warning("clinical.column-ambiguous", at.cell(header.rowNumber(), column),
                            "column '" + headers.get(column) + "' is a second " + field + " column after '" + headers.get(earlier)
                                    + "'; it is ignored"));
                }
            });
        }
        for (ClinicalField f : ClinicalField.values()) {
            // the date of the age is optional: without it, ages are compared within a tolerance
            if (!fieldColumns.containsKey(f) && f != ClinicalField.AGE_DATE) {
                String message = "no " + f + " column; expected a header named one of " + columns.headers().get(f);
                findings.add(f == ClinicalField.PATIENT_ID
                        ? Finding.error("clinical.column-missing", at.cell(header.rowNumber(), 0), message)
                        : Finding.warning("clinical.column-missing", at.cell(header.rowNumber(), 0), message));
            }
        }
        List<ClinicalRecord> records = new ArrayList<>();
        if (fieldColumns.containsKey(ClinicalField.PATIENT_ID)) {
            for (RawRow row : rows.subList(headerIndex + 1, rows.size())) {
                if (!row.isBlank()) {
                    record(at, row, findings).ifPresent(records::add);
                }
            }
        }
        return new ClinicalSheet(file, sheet, header.rowNumber(), headers, fieldColumns, records, findings);
    }

    /** The header, where each field is (filled in while the header is read), and how to name a cell. */
    private record Columns(String file, Optional<String> sheet, List<String> headers, Map<ClinicalField, Integer> fieldColumns) {
        Location cell(int row, int column) {
            return Location.of(file, ClinicalSheet.cellReference(sheet, row, column));
        }

        String cell(RawRow row, ClinicalField field) {
            Integer column = fieldColumns.get(field);
            return column == null ? "" : row.cell(column);
        }

        Location cell(int row, ClinicalField field) {
            return cell(row, fieldColumns.getOrDefault(field, 0));
        }
    }

    private static Optional<ClinicalRecord> record(Columns sheet, RawRow row, List<Finding> findings) {
        List<String> headers = sheet.headers();
        int r = row.rowNumber();
        String id = sheet.cell(row, ClinicalField.PATIENT_ID);
        if (id.isEmpty()) {
            findings.add(Finding.error("clinical.cell-missing", sheet.cell(r, ClinicalField.PATIENT_ID),
                    "row " + r + " has no patient id; the row is skipped"));
            return Optional.empty();
        }
        if (id.codePointCount(0, id.length()) > MAX_PATIENT_ID_LENGTH) {
            findings.add(Finding.error("clinical.patient-id-too-long", sheet.cell(r, ClinicalField.PATIENT_ID),
                    "patient id '" + id + "' has " + id.codePointCount(0, id.length()) + " characters, at most "
                            + MAX_PATIENT_ID_LENGTH + " expected"));
        }
        OptionalInt age = OptionalInt.empty();
        String ageCell = sheet.cell(row, ClinicalField.AGE);
        if (!ageCell.isEmpty()) {
            Matcher m = AGE.matcher(ageCell);
            if (m.matches() && Integer.parseInt(m.group(1)) <= MAX_AGE_YEARS) {
                age = OptionalInt.of(Integer.parseInt(m.group(1)));
            } else {
                findings.add(Finding.error("clinical.cell-invalid", sheet.cell(r, ClinicalField.AGE),
                        "age '" + ageCell + "' of patient " + id + " is not a whole number of years from 0 to " + MAX_AGE_YEARS));
            }
        }
        Optional<Sex> sex = Optional.empty();
        String sexCell = sheet.cell(row, ClinicalField.SEX);
        if (!sexCell.isEmpty()) {
            sex = Sex.parse(sexCell);
            if (sex.isEmpty()) {
                findings.add(Finding.error("clinical.cell-invalid", sheet.cell(r, ClinicalField.SEX),
                        "sex '" + sexCell + "' of patient " + id + " is not one of M, F, O, male, female, other, 남, 여, 남성, 여성"));
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int c = 0; c < headers.size(); c++) {
            if (!headers.get(c).isEmpty()) {
                values.putIfAbsent(headers.get(c), row.cell(c));
            }
        }
        Optional<LocalDate> ageDate = Optional.empty();
        String dateCell = sheet.cell(row, ClinicalField.AGE_DATE);
        if (!dateCell.isEmpty()) {
            ageDate = date(dateCell);
            if (ageDate.isEmpty()) {
                findings.add(Finding.error("clinical.cell-invalid", sheet.cell(r, ClinicalField.AGE_DATE),
                        "date '" + dateCell + "' of patient " + id + " is not a date such as 2021-06-15, 2021.06.15 or 20210615"));
            }
        }
        return Optional.of(new ClinicalRecord(r, id, age, sex, nonBlank(sheet.cell(row, ClinicalField.PATHOLOGY)),
                nonBlank(sheet.cell(row, ClinicalField.SMOKING)), values, ageDate));
    }

    /**
     * {@code 2021-06-15}, {@code 2021.06.15}, {@code 2021/06/15} or {@code 20210615} (an optional time after it is
     * ignored), or {@code M/d/yy}, the form in which an Excel date cell of the default short-date format is read
     * (years 2000-2099).
     */
    private static Optional<LocalDate> date(String cell) {
        Matcher excel = EXCEL_DATE.matcher(cell);
        if (excel.matches()) {
            try {
                return Optional.of(LocalDate.of(2000 + Integer.parseInt(excel.group(3)), Integer.parseInt(excel.group(1)),
                        Integer.parseInt(excel.group(2))));
            } catch (java.time.DateTimeException e) {
                return Optional.empty();
            }
        }
        Matcher m = DATE.matcher(cell);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))));
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> nonBlank(String s) {
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
}
