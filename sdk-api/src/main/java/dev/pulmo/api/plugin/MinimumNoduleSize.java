package dev.pulmo.api.plugin;

import dev.pulmo.api.CategoryDefinition;
import dev.pulmo.api.CategoryTable;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The guideline's size rule for malignant nodules on CT (SPEC.md §6, guideline 2.3.3: "malignant nodule ≥ 0.4 cm"),
 * checked on the 3-D nodule rather than on each of its slices: a series rule over {@link SeriesContext#nodules()}.
 * Rule code {@value #CODE}, one error per malignant nodule (category in the malignant group, group id 1, of the
 * modality's table) whose long axis ({@link SeriesNodule#longAxisMm()}: the longest axial diameter over its slices,
 * as Lung-RADS and Fleischner measure nodules) is below the minimum.
 *
 * <p>Why not per slice ({@link MinimumLesionSize}): a nodule's first and last slices cut its cap, so they are small
 * even when the nodule is not, and a slice's box extents miss a nodule lying diagonally. Why axial and not the extent
 * along the slice normal: slices are 2–10 mm apart (§6), so a nodule seen on two slices would "measure" a slice
 * spacing whatever its size; size standards measure in the axial plane for this reason.
 */
public final class MinimumNoduleSize implements SeriesValidator {
    /** The rule code of this validator's findings. */
    public static final String CODE = "nodule.too-small";

    private final CategoryTable categories;
    private final double minimumMillimetres;

    /**
     * @param categories         the modality's table, which says which category ids are malignant
     * @param minimumMillimetres smallest admissible long axis, in mm (the guideline's 4 mm); finite and positive
     * @throws IllegalArgumentException when the minimum is not a finite positive number
     */
    public MinimumNoduleSize(CategoryTable categories, double minimumMillimetres) {
        this.categories = Objects.requireNonNull(categories, "categories");
        MinimumLesionSize.checkMinimum("nodule", minimumMillimetres);
        this.minimumMillimetres = minimumMillimetres;
    }

    @Override
    public String code() {
        return CODE;
    }

    /** The smallest admissible long axis, in mm. */
    public double minimumMillimetres() {
        return minimumMillimetres;
    }

    @Override
    public String description() {
        return "malignant nodules measure at least " + MinimumLesionSize.formatMillimetres(minimumMillimetres)
                + " mm on their longest axial diameter, measured on the 3-D nodule";
    }

    @Override
    public Set<String> attributes() {
        return Set.of();
    }

    @Override
    public boolean needsNodules() {
        return true;
    }

    @Override
    public List<Finding> validate(SeriesContext series) {
        List<Finding> findings = new ArrayList<>();
        for (SeriesNodule n : series.nodules()) {
            Optional<CategoryDefinition> category = categories.byId(n.categoryId());
            if (category.isEmpty() || !category.get().isMalignant() || n.longAxisMm() >= minimumMillimetres) {
                continue;
            }
            findings.add(Finding.error(CODE, Location.ofFile(series.folder()), String.format(Locale.ROOT,
                    "malignant nodule (category %d %s, images %s to %s) measures %s mm on its longest axial diameter,"
                            + " below the minimum of %s mm (SPEC.md §6)", n.categoryId(), category.get().name(),
                    n.firstImage(), n.lastImage(), MinimumLesionSize.formatMillimetres(n.longAxisMm()),
                    MinimumLesionSize.formatMillimetres(minimumMillimetres))));
        }
        return List.copyOf(findings);
    }
}
