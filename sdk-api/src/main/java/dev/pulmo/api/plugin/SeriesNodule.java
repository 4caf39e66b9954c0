package dev.pulmo.api.plugin;

import java.util.Objects;

/**
 * One 3-D lesion of a CT or PET-CT series as a {@link SeriesValidator} sees it: the series' per-slice lesions of one
 * category grouped 26-connected along the slice normal, measured as {@code pulmo nodules} reports them. Provided by the
 * SDK ({@link SeriesContext#nodules()}) to rules that ask for it ({@link SeriesValidator#needsNodules()}).
 *
 * @param categoryId  the guideline category id of the series' modality
 * @param firstImage  the sequence number of the image of the nodule's first slice (by position along the normal)
 * @param lastImage   the sequence number of the image of its last slice
 * @param longAxisMm  the longest axial diameter, mm: the largest, over the nodule's slices, of the greatest distance
 *                    between two points of the slice's lesion pixels (their squares), as Lung-RADS and Fleischner
 *                    measure
 * @param shortAxisMm the longest diameter perpendicular to it on the same slice, mm
 * @param volumeMm3   voxels × row spacing × column spacing × slice spacing, mm³
 */
public record SeriesNodule(int categoryId, String firstImage, String lastImage, double longAxisMm, double shortAxisMm,
                           double volumeMm3) {
    public SeriesNodule {
        Objects.requireNonNull(firstImage, "firstImage");
        Objects.requireNonNull(lastImage, "lastImage");
    }
}
