package dev.pulmo.dicom.pixel.internal.j2k;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The independent JPEG 2000 tools the oracle tests run (Debian: libopenjp2-tools, openjph-tools, libgdcm-tools). */
final class ExternalTools {
    private ExternalTools() {
    }

    static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** Skips the calling test, naming the tool and its Debian package, when a tool is missing. */
    static void require(String tool, String debianPackage) {
        assumeTrue(onPath(tool), tool + " is not installed (Debian package " + debianPackage + "); skipped");
    }

    /** Runs a tool; fails the test with its output when it exits non-zero or takes over a minute. */
    static String run(Path workingDirectory, String... command) {
        List<String> args = new ArrayList<>(Arrays.asList(command));
        try {
            Process process = new ProcessBuilder(args).directory(workingDirectory.toFile()).redirectErrorStream(true)
                    .start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", args) + " took over 60 s");
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", args) + " exited " + process.exitValue() + ":\n" + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
