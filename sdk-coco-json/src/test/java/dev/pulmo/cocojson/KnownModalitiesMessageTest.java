package dev.pulmo.cocojson;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.Finding;
import dev.pulmo.api.plugin.ModalityCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An unknown modality names the loaded ones; with none loaded, says that the plugins are missing and how to add them. */
class KnownModalitiesMessageTest {

    private static Finding modalityFinding(ModalityCatalog catalog) {
        List<Finding> findings = GuidelineJsonValidator.of(catalog).validate(Samples.CCT);
        return findings.stream().filter(f -> f.code().equals("json.modality.unknown")).findFirst().orElseThrow();
    }

    @Test
    void an_empty_catalog_says_no_plugin_is_on_the_classpath_and_how_to_add_one() {
        Finding f = modalityFinding(ModalityCatalog.of(List.of()));
        assertThat(f.message())
                .startsWith("modality 'CCT' is not known to the loaded plugins (no modality plugin is loaded: none is on the classpath.")
                .contains("dev.pulmo:pulmo-sdk")
                .contains("plugin-chest-ct");
    }

    @Test
    void with_the_three_plugins_a_wrong_code_lists_them() {
        assertThat(Samples.CATALOG.describeKnown()).isEqualTo("known: " + String.join(", ",
                Samples.CATALOG.all().stream().map(p -> p.modality().code()).toList()));
        assertThat(Samples.CATALOG.describeKnown()).contains("XRY").contains("CCT").contains("PCT");
        assertThat(GuidelineJsonValidator.of(Samples.CATALOG).validate(Samples.CCT))
                .noneMatch(f -> f.code().equals("json.modality.unknown"));
    }
}
