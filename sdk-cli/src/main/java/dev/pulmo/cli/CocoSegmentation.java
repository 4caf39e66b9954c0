package dev.pulmo.cli;

import dev.pulmo.dataset.CocoExport;

/** export-coco's {@code --segmentation} as typed on the command line (by {@code pulmo} and {@code pulmo-spark}). */
public enum CocoSegmentation {
    polygons(CocoExport.SegmentationKind.POLYGON),
    /** The former spelling of {@link #polygons}. */
    polygon(CocoExport.SegmentationKind.POLYGON),
    rle(CocoExport.SegmentationKind.RLE);

    private final CocoExport.SegmentationKind kind;

    CocoSegmentation(CocoExport.SegmentationKind kind) {
        this.kind = kind;
    }

    /** The export's segmentation kind. */
    public CocoExport.SegmentationKind kind() {
        return kind;
    }
}
