package dev.pulmo.spark.internal;

import dev.pulmo.api.plugin.ModalityCatalog;
import dev.pulmo.runtime.PluginProblem;
import dev.pulmo.runtime.PluginRegistry;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The modality plugins of this JVM, found with {@link java.util.ServiceLoader} through the thread's context class loader:
 * on an executor that loader holds the application's jars and those passed with {@code --jars}, so plugin jars reach
 * every executor without an OSGi framework. Loaded once per loader (a task must not pay for it).
 */
public final class Catalogs {
    private static final Map<ClassLoader, ModalityCatalog> LOADED = new WeakHashMap<>();

    private Catalogs() {
    }

    /** The catalog of the current thread's context class loader. */
    public static synchronized ModalityCatalog current() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = Catalogs.class.getClassLoader();
        }
        ModalityCatalog catalog = LOADED.get(loader);
        if (catalog == null) {
            try (PluginRegistry registry = PluginRegistry.classpath(loader)) {
                for (PluginProblem p : registry.problems()) {
                    System.err.println("pulmo-spark: plugin not loaded: " + p);
                }
                catalog = registry.catalog();
            }
            LOADED.put(loader, catalog);
        }
        return catalog;
    }
}
