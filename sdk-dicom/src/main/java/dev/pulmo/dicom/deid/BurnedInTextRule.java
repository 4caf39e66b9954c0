package dev.pulmo.dicom.deid;

import dev.pulmo.api.io.FileErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a device burns identifying text into its images (SPEC.md §8: "remove identifying text burned into the
 * pixels by the device's layout"): images whose Manufacturer (0008,0070) and Manufacturer's Model Name
 * (0008,1090) match the regular expressions (whole value, case-insensitive) and whose Columns × Rows match
 * (0 = any size) get {@code rectangle} blanked in every frame.
 *
 * <p>Rules are data: {@link #readCsv} reads a file of lines {@code manufacturer,model,columns,rows,x,y,width,height}
 * ({@code *} for any size; {@code #} starts a comment; a header line starting with {@code manufacturer} is
 * skipped; the two expressions may not contain commas). Several lines for one device give several rectangles.
 */
public record BurnedInTextRule(Pattern manufacturer, Pattern model, int columns, int rows, BlankRectangle rectangle) {

    public BurnedInTextRule {
        Objects.requireNonNull(manufacturer, "manufacturer");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(rectangle, "rectangle");
        if (columns < 0 || rows < 0) {
            throw new IllegalArgumentException("columns and rows must be >= 0 (0 = any), got " + columns + "x" + rows);
        }
    }

    /** @return true when the rule applies to an image of this device and size */
    public boolean appliesTo(String manufacturerValue, String modelValue, int imageColumns, int imageRows) {
        return manufacturer.matcher(manufacturerValue).matches() && model.matcher(modelValue).matches()
                && (columns == 0 || columns == imageColumns) && (rows == 0 || rows == imageRows);
    }

    /**
     * Reads rules from a CSV file (format above).
     *
     * @throws IllegalArgumentException naming file and line when a line is malformed
     * @throws UncheckedIOException     when the file cannot be read
     */
    public static List<BurnedInTextRule> readCsv(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(FileErrors.requireRegularFile(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read burned-in text rules " + file + ": " + FileErrors.reason(e), e);
        }
        List<BurnedInTextRule> rules = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || (i == 0 && line.toLowerCase().startsWith("manufacturer"))) {
                continue;
            }
            String[] f = line.split(",", -1);
            String where = file + ":" + (i + 1) + ": ";
            if (f.length != 8) {
                throw new IllegalArgumentException(where + "expected 8 fields manufacturer,model,columns,rows,x,y,width,height, got "
                        + f.length);
            }
            try {
                rules.add(new BurnedInTextRule(
                        Pattern.compile(f[0].strip(), Pattern.CASE_INSENSITIVE),
                        Pattern.compile(f[1].strip(), Pattern.CASE_INSENSITIVE),
                        size(f[2]), size(f[3]),
                        new BlankRectangle(Integer.parseInt(f[4].strip()), Integer.parseInt(f[5].strip()),
                                Integer.parseInt(f[6].strip()), Integer.parseInt(f[7].strip()))));
            } catch (IllegalArgumentException e) { // also PatternSyntaxException, NumberFormatException
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
        }
        return List.copyOf(rules);
    }

    private static int size(String field) {
        String s = field.strip();
        return s.equals("*") ? 0 : Integer.parseInt(s);
    }
}
