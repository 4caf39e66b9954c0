package dev.pulmo.api.plugin;

/** The geometry a modality's annotations carry (SPEC.md §1). */
public enum GeometryKind {
    /** One bounding box per lesion; {@code segmentation} holds the box's four corners. */
    BOX,
    /** One polygon (outer ring) per connected part of a lesion. */
    POLYGON;

    /** The lower-case name used in JSON and on the command line ({@code box}, {@code polygon}). */
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
