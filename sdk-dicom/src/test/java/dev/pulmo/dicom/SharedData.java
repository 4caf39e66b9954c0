package dev.pulmo.dicom;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates ../shared (system property pulmo.shared.dir, set by the root pom, or the usual fall-backs). */
public final class SharedData {

    private SharedData() {
    }

    public static Path dir() {
        String prop = System.getProperty("pulmo.shared.dir");
        if (prop != null && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop);
        }
        for (Path p : new Path[] {Path.of("../shared"), Path.of("../../shared"), Path.of("/work/shared")}) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        throw new IllegalStateException("shared folder not found (set -Dpulmo.shared.dir)");
    }

    public static Path dicomCorpus() {
        return dir().resolve("testdata/dicom");
    }
}
