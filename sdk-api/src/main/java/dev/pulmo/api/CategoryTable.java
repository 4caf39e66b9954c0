package dev.pulmo.api;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A modality's category table: the categories its annotations may use (SPEC.md §3). Supplied by the
 * modality's plugin; nothing else in the SDK lists categories.
 */
public record CategoryTable(Modality modality, List<CategoryDefinition> categories) {

    public CategoryTable {
        Objects.requireNonNull(modality, "modality");
        categories = List.copyOf(categories);
        Set<Integer> ids = new HashSet<>();
        for (CategoryDefinition c : categories) {
            if (!ids.add(c.id())) {
                throw new IllegalArgumentException("category table of " + modality + " repeats id " + c.id());
            }
        }
    }

    /** The category with this id, if the table has it. */
    public Optional<CategoryDefinition> byId(int id) {
        return categories.stream().filter(c -> c.id() == id).findFirst();
    }

    /** The category whose canonical name is {@code name} (exact match). */
    public Optional<CategoryDefinition> byName(String name) {
        return categories.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The category that lists {@code name} among its accepted misspellings. */
    public Optional<CategoryDefinition> byAlias(String name) {
        return categories.stream().filter(c -> c.aliases().contains(name)).findFirst();
    }

    /** The JSON {@code categories} section for this table, in table order. */
    public List<Category> toJsonCategories() {
        return categories.stream().map(c -> Category.of(modality, c)).toList();
    }
}
