package dev.pulmo.api.io;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Lists the regular files of a tree without stopping at what cannot be read. {@code Files.walk} aborts the whole walk
 * with an exception at the first folder it may not open, and leaves a FIFO to the caller, whose read then blocks
 * forever; here both are reported and passed over, and the walk goes on.
 */
public final class FileTrees {

    /** Rule code of a folder or file that cannot be read (permission denied, I/O error): an error. */
    public static final String UNREADABLE = "file.unreadable";
    /** Rule code of a FIFO, socket, device or dangling link where a data file was expected: a warning. */
    public static final String NOT_REGULAR = "file.not-regular";

    private FileTrees() {
    }

    /**
     * What a walk found.
     *
     * @param files    regular files (and links to regular files) that {@code wanted} accepted, sorted
     * @param problems one finding per folder or file that could not be read ({@link #UNREADABLE}, error) and per
     *                 wanted name that is not a regular file ({@link #NOT_REGULAR}, warning; never opened)
     */
    public record Listing(List<Path> files, List<Finding> problems) {
        public Listing {
            files = List.copyOf(files);
            problems = List.copyOf(problems);
        }
    }

    /**
     * Walks {@code root} (a folder, or a single file) without following links to folders.
     *
     * @param root   where to start
     * @param wanted which paths the caller reads, e.g. {@code p -> p.toString().endsWith(".json")}
     * @return the regular files and the problems met
     */
    public static Listing regularFiles(Path root, Predicate<Path> wanted) {
        List<Path> files = new ArrayList<>();
        List<Finding> problems = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (!wanted.test(file)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (attrs.isRegularFile() || attrs.isSymbolicLink() && Files.isRegularFile(file)) {
                        files.add(file);
                    } else if (!(attrs.isSymbolicLink() && Files.isDirectory(file))) {
                        problems.add(notRegular(file));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    problems.add(unreadable(file, e));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            problems.add(unreadable(root, e));
        }
        files.sort(null);
        return new Listing(files, problems);
    }

    /** @return the {@link #NOT_REGULAR} warning for {@code file} */
    public static Finding notRegular(Path file) {
        String what = Files.isSymbolicLink(file) && !Files.exists(file) ? "a symbolic link to nothing"
                : "not a regular file (a FIFO, socket or device)";
        return Finding.warning(NOT_REGULAR, Location.ofFile(file.toString()), what + "; not opened");
    }

    /** @return the {@link #UNREADABLE} error for {@code path}, saying why in words */
    public static Finding unreadable(Path path, IOException e) {
        String why = e instanceof AccessDeniedException ? "permission denied" : e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return Finding.error(UNREADABLE, Location.ofFile(path.toString()), "cannot be read (" + why + "); skipped");
    }
}
