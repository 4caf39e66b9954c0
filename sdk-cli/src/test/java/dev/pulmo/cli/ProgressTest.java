package dev.pulmo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The progress line: done/total, percent, rate and ETA on a terminal, nothing otherwise. */
class ProgressTest {

    @Test
    void theLineGivesDoneTotalPercentRateAndEta() {
        // 1200 of 5000 in 4 s: 300/s, 3800 left -> 12.67 s -> 0:00:13
        assertThat(Progress.line("convert", "images", 1200, 5000, 4.0))
                .isEqualTo("convert: 1200/5000 images (24.0%), 300/s, ETA 0:00:13");
        // 10 of 100000 in 1 s: 10/s, 99990 left -> 9999 s = 2 h 46 min 39 s
        assertThat(Progress.line("deid", "files", 10, 100_000, 1.0))
                .isEqualTo("deid: 10/100000 files (0.0%), 10/s, ETA 2:46:39");
        // 100000 of 100000 in 10 h: nothing left
        assertThat(Progress.line("deid", "files", 100_000, 100_000, 36_000.0))
                .isEqualTo("deid: 100000/100000 files (100.0%), 3/s, ETA 0:00:00");
    }

    @Test
    void withoutATotalTheLineGivesTheCountAndRate() {
        assertThat(Progress.line("validate", "images", 42, -1, 2.0)).isEqualTo("validate: 42 images, 21/s");
    }

    @Test
    void notOnATerminalNothingIsPrinted() {
        StringWriter err = new StringWriter();
        Progress p = new Progress(new PrintWriter(err), "convert", "images", () -> 3, false);
        p.step(true);
        p.step(true);
        p.finish();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void onATerminalTheLineIsRedrawnAndEndedSoThatWhatFollowsHasALineOfItsOwn() throws Exception {
        StringWriter err = new StringWriter();
        Progress p = new Progress(new PrintWriter(err), "deid", "files", () -> 2, true);
        Thread.sleep(300); // the total is counted in the background
        p.step(true);
        p.step(false);
        p.finish();
        assertThat(err.toString()).startsWith("\rdeid: ").contains("deid: 2/2 files (100.0%)").contains(", 1 failed")
                .endsWith(System.lineSeparator());
    }
}
