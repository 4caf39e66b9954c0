package dev.pulmo.api.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes CSV records (RFC 4180) whose cells come from data, safe to open in a spreadsheet: every CSV file Pulmo writes
 * (clinical sheets, ingest's exclusion report, split manifests, nodule tables) goes through here.
 *
 * <p><b>Quoting</b> (RFC 4180): a cell holding a comma, a double quote, CR or LF is enclosed in double quotes, a quote
 * inside doubled.
 *
 * <p><b>Formula injection</b> (OWASP, "CSV Injection"): a spreadsheet runs a cell that begins with {@code =}, {@code +},
 * {@code -}, {@code @}, tab or CR as a formula ({@code =HYPERLINK(...)}, {@code @SUM(...)}, {@code -2+3+cmd|...}). Such a
 * cell is written with a single quote before it, which spreadsheets take as "text" and do not show:
 * {@code =1+1} becomes {@code '=1+1}. Decision: a cell that is a plain number ({@code -3}, {@code +2.5},
 * {@code -1.5e-3}) is written as it is: spreadsheets read it as a number, never as a formula, and a column of ages or
 * coordinates stays numeric. Readers of our own files undo the quote with {@link #unneutralised}.
 * (OWASP also quotes every cell; a quoted and an unquoted field are the same value to every CSV reader, so cells are
 * quoted only where RFC 4180 needs it, which keeps files such as the split manifest readable line by line.)
 */
public final class CsvWriter {
    /** Characters a spreadsheet takes as the start of a formula (OWASP). */
    private static final String FORMULA_STARTS = "=+-@\t\r";
    /** A plain decimal number: optional sign, digits with an optional fraction, optional exponent. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private final Appendable out;
    private final String lineEnd;

    private CsvWriter(Appendable out, String lineEnd) {
        this.out = out;
        this.lineEnd = lineEnd;
    }

    /** Records ending in CRLF, as RFC 4180 and spreadsheets write them. */
    public static CsvWriter crlf(Appendable out) {
        return new CsvWriter(out, "\r\n");
    }

    /** Records ending in LF, for files read line by line by scripts (the split manifest). */
    public static CsvWriter lf(Appendable out) {
        return new CsvWriter(out, "\n");
    }

    /**
     * Writes one record.
     *
     * @throws UncheckedIOException when the target cannot be written
     */
    public CsvWriter record(List<String> cells) {
        try {
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(cell(cells.get(i)));
            }
            out.append(lineEnd);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Writes one record of {@code cells}. */
    public CsvWriter record(String... cells) {
        return record(Arrays.asList(cells));
    }

    /** One cell as written: neutralised when a spreadsheet would run it as a formula, quoted when RFC 4180 needs it. */
    public static String cell(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && FORMULA_STARTS.indexOf(v.charAt(0)) >= 0 && !NUMBER.matcher(v).matches()) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    /**
     * The value of a cell {@link #cell} neutralised, for readers of files Pulmo wrote: a single quote followed by a
     * formula's first character is dropped ({@code '=1+1} gives {@code =1+1}); anything else is returned as it is.
     * (The value is data again, to be neutralised again whenever it is written to a CSV file.)
     */
    public static String unneutralised(String cell) {
        if (cell.length() >= 2 && cell.charAt(0) == '\'' && FORMULA_STARTS.indexOf(cell.charAt(1)) >= 0) {
            return cell.substring(1);
        }
        return cell;
    }

    /** As {@link #unneutralised(String)}, for every cell of a record read. */
    public static String[] unneutralised(String[] cells) {
        for (int i = 0; i < cells.length; i++) {
            cells[i] = unneutralised(cells[i]);
        }
        return cells;
    }
}
