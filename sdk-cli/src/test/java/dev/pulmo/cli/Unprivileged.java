package dev.pulmo.cli;

import dev.pulmo.cli.CheckJsonCommandTest.Run;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs {@code pulmo} as a user that file permissions apply to. Root reads every folder, so a test of "a folder that
 * cannot be read" means nothing as root: there the command runs in a separate JVM as {@code nobody} (through
 * {@code setpriv}, util-linux), with a world-readable copy of the test classpath. Any other user runs it in-process.
 */
final class Unprivileged {

    private static Path classpathCopy;

    private Unprivileged() {
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** @return whether {@link #run} can run as a user without root's powers here */
    static boolean available() {
        return !isRoot() || Files.isExecutable(Path.of("/usr/bin/setpriv"));
    }

    /** Makes {@code path} and everything under it readable (and folders enterable) by every user. */
    static void openToAll(Path path) throws IOException {
        try (Stream<Path> s = Files.walk(path)) {
            for (Path p : s.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxrwxrwx" : "rw-rw-rw-"));
            }
        }
        for (Path p = path.toAbsolutePath().getParent(); p != null && !p.equals(Path.of("/tmp")) && p.getParent() != null;
                p = p.getParent()) {
            if (Files.isWritable(p) && !Files.getPosixFilePermissions(p).contains(
                    java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE)) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx--x--x"));
            }
        }
    }

    static Run run(String... args) {
        if (!isRoot()) {
            return CheckJsonCommandTest.run(args);
        }
        try {
            List<String> command = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                    "--clear-groups", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", classpath(), Main.class.getName()));
            command.addAll(List.of(args));
            TestProcesses.Result r = TestProcesses.run(command, java.time.Duration.ofSeconds(120));
            return new Run(r.exitCode(), r.out(), r.err());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The test classpath copied where {@code nobody} may read it, once per JVM. */
    private static synchronized String classpath() throws IOException {
        if (classpathCopy == null) {
            Path dir = Files.createTempDirectory("pulmo-cp");
            int i = 0;
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path source = Path.of(entry);
                if (!Files.exists(source)) {
                    continue;
                }
                Path target = dir.resolve(String.format("%03d-", i++) + source.getFileName());
                if (Files.isDirectory(source)) {
                    TestProcesses.copyTree(source, target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            openToAll(dir);
            classpathCopy = dir;
        }
        try (Stream<Path> s = Files.list(classpathCopy)) {
            return String.join(File.pathSeparator, s.sorted().map(Path::toString).toList());
        }
    }
}
