package dev.pulmo.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pulmo.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the README and the modules' READMEs is a whole program: it is compiled against this
 * module's class path (the {@code pulmo-sdk} dependency set, the plugins included) and its {@code main} is run; it must
 * neither fail to compile nor throw. A block that is not a compilation unit (no class) fails the test: a snippet a
 * reader cannot paste and run is the defect this test exists to catch.
 */
class ReadmeSnippetsTest {

    private static final Pattern JAVA_BLOCK = Pattern.compile("(?m)^```java\\R(.*?)^```", Pattern.DOTALL);
    private static final Pattern CLASS_NAME = Pattern.compile("(?m)^public (?:final )?class (\\w+)");

    /** One block: where it is, and its text. */
    record Snippet(Path readme, int line, String code) {
        String where() {
            return SharedData.repositoryRoot().relativize(readme) + ":" + line;
        }
    }

    static List<Path> readmes() throws IOException {
        Path root = SharedData.repositoryRoot();
        try (Stream<Path> files = Files.walk(root, 3)) {
            return files.filter(p -> p.getFileName().toString().matches("README.*\\.md"))
                    .filter(p -> root.relativize(p).toString().split("[/\\\\]").length <= 3)
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.git/")
                            && !p.toString().contains("/node_modules/"))
                    .sorted().toList();
        }
    }

    static List<Snippet> snippets(Path readme) {
        try {
            String text = Files.readString(readme, StandardCharsets.UTF_8);
            List<Snippet> found = new ArrayList<>();
            Matcher m = JAVA_BLOCK.matcher(text);
            while (m.find()) {
                int line = (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
                found.add(new Snippet(readme, line, m.group(1)));
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void the_readmes_are_found_and_hold_snippets() throws IOException {
        List<Path> readmes = readmes();
        assertThat(readmes).contains(SharedData.repositoryRoot().resolve("README.md"),
                SharedData.repositoryRoot().resolve("sdk-dicom/README-api.md"));
        assertThat(snippets(SharedData.repositoryRoot().resolve("README.md"))).isNotEmpty();
    }

    @Test
    void the_extractor_finds_each_block_and_its_line() throws IOException {
        Path readme = Files.createTempFile("README-x", ".md");
        Files.writeString(readme, "# t\n\n```java\nclass A {}\n```\ntext\n```sh\nls\n```\n```java\nclass B {}\n```\n");
        List<Snippet> found = snippets(readme);
        assertThat(found).extracting(Snippet::line).containsExactly(3, 10);
        assertThat(found).extracting(Snippet::code).containsExactly("class A {}\n", "class B {}\n");
        Files.delete(readme);
    }

    @TempDir
    static Path work;

    @TestFactory
    Stream<DynamicTest> every_snippet_compiles_and_runs() throws IOException {
        List<Snippet> all = new ArrayList<>();
        for (Path readme : readmes()) {
            all.addAll(snippets(readme));
        }
        return all.stream().map(s -> DynamicTest.dynamicTest(s.where(), () -> compileAndRun(s)));
    }

    private static void compileAndRun(Snippet s) throws Exception {
        Matcher name = CLASS_NAME.matcher(s.code());
        if (!name.find()) {
            fail(s.where() + ": a Java snippet must be a whole program (its imports and a public class with main), "
                    + "so that a reader can paste and run it");
        }
        Path dir = Files.createDirectories(work.resolve("snippet-" + s.line() + "-" + s.readme().getFileName()));
        Path source = dir.resolve(name.group(1) + ".java");
        Files.writeString(source, s.code(), StandardCharsets.UTF_8);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean compiled = javac.getTask(diagnostics, null, null,
                List.of("-classpath", classPath(), "-d", dir.toString(), "-proc:none", "-Xlint:none"), null,
                javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(source.toFile())).call();
        assertThat(compiled).as(s.where() + " does not compile:\n" + diagnostics).isTrue();

        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, ReadmeSnippetsTest.class.getClassLoader())) {
            Method main = loader.loadClass(name.group(1)).getMethod("main", String[].class);
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[0]);
        } catch (InvocationTargetException e) {
            throw new AssertionError(s.where() + " throws when run: " + e.getCause(), e.getCause());
        } finally {
            System.setOut(stdout);
        }
        stdout.println(s.where() + " printed:\n" + printed.toString(StandardCharsets.UTF_8));
    }

    /** The test's class path as surefire gives it (a manifest-only jar hides it from java.class.path). */
    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
