package dev.pulmo.runtime;

import dev.pulmo.api.plugin.ModalityCatalog;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.runtime.internal.ClasspathRegistry;
import dev.pulmo.runtime.internal.CombinedRegistry;
import dev.pulmo.runtime.internal.OsgiBundleRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The modality plugins a host found, with the ones that failed to load. Open it with {@link #classpath()},
 * {@link #bundles(List)} or {@link #combined(List)}; close it to stop an embedded framework (closing a
 * classpath registry does nothing). The plugins it handed out must not be used after it is closed.
 */
@ProviderType
public interface PluginRegistry extends AutoCloseable {

    /** How long {@link #bundles(List)} waits for a started bundle's plugin services by default. */
    Duration DEFAULT_SERVICE_TIMEOUT = Duration.ofSeconds(10);

    /** The plugins that loaded, in a stable order (classpath order; bundles by file name). */
    List<LoadedPlugin> plugins();

    /** The plugins that failed to load, each naming its bundle or class and the cause; empty when none failed. */
    List<PluginProblem> problems();

    /**
     * A catalog of {@link #plugins()}.
     *
     * @throws PluginException when two plugins claim the same modality code, folder name or file prefix; the
     *                         message names both plugins' origins
     */
    default ModalityCatalog catalog() {
        List<LoadedPlugin> loaded = plugins();
        checkUnique(loaded, p -> p.modality().code(), "modality code");
        checkUnique(loaded, ModalityPlugin::folderName, "folder name");
        checkUnique(loaded, ModalityPlugin::filePrefix, "file prefix");
        return ModalityCatalog.of(loaded.stream().map(LoadedPlugin::plugin).toList());
    }

    /** Stops what the registry started; never throws. */
    @Override
    void close();

    /** The plugins registered in {@code META-INF/services} on this class's class loader's classpath. */
    static PluginRegistry classpath() {
        return classpath(ModalityPlugin.class.getClassLoader());
    }

    /**
     * The plugins registered in {@code META-INF/services} as seen by {@code loader}: for hosts whose plugin jars are in
     * a child class loader of the SDK's, such as a Spark executor's loader of {@code --jars}.
     */
    static PluginRegistry classpath(ClassLoader loader) {
        return ClasspathRegistry.load(loader);
    }

    /** {@link #bundles(List, Duration)} with {@link #DEFAULT_SERVICE_TIMEOUT}. */
    static PluginRegistry bundles(List<Path> folders) {
        return bundles(folders, DEFAULT_SERVICE_TIMEOUT);
    }

    /**
     * Starts an embedded OSGi framework, installs and starts every {@code *.jar} in {@code folders} (not
     * recursive; a folder that does not exist is skipped) and collects the {@link ModalityPlugin} services
     * the bundles register through Declarative Services. The host exports the SDK's packages to the bundles
     * as its SDK jars' manifests declare them ({@code Export-Package} of the {@code dev.pulmo} packages), so
     * the services share the host's SPI classes. A bundle that cannot be installed, resolved or activated is
     * reported in {@link #problems()}; the others still load.
     *
     * @param serviceTimeout how long to wait for a started bundle that declares a {@code ModalityPlugin}
     *                       service to register it
     * @throws PluginException when the framework itself cannot start, or the host's classpath has no SDK
     *                         manifests to derive its exports from
     */
    static PluginRegistry bundles(List<Path> folders, Duration serviceTimeout) {
        return OsgiBundleRegistry.start(folders, serviceTimeout);
    }

    /** The union of {@code registries}, in order; closing it closes them all. */
    static PluginRegistry combined(List<PluginRegistry> registries) {
        return new CombinedRegistry(registries);
    }

    private static void checkUnique(List<LoadedPlugin> loaded, Function<ModalityPlugin, String> key, String what) {
        Map<String, LoadedPlugin> seen = new HashMap<>();
        for (LoadedPlugin p : loaded) {
            LoadedPlugin first = seen.putIfAbsent(key.apply(p.plugin()), p);
            if (first != null) {
                throw new PluginException(what + " '" + key.apply(p.plugin()) + "' is claimed twice: by "
                        + first.plugin().modality().code() + " (" + first.origin() + ") and by "
                        + p.plugin().modality().code() + " (" + p.origin() + "); remove one of the plugins");
            }
        }
    }
}
