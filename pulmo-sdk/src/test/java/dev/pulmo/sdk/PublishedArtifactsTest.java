package dev.pulmo.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What embedders see of the build: the BOM manages every published module at the build's version, and every pom
 * carries the licence (its own, or pulmo-parent's by inheritance). Reads the poms as text, as a reviewer would.
 */
class PublishedArtifactsTest {

    /** Modules that are not published: test helpers, benchmarks, examples, and the BOM itself. */
    private static final Set<String> NOT_PUBLISHED = Set.of("test-support", "benchmarks", "example-mammography-plugin", "pulmo-bom");

    private static final Path ROOT = SharedData.repositoryRoot();

    private static String pom(String module) throws IOException {
        return Files.readString(ROOT.resolve(module).resolve("pom.xml"), StandardCharsets.UTF_8);
    }

    private static List<String> modules() throws IOException {
        List<String> modules = new ArrayList<>();
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(pom("."));
        while (m.find()) {
            modules.add(m.group(1));
        }
        return modules;
    }

    /** The project's own artifactId: the first one after the parent element, if any. */
    private static String artifactId(String pom) {
        String own = pom.replaceFirst("(?s)<parent>.*?</parent>", "");
        Matcher m = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(own);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void the_bom_manages_every_published_module_at_the_build_version() throws IOException {
        Set<String> published = new TreeSet<>();
        for (String module : modules()) {
            String id = artifactId(pom(module));
            if (!NOT_PUBLISHED.contains(id)) {
                published.add(id);
            }
        }
        String bom = pom("pulmo-bom");
        Set<String> managed = new TreeSet<>();
        Matcher m = Pattern.compile("<groupId>dev\\.pulmo</groupId><artifactId>([^<]+)</artifactId><version>\\$\\{project\\.version}</version>")
                .matcher(bom);
        while (m.find()) {
            managed.add(m.group(1));
        }
        assertThat(managed).as("pulmo-bom's managed artifacts").isEqualTo(published);
        assertThat(published).contains("pulmo-sdk", "sdk-api", "plugin-xray", "plugin-chest-ct", "plugin-pet-ct");
        assertThat(version(bom)).isEqualTo(version(pom(".")));
        assertThat(bom).as("the BOM must not import pulmo-parent's third-party versions").doesNotContain("<parent>");
    }

    private static String version(String pom) {
        Matcher m = Pattern.compile("<artifactId>(?:pulmo-parent|pulmo-bom)</artifactId>\\s*<version>([^<]+)</version>").matcher(pom);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void every_pom_carries_the_apache_licence() throws IOException {
        String licence = "<name>Apache License, Version 2.0</name>";
        assertThat(pom(".")).contains(licence);
        for (String module : modules()) {
            String pom = pom(module);
            assertThat(pom.contains(licence) || pom.contains("<artifactId>pulmo-parent</artifactId>"))
                    .as(module + "/pom.xml declares the licence or inherits it from pulmo-parent").isTrue();
        }
        assertThat(Files.readString(ROOT.resolve("LICENSE"))).contains("Apache License").contains("Version 2.0, January 2004");
        assertThat(Files.readString(ROOT.resolve("NOTICE"))).contains("Apache License, Version 2.0");
    }

    @Test
    void the_sdk_dependency_brings_the_three_modalities() {
        // on this module's test class path exactly as an embedder's class path gets them from pulmo-sdk
        try (var registry = dev.pulmo.runtime.PluginRegistry.classpath()) {
            assertThat(registry.plugins()).extracting(p -> p.plugin().modality().code()).containsExactlyInAnyOrder("XRY", "CCT", "PCT");
        }
    }
}
