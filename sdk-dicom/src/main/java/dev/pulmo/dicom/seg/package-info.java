/**
 * DICOM Segmentation (SEG, PS3.3 A.51): lesion masks of a series as one multi-frame Segmentation instance, and
 * Segmentations of other tools read back to masks. {@link dev.pulmo.dicom.seg.SegWriter} writes binary SEGs
 * (1-bit frames, one segment per category, empty frames left out) and label maps (2024); {@link
 * dev.pulmo.dicom.seg.SegReader} reads binary, fractional and label map SEGs, tiled ones included (TILED_FULL without
 * per-frame groups too), in any decodable transfer syntax, to per-segment, per-source-image masks. Masks are one byte per pixel, row-major,
 * non-zero = foreground, as in {@code dev.pulmo.dicom.mask}. The segment codes of the guideline's categories are
 * in {@link dev.pulmo.dicom.seg.LungSegmentCodes}; {@code sdk-dicom/README-seg.md} explains the choices.
 */
@Export
@Version("0.1.0")
package dev.pulmo.dicom.seg;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
