package dev.pulmo.api.plugin;

import java.util.Objects;

/**
 * How a modality turns a lesion mask into guideline annotations. Data, not code: the dataset pipeline
 * applies it with the geometry engine, so every modality is converted the same well-tested way.
 *
 * @param geometry                 box or polygon
 * @param simplifyTolerancePixels  Douglas–Peucker tolerance for polygons, in pixels (0 = exact pixel-edge outline)
 * @param minComponentAreaPixels   connected parts smaller than this many pixels are dropped (0 keeps all)
 * @param area                     how {@code area} is computed
 */
public record ExportRule(GeometryKind geometry, double simplifyTolerancePixels, long minComponentAreaPixels,
                         AreaRule area) {
    public ExportRule {
        Objects.requireNonNull(geometry, "geometry");
        Objects.requireNonNull(area, "area");
        if (!(simplifyTolerancePixels >= 0) || Double.isInfinite(simplifyTolerancePixels)) {
            throw new IllegalArgumentException("simplify tolerance must be a finite number >= 0, got " + simplifyTolerancePixels);
        }
        if (minComponentAreaPixels < 0) {
            throw new IllegalArgumentException("minimum component area must be >= 0, got " + minComponentAreaPixels);
        }
    }

    /** One box per lesion, area from the box: the guideline's rule for X-ray and PET-CT. */
    public static ExportRule boxes() {
        return new ExportRule(GeometryKind.BOX, 0, 0, AreaRule.BBOX);
    }

    /** One exact pixel-edge polygon per connected part, area from the box: the guideline's rule for CT. */
    public static ExportRule polygons() {
        return new ExportRule(GeometryKind.POLYGON, 0, 0, AreaRule.BBOX);
    }
}
