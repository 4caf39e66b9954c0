package dev.pulmo.runtime.internal;

import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.runtime.LoadedPlugin;
import dev.pulmo.runtime.PluginProblem;
import dev.pulmo.runtime.PluginRegistry;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** The plugins listed in {@code META-INF/services} on a class loader's classpath. */
public final class ClasspathRegistry implements PluginRegistry {
    private final List<LoadedPlugin> plugins;
    private final List<PluginProblem> problems;

    private ClasspathRegistry(List<LoadedPlugin> plugins, List<PluginProblem> problems) {
        this.plugins = List.copyOf(plugins);
        this.problems = List.copyOf(problems);
    }

    /** Instantiates every provider; one that cannot be loaded or constructed becomes a problem. */
    public static ClasspathRegistry load(ClassLoader loader) {
        List<LoadedPlugin> plugins = new ArrayList<>();
        List<PluginProblem> problems = new ArrayList<>();
        Iterator<ModalityPlugin> providers = ServiceLoader.load(ModalityPlugin.class, loader).iterator();
        while (true) {
            try {
                if (!providers.hasNext()) {
                    break;
                }
                plugins.add(new LoadedPlugin(providers.next(), LoadedPlugin.CLASSPATH));
            } catch (ServiceConfigurationError e) {
                // ServiceLoader's message names the provider class and the cause; it moves on to the next one
                problems.add(new PluginProblem(LoadedPlugin.CLASSPATH, describe(e)));
            }
        }
        return new ClasspathRegistry(plugins, problems);
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            sb.append(": ").append(c);
        }
        return sb.toString();
    }

    @Override
    public List<LoadedPlugin> plugins() {
        return plugins;
    }

    @Override
    public List<PluginProblem> problems() {
        return problems;
    }

    @Override
    public void close() {
        // nothing was started
    }
}
