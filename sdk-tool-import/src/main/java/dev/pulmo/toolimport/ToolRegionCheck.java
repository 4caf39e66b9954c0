package dev.pulmo.toolimport;

import dev.pulmo.api.Finding;
import dev.pulmo.cocojson.tool.ToolAnnotation;
import dev.pulmo.cocojson.tool.ToolGeometryCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The tool's stated area and box against the region its handles and corrections describe, for every
 * annotation (Add/Sub-corrected ones included, unlike {@link ToolGeometryCheck#check(ToolAnnotation)}):
 * {@code tool.area-mismatch} and {@code tool.bbox-mismatch} with {@link ToolGeometryCheck}'s tolerances, after
 * the region's own findings ({@link ToolRegions}). The box is not compared for an empty region. Returns
 * findings, never throws.
 *
 * @param tolerances how far stated and computed values may differ
 */
public record ToolRegionCheck(ToolGeometryCheck tolerances) {
    public static final ToolRegionCheck DEFAULT = new ToolRegionCheck(ToolGeometryCheck.DEFAULT);

    public ToolRegionCheck {
        Objects.requireNonNull(tolerances, "tolerances");
    }

    /** Every finding about {@code annotations}, in their order. */
    public List<Finding> check(List<ToolAnnotation> annotations) {
        List<Finding> findings = new ArrayList<>();
        for (ToolAnnotation a : annotations) {
            findings.addAll(check(ToolRegions.of(a)));
        }
        return findings;
    }

    /** The region's findings, then the stated values against it. */
    public List<Finding> check(ToolRegion region) {
        List<Finding> findings = new ArrayList<>(region.findings());
        ToolAnnotation a = region.annotation();
        tolerances.checkArea(a, region.areaPixels()).ifPresent(findings::add);
        region.bounds().flatMap(bounds -> tolerances.checkBox(a, bounds)).ifPresent(findings::add);
        return findings;
    }
}
