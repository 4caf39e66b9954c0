package dev.pulmo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginsCommandTest {

    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PulmoCommand.newCommandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** The example plugin bundle the reactor built (sdk-runtime depends on it, so it is built before this module). */
    static Path exampleBundle() {
        String jar = "examples/mammography-plugin/target/example-mammography-plugin-0.1.0-SNAPSHOT.jar";
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(jar))) {
                return p.resolve(jar);
            }
        }
        throw new IllegalStateException(jar + " not found: build examples/mammography-plugin first");
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(n -> values.add(n.get(field).asText()));
        return values;
    }

    @Test
    void listsTheBuiltInModalitiesAsJson() throws Exception {
        Run r = run("plugins", "--format", "json");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode list = new ObjectMapper().readTree(r.out());
        assertThat(texts(list, "code")).containsExactlyInAnyOrder("XRY", "CCT", "PCT");
        for (JsonNode m : list) {
            assertThat(m.get("bundle").asText()).isEqualTo("classpath");
            switch (m.get("code").asText()) {
                // SPEC.md §1 and §3, by hand
                case "XRY" -> {
                    assertThat(m.get("folder").asText()).isEqualTo("x-ray");
                    assertThat(m.get("prefix").asText()).isEqualTo("xry");
                    assertThat(m.get("geometry").asText()).isEqualTo("box");
                    assertThat(m.get("categories")).hasSize(9);
                }
                case "CCT" -> {
                    assertThat(m.get("folder").asText()).isEqualTo("chest-ct");
                    assertThat(m.get("geometry").asText()).isEqualTo("polygon");
                    JsonNode effusion = m.get("categories").get(7);
                    assertThat(effusion.get("id").asInt()).isEqualTo(8);
                    assertThat(effusion.get("name").asText()).isEqualTo("흉막_삼출");
                    assertThat(effusion.get("grp_id").asInt()).isEqualTo(2);
                    assertThat(effusion.get("grp_name").asText()).isEqualTo("양성");
                    assertThat(effusion.get("english_name").asText()).isEqualTo("pleural effusion");
                    assertThat(texts(m.get("validators"), "code")).containsExactly("cct.slice-thickness-out-of-range");
                    assertThat(texts(m.get("series_validators"), "code"))
                            .containsExactly("cct.slice-gap", "cct.slice-thickness-inconsistent", "nodule.too-small");
                }
                case "PCT" -> {
                    assertThat(m.get("prefix").asText()).isEqualTo("pct");
                    assertThat(m.get("geometry").asText()).isEqualTo("box");
                    assertThat(texts(m.get("categories"), "name"))
                            .containsExactly("악성_림프절", "폐_병변_악성", "양성_림프절", "폐_병변_양성");
                }
                default -> throw new AssertionError(m);
            }
        }
    }

    @Test
    void aBundleDroppedInAPluginsFolderIsListedWithoutRebuilding(@TempDir Path dir) throws Exception {
        Files.copy(exampleBundle(), dir.resolve("mammography.jar"));
        Run r = run("plugins", "--format", "json", "--plugins", dir.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.exitCode()).isZero();
        JsonNode list = new ObjectMapper().readTree(r.out());
        assertThat(texts(list, "code")).containsExactlyInAnyOrder("XRY", "CCT", "PCT", "MMG");
        JsonNode mmg = list.findParents("code").stream().filter(n -> n.get("code").asText().equals("MMG"))
                .findFirst().orElseThrow();
        assertThat(mmg.get("bundle").asText()).isEqualTo("dev.pulmo.example-mammography-plugin 0.1.0.SNAPSHOT");
        assertThat(mmg.get("folder").asText()).isEqualTo("mammography");
        assertThat(mmg.get("geometry").asText()).isEqualTo("box");
        assertThat(texts(mmg.get("categories"), "english_name")).contains("malignant calcification");
    }

    @Test
    void textListingShowsEachModalityItsCategoriesAndRules() {
        Run r = run("plugins");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("XRY  X-ray  (folder x-ray, prefix xry, box; classpath)")
                .contains("   8  흉막_삼출  pleural effusion  [group 2 양성]")
                .contains("  rule xry.view-not-pa: ")
                .endsWith("3 modalities" + System.lineSeparator());
    }

    @Test
    void aBrokenBundleIsReportedAndTheOthersAreStillListed(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("broken.jar"), "not a jar");
        Run r = run("plugins", "--plugins", dir.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).startsWith("pulmo: plugin not loaded: " + dir.resolve("broken.jar")
                + ": not an installable OSGi bundle");
        assertThat(r.out()).contains("XRY", "CCT", "PCT").contains("3 modalities");
    }

    @Test
    void aMissingPluginsFolderIsAUsageError(@TempDir Path dir) {
        Run r = run("plugins", "--plugins", dir.resolve("absent").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--plugins " + dir.resolve("absent") + ": expected a folder (of plugin bundles, *.jar; "
                + "for one jar, give the folder that holds it), no such folder");
    }

    @Test
    void aJarGivenAsPluginsFolderSaysAFolderIsExpected(@TempDir Path dir) throws Exception {
        Path jar = Files.writeString(dir.resolve("x.jar"), "not a folder");
        Run r = run("plugins", "--plugins", jar.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--plugins " + jar + ": expected a folder (of plugin bundles, *.jar; "
                + "for one jar, give the folder that holds it), found a file");
    }

    /** A guideline JSON file of the example modality, written by hand from its README's table. */
    private static final String MAMMOGRAM_JSON = """
            {
              "info": {"description": "mammography sample", "version": "1.0", "contributor": "Pulmo test",
                       "date_created": "2024-01-02 03-04-05"},
              "categories": [
                {"supercategory": "MMG", "supercategory_name": "Mammography", "grp_id": 1, "grp_name": "악성", "id": 1, "name": "악성_종괴"},
                {"supercategory": "MMG", "supercategory_name": "Mammography", "grp_id": 1, "grp_name": "악성", "id": 2, "name": "악성_석회화"},
                {"supercategory": "MMG", "supercategory_name": "Mammography", "grp_id": 2, "grp_name": "양성", "id": 3, "name": "양성_종괴"},
                {"supercategory": "MMG", "supercategory_name": "Mammography", "grp_id": 2, "grp_name": "양성", "id": 4, "name": "양성_석회화"}
              ],
              "images": [
                {"id": 1, "file_name": "mmg_M000001_1_1.dcm", "patient_id": "M000001", "series_id": "1", "image_id": "1",
                 "width": 3328, "height": 4096, "date_captured": "2023-05-06 07-08-09", "modality": "MMG",
                 "manufacturer": "Hologic", "manufacturer ModelName": "Selenia Dimensions"}
              ],
              "annotations": [
                {"id": 1, "image_id": 1, "category_id": 2, "iscrowd": 0, "area": 1200.0, "bbox": [100.0, 200.0, 140.0, 230.0],
                 "toolname": "PulmoAnnotator", "segmentation": [100.0, 200.0, 140.0, 200.0, 140.0, 230.0, 100.0, 230.0],
                 "width": 40.0, "height": 30.0}
              ]
            }
            """;

    @Test
    void aDroppedBundleIsUsedByCheckJsonWithoutRebuilding(@TempDir Path dir) throws Exception {
        Path plugins = Files.createDirectory(dir.resolve("plugins"));
        Files.copy(exampleBundle(), plugins.resolve("mammography.jar"));
        Path json = Files.writeString(dir.resolve("mmg_M000001_1_1.json"), MAMMOGRAM_JSON);

        Run without = run("check-json", json.toString());
        assertThat(without.exitCode()).isEqualTo(1);
        assertThat(without.out()).contains("MMG");

        Run with = run("check-json", "--plugins", plugins.toString(), json.toString());
        assertThat(with.err()).isEmpty();
        assertThat(with.out()).contains("checked: 0 errors, 0 warnings");
        assertThat(with.exitCode()).isZero();
    }
}
