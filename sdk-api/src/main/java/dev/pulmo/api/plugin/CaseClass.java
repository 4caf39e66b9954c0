package dev.pulmo.api.plugin;

import java.util.Locale;
import java.util.Optional;

/** The case classes of the dataset's folder layout (SPEC.md §2): {@code benign}, {@code malignant}, {@code normal}. */
public enum CaseClass {
    BENIGN, MALIGNANT, NORMAL;

    /** The folder name, e.g. {@code malignant}. */
    public String folderName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The class whose folder name is {@code folder}, if any. */
    public static Optional<CaseClass> fromFolderName(String folder) {
        for (CaseClass c : values()) {
            if (c.folderName().equals(folder)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
