package dev.pulmo.dataset.ingest;

import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One DICOM file of a PACS export as the planner sees it: where it is and the header attributes routing, exclusions
 * and ordering read (only those: a series of thousands of slices costs a few strings per slice).
 */
public record SourceImage(Path file, Map<String, String> attributes) {
    public SourceImage {
        Objects.requireNonNull(file, "file");
        attributes = Map.copyOf(attributes);
    }

    /** The attributes of {@code header} named by {@code keywords}, multiple values joined by {@code \}; absent when empty. */
    static SourceImage of(Path file, DicomDataset header, Set<String> keywords) {
        Map<String, String> values = new HashMap<>();
        for (String keyword : keywords) {
            try {
                List<String> v = header.getStrings(keyword);
                if (!v.isEmpty() && !v.stream().allMatch(String::isEmpty)) {
                    values.put(keyword, String.join("\\", v).replace("\0", "").strip());
                }
            } catch (DicomException | IllegalArgumentException e) {
                // a value that cannot be read is treated as absent; the plugin's rule says what that means
            }
        }
        return new SourceImage(file, values);
    }

    /** The attribute by DICOM keyword, trimmed; empty when absent. */
    public Optional<String> attribute(String keyword) {
        return Optional.ofNullable(attributes.get(keyword)).filter(v -> !v.isEmpty());
    }

    /** The attribute, or "" when absent. */
    String get(String keyword) {
        return attributes.getOrDefault(keyword, "");
    }
}
