package dev.pulmo.api.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {

    @TempDir
    Path tmp;

    @Test
    void fifosAndDanglingLinksAreReportedNotListed() throws Exception {
        Files.writeString(tmp.resolve("b.json"), "{}");
        Files.createDirectories(tmp.resolve("sub"));
        Files.writeString(tmp.resolve("sub/a.json"), "{}");
        Files.writeString(tmp.resolve("notes.txt"), "x");
        Files.createSymbolicLink(tmp.resolve("link.json"), tmp.resolve("b.json"));
        Files.createSymbolicLink(tmp.resolve("dangling.json"), tmp.resolve("nowhere.json"));
        Files.createSymbolicLink(tmp.resolve("loop"), tmp);
        Path fifo = tmp.resolve("pipe.json");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor(10, TimeUnit.SECONDS)
                && Files.exists(fifo), "mkfifo is not available");

        FileTrees.Listing listing = FileTrees.regularFiles(tmp, p -> p.toString().endsWith(".json"));
        assertThat(listing.files()).containsExactly(tmp.resolve("b.json"), tmp.resolve("link.json"),
                tmp.resolve("sub/a.json"));
        assertThat(listing.problems()).extracting(Finding::code, f -> f.location().file(), Finding::message)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("file.not-regular", fifo.toString(),
                                "not a regular file (a FIFO, socket or device); not opened"),
                        org.assertj.core.groups.Tuple.tuple("file.not-regular", tmp.resolve("dangling.json").toString(),
                                "a symbolic link to nothing; not opened"));
        assertThat(listing.problems()).allMatch(f -> f.severity() == Severity.WARNING);
    }

    @Test
    void anUnreadableFolderIsReportedAndTheWalkGoesOn() throws Exception {
        Path locked = Files.createDirectories(tmp.resolve("locked"));
        Files.writeString(locked.resolve("hidden.json"), "{}");
        Files.writeString(tmp.resolve("open.json"), "{}");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            assumeTrue(!Files.isReadable(locked), "running as a user who reads every folder (root)");
            FileTrees.Listing listing = FileTrees.regularFiles(tmp, p -> true);
            assertThat(listing.files()).containsExactly(tmp.resolve("open.json"));
            assertThat(listing.problems()).singleElement().satisfies(f -> {
                assertThat(f.code()).isEqualTo("file.unreadable");
                assertThat(f.severity()).isEqualTo(Severity.ERROR);
                assertThat(f.location().file()).isEqualTo(locked.toString());
                assertThat(f.message()).isEqualTo("cannot be read (permission denied); skipped");
            });
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void aNameThatIsNotTextInTheFileNameEncodingIsReportedWithItsBytesNotListed() throws Exception {
        assumeTrue(java.nio.charset.Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8")).newEncoder()
                .canEncode("환자"), "file names are not UTF-8 in this locale");
        Files.writeString(tmp.resolve("good.json"), "{}");
        Files.writeString(tmp.resolve("환자.json"), "{}");
        // the shell writes the byte 0xFF itself: a Java string cannot name such a file
        Process p = new ProcessBuilder("sh", "-c", "printf '{}' > \"$(printf 'bad\\377.json')\"").directory(tmp.toFile()).start();
        assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "sh is not available");

        FileTrees.Listing listing = FileTrees.regularFiles(tmp, p2 -> p2.toString().endsWith(".json"));

        assertThat(listing.files()).containsExactly(tmp.resolve("good.json"), tmp.resolve("환자.json"));
        assertThat(listing.problems()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(FileTrees.UNREPRESENTABLE_NAME);
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.message()).contains("(its bytes: bad\\xFF.json)").contains("cannot be represented")
                    .doesNotContain("No such file");
        });
    }
}
