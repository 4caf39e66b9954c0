/**
 * Masks as DICOM (SPEC.md §4): the guideline's per-category binary mask files ({@link BinaryMaskDicom}).
 * Masks are exchanged here as one byte per pixel, row-major, non-zero = foreground, so that this module
 * stays free of the geometry engine; {@code dev.pulmo.geometry.BinaryMask.fromBytes} and {@code toBytes}
 * convert.
 */
@Export
@Version("0.2.0")
package dev.pulmo.dicom.mask;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
