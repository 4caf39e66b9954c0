package dev.pulmo.api.plugin;

import dev.pulmo.api.Annotation;
import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.CategoryDefinition;
import dev.pulmo.api.CategoryTable;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The guideline's size rule for malignant lesions (SPEC.md §6, guideline 2.3.3: "nodule ≥ 0.4 cm"), shared
 * by the modality plugins that need it, on each image's lesions (X-ray; 2-D modalities). Rule code {@value #CODE}.
 * Modalities of slices measure their nodules in 3-D instead ({@link MinimumNoduleSize}, chest CT): per slice, a
 * nodule's end slices would fail.
 *
 * <p>A lesion's size is the larger of its bbox's two extents in millimetres: width × column spacing and
 * height × row spacing, where the spacing is the first of {@code spacingKeywords} present in the image's
 * header ({@code PixelSpacing}, or {@code ImagerPixelSpacing} on X-ray), read as DICOM gives it:
 * {@code row spacing \ column spacing}, in mm. Only annotations whose category is in the malignant group
 * (group id 1) of the modality's table are checked. Where no spacing is known the rule does not apply and
 * returns nothing; a spacing that is present but not two positive numbers is reported as an error, since
 * no size can be checked.
 */
public final class MinimumLesionSize implements Validator {
    /** The rule code of this validator's findings. */
    public static final String CODE = "lesion.too-small";

    private final CategoryTable categories;
    private final double minimumMillimetres;
    private final List<String> spacingKeywords;

    /**
     * @param categories         the modality's table, which says which category ids are malignant
     * @param minimumMillimetres smallest admissible size, in mm (the guideline's 4 mm); finite and positive
     * @param spacingKeywords    DICOM keywords holding the pixel spacing, in order of preference
     * @throws IllegalArgumentException when the minimum is not a finite positive number or no keyword is given
     */
    public MinimumLesionSize(CategoryTable categories, double minimumMillimetres, List<String> spacingKeywords) {
        this.categories = Objects.requireNonNull(categories, "categories");
        checkMinimum("lesion", minimumMillimetres);
        if (spacingKeywords.isEmpty()) {
            throw new IllegalArgumentException("at least one pixel spacing keyword is needed");
        }
        this.minimumMillimetres = minimumMillimetres;
        this.spacingKeywords = List.copyOf(spacingKeywords);
    }

    @Override
    public String code() {
        return CODE;
    }

    /** The smallest admissible size, in mm; {@code pulmo nodules} and {@code stats} apply it to 3-D lesions too. */
    public double minimumMillimetres() {
        return minimumMillimetres;
    }

    @Override
    public String description() {
        return String.format(Locale.ROOT, "malignant lesions measure at least %s mm (needs %s)",
                formatMillimetres(minimumMillimetres), String.join(" or ", spacingKeywords));
    }

    @Override
    public List<Finding> validate(ImageContext image) {
        Optional<AnnotationFile> file = image.annotations();
        if (file.isEmpty()) {
            return List.of();
        }
        Optional<String> spacingKeyword = spacingKeywords.stream()
                .filter(k -> image.attribute(k).filter(v -> !v.isBlank()).isPresent()).findFirst();
        if (spacingKeyword.isEmpty()) {
            return List.of();
        }
        String keyword = spacingKeyword.get();
        String spacing = image.attribute(keyword).orElseThrow();
        double[] rowColumnMm = parseSpacing(spacing);
        if (rowColumnMm == null) {
            return List.of(Finding.error(CODE, Location.of(image.file(), keyword),
                    keyword + " is '" + spacing + "', expected two positive numbers 'row\\column' in mm;"
                            + " lesion sizes cannot be checked"));
        }
        List<Finding> findings = new ArrayList<>();
        List<Annotation> annotations = file.get().annotations();
        for (int i = 0; i < annotations.size(); i++) {
            Annotation a = annotations.get(i);
            Optional<CategoryDefinition> category = categories.byId(a.categoryId());
            if (category.isEmpty() || !category.get().isMalignant()) {
                continue;
            }
            double widthMm = a.bbox().width() * rowColumnMm[1];
            double heightMm = a.bbox().height() * rowColumnMm[0];
            double sizeMm = Math.max(widthMm, heightMm);
            if (sizeMm < minimumMillimetres) {
                findings.add(Finding.error(CODE, Location.of(image.file(), "/annotations/" + i),
                        String.format(Locale.ROOT, "malignant lesion (category %d %s) measures %s mm"
                                        + " (%s x %s px at %s mm/px), below the minimum of %s mm",
                                a.categoryId(), category.get().name(), formatMillimetres(sizeMm),
                                formatMillimetres(a.bbox().width()), formatMillimetres(a.bbox().height()),
                                spacing, formatMillimetres(minimumMillimetres))));
            }
        }
        return List.copyOf(findings);
    }

    /** {@code [row, column]} spacing in mm, or null unless the value is two finite positive numbers. */
    private static double[] parseSpacing(String value) {
        String[] parts = value.trim().split("\\\\");
        if (parts.length != 2) {
            return null;
        }
        double[] mm = new double[2];
        for (int i = 0; i < 2; i++) {
            try {
                mm[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                return null;
            }
            if (!(mm[i] > 0) || Double.isInfinite(mm[i])) {
                return null;
            }
        }
        return mm;
    }

    /**
     * @throws IllegalArgumentException when {@code minimumMillimetres} is not a finite positive number (of a
     *                                  {@code what}: lesion or nodule)
     */
    static void checkMinimum(String what, double minimumMillimetres) {
        if (!(minimumMillimetres > 0) || Double.isInfinite(minimumMillimetres)) {
            throw new IllegalArgumentException("minimum " + what + " size must be a finite number of mm > 0, got " + minimumMillimetres);
        }
    }

    /** {@code v} mm to 4 significant digits, without trailing zeros (the rules' messages). */
    static String formatMillimetres(double v) {
        return BigDecimal.valueOf(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
