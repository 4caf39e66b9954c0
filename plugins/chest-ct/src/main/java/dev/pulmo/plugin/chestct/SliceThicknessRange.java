package dev.pulmo.plugin.chestct;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.plugin.ImageContext;
import dev.pulmo.api.plugin.Validator;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * Chest CT slices are 2 to 10 mm thick, both ends included (SPEC.md §6, guideline 2.3.3). Reads
 * {@code SliceThickness} (0018,0050), a decimal string in mm: outside the range or not a number is an error;
 * absent is a warning, because the rule cannot be checked.
 */
final class SliceThicknessRange implements Validator {
    static final String CODE = "cct.slice-thickness-out-of-range";
    static final double MIN_MM = 2.0;
    static final double MAX_MM = 10.0;
    private static final String KEYWORD = "SliceThickness";

    @Override
    public String code() {
        return CODE;
    }

    @Override
    public String description() {
        return "chest CT slice thickness (SliceThickness) is between 2 and 10 mm";
    }

    @Override
    public List<Finding> validate(ImageContext image) {
        Location where = Location.of(image.file(), KEYWORD);
        Optional<String> value = image.attribute(KEYWORD).map(String::trim).filter(v -> !v.isEmpty());
        if (value.isEmpty()) {
            return List.of(Finding.warning(CODE, where,
                    "SliceThickness (0018,0050) is absent; cannot check the guideline's 2-10 mm range"));
        }
        double mm;
        try {
            mm = Double.parseDouble(value.get());
        } catch (NumberFormatException e) {
            mm = Double.NaN;
        }
        if (Double.isNaN(mm)) {
            return List.of(Finding.error(CODE, where,
                    "SliceThickness is '" + value.get() + "', expected a decimal number of mm between 2 and 10"));
        }
        if (mm < MIN_MM || mm > MAX_MM) {
            return List.of(Finding.error(CODE, where, "SliceThickness is "
                    + BigDecimal.valueOf(mm).stripTrailingZeros().toPlainString()
                    + " mm, outside the guideline's 2-10 mm range"));
        }
        return List.of();
    }
}
