package dev.pulmo.dataset;

import dev.pulmo.api.CategoryDefinition;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.io.AtomicFiles;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.cocojson.CocoJsonWriter;
import dev.pulmo.geometry.CocoRle;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * One COCO file being assembled by the export: {@code info}, the categories, then image entries as they come in the
 * tree's order, their annotations staged in a temporary fragment next to the target and appended at the end, so that
 * memory does not grow with the dataset. Not thread-safe: the export's in-order step feeds it.
 */
final class CocoDocument implements AutoCloseable {
    private final CocoJsonWriter main;
    private final Path fragment;
    private final OutputStream side;
    private final CocoJsonWriter annotations;
    private long images;

    private CocoDocument(CocoJsonWriter main, Path fragment, OutputStream side) {
        this.main = main;
        this.fragment = fragment;
        this.side = side;
        this.annotations = CocoJsonWriter.fragment(side);
    }

    /**
     * Starts a document on {@code out} (the target's staged content) with {@code info} and the categories of the
     * modalities {@code included} accepts.
     *
     * @throws UncheckedIOException when the fragment cannot be created next to {@code target}
     */
    static CocoDocument open(OutputStream out, Path target, Map<String, String> info, DatasetLayout layout,
                             Predicate<String> included, FindingSink sink) {
        CocoJsonWriter main = CocoJsonWriter.document(out, info);
        for (ModalityPlugin p : layout.catalog().all()) {
            if (!included.test(p.modality().code())) {
                continue;
            }
            for (CategoryDefinition d : p.categoryTable().categories()) {
                OptionalInt id = CocoExport.cocoCategoryId(layout.catalog(), p.modality().code(), d.id());
                if (id.isEmpty()) {
                    sink.accept(Finding.warning(CocoExport.CATEGORY_UNKNOWN, Location.NONE, "category " + d.id() + " of "
                            + p.modality().code() + " is outside 1-99 and cannot be given a COCO id; left out"));
                    continue;
                }
                main.category(id.getAsInt(), d.englishName(), p.modality().code());
            }
        }
        try {
            Path fragment = AtomicFiles.temporaryNextTo(target.resolveSibling(target.getFileName() + ".annotations"));
            return new CocoDocument(main, fragment, Files.newOutputStream(fragment));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write next to " + target + ": " + e.getMessage(), e);
        }
    }

    /** Adds an image entry with id {@code id} and its annotations, numbered on from {@code annotationIds[0]}. */
    void add(long id, String fileName, CocoExport.CocoImage image, long[] annotationIds) {
        images++;
        main.image(id, fileName, image.width(), image.height());
        for (CocoExport.CocoObject a : image.objects()) {
            long annotationId = ++annotationIds[0];
            if (a.rle().isPresent()) {
                CocoRle rle = a.rle().get();
                annotations.rleAnnotation(annotationId, id, a.cocoCategoryId(), a.bbox(), a.area(), rle.height(), rle.width(),
                        rle.toCompressedString());
            } else {
                annotations.polygonAnnotation(annotationId, id, a.cocoCategoryId(), a.bbox(), a.area(), a.rings());
            }
        }
    }

    /** The number of image entries so far. */
    long images() {
        return images;
    }

    /** Appends the staged annotations and ends the document. */
    void finish() throws IOException {
        annotations.close();
        side.close();
        try (InputStream staged = Files.newInputStream(fragment)) {
            main.annotationsFrom(staged);
        }
        main.close();
    }

    /** Removes the staged fragment (after {@link #finish}, or when the export failed). */
    @Override
    public void close() {
        try {
            side.close();
            Files.deleteIfExists(fragment);
        } catch (IOException ignored) {
            // a left-over temporary file is harmless; the next export removes it
        }
    }
}
