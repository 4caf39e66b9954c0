package dev.pulmo.clinical;

import static dev.pulmo.testing.StreamedXlsx.formula;
import static dev.pulmo.testing.StreamedXlsx.number;
import static dev.pulmo.testing.StreamedXlsx.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pulmo.testing.StreamedXlsx;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 20: formula chains, sheets past the row limit, huge cells and FIFOs end cleanly. */
class HostileSheetsTest {

    @TempDir
    Path dir;

    private static final ClinicalSheetReader.Limits SMALL = new ClinicalSheetReader.Limits(1000, 64, 100, 1_000_000,
            16L << 20);

    @Test
    void aFormulaChain200000DeepIsReadWithoutEvaluatingIt() {
        int depth = 200_000;
        Path file = StreamedXlsx.write(dir.resolve("chain.xlsx"), "Sheet1", i -> i > depth ? null
                : i == 0 ? text("A1", "환자ID") + text("B1", "나이")
                : i == 1 ? text("A2", "A000001") + formula("B2", "1+1", 63)
                : text("A" + (i + 1), String.format("A%06d", i % 1_000_000)) + formula("B" + (i + 1), "B" + i + "+1"));
        ClinicalSheet sheet = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> ClinicalSheetReader.withDefaults().read(file));
        assertThat(sheet.records()).hasSize(depth);
        assertThat(sheet.records().get(0).ageYears()).as("the result Excel saved").isEqualTo(OptionalInt.of(63));
        assertThat(sheet.records().get(1).ageYears()).as("no saved result: not evaluated").isEmpty();
    }

    @Test
    void aSheetPastTheRowLimitIsRefusedNamingTheLimit() {
        Path file = StreamedXlsx.write(dir.resolve("rows.xlsx"), "Sheet1", i -> i > 5000 ? null
                : text("A" + (i + 1), i == 0 ? "환자ID" : "A" + i) + number("B" + (i + 1), 50));
        assertThatThrownBy(() -> ClinicalSheetReader.withDefaults().withLimits(SMALL).read(file))
                .isInstanceOf(ClinicalSheetException.class)
                .hasMessage(file + ": Sheet1 row 1001: more than 1000 rows, the maximum allowed "
                        + "(ClinicalSheetReader.Limits.maxRows, which grows with the Java heap: raise -Xmx or the limit); "
                        + "a clinical sheet has one row per patient");
        assertThat(ClinicalSheetReader.Limits.forHeap(256L << 20).maxRows()).isEqualTo(131_072);
        assertThat(ClinicalSheetReader.Limits.DEFAULT).isEqualTo(ClinicalSheetReader.Limits.forHeap(Runtime.getRuntime().maxMemory()));
    }

    @Test
    void aHugeSheetPartIsRefusedWhileStreaming() {
        ClinicalSheetReader.Limits tinyParts = new ClinicalSheetReader.Limits(10_000_000, 64, 100, 1L << 40, 1 << 20);
        Path file = StreamedXlsx.write(dir.resolve("big.xlsx"), "Sheet1", i -> i > 100_000 ? null
                : text("A" + (i + 1), "A" + i));
        assertThatThrownBy(() -> ClinicalSheetReader.withDefaults().withLimits(tinyParts).read(file))
                .isInstanceOf(ClinicalSheetException.class)
                .hasMessage(file + ": the workbook's sheet 'Sheet1' part is larger than 1048576 bytes of XML, the "
                        + "maximum allowed (ClinicalSheetReader.Limits.maxPartBytes, which grows with the Java heap: raise "
                        + "-Xmx or the limit)");
    }

    @Test
    void aCsvIsStreamedAndHeldToTheLimits() throws Exception {
        Path many = dir.resolve("many.csv");
        try (BufferedWriter w = Files.newBufferedWriter(many, StandardCharsets.UTF_8)) {
            w.write("환자ID,나이\n");
            for (int i = 0; i < 50_000; i++) {
                w.write("A" + i + ",50\n");
            }
        }
        assertThatThrownBy(() -> ClinicalSheetReader.withDefaults().withLimits(SMALL).read(many))
                .hasMessage(many + ": line 1001: more than 1000 rows, the maximum allowed (ClinicalSheetReader.Limits."
                        + "maxRows, which grows with the Java heap: raise -Xmx or the limit); a clinical sheet has one row "
                        + "per patient");
        Path wide = Files.writeString(dir.resolve("wide.csv"), "환자ID,비고\nA1," + "x".repeat(150) + "\n");
        assertThatThrownBy(() -> ClinicalSheetReader.withDefaults().withLimits(SMALL).read(wide))
                .hasMessage(wide + ": line 2: a cell longer than 100 characters, the maximum allowed "
                        + "(ClinicalSheetReader.Limits.maxCellChars; Excel's own limit)");
        Path commas = Files.writeString(dir.resolve("commas.csv"), "환자ID" + ",".repeat(100) + "\n");
        assertThatThrownBy(() -> ClinicalSheetReader.withDefaults().withLimits(SMALL).read(commas))
                .hasMessageContaining("line 1: more than 64 cells in a row");
        // a line break split across blocks and a BOM still read as before
        StringBuilder sb = new StringBuilder("\uFEFF환자ID,나이\r\n");
        for (int i = 0; i < 20_000; i++) {
            sb.append("\"B").append(i).append("\",\"4\r\n2\"\r\n");
        }
        Path crlf = Files.writeString(dir.resolve("crlf.csv"), sb);
        ClinicalSheet sheet = ClinicalSheetReader.withDefaults().read(crlf);
        assertThat(sheet.records()).hasSize(20_000);
        assertThat(sheet.records().get(19_999).values().get("나이")).isEqualTo("4\r\n2");
        assertThat(sheet.headers()).containsExactly("환자ID", "나이");
    }

    @Test
    void aFifoIsRefusedNotOpened() throws Exception {
        Path fifo = dir.resolve("sheet.csv");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor(10, TimeUnit.SECONDS)
                && Files.exists(fifo), "mkfifo is not available");
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(
                () -> ClinicalSheetReader.withDefaults().read(fifo)).isInstanceOf(ClinicalSheetException.class)
                .hasMessage(fifo + ": not a regular file (a FIFO, socket or device); not opened"));
    }
}
