package dev.pulmo.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.CategoryDefinition;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.api.plugin.ImageContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/** Independent expectations from ../shared: SPEC.md's tables and pydicom's dumps of real DICOM files. */
final class SpecTables {
    private SpecTables() {
    }

    static Path testBundles() {
        return Path.of(System.getProperty("pulmo.test.bundles", "target/test-bundles"));
    }

    /** A row of SPEC.md §1's modality table. */
    record ModalityRow(String code, String folder, String prefix, String geometry) {
    }

    /** SPEC.md §1: code, folder, prefix and geometry ({@code box}/{@code polygon}) per modality. */
    static Map<String, ModalityRow> specModalities() {
        Map<String, ModalityRow> rows = new LinkedHashMap<>();
        for (List<String> cells : tableRows(section("## 1."))) {
            if (cells.size() < 4 || !cells.get(0).startsWith("`")) {
                continue;
            }
            String code = cells.get(0).substring(1, cells.get(0).indexOf('`', 1));
            String geometry = cells.get(3).contains("polygon") ? "polygon" : cells.get(3).contains("box") ? "box" : "?";
            rows.put(code, new ModalityRow(code, cells.get(1).replace("`", ""), cells.get(2).replace("`", ""), geometry));
        }
        return rows;
    }

    /** SPEC.md §3's category table: modality code → rows (id, name, English name, group id, group name). */
    static Map<String, List<CategoryDefinition>> specCategories() {
        Map<String, List<CategoryDefinition>> byModality = new LinkedHashMap<>();
        List<String> current = List.of();
        for (List<String> cells : tableRows(section("## 3."))) {
            if (cells.size() != 4 || !cells.get(1).matches("\\d+ / \\S+")) {
                continue;
            }
            if (!cells.get(0).isEmpty()) {
                current = List.of(cells.get(0).split(",\\s*"));
            }
            String[] group = cells.get(1).split(" / ");
            String[] category = cells.get(2).split(" ", 2);
            CategoryDefinition row = new CategoryDefinition(Integer.parseInt(category[0]), category[1], cells.get(3),
                    Integer.parseInt(group[0]), group[1]);
            for (String code : current) {
                byModality.computeIfAbsent(code, c -> new ArrayList<>()).add(row);
            }
        }
        return byModality;
    }

    private static String section(String heading) {
        try {
            String spec = Files.readString(dev.pulmo.testing.SharedData.resolve("SPEC.md"));
            int start = spec.indexOf(heading);
            int end = spec.indexOf("\n## ", start + 1);
            return spec.substring(start, end < 0 ? spec.length() : end);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<List<String>> tableRows(String text) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("|") && !line.startsWith("|---")) {
                String[] cells = line.substring(1, line.lastIndexOf('|')).split("\\|", -1);
                List<String> row = new ArrayList<>();
                for (String c : cells) {
                    row.add(c.trim());
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /**
     * The header of a real DICOM file in ../shared/testdata/dicom as pydicom dumped it (DICOM JSON), by
     * keyword through the standard's data dictionary; multiple values joined with {@code \}.
     */
    static ImageContext dicomHeader(String fileName, CaseClass caseClass) {
        Path dicom = dev.pulmo.testing.SharedData.resolve("testdata/dicom");
        try {
            Map<String, String> tagByKeyword = new HashMap<>();
            for (String line : Files.readAllLines(dev.pulmo.testing.SharedData.resolve("dicom-standard/data_dictionary.tsv"))) {
                String[] f = line.split("\t");
                if (f.length > 4 && f[0].matches("\\([0-9A-F]{4},[0-9A-F]{4}\\)")) {
                    tagByKeyword.put(f[4], f[0].substring(1, 5) + f[0].substring(6, 10));
                }
            }
            JsonNode dataset = new ObjectMapper().readTree(dicom.resolve("expected/" + fileName + ".json").toFile())
                    .get("dataset");
            return new DicomHeader(fileName, caseClass, tagByKeyword, dataset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record DicomHeader(String file, CaseClass caseClass, Map<String, String> tagByKeyword, JsonNode dataset)
            implements ImageContext {
        @Override
        public Optional<String> attribute(String keyword) {
            String tag = tagByKeyword.get(keyword);
            JsonNode value = tag == null ? null : dataset.path(tag).get("Value");
            if (value == null || !value.isArray() || value.isEmpty() || !value.get(0).isValueNode()) {
                return Optional.empty();
            }
            return Optional.of(StreamSupport.stream(value.spliterator(), false).map(JsonNode::asText)
                    .collect(Collectors.joining("\\")));
        }

        @Override
        public Optional<AnnotationFile> annotations() {
            return Optional.empty();
        }
    }
}
