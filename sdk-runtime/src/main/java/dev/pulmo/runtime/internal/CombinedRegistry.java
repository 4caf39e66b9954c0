package dev.pulmo.runtime.internal;

import dev.pulmo.runtime.LoadedPlugin;
import dev.pulmo.runtime.PluginProblem;
import dev.pulmo.runtime.PluginRegistry;
import java.util.List;

/** Several registries seen as one, in the order given. */
public final class CombinedRegistry implements PluginRegistry {
    private final List<PluginRegistry> parts;

    public CombinedRegistry(List<PluginRegistry> parts) {
        this.parts = List.copyOf(parts);
    }

    @Override
    public List<LoadedPlugin> plugins() {
        return parts.stream().flatMap(r -> r.plugins().stream()).toList();
    }

    @Override
    public List<PluginProblem> problems() {
        return parts.stream().flatMap(r -> r.problems().stream()).toList();
    }

    @Override
    public void close() {
        parts.forEach(PluginRegistry::close);
    }
}
