package dev.pulmo.plugin.chestct;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.plugin.ImageContext;
import dev.pulmo.api.plugin.SeriesContext;
import dev.pulmo.api.plugin.SeriesValidator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every slice of a chest CT series has the same SliceThickness (SPEC.md §5 keeps one slice thickness per CT series): a
 * slice whose thickness differs from the series' first slice by more than 0.01 mm is an error. Slices without a
 * thickness are {@code cct.slice-thickness-out-of-range}'s business.
 */
final class SliceThicknessConsistency implements SeriesValidator {
    static final String CODE = "cct.slice-thickness-inconsistent";
    private static final double TOLERANCE_MM = 0.01;

    @Override
    public String code() {
        return CODE;
    }

    @Override
    public String description() {
        return "every slice of a chest CT series has the same SliceThickness";
    }

    @Override
    public Set<String> attributes() {
        return Set.of("SliceThickness");
    }

    @Override
    public List<Finding> validate(SeriesContext series) {
        List<Finding> findings = new ArrayList<>();
        Double first = null;
        String firstFile = null;
        for (ImageContext image : series.images()) {
            Optional<Double> mm = image.attribute("SliceThickness").flatMap(SliceThicknessConsistency::parse);
            if (mm.isEmpty()) {
                continue;
            }
            if (first == null) {
                first = mm.get();
                firstFile = image.file();
            } else if (Math.abs(mm.get() - first) > TOLERANCE_MM) {
                findings.add(Finding.error(CODE, Location.of(image.file(), "SliceThickness"), "SliceThickness is "
                        + SliceSpacing.mm(mm.get()) + " mm but " + SliceSpacing.mm(first) + " mm in " + firstFile
                        + ": one series has one slice thickness"));
            }
        }
        return findings;
    }

    private static Optional<Double> parse(String value) {
        try {
            double v = Double.parseDouble(value.trim());
            return Double.isFinite(v) ? Optional.of(v) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
