package dev.pulmo.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * How {@link DatasetScanner} sees a tree's folders: the entries of a folder, each with its kind. The layout rules and
 * their findings stay in the scanner; only the listing changes, so a tree on another file system (a distributed
 * engine's, through its own client) gets the same findings as a local one. Paths are the tree's paths as the findings
 * name them; an implementation for another file system maps them onto its own.
 */
public interface TreeListing {

    /** What an entry is; symbolic links are followed. */
    enum Kind {
        /** A folder. */
        DIRECTORY,
        /** A regular file. */
        FILE,
        /** Something that must not be opened: a FIFO, device or socket (reading one can block forever). */
        OTHER,
        /** Nothing there (or a link to nothing). */
        MISSING
    }

    /** One entry of a folder. */
    record Entry(Path path, Kind kind) {
        public Entry {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /**
     * Every entry of {@code folder}, hidden ones included, in any order.
     *
     * @throws IOException when the folder cannot be listed (the scanner reports {@code layout.unreadable})
     */
    List<Entry> list(Path folder) throws IOException;

    /** What {@code path} is. */
    Kind kind(Path path);

    /** The local file system (java.nio). */
    static TreeListing local() {
        return new TreeListing() {
            @Override
            public List<Entry> list(Path folder) throws IOException {
                try (Stream<Path> s = Files.list(folder)) {
                    return s.map(p -> new Entry(p, kind(p))).toList();
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }

            @Override
            public Kind kind(Path path) {
                // one stat, following links (the three questions one by one cost a regular file two or three)
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(path, BasicFileAttributes.class);
                } catch (IOException e) {
                    return Kind.MISSING; // nothing there, a link to nothing, or not reachable: as Files.exists says
                }
                return attributes.isDirectory() ? Kind.DIRECTORY : attributes.isRegularFile() ? Kind.FILE : Kind.OTHER;
            }
        };
    }
}
