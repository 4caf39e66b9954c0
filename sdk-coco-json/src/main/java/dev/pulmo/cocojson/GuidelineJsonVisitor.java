package dev.pulmo.cocojson;

import dev.pulmo.api.Annotation;
import dev.pulmo.api.Category;
import dev.pulmo.api.ImageRecord;
import dev.pulmo.api.Info;

/**
 * Receives a guideline JSON file's parts in file order from {@link GuidelineJsonReader}. Each method has
 * an empty default, so a visitor implements only what it needs (e.g. only {@link #annotation}).
 */
public interface GuidelineJsonVisitor {
    default void info(Info info) {
    }

    default void category(Category category) {
    }

    default void image(ImageRecord image) {
    }

    default void annotation(Annotation annotation) {
    }
}
