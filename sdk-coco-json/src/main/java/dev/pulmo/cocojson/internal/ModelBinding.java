package dev.pulmo.cocojson.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.Annotation;
import dev.pulmo.api.Category;
import dev.pulmo.api.ImageRecord;
import dev.pulmo.api.Info;
import dev.pulmo.cocojson.GuidelineJsonException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Binds the sections a {@link SectionWalker} hands out to the typed model, leniently (unknown members ignored), next to
 * another handler that sees every callback first: the validator's run, so that one parse of a document gives both its
 * findings and its model. The model is absent when the document cannot be bound (a required member missing or of the
 * wrong type, the root not an object, a section twice, or the walk not completed); the findings say why.
 */
public final class ModelBinding implements SectionWalker.Handler {
    private final SectionWalker.Handler first;
    private final ModelMapper mapper;
    private Info info;
    private final List<Category> categories = new ArrayList<>();
    private final List<ImageRecord> images = new ArrayList<>();
    private final List<Annotation> annotations = new ArrayList<>();
    private boolean unbindable;
    private boolean completed;

    public ModelBinding(String sourceName, SectionWalker.Handler first) {
        this.first = first;
        this.mapper = new ModelMapper(sourceName, false);
    }

    @Override
    public void section(String name, LocatedTree tree) {
        first.section(name, tree);
        if (!unbindable && name.equals(SectionWalker.INFO)) {
            bind(() -> info = mapper.info(tree));
        } else {
            unbindable = true; // a section that must be an array is not one
        }
    }

    @Override
    public void arrayStart(String name, JsonLocation location) {
        first.arrayStart(name, location);
    }

    @Override
    public void element(String name, int index, LocatedTree tree) {
        first.element(name, index, tree);
        if (unbindable) {
            return;
        }
        switch (name) {
            case SectionWalker.CATEGORIES -> bind(() -> categories.add(mapper.category(tree)));
            case SectionWalker.IMAGES -> bind(() -> images.add(mapper.image(tree)));
            default -> bind(() -> annotations.add(mapper.annotation(tree)));
        }
    }

    @Override
    public void knownCleanCategories(List<Category> table) {
        first.knownCleanCategories(table);
        categories.addAll(table);
    }

    @Override
    public void unknownMember(String name, JsonLocation location) {
        first.unknownMember(name, location);
    }

    @Override
    public void rootNotObject(JsonToken token, JsonLocation location) {
        first.rootNotObject(token, location);
        unbindable = true;
    }

    @Override
    public void duplicateSection(String name, JsonLocation location) {
        first.duplicateSection(name, location);
        unbindable = true;
    }

    /** Called when the walk reached the end of the document. */
    public void completed() {
        completed = true;
    }

    /** The document's model, as {@code GuidelineJsonReader.lenient()} reads it, or empty when it cannot be bound. */
    public Optional<AnnotationFile> model() {
        if (!completed || unbindable || info == null) {
            return Optional.empty();
        }
        return Optional.of(new AnnotationFile(info, categories, images, annotations));
    }

    private void bind(Runnable mapping) {
        try {
            mapping.run();
        } catch (GuidelineJsonException e) {
            unbindable = true; // the validator's run reports the same member as a json.* finding
        }
    }
}
