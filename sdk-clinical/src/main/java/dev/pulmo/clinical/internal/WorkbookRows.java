package dev.pulmo.clinical.internal;

import dev.pulmo.clinical.ClinicalSheetException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * The rows of one sheet of an Excel workbook, each cell as the text Excel displays for it (so the number 63 reads
 * {@code 63}, not {@code 63.0}).
 *
 * <p>{@code .xlsx} is streamed with POI's event API ({@link XSSFSheetXMLHandler} over SAX): the sheet's XML is never
 * held as a tree, and the rows kept are bounded by the {@link SheetBudget}; the shared-strings part and the sheet part
 * are read through a byte limit as well, so a sheet of millions of rows ends at a limit, not in an OutOfMemoryError.
 * {@code .xls} (at most 65,536 rows by its format) goes through POI's usermodel, refused above a size limit.
 *
 * <p>Formulas are not evaluated: a cell shows the result Excel saved with it (a program that saves formulas without
 * results gives empty cells). Evaluating would follow references recursively, and a chain of 200,000 formulas, each
 * naming the one above, overflows the stack of POI's evaluator.
 */
public final class WorkbookRows {
    private WorkbookRows() {
    }

    /** The sheet read, and its rows. */
    public record SheetRows(String sheetName, List<RawRow> rows) {
    }

