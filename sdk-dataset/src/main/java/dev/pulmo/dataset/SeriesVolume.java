package dev.pulmo.dataset;

import dev.pulmo.dicom.SliceGeometry;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A CT or PET-CT series' slices as a volume: the slices ordered by their position along the series' normal
 * ({@code n · ImagePositionPatient}, {@code n} = row direction × column direction, PS3.3 C.7.6.2.1.1), the slice
 * spacing, and where the series has gaps. Shared by {@code pulmo nodules} (a gap keeps lesions apart) and
 * {@code export-nifti} (a gap refuses the series).
 *
 * <p>As the chest CT plugin's {@code cct.slice-gap} rule decides: the spacing is the smallest distance between
 * neighbouring positions (in a series with a gap most distances are the spacing, so the smallest is the spacing even
 * when several slices are missing), and a distance of more than {@value #GAP_FACTOR} spacings is a gap. A series of
 * one slice takes its SliceThickness as spacing. Slices of different size, orientation (more than 0.01 apart) or pixel
 * spacing (more than 0.1 % apart), and two slices at one position (closer than 0.01 mm), are no volume: the reason is
 * given, nothing is guessed or resampled.
 *
 * @param order      indices into the caller's list of slices, by ascending position along {@code normal}
 * @param positionMm the position along {@code normal} of each slice of {@code order}, mm
 * @param spacingMm  the distance between neighbouring slices, mm
 * @param normal     the unit normal of the slices
 */
public record SeriesVolume(int[] order, double[] positionMm, double spacingMm, double[] normal) {
    /** A distance between neighbouring slices of more than this many spacings is a gap. */
    public static final double GAP_FACTOR = 1.5;
    private static final double SAME_POSITION_MM = 0.01;
    private static final double ORIENTATION_TOLERANCE = 0.01;
    private static final double SPACING_TOLERANCE = 1e-3;

    /** One slice as the volume needs it: a name for messages (its file), its plane and its size in pixels. */
    public record Slice(String name, SliceGeometry geometry, int width, int height) {
    }

    /** A volume, or why the slices are none. */
    public record Result(Optional<SeriesVolume> volume, String whyNot) {
    }

    /** Orders {@code slices} (at least one) into a volume, or says why they do not make one. */
    public static Result of(List<Slice> slices) {
        if (slices.isEmpty()) {
            return new Result(Optional.empty(), "the series has no slice with Image Position, Image Orientation and Pixel Spacing");
        }
        Slice first = slices.get(0);
        for (int i = 1; i < slices.size(); i++) {
            Slice s = slices.get(i);
            if (s.width() != first.width() || s.height() != first.height()) {
                return no(s.name() + " is " + s.width() + " x " + s.height() + " pixels but " + first.name() + " is "
                        + first.width() + " x " + first.height());
            }
            if (!close(s.geometry().rowDirection(), first.geometry().rowDirection())
                    || !close(s.geometry().columnDirection(), first.geometry().columnDirection())) {
                return no(s.name() + " has another Image Orientation (Patient) than " + first.name());
            }
            if (Math.abs(s.geometry().rowSpacing() - first.geometry().rowSpacing()) > SPACING_TOLERANCE * first.geometry().rowSpacing()
                    || Math.abs(s.geometry().columnSpacing() - first.geometry().columnSpacing()) > SPACING_TOLERANCE * first.geometry().columnSpacing()) {
                return no(s.name() + " has another Pixel Spacing than " + first.name());
            }
        }
        double[] normal = first.geometry().normal();
        Integer[] boxed = new Integer[slices.size()];
        for (int i = 0; i < boxed.length; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, Comparator.comparingDouble(i -> slices.get(i).geometry().along(normal)));
        int[] order = new int[boxed.length];
        double[] position = new double[boxed.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = boxed[i];
            position[i] = slices.get(order[i]).geometry().along(normal);
        }
        double spacing = Double.MAX_VALUE;
        for (int i = 1; i < order.length; i++) {
            double d = position[i] - position[i - 1];
            if (d < SAME_POSITION_MM) {
                return no(slices.get(order[i - 1]).name() + " and " + slices.get(order[i]).name() + " are at the same position ("
                        + mm(position[i]) + " mm along the normal)");
            }
            spacing = Math.min(spacing, d);
        }
        if (order.length == 1) {
            spacing = first.geometry().sliceThickness();
            if (!(spacing > 0) || Double.isInfinite(spacing)) {
                return no("a single slice without a Slice Thickness has no slice spacing");
            }
        }
        return new Result(Optional.of(new SeriesVolume(order, position, spacing, normal)), "");
    }

    /** Whether slice {@code i} of {@link #order} is more than {@value #GAP_FACTOR} spacings from slice {@code i − 1}. */
    public boolean gapBefore(int i) {
        return i > 0 && positionMm[i] - positionMm[i - 1] > GAP_FACTOR * spacingMm;
    }

    /** The first gap as a sentence naming the two slices of {@code slices} (the list the volume was made of), if any. */
    public Optional<String> firstGap(List<Slice> slices) {
        for (int i = 1; i < order.length; i++) {
            if (gapBefore(i)) {
                return Optional.of("a gap of " + mm(positionMm[i] - positionMm[i - 1]) + " mm between " + slices.get(order[i - 1]).name()
                        + " and " + slices.get(order[i]).name() + " where the spacing is " + mm(spacingMm) + " mm");
            }
        }
        return Optional.empty();
    }

    /** The number of slices. */
    public int size() {
        return order.length;
    }

    private static Result no(String why) {
        return new Result(Optional.empty(), why);
    }

    private static boolean close(double[] a, double[] b) {
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > ORIENTATION_TOLERANCE) {
                return false;
            }
        }
        return true;
    }

    static String mm(double v) {
        return BigDecimal.valueOf(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
