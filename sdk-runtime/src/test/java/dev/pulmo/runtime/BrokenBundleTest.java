package dev.pulmo.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.runtime.testbundles.ExplodingPlugin;
import dev.pulmo.runtime.testbundles.QuietPlugin;
import dev.pulmo.runtime.testbundles.ThrowingActivator;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deliberately broken bundles next to a real plugin: each failure names its bundle and its cause, and the
 * good plugin still loads.
 */
class BrokenBundleTest {

    @Test
    void brokenBundlesAreReportedAndTheOthersStillLoad(@TempDir Path dir) throws IOException {
        Files.copy(SpecTables.testBundles().resolve("plugin-xray-0.1.0-SNAPSHOT.jar"), dir.resolve("xray.jar"));
        writeBundle(dir.resolve("a-missing-import.jar"), Map.of(
                "Bundle-SymbolicName", "test.missing-import",
                "Import-Package", "dev.pulmo.api.plugin,com.example.absent;version=\"[2.0,3)\""), Map.of());
        writeBundle(dir.resolve("b-exploding-component.jar"), Map.of(
                "Bundle-SymbolicName", "test.exploding-component",
                "Import-Package", "dev.pulmo.api,dev.pulmo.api.plugin",
                "Service-Component", "OSGI-INF/exploding.xml",
                "Provide-Capability", "osgi.service;objectClass:List<String>=\"" + ModalityPlugin.class.getName() + "\""),
                Map.of(classEntry(ExplodingPlugin.class), classBytes(ExplodingPlugin.class),
                        "OSGI-INF/exploding.xml", componentXml(ExplodingPlugin.class)));
        writeBundle(dir.resolve("c-throwing-activator.jar"), Map.of(
                "Bundle-SymbolicName", "test.throwing-activator",
                "Import-Package", "org.osgi.framework",
                "Bundle-Activator", ThrowingActivator.class.getName()),
                Map.of(classEntry(ThrowingActivator.class), classBytes(ThrowingActivator.class)));
        Files.writeString(dir.resolve("d-not-a-jar.jar"), "this is not a zip file");
        Map<String, byte[]> withOwnSpi = new HashMap<>(sdkApiClasses());
        withOwnSpi.put(classEntry(QuietPlugin.class), classBytes(QuietPlugin.class));
        withOwnSpi.put("OSGI-INF/quiet.xml", componentXml(QuietPlugin.class));
        writeBundle(dir.resolve("e-own-spi-copy.jar"), Map.of(
                "Bundle-SymbolicName", "test.own-spi-copy",
                "Private-Package", "dev.pulmo.api,dev.pulmo.api.plugin",
                "Service-Component", "OSGI-INF/quiet.xml",
                "Provide-Capability", "osgi.service;objectClass:List<String>=\"" + ModalityPlugin.class.getName() + "\""),
                withOwnSpi);

        try (PluginRegistry registry = PluginRegistry.bundles(List.of(dir))) {
            assertThat(registry.plugins()).extracting(p -> p.plugin().modality().code()).containsExactly("XRY");
            assertThat(registry.catalog().find("XRY")).isPresent();

            List<PluginProblem> problems = registry.problems();
            assertThat(problems).hasSize(5);
            assertThat(problems).filteredOn(p -> p.source().contains("d-not-a-jar.jar")).singleElement()
                    .satisfies(p -> assertThat(p.message()).startsWith("not an installable OSGi bundle")
                            .contains("ZipException"));
            assertThat(problem(problems, "test.missing-import 1.0.0 ("))
                    .startsWith("cannot be resolved: neither the host nor any bundle exports package com.example.absent"
                            + " [2.0.0,3.0.0) (Unable to resolve test.missing-import");
            assertThat(problem(problems, "test.exploding-component 1.0.0 ("))
                    .endsWith("component " + ExplodingPlugin.class.getName() + " failed to activate:"
                            + " java.lang.IllegalStateException: no licence file for the exploding modality");
            assertThat(problem(problems, "test.throwing-activator 1.0.0 ("))
                    .isEqualTo("its activator failed: java.lang.IllegalStateException: activator exploded on purpose");
            assertThat(problem(problems, "test.own-spi-copy 1.0.0 ("))
                    .startsWith("its service is not the host's dev.pulmo.api.plugin.ModalityPlugin")
                    .contains("must import package dev.pulmo.api.plugin, not contain its own copy");
        }
    }

    private static String problem(List<PluginProblem> problems, String sourcePrefix) {
        return problems.stream().filter(p -> p.source().startsWith("bundle " + sourcePrefix)).map(PluginProblem::message)
                .findFirst().orElseThrow(() -> new AssertionError("no problem for " + sourcePrefix + " in " + problems));
    }

    /** Every class of sdk-api's packages, as a careless plugin author would embed them. */
    private static Map<String, byte[]> sdkApiClasses() throws IOException {
        Path source;
        try {
            source = Path.of(ModalityPlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        Map<String, byte[]> classes = new HashMap<>();
        if (Files.isDirectory(source)) {
            try (var files = Files.walk(source.resolve("dev/pulmo/api"))) {
                for (Path f : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    classes.put(source.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                }
            }
        } else {
            try (JarFile jar = new JarFile(source.toFile())) {
                for (JarEntry e : Collections.list(jar.entries())) {
                    if (e.getName().startsWith("dev/pulmo/api/") && e.getName().endsWith(".class")) {
                        try (InputStream in = jar.getInputStream(e)) {
                            classes.put(e.getName(), in.readAllBytes());
                        }
                    }
                }
            }
        }
        assertThat(classes).containsKey(classEntry(ModalityPlugin.class));
        return classes;
    }

    private static String classEntry(Class<?> type) {
        return type.getName().replace('.', '/') + ".class";
    }

    private static byte[] classBytes(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream("/" + classEntry(type))) {
            return in.readAllBytes();
        }
    }

    private static byte[] componentXml(Class<?> type) {
        return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"" + type.getName() + "\">\n"
                + "  <implementation class=\"" + type.getName() + "\"/>\n"
                + "  <service><provide interface=\"" + ModalityPlugin.class.getName() + "\"/></service>\n"
                + "</scr:component>\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void writeBundle(Path jar, Map<String, String> headers, Map<String, byte[]> entries) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-Version", "1.0.0");
        headers.forEach(main::putValue);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                jarOut.putNextEntry(new JarEntry(e.getKey()));
                jarOut.write(e.getValue());
                jarOut.closeEntry();
            }
        }
    }
}
