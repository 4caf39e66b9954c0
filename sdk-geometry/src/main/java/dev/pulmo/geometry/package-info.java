/**
 * Geometry of lesion annotations: {@link BinaryMask}, masks to polygons ({@link MaskTracer}), polygons and
 * boxes to masks ({@link MaskRasterizer}), overlap measures ({@link Iou}, {@link Dice}), the annotation
 * tool's Add and Sub ({@link ShapeEdit}), and COCO run-length encoding compatible with pycocotools
 * ({@link CocoRle}). Geometries are JTS ({@code org.locationtech.jts.geom}).
 *
 * <p>Pixel geometry throughout (SPEC.md §3): (0,0) is the top-left corner of the top-left pixel, x grows to
 * the right and y downwards, and pixel (c, r) covers [c, c+1) × [r, r+1). A one-pixel mask therefore traces
 * to the unit square [c, c+1] × [r, r+1] of area 1. Errors are {@link GeometryException}s.
 */
@Export
@Version("0.3.0")
package dev.pulmo.geometry;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
