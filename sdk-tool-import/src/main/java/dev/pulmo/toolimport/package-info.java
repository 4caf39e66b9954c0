/**
 * The annotation tool's shapes as regions (SPEC.md §10): {@link dev.pulmo.toolimport.ToolRegions} builds an
 * annotation's region from its base shape and its Add/Sub corrections with the geometry engine
 * ({@code dev.pulmo.geometry.ShapeEdit}), {@link dev.pulmo.toolimport.ToolRegion} rasterises it to a
 * {@code BinaryMask}, and {@link dev.pulmo.toolimport.ToolRegionCheck} compares the tool's stated area and
 * box with the region for every annotation, corrected or not. {@link dev.pulmo.toolimport.ToolImporter} writes a
 * tool export into the dataset's layout: per image one binary DICOM mask per category and the guideline JSON made
 * from them (it says how an annotation gets its category and how tool files are matched to images).
 *
 * <p>Pixel coordinates, (0,0) at the top-left corner of the top-left pixel; a pixel belongs to a region when
 * its centre is inside ({@code MaskRasterizer}'s rule).
 */
@Export
@Version("0.1.0")
package dev.pulmo.toolimport;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
