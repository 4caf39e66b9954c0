package dev.pulmo.plugin.chestct;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.plugin.ImageContext;
import dev.pulmo.api.plugin.SeriesContext;
import dev.pulmo.api.plugin.SeriesValidator;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A chest CT series has no gaps between its slices (SPEC.md §6, guideline 2.3.3: series with gaps are excluded).
 *
 * <p>Each slice's position along the series' normal is {@code n · ImagePositionPatient}, with {@code n} the cross
 * product of the row and column directions of {@code ImageOrientationPatient} (PS3.3 C.7.6.2.1.1). The series'
 * spacing is the smallest distance between neighbouring positions: in a series with a gap most distances are the
 * spacing and the gap is larger, so the smallest is the spacing even when several slices are missing (a median is
 * not, in a short series). {@code SpacingBetweenSlices} is not used: vendors fill it inconsistently. A distance more
 * than 1.5 spacings is a gap: slices are missing (error, naming the two slices and about how many fit between). Two slices at the same position are an error too. Slices whose
 * orientation differs from the first slice's by more than 0.01 make the positions meaningless: error, and no gap
 * check. A series of fewer than three slices, or without position or orientation, cannot be checked (warning when
 * position or orientation is missing).
 */
final class SliceSpacing implements SeriesValidator {
    static final String CODE = "cct.slice-gap";
    private static final double GAP_FACTOR = 1.5;
    private static final double SAME_POSITION_MM = 0.01;
    private static final double ORIENTATION_TOLERANCE = 0.01;

    @Override
    public String code() {
        return CODE;
    }

    @Override
    public String description() {
        return "a chest CT series has no gap between slices (positions along the slice normal, against the series' spacing)";
    }

    @Override
    public Set<String> attributes() {
        return Set.of("ImagePositionPatient", "ImageOrientationPatient");
    }

    private record Slice(ImageContext image, double position) {
    }

    @Override
    public List<Finding> validate(SeriesContext series) {
        List<ImageContext> images = series.images();
        if (images.size() < 2) {
            return List.of();
        }
        double[] orientation = null;
        List<Slice> slices = new ArrayList<>();
        List<String> unplaced = new ArrayList<>();
        for (ImageContext image : images) {
            Optional<double[]> iop = numbers(image, "ImageOrientationPatient", 6);
            Optional<double[]> ipp = numbers(image, "ImagePositionPatient", 3);
            if (iop.isEmpty() || ipp.isEmpty()) {
                unplaced.add(image.file());
                continue;
            }
            if (orientation == null) {
                orientation = iop.get();
            } else if (!sameOrientation(orientation, iop.get())) {
                return List.of(Finding.error(CODE, Location.of(image.file(), "ImageOrientationPatient"),
                        "the slice's orientation " + Arrays.toString(iop.get()) + " differs from the series' "
                                + Arrays.toString(orientation) + ": slice positions cannot be compared"));
            }
            slices.add(new Slice(image, dot(normal(orientation), ipp.get())));
        }
        List<Finding> findings = new ArrayList<>();
        if (!unplaced.isEmpty()) {
            findings.add(Finding.warning(CODE, Location.ofFile(series.folder()), unplaced.size()
                    + " slice(s) without ImagePositionPatient or ImageOrientationPatient (e.g. " + unplaced.get(0)
                    + "): gaps between slices cannot be checked for them"));
        }
        if (slices.size() < 3) {
            return findings;
        }
        slices.sort(Comparator.comparingDouble(Slice::position));
        double[] distances = new double[slices.size() - 1];
        for (int i = 1; i < slices.size(); i++) {
            distances[i - 1] = slices.get(i).position() - slices.get(i - 1).position();
        }
        double spacing = Double.MAX_VALUE;
        for (double d : distances) {
            if (d >= SAME_POSITION_MM) {
                spacing = Math.min(spacing, d);
            }
        }
        for (int i = 1; i < slices.size(); i++) {
            Slice a = slices.get(i - 1);
            Slice b = slices.get(i);
            double d = distances[i - 1];
            if (d < SAME_POSITION_MM) {
                findings.add(Finding.error(CODE, Location.ofFile(b.image().file()), "the slice is at the same position ("
                        + mm(b.position()) + " mm along the normal) as " + a.image().file()));
            } else if (spacing < Double.MAX_VALUE && d > GAP_FACTOR * spacing) {
                long missing = Math.round(d / spacing) - 1;
                findings.add(Finding.error(CODE, Location.ofFile(b.image().file()), "a gap of " + mm(d) + " mm between "
                        + a.image().file() + " and this slice, where the series' spacing is " + mm(spacing) + " mm: about "
                        + Math.max(1, missing) + " slice(s) missing (SPEC.md §6: series with gaps are excluded)"));
            }
        }
        return findings;
    }

    private static Optional<double[]> numbers(ImageContext image, String keyword, int count) {
        Optional<String> value = image.attribute(keyword);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = value.get().split("\\\\");
        if (parts.length != count) {
            return Optional.empty();
        }
        double[] out = new double[count];
        try {
            for (int i = 0; i < count; i++) {
                out[i] = Double.parseDouble(parts[i].trim());
                if (!Double.isFinite(out[i])) {
                    return Optional.empty();
                }
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.of(out);
    }

    private static boolean sameOrientation(double[] a, double[] b) {
        for (int i = 0; i < 6; i++) {
            if (Math.abs(a[i] - b[i]) > ORIENTATION_TOLERANCE) {
                return false;
            }
        }
        return true;
    }

    /** Row direction × column direction (PS3.3 C.7.6.2.1.1). */
    private static double[] normal(double[] iop) {
        return new double[] {
                iop[1] * iop[5] - iop[2] * iop[4],
                iop[2] * iop[3] - iop[0] * iop[5],
                iop[0] * iop[4] - iop[1] * iop[3]};
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    static String mm(double v) {
        return BigDecimal.valueOf(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
