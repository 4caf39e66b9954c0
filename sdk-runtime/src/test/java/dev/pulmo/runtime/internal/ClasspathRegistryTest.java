package dev.pulmo.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.runtime.LoadedPlugin;
import dev.pulmo.runtime.PluginProblem;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClasspathRegistryTest {

    @Test
    void aProviderThatCannotBeLoadedIsAProblemAndTheOthersStillLoad(@TempDir Path dir) throws IOException {
        Path services = dir.resolve("META-INF/services/" + ModalityPlugin.class.getName());
        Files.createDirectories(services.getParent());
        Files.writeString(services, "com.example.NoSuchPlugin\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            ClasspathRegistry registry = ClasspathRegistry.load(loader);
            assertThat(registry.plugins()).extracting(p -> p.plugin().modality().code())
                    .containsExactlyInAnyOrder("XRY", "CCT", "PCT", "MMG");
            assertThat(registry.problems()).singleElement().satisfies((PluginProblem p) -> {
                assertThat(p.source()).isEqualTo(LoadedPlugin.CLASSPATH);
                assertThat(p.message()).contains("com.example.NoSuchPlugin").contains("not found");
            });
        }
    }
}
