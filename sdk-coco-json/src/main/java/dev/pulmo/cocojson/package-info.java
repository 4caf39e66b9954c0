/**
 * The guideline JSON (SPEC.md §3) with Jackson: {@link GuidelineJson} reads and writes whole files,
 * {@link GuidelineJsonReader} and {@link GuidelineJsonWriter} stream files of any size in bounded memory,
 * and {@link GuidelineJsonValidator} reports every rule violation as a {@link dev.pulmo.api.Finding} with
 * its JSON Pointer and line:column.
 *
 * <p>Written files have the guideline's exact member names (including {@code "manufacturer ModelName"}
 * with its space) and member order, UTF-8, two-space indentation, and numbers as Java's shortest
 * round-trip form of the double ({@code 12.0}, {@code 0.1}); integer members ({@code id}, {@code image_id},
 * {@code category_id}, {@code iscrowd}, {@code grp_id}, image {@code width}/{@code height}) are written as
 * integers. Reading a file this package wrote and writing it again reproduces it byte for byte.
 */
@Export
@Version("0.2.0")
package dev.pulmo.cocojson;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
