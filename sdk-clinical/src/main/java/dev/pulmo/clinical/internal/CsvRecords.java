package dev.pulmo.clinical.internal;

import dev.pulmo.clinical.ClinicalSheetException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV: comma-separated fields, optionally enclosed in double quotes, a doubled quote standing for one
 * quote inside a quoted field, which may also hold commas and line breaks. Records end with CRLF or LF; a
 * final line break is optional. Input must be UTF-8, with or without a byte-order mark.
 */
public final class CsvRecords {
    private CsvRecords() {
    }

    /** The records of {@code bytes}; record n is row n. @throws ClinicalSheetException naming file and line:column */
    public static List<RawRow> parse(byte[] bytes, String file) {
        String text = decodeUtf8(bytes, file);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<RawRow> rows = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int lineStart = 0;
        int i = 0;
        int n = text.length();
        boolean atFieldStart = true;
        while (i < n) {
            char c = text.charAt(i);
            if (atFieldStart && c == '"') {
                int openLine = line;
                int openColumn = i - lineStart + 1;
                i++;
                while (true) {
                    if (i >= n) {
                        throw new ClinicalSheetException(file + ":" + openLine + ":" + openColumn
                                + ": the quoted field opened here is never closed (expected a closing '\"')");
                    }
                    char q = text.charAt(i);
                    if (q == '"') {
                        if (i + 1 < n && text.charAt(i + 1) == '"') {
                            field.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    if (q == '\n') {
                        line++;
                        lineStart = i + 1;
                    }
                    field.append(q);
                    i++;
                }
                if (i < n && text.charAt(i) != ',' && text.charAt(i) != '\n' && !(text.charAt(i) == '\r' && i + 1 < n && text.charAt(i + 1) == '\n')) {
                    throw new ClinicalSheetException(file + ":" + line + ":" + (i - lineStart + 1)
                            + ": expected ',' or the end of the line after a closing quote, found '" + text.charAt(i) + "'");
                }
                atFieldStart = false;
                continue;
            }
            if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                atFieldStart = true;
                i++;
            } else if (c == '\n' || (c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n')) {
                fields.add(field.toString());
                field.setLength(0);
                rows.add(new RawRow(rows.size() + 1, fields));
                fields = new ArrayList<>();
                atFieldStart = true;
                i += c == '\r' ? 2 : 1;
                line++;
                lineStart = i;
            } else if (c == '"') {
                throw new ClinicalSheetException(file + ":" + line + ":" + (i - lineStart + 1)
                        + ": a quote inside an unquoted field; RFC 4180 wants the whole field quoted and the quote doubled");
            } else {
                field.append(c);
                atFieldStart = false;
                i++;
            }
        }
        if (!fields.isEmpty() || field.length() > 0 || !atFieldStart) {
            fields.add(field.toString());
            rows.add(new RawRow(rows.size() + 1, fields));
        }
        return rows;
    }

    private static String decodeUtf8(byte[] bytes, String file) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            // Korean Excel's plain "CSV" is CP949; only "CSV UTF-8" is what this reader takes
            throw new ClinicalSheetException(file + " @" + in.position() + ": not UTF-8 (byte 0x"
                    + String.format("%02X", bytes[in.position()] & 0xFF) + "); save the sheet as \"CSV UTF-8\" "
                    + "(Excel's plain CSV on Korean Windows is CP949)");
        }
        decoder.flush(out);
        return out.flip().toString();
    }
}
