package dev.pulmo.cocojson;

import dev.pulmo.testing.SharedData;
import dev.pulmo.api.plugin.ModalityCatalog;
import dev.pulmo.api.plugin.ModalityPlugin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

/** The hand-written sample files of {@code examples/guideline-json} and the real plugins' catalog. */
final class Samples {
    static final Path DIR = SharedData.repositoryRoot().resolve("examples/guideline-json");
    static final Path XRY = DIR.resolve("xry_A000001_1_1.json");
    static final Path CCT = DIR.resolve("cct_B000002_3_42.json");
    static final Path PCT = DIR.resolve("pct_C000003_2_17.json");
    static final List<Path> ALL = List.of(XRY, CCT, PCT);

    static final ModalityCatalog CATALOG = ModalityCatalog.of(
            ServiceLoader.load(ModalityPlugin.class).stream().map(ServiceLoader.Provider::get).toList());

    private Samples() {
    }
}
