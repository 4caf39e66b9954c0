package dev.pulmo.dicom;

import java.util.Optional;

/**
 * Where a slice lies in the patient (DICOM PS3.3 C.7.6.2, Image Plane Module): Image Position (Patient) is the
 * centre of the first transmitted pixel, Image Orientation (Patient) the directions of the first row and the first
 * column, Pixel Spacing the distance between rows, then between columns, all in mm. A point (x, y) in the SDK's
 * pixel coordinates (SPEC.md §3, pixel (c, r) centred at (c + 0.5, r + 0.5)) lies at
 * {@code position + rowDirection · columnSpacing · (x − 0.5) + columnDirection · rowSpacing · (y − 0.5)}.
 */
public record SliceGeometry(double[] position, double[] rowDirection, double[] columnDirection, double rowSpacing,
                            double columnSpacing, double sliceThickness) {

    /** The plane of a header, when it has Image Position, Image Orientation and Pixel Spacing that make sense. */
    public static Optional<SliceGeometry> of(DicomDataset header) {
        double[] position = header.getDoubles(Tag.ImagePositionPatient);
        double[] orientation = header.getDoubles(Tag.ImageOrientationPatient);
        double[] spacing = header.getDoubles(Tag.PixelSpacing);
        if (position.length != 3 || orientation.length != 6 || spacing.length != 2 || !(spacing[0] > 0) || !(spacing[1] > 0)) {
            return Optional.empty();
        }
        double[] row = {orientation[0], orientation[1], orientation[2]};
        double[] column = {orientation[3], orientation[4], orientation[5]};
        if (Math.abs(norm(row) - 1) > 1e-3 || Math.abs(norm(column) - 1) > 1e-3) {
            return Optional.empty();
        }
        double thickness = header.getDouble(Tag.SliceThickness).orElse(Double.NaN);
        return Optional.of(new SliceGeometry(position, row, column, spacing[0], spacing[1], thickness));
    }

    /** The unit normal of the slice, row direction × column direction. */
    public double[] normal() {
        double[] r = rowDirection, c = columnDirection;
        double[] n = {r[1] * c[2] - r[2] * c[1], r[2] * c[0] - r[0] * c[2], r[0] * c[1] - r[1] * c[0]};
        double length = norm(n);
        return new double[] {n[0] / length, n[1] / length, n[2] / length};
    }

    /** The slice's position along {@code normal}, mm. */
    public double along(double[] normal) {
        return position[0] * normal[0] + position[1] * normal[1] + position[2] * normal[2];
    }

    /** The patient coordinates (mm) of the point (x, y) in pixel coordinates. */
    public double[] toPatient(double x, double y) {
        double u = columnSpacing * (x - 0.5), v = rowSpacing * (y - 0.5);
        return new double[] {
                position[0] + rowDirection[0] * u + columnDirection[0] * v,
                position[1] + rowDirection[1] * u + columnDirection[1] * v,
                position[2] + rowDirection[2] * u + columnDirection[2] * v};
    }

    private static double norm(double[] v) {
        return Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    }
}
