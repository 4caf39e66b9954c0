package dev.pulmo.cocojson;

import dev.pulmo.api.Annotation;
import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.ImageRecord;
import dev.pulmo.api.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Whole-file reading and writing of guideline JSON (SPEC.md §3). For files too large to hold in memory
 * use {@link GuidelineJsonReader#read(Path, GuidelineJsonVisitor)} and {@link GuidelineJsonWriter}.
 */
public final class GuidelineJson {
    private GuidelineJson() {
    }

    /**
     * Reads a file leniently (unknown members ignored).
     *
     * @throws GuidelineJsonException naming file, line:column and pointer when it is not guideline JSON, or when
     *                                {@code file} is a FIFO, socket or device (not opened)
     * @throws java.io.UncheckedIOException when the file cannot be read, e.g. {@code cannot read /abs/nope.json: no
     *                                such file} (the absolute path, once)
     */
    public static AnnotationFile read(Path file) {
        return GuidelineJsonReader.lenient().read(file);
    }

    /**
     * Writes {@code file} to {@code out} (UTF-8); {@code out} is flushed, not closed.
     *
     * @throws java.io.UncheckedIOException when {@code out} fails
     */
    public static void write(AnnotationFile file, OutputStream out) {
        write(file, new GuidelineJsonWriter(out));
    }

    /** Writes {@code file} with {@code w} and closes {@code w}. */
    static void write(AnnotationFile file, GuidelineJsonWriter w) {
        w.info(file.info());
        w.categories(file.categories());
        for (ImageRecord i : file.images()) {
            w.image(i);
        }
        for (Annotation a : file.annotations()) {
            w.annotation(a);
        }
        w.close();
    }

    /**
     * Writes {@code file} to {@code target} atomically (temporary file in the same folder, then rename): a reader
     * sees the old file or the new one, never half of one; on failure the temporary file is removed.
     *
     * @throws java.io.UncheckedIOException when the folder cannot be written, naming the target
     */
    public static void write(AnnotationFile file, Path target) {
        AtomicFiles.write(target, out -> write(file, out));
    }

    /** The file as guideline JSON text. */
    public static String toJson(AnnotationFile file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(file, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
