package dev.pulmo.api.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared CSV writer: RFC 4180 quoting, and OWASP's neutralisation of cells a spreadsheet would run as formulas. */
class CsvWriterTest {

    @Test
    void cellsThatWouldRunAsFormulasGetAQuoteInFront() {
        // OWASP "CSV Injection": =, +, -, @, tab and CR start a formula
        assertThat(CsvWriter.cell("=1+1")).isEqualTo("'=1+1");
        assertThat(CsvWriter.cell("+cmd")).isEqualTo("'+cmd");
        assertThat(CsvWriter.cell("-2+3+cmd|' /C calc'!A0")).isEqualTo("'-2+3+cmd|' /C calc'!A0");
        assertThat(CsvWriter.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(CsvWriter.cell("\t=1")).isEqualTo("'\t=1");
        assertThat(CsvWriter.cell("\r=1")).isEqualTo("\"'\r=1\""); // neutralised, then quoted for its CR
        assertThat(CsvWriter.cell("=HYPERLINK(\"http://x\",\"y\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
        assertThat(CsvWriter.cell("-")).isEqualTo("'-");
    }

    @Test
    void numbersStayNumbers() {
        for (String number : List.of("-3", "+2.5", "-1.5e-3", "-.5", "0", "42")) {
            assertThat(CsvWriter.cell(number)).as(number).isEqualTo(number);
        }
        assertThat(CsvWriter.cell("-3-3")).isEqualTo("'-3-3");
        assertThat(CsvWriter.cell("-1e")).isEqualTo("'-1e");
    }

    @Test
    void rfc4180QuotingAndOtherCellsUnchanged() {
        assertThat(CsvWriter.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvWriter.cell("say \"x\"")).isEqualTo("\"say \"\"x\"\"\"");
        assertThat(CsvWriter.cell("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(CsvWriter.cell("a=b")).isEqualTo("a=b");
        assertThat(CsvWriter.cell("")).isEmpty();
        assertThat(CsvWriter.cell(null)).isEmpty();
        StringBuilder sb = new StringBuilder();
        CsvWriter.crlf(sb).record("id", "=x", "-3").record(List.of("a,b", "@y"));
        assertThat(sb).hasToString("id,'=x,-3\r\n\"a,b\",'@y\r\n");
        StringBuilder lf = new StringBuilder();
        CsvWriter.lf(lf).record("p", "+q");
        assertThat(lf).hasToString("p,'+q\n");
    }

    @Test
    void readersUndoTheQuote() {
        for (String value : List.of("=1+1", "+cmd", "-", "@SUM(A1)", "\t=1", "-3", "plain", "'quoted", "")) {
            String written = CsvWriter.cell(value);
            String unquoted = written.startsWith("\"") ? written.substring(1, written.length() - 1).replace("\"\"", "\"") : written;
            assertThat(CsvWriter.unneutralised(unquoted)).as(value).isEqualTo(value);
        }
    }
}
