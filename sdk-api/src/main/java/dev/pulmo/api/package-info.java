/**
 * The typed model of the lung-cancer annotation guideline's JSON (SPEC.md §3): {@link Info},
 * {@link Category}, {@link ImageRecord}, {@link Annotation} with its {@link BoundingBox} in corner form
 * and its flat {@link Segmentation}, gathered in an {@link AnnotationFile}; the open {@link Modality}
 * value type; and {@link Finding}, the common currency of every validator in the SDK.
 *
 * <p>Pixel geometry throughout: (0,0) is the top-left corner of the top-left pixel and pixel (c, r)
 * covers [c, c+1) × [r, r+1), so a one-pixel lesion has bbox [c, r, c+1, r+1] and area 1.
 */
@Export
@Version("0.1.0")
package dev.pulmo.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
