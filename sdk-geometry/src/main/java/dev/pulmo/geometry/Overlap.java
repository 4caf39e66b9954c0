package dev.pulmo.geometry;

import dev.pulmo.geometry.internal.PixelAligned;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/** Intersection and total areas shared by {@link Iou} and {@link Dice}. */
record Overlap(double intersection, double areaA, double areaB) {

    static Overlap of(BinaryMask a, BinaryMask b) {
        return new Overlap(a.intersectionAreaPixels(b), a.areaPixels(), b.areaPixels());
    }

    static Overlap of(Geometry a, Geometry b) {
        PixelAligned alignedA = MaskRasterizer.requireValidPolygonal(a, "overlap (first geometry)");
        PixelAligned alignedB = MaskRasterizer.requireValidPolygonal(b, "overlap (second geometry)");
        long pixels = alignedA != null && alignedB != null ? PixelAligned.intersectionArea(alignedA, alignedB) : -1;
        double intersection = pixels >= 0 ? pixels : OverlayNGRobust.overlay(a, b, OverlayNG.INTERSECTION).getArea();
        return new Overlap(intersection, a.getArea(), b.getArea());
    }

    static Overlap of(BinaryMask mask, Geometry geometry) {
        return of(mask, MaskRasterizer.rasterize(geometry, mask.width(), mask.height()));
    }

    double iou() {
        double union = areaA + areaB - intersection;
        return union == 0 ? 1.0 : Math.min(1.0, intersection / union);
    }

    double dice() {
        double total = areaA + areaB;
        return total == 0 ? 1.0 : Math.min(1.0, 2 * intersection / total);
    }
}