    /**
     * @param maxPartBytes largest uncompressed sheet or shared-strings part (and largest {@code .xls} file) read
     * @throws ClinicalSheetException when the file is not a readable workbook, has no such sheet, or exceeds a limit
     */
    public static SheetRows read(Path file, Optional<String> sheetName, SheetBudget budget, long maxPartBytes) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            return name.endsWith(".xls") ? readBinary(file, sheetName, budget, maxPartBytes)
                    : readXml(file, sheetName, budget, maxPartBytes);
        } catch (IOException | SAXException | ParserConfigurationException | RuntimeException e) {
            if (e instanceof ClinicalSheetException c) {
                throw c;
            }
            if (e instanceof SAXException s && s.getException() instanceof ClinicalSheetException c) {
                throw c;
            }
            throw new ClinicalSheetException(file + ": not a readable Excel workbook: " + e.getMessage(), e);
        } catch (org.apache.poi.openxml4j.exceptions.OpenXML4JException e) {
            throw new ClinicalSheetException(file + ": not a readable Excel workbook: " + e.getMessage(), e);
        }
    }

    private static SheetRows readXml(Path file, Optional<String> sheetName, SheetBudget budget, long maxPartBytes)
            throws IOException, SAXException, ParserConfigurationException,
            org.apache.poi.openxml4j.exceptions.OpenXML4JException {
        try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
            XSSFReader reader = new XSSFReader(pkg);
            StylesTable styles = reader.getStylesTable();
            ReadOnlySharedStringsTable strings;
            try (InputStream sst = reader.getSharedStringsData()) {
                // a workbook of numbers only may have no shared-strings part at all
                strings = new ReadOnlySharedStringsTable(sst == null ? InputStream.nullInputStream()
                        : new LimitedStream(sst, maxPartBytes, file, "shared strings"));
            }
            XSSFReader.SheetIterator sheets = reader.getSheetIterator();
            List<String> names = new ArrayList<>();
            while (sheets.hasNext()) {
                try (InputStream sheet = sheets.next()) {
                    String current = sheets.getSheetName();
                    names.add(current);
                    if (sheetName.isPresent() && !sheetName.get().equals(current)) {
                        continue;
                    }
                    XMLReader parser = XMLHelper.newXMLReader();
                    parser.setContentHandler(new XSSFSheetXMLHandler(styles, strings, new Collector(current, budget),
                            new DataFormatter(Locale.ROOT), false));
                    parser.parse(new InputSource(new LimitedStream(sheet, maxPartBytes, file, "sheet '" + current + "'")));
                    return new SheetRows(current, budget.rows());
                }
            }
            if (names.isEmpty()) {
                throw new ClinicalSheetException(file + ": the workbook has no sheet");
            }
            throw new ClinicalSheetException(file + ": no sheet named '" + sheetName.orElse("") + "' (the workbook has "
                    + names + ")");
        }
    }

    /** Turns the handler's sparse cells (A1, C1: B1 is missing) into full rows and keeps them in the budget. */
    private static final class Collector implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final String sheet;
        private final SheetBudget budget;
        private final List<String> cells = new ArrayList<>();
        private int rowNumber;

        Collector(String sheet, SheetBudget budget) {
            this.sheet = sheet;
            this.budget = budget;
        }

        @Override
        public void startRow(int rowIndex) {
            rowNumber = rowIndex + 1;
            cells.clear();
        }

        @Override
        public void endRow(int rowIndex) {
            budget.add(new RawRow(rowNumber, cells), sheet + " row " + rowNumber);
        }

        @Override
        public void cell(String reference, String formattedValue, XSSFComment comment) {
            int column = reference == null ? cells.size() : new CellReference(reference).getCol();
            String value = formattedValue == null ? "" : formattedValue;
            budget.checkCell(value.length(), column, sheet + " row " + rowNumber);
            while (cells.size() < column) {
                cells.add("");
            }
            cells.add(value);
        }
    }

    private static SheetRows readBinary(Path file, Optional<String> sheetName, SheetBudget budget, long maxFileBytes)
            throws IOException {
        if (Files.size(file) > maxFileBytes) {
            throw new ClinicalSheetException(file + ": the .xls file has " + Files.size(file) + " bytes, more than the "
                    + "maximum allowed (" + maxFileBytes + ", ClinicalSheetReader.Limits.maxPartBytes); save it as .xlsx "
                    + "or CSV UTF-8, which are read as streams");
        }
        try (Workbook workbook = WorkbookFactory.create(file.toFile(), null, true)) {
            if (workbook.getNumberOfSheets() == 0) {
                throw new ClinicalSheetException(file + ": the workbook has no sheet");
            }
            Sheet sheet = sheetName.isPresent() ? workbook.getSheet(sheetName.get()) : workbook.getSheetAt(0);
            if (sheet == null) {
                List<String> names = new ArrayList<>();
                workbook.forEach(s -> names.add(s.getSheetName()));
                throw new ClinicalSheetException(file + ": no sheet named '" + sheetName.get() + "' (the workbook has "
                        + names + ")");
            }
            DataFormatter formatter = new DataFormatter(Locale.ROOT);
            for (Row row : sheet) {
                String where = sheet.getSheetName() + " row " + (row.getRowNum() + 1);
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < Math.max(0, row.getLastCellNum()); c++) {
                    Cell cell = row.getCell(c, Row.MissingCellPolicy.RETURN_BLANK_AS_NULL);
                    String value = cell == null ? "" : display(cell, formatter);
                    budget.checkCell(value.length(), c, where);
                    cells.add(value);
                }
                budget.add(new RawRow(row.getRowNum() + 1, cells), where);
            }
            return new SheetRows(sheet.getSheetName(), budget.rows());
        }
    }

    /** The text Excel shows; a formula shows its saved result, which is never recomputed here. */
    private static String display(Cell cell, DataFormatter formatter) {
        if (cell.getCellType() != CellType.FORMULA) {
            return formatter.formatCellValue(cell);
        }
        return switch (cell.getCachedFormulaResultType()) {
            case NUMERIC -> formatter.formatRawCellContents(cell.getNumericCellValue(), cell.getCellStyle().getDataFormat(),
                    cell.getCellStyle().getDataFormatString());
            case STRING -> cell.getRichStringCellValue().getString();
            case BOOLEAN -> cell.getBooleanCellValue() ? "TRUE" : "FALSE";
            default -> "";
        };
    }

    /** Ends the read with a limit error after {@code max} bytes (of uncompressed XML). */
    private static final class LimitedStream extends FilterInputStream {
        private final long max;
        private final Path file;
        private final String what;
        private long read;

        LimitedStream(InputStream in, long max, Path file, String what) {
            super(in);
            this.max = max;
            this.file = file;
            this.what = what;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > max) {
                throw new ClinicalSheetException(file + ": the workbook's " + what + " part is larger than " + max
                        + " bytes of XML, the maximum allowed (ClinicalSheetReader.Limits.maxPartBytes, which grows with "
                        + "the Java heap: raise -Xmx or the limit)");
            }
        }
    }
}
