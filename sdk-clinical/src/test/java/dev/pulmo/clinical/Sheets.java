package dev.pulmo.clinical;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/** Writes small test sheets: workbooks with POI, CSV as bytes. */
final class Sheets {
    private Sheets() {
    }

    /**
     * A workbook with one sheet per {@code name, rows} pair; a cell is a String, a Number (a numeric cell) or
     * null (no cell). Rows start at row 1. A name ending in {@code .xls} gives the old binary format.
     */
    static Path xlsx(Path dir, String fileName, Object... sheetsAndRows) {
        Path file = dir.resolve(fileName);
        try (Workbook wb = fileName.endsWith(".xls") ? new HSSFWorkbook() : new XSSFWorkbook();
             OutputStream out = Files.newOutputStream(file)) {
            if (wb instanceof HSSFWorkbook hssf) {
                hssf.createInformationProperties(); // as Excel writes them; without, POI warns on reading
            }
            for (int s = 0; s < sheetsAndRows.length; s += 2) {
                Sheet sheet = wb.createSheet((String) sheetsAndRows[s]);
                @SuppressWarnings("unchecked")
                List<List<Object>> rows = (List<List<Object>>) sheetsAndRows[s + 1];
                for (int r = 0; r < rows.size(); r++) {
                    Row row = sheet.createRow(r);
                    List<Object> cells = rows.get(r);
                    for (int c = 0; c < cells.size(); c++) {
                        Object v = cells.get(c);
                        if (v instanceof Number n) {
                            row.createCell(c).setCellValue(n.doubleValue());
                        } else if (v != null) {
                            row.createCell(c).setCellValue((String) v);
                        }
                    }
                }
            }
            wb.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static Path csv(Path dir, String fileName, String text, boolean byteOrderMark) {
        try {
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            byte[] bytes = body;
            if (byteOrderMark) {
                bytes = new byte[body.length + 3];
                bytes[0] = (byte) 0xEF;
                bytes[1] = (byte) 0xBB;
                bytes[2] = (byte) 0xBF;
                System.arraycopy(body, 0, bytes, 3, body.length);
            }
            return Files.write(dir.resolve(fileName), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** List.of that allows nulls (empty cells). */
    static List<Object> row(Object... cells) {
        return java.util.Arrays.asList(cells);
    }
}
