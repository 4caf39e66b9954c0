package dev.pulmo.cocojson.tool;

import java.util.Locale;
import java.util.Optional;

/**
 * The annotation tool's drawing tools (guideline 2.4.3, SPEC.md §10). All three describe a closed region:
 * {@link #LINE} and {@link #FREE} by the vertices of a polygon, {@link #BOX} by two opposite corners.
 */
public enum ToolKind {
    /** Vertices clicked one by one, joined by straight segments and closed back to the first: a polygon. */
    LINE("Line"),
    /** Vertices traced freehand with the mouse: a polygon (the tool's "Free (Polygon)"). */
    FREE("Free"),
    /** An axis-aligned rectangle spanned by exactly two handles at opposite corners. */
    BOX("Box");

    private final String jsonName;

    ToolKind(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name written in the tool's JSON: {@code Line}, {@code Free} or {@code Box}. */
    public String jsonName() {
        return jsonName;
    }

    /** The kind named {@code name}, ignoring case ({@code "free"}, {@code "Free"}, {@code "FREE"}). */
    public static Optional<ToolKind> fromJsonName(String name) {
        for (ToolKind k : values()) {
            if (k.jsonName.toLowerCase(Locale.ROOT).equals(name.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
