package dev.pulmo.api.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputPathsTest {

    @TempDir
    Path tmp;

    @Test
    void plainNamesResolveInsideTheFolder() {
        Path out = tmp.resolve("out");
        assertThat(OutputPaths.resolveFileName(out, "1.2.840.10008.5.1.4.1.1.2.dcm"))
                .isEqualTo(out.toAbsolutePath().resolve("1.2.840.10008.5.1.4.1.1.2.dcm"));
        assertThat(OutputPaths.resolveFileName(out, "환자_001.json")).startsWithRaw(out.toAbsolutePath());
        assertThat(OutputPaths.resolveRelative(out, "lung_cancer/CCT/1/P0A1B2C/1/image/a.dcm"))
                .isEqualTo(out.toAbsolutePath().resolve("lung_cancer/CCT/1/P0A1B2C/1/image/a.dcm"));
        assertThat(OutputPaths.resolveFileName(out, "a..b")).endsWithRaw(Path.of("a..b"));
    }

    @Test
    void traversalAbsoluteAndControlCharactersAreRefused() {
        Path out = tmp.resolve("out");
        assertThatThrownBy(() -> OutputPaths.resolveFileName(out, "../../etc/passwd"))
                .isInstanceOf(UnsafeNameException.class).hasMessageContaining("'../../etc/passwd'")
                .hasMessageContaining("separator");
        assertThatThrownBy(() -> OutputPaths.resolveFileName(out, "..")).hasMessageContaining("'..' segment");
        assertThatThrownBy(() -> OutputPaths.resolveFileName(out, "/etc/passwd")).isInstanceOf(UnsafeNameException.class);
        assertThatThrownBy(() -> OutputPaths.resolveRelative(out, "/etc/passwd")).hasMessageContaining("absolute");
        assertThatThrownBy(() -> OutputPaths.resolveRelative(out, "a/../../b")).hasMessageContaining("'..' segment");
        assertThatThrownBy(() -> OutputPaths.resolveRelative(out, "a//b")).hasMessageContaining("empty path segment");
        assertThatThrownBy(() -> OutputPaths.resolveFileName(out, "a\\..\\b")).hasMessageContaining("separator");
        assertThatThrownBy(() -> OutputPaths.resolveFileName(out, "C:evil")).hasMessageContaining("drive letter");
        assertThatThrownBy(() -> OutputPaths.resolveFileName(out, "a\u0000b")).hasMessageContaining("U+0000")
                .hasMessageContaining("a\\x00b");
        assertThatThrownBy(() -> OutputPaths.resolveFileName(out, "\u001b[2J.dcm")).hasMessageContaining("U+001B")
                .hasMessageNotContaining("\u001b");
        assertThatThrownBy(() -> OutputPaths.resolveFileName(out, "")).hasMessageContaining("empty");
        assertThatThrownBy(() -> OutputPaths.resolveFileName(out, null)).hasMessageContaining("empty");
        assertThatThrownBy(() -> OutputPaths.resolveFileName(out, "x".repeat(256))).hasMessageContaining("255 bytes");
        assertThatThrownBy(() -> OutputPaths.resolveFileName(out, "가".repeat(86))).hasMessageContaining("255 bytes");
    }

    @Test
    void aSymbolicLinkUnderTheFolderDoesNotLeadOutside() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Files.createSymbolicLink(out.resolve("link"), elsewhere);
        Files.createSymbolicLink(out.resolve("dangling"), tmp.resolve("nowhere/file"));
        Files.createDirectories(out.resolve("inner"));
        Files.createSymbolicLink(out.resolve("inner/ok"), out.resolve("inner"));
        assertThatThrownBy(() -> OutputPaths.resolveRelative(out, "link/a.dcm")).hasMessageContaining("through the link");
        assertThatThrownBy(() -> OutputPaths.resolveFileName(out, "link")).hasMessageContaining("through the link");
        assertThatThrownBy(() -> OutputPaths.resolveFileName(out, "dangling")).hasMessageContaining("cannot be resolved");
        assertThat(OutputPaths.resolveRelative(out, "inner/ok/a.dcm")).startsWithRaw(out.toAbsolutePath());
    }
}
