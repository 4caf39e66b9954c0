package dev.pulmo.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.pulmo.api.CategoryDefinition;
import dev.pulmo.api.Finding;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.api.plugin.ImageContext;
import dev.pulmo.api.plugin.ModalityCatalog;
import dev.pulmo.api.plugin.ModalityPlugin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * The same assertions on the two ways a host finds plugins: {@code ServiceLoader} on the test classpath
 * (the plugin artifacts are test dependencies) and a real embedded Felix framework started on the real
 * bundle jars of the build (copied to target/test-bundles). Expectations come from SPEC.md's tables and
 * from pydicom's dumps of real DICOM files, not from the plugins' code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PluginRegistryTest {
    private PluginRegistry classpath;
    private PluginRegistry felix;

    @BeforeAll
    void start() {
        assertThat(SpecTables.testBundles().resolve("plugin-xray-0.1.0-SNAPSHOT.jar")).isRegularFile();
        classpath = PluginRegistry.classpath();
        felix = PluginRegistry.bundles(List.of(SpecTables.testBundles()));
    }

    @AfterAll
    void stop() {
        felix.close();
    }

    Stream<Arguments> registries() {
        return Stream.of(Arguments.of(Named.of("classpath", (Supplier<PluginRegistry>) () -> classpath)),
                Arguments.of(Named.of("felix", (Supplier<PluginRegistry>) () -> felix)));
    }

    @ParameterizedTest
    @MethodSource("registries")
    void loadsTheThreeGuidelineModalitiesAndTheExampleWithoutProblems(Supplier<PluginRegistry> registry) {
        assertThat(registry.get().problems()).isEmpty();
        assertThat(registry.get().plugins()).extracting(p -> p.plugin().modality().code())
                .containsExactlyInAnyOrder("XRY", "CCT", "PCT", "MMG");
    }

    @ParameterizedTest
    @MethodSource("registries")
    void folderPrefixAndGeometryAreSpecSectionOne(Supplier<PluginRegistry> registry) {
        Map<String, SpecTables.ModalityRow> spec = SpecTables.specModalities();
        assertThat(spec).containsOnlyKeys("XRY", "CCT", "PCT");
        ModalityCatalog catalog = registry.get().catalog();
        spec.values().forEach(row -> {
            ModalityPlugin plugin = catalog.find(row.code()).orElseThrow();
            assertThat(plugin.folderName()).isEqualTo(row.folder());
            assertThat(plugin.filePrefix()).isEqualTo(row.prefix());
            assertThat(plugin.exportRule().geometry().jsonName()).isEqualTo(row.geometry());
            assertThat(catalog.findByFolder(row.folder())).containsSame(plugin);
        });
    }

    @ParameterizedTest
    @MethodSource("registries")
    void categoryTablesAreSpecSectionThree(Supplier<PluginRegistry> registry) {
        Map<String, List<CategoryDefinition>> spec = SpecTables.specCategories();
        assertThat(spec).containsOnlyKeys("XRY", "CCT", "PCT");
        ModalityCatalog catalog = registry.get().catalog();
        spec.forEach((code, rows) -> {
            List<CategoryDefinition> table = catalog.find(code).orElseThrow().categoryTable().categories();
            assertThat(table).extracting(CategoryDefinition::id, CategoryDefinition::name,
                            CategoryDefinition::englishName, CategoryDefinition::groupId, CategoryDefinition::groupName)
                    .containsExactlyElementsOf(rows.stream().map(r -> tuple(
                            r.id(), r.name(), r.englishName(), r.groupId(), r.groupName())).toList());
        });
    }

    @ParameterizedTest
    @MethodSource("registries")
    void validatorsWorkEndToEndOnRealDicomHeaders(Supplier<PluginRegistry> registry) {
        ModalityCatalog catalog = registry.get().catalog();
        // CT_small.dcm: SliceThickness 5.0 mm, CT Image Storage
        ImageContext ct = SpecTables.dicomHeader("CT_small.dcm", CaseClass.MALIGNANT);
        assertThat(codes(catalog, "CCT", ct)).isEmpty();
        assertThat(codes(catalog, "PCT", ct)).isEmpty();
        // MR_small.dcm: SliceThickness 0.8 mm
        assertThat(codes(catalog, "CCT", SpecTables.dicomHeader("MR_small.dcm", CaseClass.BENIGN)))
                .containsExactly("cct.slice-thickness-out-of-range");
        // JPEG-LL.dcm: a whole-body emission image stored as Secondary Capture with ConversionType WSD
        assertThat(codes(catalog, "PCT", SpecTables.dicomHeader("JPEG-LL.dcm", CaseClass.MALIGNANT)))
                .containsExactly("pct.secondary-capture");
        // dx_image.dcm has no ViewPosition: the PA view cannot be confirmed
        assertThat(codes(catalog, "XRY", SpecTables.dicomHeader("dx_image.dcm", CaseClass.NORMAL)))
                .containsExactly("xry.view-not-pa");
    }

    private static List<String> codes(ModalityCatalog catalog, String modality, ImageContext image) {
        return catalog.find(modality).orElseThrow().validators().stream()
                .flatMap(v -> v.validate(image).stream()).map(Finding::code).toList();
    }

    @Test
    void theFelixPluginsComeFromTheirBundlesAndShareTheHostsSpi() {
        assertThat(felix.plugins()).extracting(LoadedPlugin::origin).containsExactly(
                "dev.pulmo.example-mammography-plugin 0.1.0.SNAPSHOT", "dev.pulmo.plugin-chest-ct 0.1.0.SNAPSHOT",
                "dev.pulmo.plugin-pet-ct 0.1.0.SNAPSHOT", "dev.pulmo.plugin-xray 0.1.0.SNAPSHOT");
        for (LoadedPlugin loaded : felix.plugins()) {
            Bundle bundle = FrameworkUtil.getBundle(loaded.plugin().getClass());
            assertThat(bundle).as("bundle of %s", loaded.plugin()).isNotNull();
            assertThat(bundle.getState()).isEqualTo(Bundle.ACTIVE);
            assertThat(loaded.plugin().getClass().getClassLoader()).isNotSameAs(getClass().getClassLoader());
        }
        assertThat(classpath.plugins()).extracting(LoadedPlugin::origin).containsOnly(LoadedPlugin.CLASSPATH);
        assertThat(classpath.plugins()).allSatisfy(p ->
                assertThat(p.plugin().getClass().getClassLoader()).isSameAs(getClass().getClassLoader()));
    }

    @Test
    void theExampleBundleDroppedInAFolderIsLoadedAlone(@TempDir Path dir) throws Exception {
        Files.copy(SpecTables.testBundles().resolve("example-mammography-plugin-0.1.0-SNAPSHOT.jar"),
                dir.resolve("mmg.jar"));
        try (PluginRegistry registry = PluginRegistry.bundles(List.of(dir, dir.resolve("absent")))) {
            assertThat(registry.problems()).isEmpty();
            ModalityPlugin mmg = registry.catalog().find("MMG").orElseThrow();
            assertThat(mmg.folderName()).isEqualTo("mammography");
            assertThat(mmg.categoryTable().categories()).hasSize(4);
            assertThat(registry.plugins()).singleElement().extracting(LoadedPlugin::origin)
                    .isEqualTo("dev.pulmo.example-mammography-plugin 0.1.0.SNAPSHOT");
        }
    }

    @Test
    void aModalityClaimedByTwoPluginsIsAClearError(@TempDir Path dir) throws Exception {
        Files.copy(SpecTables.testBundles().resolve("example-mammography-plugin-0.1.0-SNAPSHOT.jar"),
                dir.resolve("mmg.jar"));
        try (PluginRegistry both = PluginRegistry.combined(List.of(PluginRegistry.classpath(),
                PluginRegistry.bundles(List.of(dir))))) {
            assertThat(both.plugins()).hasSize(5);
            assertThatThrownBy(both::catalog)
                    .isInstanceOf(PluginException.class)
                    .hasMessage("modality code 'MMG' is claimed twice: by MMG (classpath) and by MMG"
                            + " (dev.pulmo.example-mammography-plugin 0.1.0.SNAPSHOT); remove one of the plugins");
        }
    }
}
