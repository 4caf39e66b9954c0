package dev.pulmo.dicom.deid;

import java.util.Objects;

/**
 * Identifying information found in a dataset that claims to be de-identified.
 *
 * @param path    where: tags from the top level down with item indexes, e.g. {@code (0008,1140)[0]/(0010,0010)}
 * @param code    stable finding code, e.g. {@code deid.residue.attribute-present}
 * @param message what was found and what the profile expects; it never repeats the value found
 */
public record Residue(String path, String code, String message) {
    public Residue {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
