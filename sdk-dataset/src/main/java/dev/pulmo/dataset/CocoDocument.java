package dev.pulmo.dataset;

import dev.pulmo.api.io.AtomicFiles;
import dev.pulmo.api.plugin.ModalityCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A {@link CocoExport.Document} written to a local file: its annotations staged in a temporary fragment next to the
 * target, appended by {@link #finish} and removed by {@link #close}. The single-file export and each part's file of
 * {@link CocoDirectoryExport} are written through it; the assembly itself is the document's. Not thread-safe.
 */
final class CocoDocument implements AutoCloseable {
    private final CocoExport.Document document;
    private final Path fragment;
    private final OutputStream side;

    private CocoDocument(CocoExport.Document document, Path fragment, OutputStream side) {
        this.document = document;
        this.fragment = fragment;
        this.side = side;
    }

    /**
     * Starts a document on {@code out} (the target's staged content) with {@code info} and the categories of the
     * modalities {@code included} accepts, its fragment next to {@code target}.
     *
     * @throws UncheckedIOException when the fragment cannot be created next to {@code target}
     */
    static CocoDocument open(OutputStream out, Path target, Map<String, String> info, ModalityCatalog catalog,
                             Predicate<String> included, FindingSink sink) {
        Path fragment;
        OutputStream side;
        try {
            fragment = AtomicFiles.temporaryNextTo(target.resolveSibling(target.getFileName() + ".annotations"));
            side = Files.newOutputStream(fragment);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write next to " + target + ": " + e.getMessage(), e);
        }
        return new CocoDocument(new CocoExport.Document(out, side, info, catalog, included, sink), fragment, side);
    }

    /** The document, to add image entries to. */
    CocoExport.Document document() {
        return document;
    }

    /** Appends the staged annotations and ends the document. */
    void finish() throws IOException {
        document.endImages();
        side.close();
        try (InputStream staged = Files.newInputStream(fragment)) {
            document.finish(staged);
        }
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
