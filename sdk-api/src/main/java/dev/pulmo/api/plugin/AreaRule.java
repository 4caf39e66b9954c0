package dev.pulmo.api.plugin;

/** How an exported annotation's {@code area} is computed (SPEC.md §3, "Decisions"). */
public enum AreaRule {
    /** {@code (x2-x1)*(y2-y1)} of the bbox: the guideline's "area from the bbox", the default. */
    BBOX,
    /** The area of the written polygon (shoelace). */
    POLYGON,
    /** The number of foreground pixels of the lesion's mask component. */
    PIXELS
}
