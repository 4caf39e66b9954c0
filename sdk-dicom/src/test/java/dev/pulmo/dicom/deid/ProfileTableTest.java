package dev.pulmo.dicom.deid;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed resource is PS3.15 Table E.1-1 exactly as the shared JSON holds it (read here with Jackson, not
 * with the generator's parser), so nobody edits it by hand and a new edition of the table is noticed.
 */
class ProfileTableTest {

    private static final String[] OPTIONS = {"rtnPatCharsOpt", "rtnDevIdOpt", "rtnInstIdOpt", "rtnUIDsOpt",
            "rtnLongFullDatesOpt", "rtnLongModifDatesOpt", "cleanDescOpt", "cleanStructContOpt", "cleanGraphOpt",
            "rtnSafePrivOpt"};

    @Test
    void resourceEqualsTheSharedTable() throws IOException {
        List<String> expected = new ArrayList<>();
        for (JsonNode row : MarkerCorpus.table()) {
            String tag = row.get("tag").asText();
            String pattern = tag.contains("GGGG IS ODD") ? "odd"
                    : (tag.substring(1, 5) + tag.substring(6, 10)).toLowerCase();
            StringBuilder line = new StringBuilder(pattern).append('\t').append(row.get("basicProfile").asText());
            for (String option : OPTIONS) {
                line.append('\t').append(row.has(option) ? row.get(option).asText() : "-");
            }
            expected.add(line.append('\t').append(row.get("name").asText().replaceAll("\\s+", " ").strip()).toString());
        }
        List<String> actual = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("/dev/pulmo/dicom/deid/internal/confidentiality_profile.tsv")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.startsWith("#") && !line.isEmpty()) {
                    actual.add(line);
                }
            }
        }
        assertThat(actual).containsExactlyElementsOf(expected);
        assertThat(actual).hasSize(621);
    }
}
