package dev.pulmo.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An imaging modality of the dataset, identified by its code ({@code XRY}, {@code CCT}, {@code PCT}, …).
 *
 * <p>An open value type, not an enum: modality plugins add modalities (SPEC.md §1). Two modalities are
 * equal when their codes are equal; the display name is informative.
 *
 * @param code        the JSON {@code modality}/{@code supercategory} code: 1–3 upper-case letters or digits
 *                    (the guideline limits {@code supercategory} to 3 characters)
 * @param displayName a human-readable name such as {@code "Chest CT"}, written as {@code supercategory_name}
 */
public record Modality(String code, String displayName) {
    private static final Pattern CODE = Pattern.compile("[A-Z0-9]{1,3}");

    public Modality {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(displayName, "displayName");
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("modality code must be 1-3 upper-case letters or digits, got '" + code + "'");
        }
    }

    public static Modality of(String code, String displayName) {
        return new Modality(code, displayName);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Modality m && m.code.equals(code);
    }

    @Override
    public int hashCode() {
        return code.hashCode();
    }

    @Override
    public String toString() {
        return code;
    }
}
