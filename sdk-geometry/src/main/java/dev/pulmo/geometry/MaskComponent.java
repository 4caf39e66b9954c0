package dev.pulmo.geometry;

import dev.pulmo.api.BoundingBox;

/**
 * One 8-connected foreground component of a {@link BinaryMask}: its pixel count and its box on pixel
 * edges (SPEC.md §3: a single pixel (c, r) has box [c, r, c+1, r+1]).
 *
 * @param areaPixels number of foreground pixels, at least 1
 * @param bounds smallest corner-form box holding every pixel of the component
 */
public record MaskComponent(long areaPixels, BoundingBox bounds) {
    public MaskComponent {
        if (areaPixels < 1) {
            throw new GeometryException("a component has at least one pixel, got " + areaPixels);
        }
        if (bounds == null) {
            throw new GeometryException("a component needs its bounds");
        }
    }
}
