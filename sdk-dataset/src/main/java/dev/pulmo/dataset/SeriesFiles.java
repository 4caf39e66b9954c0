package dev.pulmo.dataset;

import java.nio.file.Path;
import java.util.List;

/** One series folder and its images, in sequence order, as found by {@link DatasetScanner}. */
public record SeriesFiles(SeriesKey key, Path folder, List<ImageFiles> images) {
    public SeriesFiles {
        images = List.copyOf(images);
    }
}
