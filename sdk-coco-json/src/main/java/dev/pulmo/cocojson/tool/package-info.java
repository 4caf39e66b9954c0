/**
 * The annotation tool's own JSON export (guideline 2.4.3, SPEC.md §10): a typed model, a reader that
 * reports every faulty object instead of stopping at the first, and data-quality checks of the tool's stated
 * area and box against its handles.
 *
 * <h2>The well-formed structure</h2>
 * The guideline's sample is not valid JSON (members without values, unbalanced braces). This package reads
 * the structure it evidently garbles, which is also that of the Cornerstone freehand tool the sample's
 * member names come from:
 * <pre>{@code
 * [                                  // the file: one list per image, in the tool's image order
 *   [                                // image 0: its annotation objects
 *     {
 *       "id": 0,                     // integer, unique within the image                      (required)
 *       "option": {"tag": "lesionA1", "isCopyCheck": false, "isSelected": false},          // (optional)
 *       "annotationData": {                                                                  // (required)
 *         "tool": "Free",            // "Line" | "Free" | "Box", any case; default "Free"
 *         "visible": true, "active": false, "color": "#f67081",
 *         "handles": [               // also accepted: "handle" (the sample's name), or {"points": [...]}
 *           {"x": 471.68, "y": 104.82, "highlight": true, "active": true,
 *            "lines": [{"x": 469.53, "y": 113.41}]},
 *           ...
 *         ],
 *         "lines": [{"x": 469.53, "y": 113.41}],
 *         "invalidHandlePlacement": false, "label": "0", "canComplete": false,
 *         "boundingBox": {"left": 469.53, "top": 104.82, "width": 85.17, "height": 36.68},
 *                                    // also accepted: "polyBoundingBox" (Cornerstone's name, which the
 *                                    // sample garbles as "copySoundingBox"), and an array holding one box
 *         "area": "823.82288340394151",   // a decimal STRING, square pixels (a JSON number is accepted too)
 *         "toolSaveColor": "#f67081", "save": true, "status": "pass",
 *         "corrections": [           // Add/Sub corrections, in the order applied
 *           {"operation": "Add", "tool": "Box", "handles": [{"x": 10, "y": 10}, {"x": 20, "y": 20}]},
 *           {"operation": "Sub", "tool": "Free", "handles": [...]}
 *         ]
 *       }
 *     }
 *   ]
 * ]
 * }</pre>
 * A file holding one flat list of annotation objects ({@code [ {...}, {...} ]}) is read as one image.
 * Members marked optional may be absent or {@code null}; booleans default to false except {@code visible}
 * (true). Unknown members are ignored. A member of the wrong type, display flags included, is an error that
 * leaves its object out of the result (the file's other objects are still read). Polygons ({@code Line}, {@code Free}) need at least 3 handles and are
 * closed implicitly; a {@code Box} has exactly 2 handles at opposite corners.
 *
 * <h2>Corrections</h2>
 * The guideline's Add merges shapes and Sub cuts a shape out. An annotation's region is its base shape, then
 * each correction in order: union for Add, difference for Sub ({@link dev.pulmo.cocojson.tool.ToolAnnotation#steps()}).
 * This package does no polygon clipping itself (it stays free of a geometry engine): it hands over the rings
 * and the operations; {@code dev.pulmo.geometry.ShapeEdit} and {@code MaskRasterizer} do the rest.
 *
 * <h2>Coordinates and units</h2>
 * Pixel coordinates with (0,0) at the top-left corner of the top-left pixel (SPEC.md §3); areas in square
 * pixels. The tool's stated area is taken to be the polygon's area in square pixels (not a pixel count, not
 * mm²); {@link dev.pulmo.cocojson.tool.ToolGeometryCheck} reports where it disagrees.
 */
@Export
@Version("0.1.0")
package dev.pulmo.cocojson.tool;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
