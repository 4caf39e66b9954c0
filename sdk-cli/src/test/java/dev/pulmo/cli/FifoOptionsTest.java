package dev.pulmo.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20: a FIFO given for an option that names a file to read (a mapping, a key, a rules file, a manifest, a list
 * of cases) is refused with exit 2 and a message naming it, without being opened: opening it would block forever.
 * {@code evaluate} and {@code agree} have their own tests.
 */
class FifoOptionsTest {

    @TempDir
    Path dir;

    @Test
    void everyOptionThatNamesAFileToReadRefusesAFifo() throws Exception {
        Path fifo = FuzzInputs.fifo(dir.resolve("pipe.txt"));
        assumeTrue(fifo != null, "mkfifo is not available");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path cases = Files.writeString(dir.resolve("cases.csv"),
                "hospital_id,class,modality,age,sex,pathology,smoking\nH0001001,malignant,CCT,61,M,adenocarcinoma,former\n");
        List<List<String>> runs = List.of(
                List.of("deid", empty.toString(), dir.resolve("out").toString(), "--map", fifo.toString()),
                List.of("deid", "--check", empty.toString(), "--map", fifo.toString()),
                List.of("deid", empty.toString(), dir.resolve("out").toString(), "--map", dir.resolve("map.json").toString(),
                        "--burned-in-rules", fifo.toString()),
                List.of("ingest", empty.toString(), "--cases", fifo.toString(), "--out", dir.resolve("tree").toString(),
                        "--map", dir.resolve("map2.json").toString()),
                List.of("ingest", empty.toString(), "--cases", cases.toString(), "--out", dir.resolve("tree").toString(),
                        "--map", dir.resolve("map3.json").toString(), "--key", fifo.toString()),
                List.of("split", "--check", fifo.toString()));
        for (List<String> args : runs) {
            FuzzHarness.Outcome o = FuzzHarness.run(Duration.ofSeconds(20), List.of(fifo), args);
            assertThat(o.timedOut()).as("%s hung on the FIFO", args).isFalse();
            assertThat(o.exitCode()).as(args + ": " + o.text()).isEqualTo(2);
            assertThat(o.err()).as(String.join(" ", args)).contains("pipe.txt")
                    .contains("not a regular file (a FIFO, socket or device); not opened");
        }
    }
}
