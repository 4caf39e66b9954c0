package dev.pulmo.evaluation.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulmo.evaluation.EvaluationException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SpilledResults} against the results held in memory ({@link CocoJsonReader#readResults}): every image's
 * results, in file order, with their file indices and values, whether the file is read by one thread, by two (a
 * file past 8 MB split at a result near its middle), or by one after a wrong guess (the bytes {@code },{} inside a
 * string at the middle); and an error in the second half is reported with its index in the whole file.
 */
class SpilledResultsTest {
    private static final int IMAGES = 50;

    @TempDir
    Path dir;

    private Path results(String name, int count, IntFunction<String> extra) throws IOException {
        Path file = dir.resolve(name);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("[");
            for (int i = 0; i < count; i++) {
                w.write((i == 0 ? "" : ",\n ") + "{\"image_id\": " + (1 + (i * 7) % IMAGES) + ", \"category_id\": " + (1 + i % 3)
                        + ", \"bbox\": [" + i % 97 + ", " + i % 89 + ".5, 10, 12], \"score\": " + (i % 1000) / 1000.0 + extra.apply(i) + "}");
            }
            w.write("]");
        }
        return file;
    }

    private static void assertSameAsInMemory(Path file, int readers) {
        CocoJsonReader.RawResults memory = CocoJsonReader.readResults(file);
        try (SpilledResults spill = SpilledResults.read(file)) {
            assertThat(spill.spillFiles()).as("threads that read the file").isEqualTo(readers);
            assertThat(spill.results()).isEqualTo(memory.results().size());
            assertThat(spill.boxes()).isTrue();
            int seen = 0;
            for (long id = 1; id <= IMAGES; id++) {
                List<Integer> expected = new ArrayList<>();
                for (int i = 0; i < memory.results().size(); i++) {
                    if (memory.results().get(i).imageId() == id) {
                        expected.add(i);
                    }
                }
                List<SpilledResults.Indexed> got = spill.ofImage(id);
                assertThat(got.stream().map(SpilledResults.Indexed::index).toList()).as("image %d", id).isEqualTo(expected);
                for (SpilledResults.Indexed r : got) {
                    CocoJsonReader.RawResult want = memory.results().get(r.index());
                    assertThat(r.result().category()).isEqualTo(want.category());
                    assertThat(r.result().score()).isEqualTo(want.score());
                    assertThat(r.result().bbox()).containsExactly(want.bbox());
                }
                seen += got.size();
            }
            assertThat(seen).isEqualTo(memory.results().size());
        }
    }

    @Test
    void aSmallFileIsReadByOneThread() throws IOException {
        assertSameAsInMemory(results("small.json", 3_000, i -> ""), 1);
    }

    @Test
    void aLargeFileIsReadFromBothEndsAsOne() throws IOException {
        Path file = results("large.json", 120_000, i -> "");
        assertThat(Files.size(file)).isGreaterThan(8L << 20);
        assertSameAsInMemory(file, 2);
    }

    @Test
    void aGuessInsideAStringIsDroppedAndTheFileReadAlone() throws IOException {
        // every result carries a string full of "},{": the middle of the file falls inside one of them
        String decoy = ", \"note\": \"" + "}, {".repeat(2_000) + "\"";
        Path file = results("decoys.json", 1_100, i -> decoy);
        assertThat(Files.size(file)).isGreaterThan(8L << 20);
        assertSameAsInMemory(file, 1);
    }

    @Test
    void anErrorInTheSecondHalfNamesItsIndexInTheWholeFile() throws IOException {
        int count = 120_000, bad = 100_000;
        Path file = results("bad.json", count, i -> i == bad ? ", \"score\": \"high\"" : "");
        assertThatThrownBy(() -> SpilledResults.read(file)).isInstanceOf(EvaluationException.class)
                .hasMessageContaining("/" + bad + "/score");
        // a result naming an image the resolver does not know (image_id given twice: the last counts)
        Path unknown = results("unknown.json", count, i -> i == bad ? ", \"image_id\": 999" : "");
        assertThatThrownBy(() -> SpilledResults.read(unknown, (index, r) -> {
            if (r.imageId() == 999) {
                throw new EvaluationException(unknown + " /" + index + "/image_id: image " + r.imageId() + " is not in the ground truth");
            }
            return r.imageId();
        }, r -> true)).isInstanceOf(EvaluationException.class).hasMessageContaining("/" + bad + "/image_id");
    }
}
