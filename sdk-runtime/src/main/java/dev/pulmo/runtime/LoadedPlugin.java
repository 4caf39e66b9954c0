package dev.pulmo.runtime;

import dev.pulmo.api.plugin.ModalityPlugin;
import java.util.Objects;

/**
 * A plugin and where it came from.
 *
 * @param plugin the plugin, usable directly as a {@link ModalityPlugin} (its SPI classes are the host's)
 * @param origin {@value #CLASSPATH} for a plugin found by {@code ServiceLoader}, or the bundle's symbolic
 *               name and version, such as {@code dev.pulmo.plugin-xray 0.1.0.SNAPSHOT}
 */
public record LoadedPlugin(ModalityPlugin plugin, String origin) {
    /** The origin of plugins found on the plain classpath. */
    public static final String CLASSPATH = "classpath";

    public LoadedPlugin {
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(origin, "origin");
    }
}
