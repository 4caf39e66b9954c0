package dev.pulmo.evaluation;

import dev.pulmo.geometry.CocoRle;
import java.util.List;

/**
 * A region as COCO files write it, turned into a mask only when a {@code segm} evaluation needs it, exactly as
 * pycocotools' {@code COCO.annToRLE} does.
 */
public sealed interface CocoSegmentation {

    /**
     * The region as an RLE on an image of {@code width × height} pixels.
     *
     * @throws dev.pulmo.geometry.GeometryException when the region cannot be rasterised or decoded
     */
    CocoRle toRle(int width, int height);

    /**
     * Polygons {@code [[x0, y0, x1, y1, …], …]}, rasterised by pycocotools' rule and merged
     * ({@code frPyObjects} then {@code merge}; when the first has exactly 4 numbers every entry is a box, as in
     * pycocotools).
     */
    record Polygons(List<double[]> polygons) implements CocoSegmentation {
        public Polygons {
            polygons = List.copyOf(polygons);
        }

        @Override
        public CocoRle toRle(int width, int height) {
            return CocoRle.fromPolygons(polygons, width, height);
        }
    }

    /**
     * A compressed RLE string with its own size ({@code {"size": [h, w], "counts": "…"}}): used as it is, at its
     * own size (pycocotools does not check it against the image's).
     */
    record CompressedRle(String counts, int height, int width) implements CocoSegmentation {
        @Override
        public CocoRle toRle(int imageWidth, int imageHeight) {
            return CocoRle.fromCompressedString(counts, width, height);
        }
    }

    /** Uncompressed counts with their own size ({@code {"size": [h, w], "counts": [..]}}, crowd regions). */
    record UncompressedRle(int[] counts, int height, int width) implements CocoSegmentation {
        public UncompressedRle {
            counts = counts.clone();
        }

        @Override
        public CocoRle toRle(int imageWidth, int imageHeight) {
            return CocoRle.fromCounts(counts, width, height);
        }
    }

    /** A mask already encoded. */
    record Rle(CocoRle rle) implements CocoSegmentation {
        @Override
        public CocoRle toRle(int width, int height) {
            return rle;
        }
    }
}
