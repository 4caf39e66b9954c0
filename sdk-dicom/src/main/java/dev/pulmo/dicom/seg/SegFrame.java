package dev.pulmo.dicom.seg;

import java.util.Objects;

/**
 * One frame of a Segmentation as read: the segment it belongs to, the source image it was derived from, where it
 * lies, and its mask (binary, or fractional thresholded as {@link SegReader} says).
 *
 * @param frameNumber            1-based frame number in the Segmentation
 * @param mask                   the frame's segment, source image and pixels; the source UID is empty when the
 *                               frame references no source image
 * @param imagePositionPatient   Image Position (Patient) of the frame's Plane Position, or null when it has none
 */
public record SegFrame(int frameNumber, SegmentMask mask, double[] imagePositionPatient) {
    public SegFrame {
        Objects.requireNonNull(mask, "mask");
        imagePositionPatient = imagePositionPatient == null ? null : imagePositionPatient.clone();
    }

    /** A copy of the position, or null. */
    @Override
    public double[] imagePositionPatient() {
        return imagePositionPatient == null ? null : imagePositionPatient.clone();
    }
}
