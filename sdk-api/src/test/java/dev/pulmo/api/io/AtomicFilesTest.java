package dev.pulmo.api.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path tmp;

    @Test
    void aSecretIsOwnerOnlyWhetherNewOrReplacingAWorldReadableFile() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "no POSIX permissions here");
        Path fresh = tmp.resolve("key.txt");
        AtomicFiles.writeOwnerOnly(fresh, out -> out.write("secret\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat(Files.readString(fresh)).isEqualTo("secret\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rw-------");

        // a replaced file's mode is not kept for a secret (a plain write would keep rw-rw-rw-)
        Path replaced = Files.writeString(tmp.resolve("map.json"), "{}");
        Files.setPosixFilePermissions(replaced, PosixFilePermissions.fromString("rw-rw-rw-"));
        AtomicFiles.writeOwnerOnly(replaced, out -> {
            // no other user may open the temporary file while the secret is being written into it
            try (var s = Files.list(tmp)) {
                Path temporary = s.filter(AtomicFiles::isTemporary).findFirst().orElseThrow();
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(temporary))).isEqualTo("rw-------");
            }
            out.write("{\"key\": 1}".getBytes(StandardCharsets.US_ASCII));
        });
        assertThat(Files.readString(replaced)).isEqualTo("{\"key\": 1}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(replaced))).isEqualTo("rw-------");
        try (var s = Files.list(tmp)) {
            assertThat(s.filter(AtomicFiles::isTemporary)).isEmpty();
        }
    }

    /** Another file system than the default one (here the JDK's zip file system): a file is written, then replaced. */
    @Test
    void aFileOfAnotherFileSystemIsWrittenAndReplaced() throws Exception {
        try (java.nio.file.FileSystem zip = FileSystems.newFileSystem(tmp.resolve("out.zip"), java.util.Map.of("create", "true"))) {
            Path target = zip.getPath("/a.json");
            AtomicFiles.write(target, out -> out.write("{}".getBytes(StandardCharsets.US_ASCII)));
            AtomicFiles.write(target, out -> out.write("{\"a\": 1}".getBytes(StandardCharsets.US_ASCII)));
            assertThat(Files.readString(target)).isEqualTo("{\"a\": 1}");
        }
    }
}
