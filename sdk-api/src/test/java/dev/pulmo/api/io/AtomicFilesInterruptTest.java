package dev.pulmo.api.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a shutdown hook after Ctrl-C deletes: the temporary files in flight, never a target. */
class AtomicFilesInterruptTest {

    @AfterEach
    void theJvmGoesOn() {
        AtomicFiles.acceptNewTemporaryFilesAgain();
    }

    private static List<Path> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void stagedTemporaryFilesAreDeletedAndTargetsKeepTheirContent(@TempDir Path dir) throws Exception {
        Path kept = Files.writeString(dir.resolve("a.json"), "old");
        try (AtomicFiles.Batch batch = AtomicFiles.batch()) {
            batch.write(kept, "new".getBytes());
            batch.write(dir.resolve("b.json"), "new".getBytes());
            assertThat(files(dir)).hasSize(3).filteredOn(AtomicFiles::isTemporary).hasSize(2);

            List<Path> deleted = AtomicFiles.deleteTemporaryFiles();

            assertThat(deleted).hasSize(2).allMatch(AtomicFiles::isTemporary);
            assertThat(files(dir)).containsExactly(kept);
            assertThat(Files.readString(kept)).isEqualTo("old");
            // no temporary file is made after the deletion began (it would be left when the JVM halts)
            assertThatThrownBy(() -> batch.write(dir.resolve("c.json"), "late".getBytes()))
                    .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("interrupted");
            assertThat(files(dir)).containsExactly(kept);
        }
    }

    @Test
    void committedFilesAreNoLongerInFlight(@TempDir Path dir) throws Exception {
        AtomicFiles.write(dir.resolve("c.json"), "done".getBytes());
        assertThat(AtomicFiles.deleteTemporaryFiles()).noneMatch(p -> p.startsWith(dir));
        assertThat(files(dir)).containsExactly(dir.resolve("c.json"));
    }
}
