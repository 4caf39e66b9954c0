package dev.pulmo.api.plugin;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The modalities known at run time, by code. Built by the runtime from the plugins it found; validators
 * and converters look modalities up here instead of naming them.
 */
public final class ModalityCatalog {
    private final Map<String, ModalityPlugin> byCode;

    private ModalityCatalog(Map<String, ModalityPlugin> byCode) {
        this.byCode = byCode;
    }

    /**
     * A catalog of these plugins.
     *
     * @throws IllegalArgumentException when two plugins claim the same modality code, folder or prefix
     */
    public static ModalityCatalog of(Collection<? extends ModalityPlugin> plugins) {
        Map<String, ModalityPlugin> map = new LinkedHashMap<>();
        for (ModalityPlugin p : plugins) {
            for (ModalityPlugin q : map.values()) {
                if (q.folderName().equals(p.folderName()) || q.filePrefix().equals(p.filePrefix())) {
                    throw new IllegalArgumentException("plugins for " + q.modality().code() + " and "
                            + p.modality().code() + " claim the same folder or file prefix");
                }
            }
            ModalityPlugin previous = map.putIfAbsent(p.modality().code(), p);
            if (previous != null) {
                throw new IllegalArgumentException("two plugins claim modality " + p.modality().code() + ": "
                        + previous.getClass().getName() + " and " + p.getClass().getName());
            }
        }
        return new ModalityCatalog(map);
    }

    /** The plugin for modality {@code code}, if one is loaded. */
    public Optional<ModalityPlugin> find(String code) {
        return Optional.ofNullable(byCode.get(code));
    }

    /** The plugin whose folder is {@code folderName}, if one is loaded. */
    public Optional<ModalityPlugin> findByFolder(String folderName) {
        return byCode.values().stream().filter(p -> p.folderName().equals(folderName)).findFirst();
    }

    /**
     * The loaded modality codes for a message, e.g. {@code "known: XRY, CCT, PCT"}; when the catalog is empty, a
     * sentence saying that no modality plugin is loaded and how to add one. Every "unknown modality" message ends
     * with it, so that an embedder who forgot the plugins learns why nothing is known.
     */
    public String describeKnown() {
        return byCode.isEmpty() ? NO_PLUGIN : "known: " + String.join(", ", byCode.keySet());
    }

    /**
     * The loaded modality folders for a message, e.g. {@code "known: chest-ct, x-ray"}, or the sentence of
     * {@link #describeKnown()} when no plugin is loaded.
     */
    public String describeKnownFolders() {
        return byCode.isEmpty() ? NO_PLUGIN
                : "known: " + String.join(", ", byCode.values().stream().map(ModalityPlugin::folderName).toList());
    }

    /** What {@link #describeKnown()} says of an empty catalog. */
    public static final String NO_PLUGIN = "no modality plugin is loaded: none is on the classpath. Add the dependency "
            + "dev.pulmo:pulmo-sdk (the SDK with the X-ray, chest CT and PET-CT plugins) or the plugin jars "
            + "dev.pulmo:plugin-xray, plugin-chest-ct, plugin-pet-ct; or load plugin bundles with PluginRegistry.bundles";

    /** All plugins, in the order they were given. */
    public List<ModalityPlugin> all() {
        return List.copyOf(byCode.values());
    }
}
