package dev.pulmo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data archive that {@code ./pulmo} makes (a class list from a run, then {@code -Xshare:dump}) holds every
 * class of picocli that a command loads. picocli is compiled for Java 5, and JDK 17 leaves such a class out of an
 * archive once the dump has linked it, which a lambda for one of its interfaces makes the dump do: four lambdas once
 * kept 40 of picocli's classes out, to be read from the jar and verified at every start (about 10 ms of each).
 */
class ClassDataArchiveTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Test
    void picocliClassesThatACommandLoadsComeFromTheArchive(@TempDir Path dir) throws IOException {
        String classPath = jarredClassPath(dir);
        Path list = dir.resolve("classes.lst");
        Path archive = dir.resolve("pulmo.jsa");
        List<String> command = List.of("mask2poly", "--help");

        TestProcesses.Result listed = TestProcesses.run(java("-XX:DumpLoadedClassList=" + list, "-cp", classPath,
                Main.class.getName(), command), TIMEOUT);
        assertThat(listed.exitCode()).as(listed.text()).isZero();
        // what makes the check meaningful: the command loads picocli's type converters and its handler interfaces
        assertThat(Files.readAllLines(list)).contains("picocli/CommandLine$BuiltIn$IntegerConverter",
                "picocli/CommandLine$IParameterExceptionHandler");

        TestProcesses.Result dumped = TestProcesses.run(java("-Xshare:dump", "-XX:SharedClassListFile=" + list,
                "-XX:SharedArchiveFile=" + archive, "-Xlog:cds=warning", "-cp", classPath), TIMEOUT);
        assertThat(dumped.exitCode()).as(dumped.text()).isZero();
        assertThat(dumped.text().lines().filter(l -> l.contains("Skipping") && (l.contains("picocli") || l.contains("dev/pulmo"))))
                .as("classes the dump left out").isEmpty();

        TestProcesses.Result run = TestProcesses.run(java("-XX:SharedArchiveFile=" + archive, "-Xshare:on",
                "-Xlog:class+load=info", "-cp", classPath, Main.class.getName(), command), TIMEOUT);
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<String> picocli = run.out().lines().filter(l -> l.contains(" picocli.")).toList();
        assertThat(picocli).as("picocli classes loaded").hasSizeGreaterThan(100);
        assertThat(picocli).as("picocli classes not from the archive")
                .allSatisfy(l -> assertThat(l).contains("source: shared objects file"));
    }

    private static List<String> java(Object... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (Object a : arguments) {
            if (a instanceof List<?> l) {
                l.forEach(e -> command.add(e.toString()));
            } else {
                command.add(a.toString());
            }
        }
        return command;
    }

    /** This test's class path with each folder made a jar: an archive's class path may hold jars only. */
    private static String jarredClassPath(Path dir) throws IOException {
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            if (Files.isDirectory(p)) {
                Path jar = dir.resolve("folder" + n++ + ".jar");
                jar(p, jar);
                entries.add(jar.toString());
            } else if (Files.isRegularFile(p)) {
                entries.add(entry);
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static void jar(Path folder, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(folder)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                out.putNextEntry(new JarEntry(folder.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out); // does not close out
                out.closeEntry();
            }
        }
    }
}
