package dev.pulmo.cli;

import dev.pulmo.api.io.TerminalText;
import dev.pulmo.runtime.PluginProblem;
import dev.pulmo.runtime.PluginRegistry;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code --plugins DIR} option shared by every command that needs the modalities ({@code plugins},
 * {@code check-json}, {@code convert}, {@code validate}, …), and the one place the CLI loads them: the
 * plugins on its classpath (the three guideline modalities) plus the OSGi bundles in each {@code --plugins}
 * folder and in a {@code plugins/} folder next to {@code pulmo.jar}, run in an embedded OSGi framework.
 * A bundle that fails to load is reported on standard error and the others are used.
 *
 * <p>Use: {@code @Mixin PluginOptions plugins;} then
 * {@code try (PluginRegistry registry = plugins.open()) { ModalityCatalog catalog = registry.catalog(); … }}.
 */
public final class PluginOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--plugins", paramLabel = "DIR",
            description = "A folder of modality plugin bundles (*.jar) to load besides the built-in ones;"
                    + " may be repeated. A plugins/ folder next to pulmo.jar is always loaded.")
    List<Path> folders = new ArrayList<>();

    /**
     * The plugins, classpath first; the caller closes the registry. Problems are printed to the command's
     * standard error as they are found.
     *
     * @throws ParameterException when a {@code --plugins} folder is not a folder (exit status 2)
     */
    public PluginRegistry open() {
        List<Path> bundleFolders = new ArrayList<>();
        for (Path folder : folders) {
            bundleFolders.add(InputChecks.folder(spec.commandLine(), "--plugins", folder,
                    "of plugin bundles, *.jar; for one jar, give the folder that holds it"));
        }
        besideTheJar().filter(Files::isDirectory).ifPresent(bundleFolders::add);
        List<PluginRegistry> registries = new ArrayList<>();
        registries.add(PluginRegistry.classpath());
        if (!bundleFolders.isEmpty()) {
            registries.add(PluginRegistry.bundles(bundleFolders));
        }
        PluginRegistry registry = PluginRegistry.combined(registries);
        for (PluginProblem problem : registry.problems()) {
            spec.commandLine().getErr().println("pulmo: plugin not loaded: " + TerminalText.escape(String.valueOf(problem)));
        }
        return registry;
    }

    /** {@code plugins/} next to the jar this class was loaded from; empty when run from class folders. */
    static Optional<Path> besideTheJar() {
        CodeSource source = PluginOptions.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        try {
            Path location = Path.of(source.getLocation().toURI());
            return location.getFileName() != null && location.getFileName().toString().endsWith(".jar")
                    ? Optional.of(location.resolveSibling("plugins")) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
