/**
 * Pixel data of DICOM images: frames of stored values, the Modality LUT (rescale) and the VOI
 * window that turn them into 8-bit grey for display and for the annotation tool's window level.
 *
 * <p>{@link PixelData} hands out decoded {@link Frame}s of a dataset's (7FE0,0010) Pixel Data. It
 * decodes native (uncompressed) data with 1, 8, 16 or 32 bits allocated, signed or unsigned, either
 * planar configuration, MONOCHROME1/2, PALETTE COLOR indices, RGB and YBR_FULL/YBR_FULL_422, one or
 * many frames; and encapsulated data in RLE Lossless, DCT JPEG (baseline, extended 8/12-bit,
 * progressive), JPEG Lossless (Process 14), JPEG-LS, Deflated Image Frame Compression and
 * Encapsulated Uncompressed. Any other transfer syntax (JPEG 2000 above all) gets a
 * {@link PixelDataException} "pixel decoding of &lt;name&gt; is not supported".
 *
 * <p>{@link ModalityLut} (PS3.3 C.11.1) and {@link VoiWindow} (PS3.3 C.11.2.1.2.1, the linear
 * function) make a {@link Grey8Image}; MONOCHROME1 is inverted so that the result is always "larger
 * is brighter". Binary masks (SPEC.md §4) are read as ordinary frames: any non-zero sample is
 * foreground ({@link Frame#isForeground(int, int)}).
 *
 * <p>Pixel geometry throughout: (0,0) is the top-left corner of the top-left pixel; pixel (c, r)
 * covers [c, c+1) × [r, r+1); arrays are row-major, row 0 at the top.
 */
@Export
@Version("0.2.0")
package dev.pulmo.dicom.pixel;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
