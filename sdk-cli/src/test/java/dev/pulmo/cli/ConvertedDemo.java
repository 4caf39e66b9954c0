package dev.pulmo.cli;

import dev.pulmo.cli.CheckJsonCommandTest.Run;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One {@code pulmo demo} tree (seed 1, converted), made on first use and shared read-only by the tests of this JVM. */
final class ConvertedDemo {
    private static Path root;

    private ConvertedDemo() {
    }

    static synchronized Path root() {
        if (root == null) {
            try {
                Path dir = Files.createTempDirectory("pulmo-cli-demo").resolve("demo");
                Run r = CheckJsonCommandTest.run("demo", "--out", dir.toString());
                if (r.exitCode() != 0) {
                    throw new IllegalStateException("pulmo demo failed: " + r.out() + r.err());
                }
                root = dir.resolve("lung_cancer");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }
}
