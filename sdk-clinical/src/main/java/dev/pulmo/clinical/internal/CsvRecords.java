package dev.pulmo.clinical.internal;

import dev.pulmo.clinical.ClinicalSheetException;
import java.io.IOException;
import java.io.InputStream;
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
 *
 * <p>Streamed: bytes are decoded and parsed a block at a time, so memory holds the rows kept (bounded by the
 * {@link SheetBudget}), never the file: a 1 GB CSV ends at the budget's first limit, not in an OutOfMemoryError.
 */
public final class CsvRecords {

    private static final int BLOCK_BYTES = 64 * 1024;

    private CsvRecords() {
    }

    /** The records of {@code bytes}; record n is row n. @throws ClinicalSheetException naming file and line:column */
    public static List<RawRow> parse(byte[] bytes, String file) {
        SheetBudget budget = new SheetBudget(file, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE);
        try {
            parse(new java.io.ByteArrayInputStream(bytes), file, budget);
        } catch (IOException e) {
            throw new IllegalStateException(e); // a byte array does not fail
        }
        return budget.rows();
    }

    /**
     * Parses {@code in} (not closed) into {@code budget}.
     *
     * @throws ClinicalSheetException naming file and line:column (syntax), byte offset (not UTF-8) or the limit
     * @throws IOException            when the stream fails
     */
    public static void parse(InputStream in, String file, SheetBudget budget) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        Parser parser = new Parser(file, budget);
        ByteBuffer bytes = ByteBuffer.allocate(BLOCK_BYTES);
        CharBuffer chars = CharBuffer.allocate(BLOCK_BYTES);
        long consumedBefore = 0; // bytes decoded before the start of the buffer
        boolean end = false;
        while (!end) {
            int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (n < 0) {
                end = true;
            } else {
                bytes.position(bytes.position() + n);
            }
            bytes.flip();
            int startPosition = bytes.position();
            CoderResult result = decoder.decode(bytes, chars, end);
            if (result.isError()) {
                // Korean Excel's plain "CSV" is CP949; only "CSV UTF-8" is what this reader takes
                long at = consumedBefore + bytes.position() - startPosition;
                throw new ClinicalSheetException(file + " @" + at + ": not UTF-8 (byte 0x"
                        + String.format("%02X", bytes.get(bytes.position()) & 0xFF) + "); save the sheet as \"CSV UTF-8\" "
                        + "(Excel's plain CSV on Korean Windows is CP949)");
            }
            consumedBefore += bytes.position() - startPosition;
            bytes.compact();
            if (end) {
                decoder.flush(chars);
            }
            chars.flip();
            while (chars.hasRemaining()) {
                parser.accept(chars.get());
            }
            chars.clear();
        }
        parser.finish();
    }

    /** The RFC 4180 state machine, fed one character at a time. */
    private static final class Parser {
        private enum State { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED }

        private final String file;
        private final SheetBudget budget;
        private State state = State.FIELD_START;
        private List<String> fields = new ArrayList<>();
        private final StringBuilder field = new StringBuilder();
        private boolean pendingCr;
        private boolean first = true;
        private int line = 1;
        private int column; // of the last character accepted
        private int openLine;
        private int openColumn;

        Parser(String file, SheetBudget budget) {
            this.file = file;
            this.budget = budget;
        }

        void accept(char c) {
            if (first) {
                first = false;
                if (c == '\uFEFF') {
                    return; // byte-order mark
                }
            }
            if (pendingCr) {
                if (c == '\n') {
                    pendingCr = false;
                    column++;
                    endRecord();
                    return;
                }
                carriageReturnInField();
            }
            column++;
            switch (state) {
                case FIELD_START, UNQUOTED -> {
                    if (c == '"' && state == State.FIELD_START) {
                        state = State.QUOTED;
                        openLine = line;
                        openColumn = column;
                    } else if (c == ',') {
                        endField();
                    } else if (c == '\n') {
                        endRecord();
                    } else if (c == '\r') {
                        pendingCr = true;
                    } else if (c == '"') {
                        throw syntax(line, column, "a quote inside an unquoted field; RFC 4180 wants the whole field "
                                + "quoted and the quote doubled");
                    } else {
                        append(c);
                        state = State.UNQUOTED;
                    }
                }
                case QUOTED -> {
                    if (c == '"') {
                        state = State.QUOTE_IN_QUOTED;
                    } else {
                        if (c == '\n') {
                            line++;
                            column = 0;
                        }
                        append(c);
                    }
                }
                case QUOTE_IN_QUOTED -> {
                    if (c == '"') {
                        append('"');
                        state = State.QUOTED;
                    } else if (c == ',') {
                        endField();
                    } else if (c == '\n') {
                        endRecord();
                    } else if (c == '\r') {
                        pendingCr = true;
                    } else {
                        throw syntax(line, column, "expected ',' or the end of the line after a closing quote, found '"
                                + c + "'");
                    }
                }
            }
        }

        void finish() {
            if (pendingCr) {
                carriageReturnInField();
            }
            if (state == State.QUOTED) {
                throw syntax(openLine, openColumn, "the quoted field opened here is never closed (expected a closing '\"')");
            }
            if (!fields.isEmpty() || field.length() > 0 || state != State.FIELD_START) {
                fields.add(field.toString());
                addRow();
            }
        }

        /** A CR not followed by LF: part of an unquoted field, an error after a closing quote. */
        private void carriageReturnInField() {
            pendingCr = false;
            if (state == State.QUOTE_IN_QUOTED) {
                throw syntax(line, column, "expected ',' or the end of the line after a closing quote, found '\r'");
            }
            append('\r');
            state = State.UNQUOTED;
        }

        private void append(char c) {
            field.append(c);
            budget.checkCell(field.length(), fields.size(), "line " + line);
        }

        private void endField() {
            fields.add(field.toString());
            field.setLength(0);
            budget.checkCell(0, fields.size(), "line " + line);
            state = State.FIELD_START;
        }

        private void endRecord() {
            fields.add(dev.pulmo.api.io.CsvWriter.unneutralised(field.toString()));
            field.setLength(0);
            addRow();
            line++;
            column = 0;
            state = State.FIELD_START;
        }

        private void addRow() {
            budget.add(new RawRow(budget.rows().size() + 1, fields), "line " + line);
            fields = new ArrayList<>();
        }

        private ClinicalSheetException syntax(int atLine, int atColumn, String message) {
            return new ClinicalSheetException(file + ":" + atLine + ":" + atColumn + ": " + message);
        }
    }
}
