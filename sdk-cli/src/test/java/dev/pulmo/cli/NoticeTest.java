package dev.pulmo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.testing.SharedData;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * NOTICE lists every third-party jar that pulmo runs with: each jar of this module's class path that comes from the
 * Maven repository (groupId:artifactId, read from its path there) must be named in NOTICE as groupId:artifactId, except the test stack.
 * A new dependency without its NOTICE line fails here.
 */
class NoticeTest {

    /** Test-scope groups: on the test class path, never shipped. */
    private static final Set<String> TEST_ONLY = Set.of("org.junit.jupiter", "org.junit.platform", "org.opentest4j",
            "org.apiguardian", "org.assertj", "net.bytebuddy", "net.jqwik", "dev.pulmo");

    @Test
    void every_third_party_jar_on_the_class_path_is_in_notice() throws IOException {
        String notice = Files.readString(SharedData.repositoryRoot().resolve("NOTICE"), StandardCharsets.UTF_8);
        assertThat(System.getProperty("pulmo.maven.repository")).as("the build passes the local repository's path").isNotBlank();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> coordinates = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            // <repo>/<group as folders>/<artifactId>/<version>/<artifactId>-<version>.jar
            if (!entry.endsWith(".jar") || jar.getNameCount() < 4) {
                continue;
            }
            String version = jar.getParent().getFileName().toString();
            String artifact = jar.getParent().getParent().getFileName().toString();
            if (!jar.getFileName().toString().startsWith(artifact + "-" + version)) {
                continue; // not in a Maven repository layout (a module's own target/classes, say)
            }
            String group = groupOf(jar, artifact);
            if (!TEST_ONLY.contains(group)) {
                coordinates.add(group + ":" + artifact);
            }
        }
        assertThat(coordinates).as("third-party jars found on the class path").contains("info.picocli:picocli",
                "com.fasterxml.jackson.core:jackson-core", "org.apache.poi:poi");
        assertThat(coordinates).allSatisfy(c -> assertThat(notice).as("NOTICE names " + c).contains(c));
    }

    /** The groupId: the jar's folder in the local repository (the build passes its path), dots for slashes. */
    private static String groupOf(Path jar, String artifact) {
        Path repository = Path.of(System.getProperty("pulmo.maven.repository")).toAbsolutePath().normalize();
        Path groupFolder = jar.toAbsolutePath().normalize().getParent().getParent().getParent();
        assertThat(groupFolder).as(jar + " is in the local repository " + repository).startsWith(repository);
        return repository.relativize(groupFolder).toString().replace(File.separatorChar, '.');
    }
}
