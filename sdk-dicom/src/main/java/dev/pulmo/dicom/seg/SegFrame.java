package dev.pulmo.dicom.seg;

import java.util.Objects;

/**
 * One frame of a Segmentation as read, for one segment: the segment, the source image it was derived from, where it
 * lies, and its mask (binary; fractional thresholded as {@link SegReader} says; for a label map, the pixels that hold
 * this segment's value, so one frame of a label map gives one {@code SegFrame} per segment present in it).
 *
 * @param frameNumber                          1-based frame number in the Segmentation
 * @param mask                                 the frame's segment, source image and pixels; the source UID is empty
 *                                             when the frame references no source image
 * @param imagePositionPatient                 Image Position (Patient) of the frame's Plane Position, or null when it
 *                                             has none
 * @param columnPositionInTotalPixelMatrix     for a tile of a tiled image (Plane Position (Slide), or implied by the
 *                                             frame order of a {@code TILED_FULL} Segmentation): the 1-based column of
 *                                             the total pixel matrix where the tile's first column lies; 0 when the
 *                                             frame is not a tile
 * @param rowPositionInTotalPixelMatrix        likewise, the 1-based row; 0 when the frame is not a tile
 */
public record SegFrame(int frameNumber, SegmentMask mask, double[] imagePositionPatient,
                       int columnPositionInTotalPixelMatrix, int rowPositionInTotalPixelMatrix) {
    public SegFrame {
        Objects.requireNonNull(mask, "mask");
        imagePositionPatient = imagePositionPatient == null ? null : imagePositionPatient.clone();
        if ((columnPositionInTotalPixelMatrix == 0) != (rowPositionInTotalPixelMatrix == 0)) {
            throw new IllegalArgumentException("a tile has both a column and a row position, got "
                    + columnPositionInTotalPixelMatrix + " and " + rowPositionInTotalPixelMatrix);
        }
    }

    /** A frame that is not a tile. */
    public SegFrame(int frameNumber, SegmentMask mask, double[] imagePositionPatient) {
        this(frameNumber, mask, imagePositionPatient, 0, 0);
    }

    /** A copy of the position, or null. */
    @Override
    public double[] imagePositionPatient() {
        return imagePositionPatient == null ? null : imagePositionPatient.clone();
    }

    /** @return true when the frame is a tile of a total pixel matrix */
    public boolean isTile() {
        return columnPositionInTotalPixelMatrix > 0;
    }
}
