package dev.pulmo.clinical;

import dev.pulmo.api.io.AtomicFiles;
import dev.pulmo.api.io.CsvWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes the per-modality clinical sheet of a dataset (SPEC.md §5, the guideline's Excel): one row per patient under
 * the de-identified id, with age, sex, pathology (malignant cases) and smoking history, as {@code .xlsx} and as
 * {@code .csv} (RFC 4180, UTF-8 with a byte-order mark so that Excel reads Korean text, CRLF line ends). The headers
 * are the guideline's Korean ones, which {@link ClinicalSheetReader} reads back by {@link SheetColumns#defaults()}:
 * {@value #ID_HEADER}, {@code 나이}, {@code 성별}, {@code 병리결과}, {@code 흡연력}. There is no other column, so no
 * hospital id, name or birth date can reach the sheet.
 *
 * <p>Both files are byte-stable: the same rows give the same bytes (the workbook is a minimal SpreadsheetML package
 * of inline strings, with fixed zip entry times and no creation date), so re-running a job that writes them changes
 * nothing. Written atomically ({@link AtomicFiles}).
 */
public final class ClinicalSheetWriter {
    /** The header of the de-identified patient id column. */
    public static final String ID_HEADER = "비식별환자ID";
    private static final List<String> HEADERS = List.of(ID_HEADER, "나이", "성별", "병리결과", "흡연력");
    /** 1980-01-01, the earliest time a zip entry can hold: fixed, so that the bytes depend on neither clock nor zone. */
    private static final java.time.LocalDateTime ZIP_TIME = java.time.LocalDateTime.of(1980, 1, 1, 0, 0);

    /** One row: the patient's de-identified id and clinical values (empty when unknown). */
    public record Row(String patientId, String age, String sex, String pathology, String smoking) {
        public Row {
            java.util.Objects.requireNonNull(patientId, "patientId");
            age = age == null ? "" : age;
            sex = sex == null ? "" : sex;
            pathology = pathology == null ? "" : pathology;
            smoking = smoking == null ? "" : smoking;
        }

        List<String> cells() {
            return List.of(patientId, age, sex, pathology, smoking);
        }
    }

    private ClinicalSheetWriter() {
    }

    /**
     * Writes {@code rows}, in their order, to {@code xlsx} as a workbook with one sheet named {@code sheetName}.
     *
     * @throws java.io.UncheckedIOException naming the file when it cannot be written
     */
    public static void writeXlsx(Path xlsx, String sheetName, List<Row> rows) {
        AtomicFiles.write(xlsx, xlsxBytes(sheetName, rows));
    }

    /** The bytes {@link #writeXlsx} writes. */
    public static byte[] xlsxBytes(String sheetName, List<Row> rows) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            workbook(out, sheetName, rows);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Writes {@code rows}, in their order, to {@code csv}.
     *
     * @throws java.io.UncheckedIOException naming the file when it cannot be written
     */
    public static void writeCsv(Path csv, List<Row> rows) {
        AtomicFiles.write(csv, csvBytes(rows));
    }

    /** The bytes {@link #writeCsv} writes. */
    public static byte[] csvBytes(List<Row> rows) {
        StringBuilder sb = new StringBuilder("\uFEFF");
        CsvWriter csv = CsvWriter.crlf(sb).record(HEADERS); // cells that would run as formulas are neutralised
        for (Row r : rows) {
            csv.record(r.cells());
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void workbook(OutputStream target, String sheetName, List<Row> rows) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(target, StandardCharsets.UTF_8);
        entry(zip, "[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
                <Default Extension="xml" ContentType="application/xml"/>\
                <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
                <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
                <Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>\
                </Types>""");
        entry(zip, "_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
                </Relationships>""");
        entry(zip, "xl/workbook.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
                xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
                <sheets><sheet name="%s" sheetId="1" r:id="rId1"/></sheets></workbook>""".formatted(xml(sheetName)));
        entry(zip, "xl/_rels/workbook.xml.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
                <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>\
                </Relationships>""");
        // an empty shared-strings part: every text cell is inline, but readers (Excel's, POI's event API) expect one
        entry(zip, "xl/sharedStrings.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>""");
        List<List<String>> all = new ArrayList<>();
        all.add(HEADERS);
        rows.forEach(r -> all.add(r.cells()));
        StringBuilder sheet = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
        for (int r = 0; r < all.size(); r++) {
            sheet.append("<row r=\"").append(r + 1).append("\">");
            List<String> cells = all.get(r);
            for (int c = 0; c < cells.size(); c++) {
                String ref = (char) ('A' + c) + Integer.toString(r + 1);
                String v = cells.get(c);
                if (v.isEmpty()) {
                    continue;
                }
                if (r > 0 && c == 1 && v.matches("\\d{1,3}")) {
                    sheet.append("<c r=\"").append(ref).append("\"><v>").append(v).append("</v></c>");
                } else {
                    sheet.append("<c r=\"").append(ref).append("\" t=\"inlineStr\"><is><t xml:space=\"preserve\">")
                            .append(xml(v)).append("</t></is></c>");
                }
            }
            sheet.append("</row>");
        }
        sheet.append("</sheetData></worksheet>");
        entry(zip, "xl/worksheets/sheet1.xml", sheet.toString());
        zip.finish();
    }

    private static void entry(ZipOutputStream zip, String name, String content) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTimeLocal(ZIP_TIME);
        zip.putNextEntry(e);
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    /** XML text: markup escaped, and characters XML 1.0 cannot hold (controls) dropped. */
    private static String xml(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> {
                    if (cp >= 0x20 || cp == '\t' || cp == '\n' || cp == '\r') {
                        sb.appendCodePoint(cp);
                    }
                }
            }
        });
        return sb.toString();
    }
}
