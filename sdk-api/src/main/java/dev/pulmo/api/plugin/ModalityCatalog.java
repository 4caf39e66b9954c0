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

    /** All plugins, in the order they were given. */
    public List<ModalityPlugin> all() {
        return List.copyOf(byCode.values());
    }
}
