package dev.pulmo.api;

import java.util.List;
import java.util.Objects;

/**
 * A row of a modality's category table (SPEC.md §3, guideline table 1.3.2.1): the canonical Korean
 * name, the English name, the group, and the misspellings the guideline itself uses, which readers accept
 * with a warning.
 *
 * @param id          category id, positive
 * @param name        canonical Korean name, at most 10 code points
 * @param englishName English name
 * @param groupId     1 (malignant) or 2 (benign)
 * @param groupName   {@code 악성} or {@code 양성}
 * @param aliases     other spellings found in the guideline, accepted on read with a warning
 */
public record CategoryDefinition(int id, String name, String englishName, int groupId, String groupName,
                                 List<String> aliases) {
    public CategoryDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(englishName, "englishName");
        Objects.requireNonNull(groupName, "groupName");
        if (id <= 0) {
            throw new IllegalArgumentException("category id must be positive, got " + id);
        }
        if (name.codePointCount(0, name.length()) > 10) {
            throw new IllegalArgumentException("category name '" + name + "' is longer than 10 code points");
        }
        aliases = List.copyOf(aliases);
    }

    public CategoryDefinition(int id, String name, String englishName, int groupId, String groupName) {
        this(id, name, englishName, groupId, groupName, List.of());
    }

    /** True when this category belongs to the malignant group (group id 1). */
    public boolean isMalignant() {
        return groupId == 1;
    }
}
