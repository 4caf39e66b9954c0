package dev.pulmo.cocojson.tool;

import java.util.Locale;
import java.util.Optional;

/**
 * The annotation tool's corrections (guideline 2.4.3 "Drawing 보정", SPEC.md §10): {@link #ADD} merges a
 * drawn shape into the annotation (union), {@link #SUB} cuts it out (difference).
 */
public enum ShapeOperation {
    ADD("Add"),
    SUB("Sub");

    private final String jsonName;

    ShapeOperation(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name written in the tool's JSON: {@code Add} or {@code Sub}. */
    public String jsonName() {
        return jsonName;
    }

    /** The operation named {@code name}, ignoring case. */
    public static Optional<ShapeOperation> fromJsonName(String name) {
        for (ShapeOperation o : values()) {
            if (o.jsonName.toLowerCase(Locale.ROOT).equals(name.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }
}
