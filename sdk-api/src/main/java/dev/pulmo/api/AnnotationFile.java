package dev.pulmo.api;

import java.util.List;
import java.util.Objects;

/** A whole guideline JSON file: its four sections, in the order they are written (SPEC.md §3). */
public record AnnotationFile(Info info, List<Category> categories, List<ImageRecord> images,
                             List<Annotation> annotations) {
    public AnnotationFile {
        Objects.requireNonNull(info, "info");
        categories = List.copyOf(categories);
        images = List.copyOf(images);
        annotations = List.copyOf(annotations);
    }
}
