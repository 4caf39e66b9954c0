package dev.pulmo.clinical.internal;

import dev.pulmo.clinical.ClinicalSheetException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.FormulaEvaluator;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;

/**
 * The rows of one sheet of an Excel workbook ({@code .xlsx}, and {@code .xls} through the same POI API), each
 * cell as the text Excel displays for it (so the number 63 reads {@code 63}, not {@code 63.0}; formulas are
 * evaluated).
 */
public final class WorkbookRows {
    private WorkbookRows() {
    }

    /** The sheet read, and its rows. */
    public record SheetRows(String sheetName, List<RawRow> rows) {
    }

    /** @throws ClinicalSheetException when the file is not a readable workbook or has no such sheet */
    public static SheetRows read(Path file, Optional<String> sheetName) {
        try (Workbook workbook = WorkbookFactory.create(file.toFile(), null, true)) {
            if (workbook.getNumberOfSheets() == 0) {
                throw new ClinicalSheetException(file + ": the workbook has no sheet");
            }
            Sheet sheet = sheetName.isPresent() ? workbook.getSheet(sheetName.get()) : workbook.getSheetAt(0);
            if (sheet == null) {
                List<String> names = new ArrayList<>();
                workbook.forEach(s -> names.add(s.getSheetName()));
                throw new ClinicalSheetException(file + ": no sheet named '" + sheetName.get() + "' (the workbook has " + names + ")");
            }
            DataFormatter formatter = new DataFormatter(Locale.ROOT);
            FormulaEvaluator evaluator = workbook.getCreationHelper().createFormulaEvaluator();
            List<RawRow> rows = new ArrayList<>();
            for (Row row : sheet) {
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < Math.max(0, row.getLastCellNum()); c++) {
                    Cell cell = row.getCell(c, Row.MissingCellPolicy.RETURN_BLANK_AS_NULL);
                    cells.add(cell == null ? "" : formatter.formatCellValue(cell, evaluator));
                }
                rows.add(new RawRow(row.getRowNum() + 1, cells));
            }
            return new SheetRows(sheet.getSheetName(), rows);
        } catch (IOException | RuntimeException e) {
            if (e instanceof ClinicalSheetException c) {
                throw c;
            }
            throw new ClinicalSheetException(file + ": not a readable Excel workbook: " + e.getMessage(), e);
        }
    }
}
