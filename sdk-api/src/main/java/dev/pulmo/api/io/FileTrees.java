package dev.pulmo.api.io;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.charset.Charset;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
    /**
     * Rule code of a file whose path is not text in the file-name encoding (bytes that are not UTF-8, under the UTF-8
     * locale the launcher sets): an error. The JDK shows such bytes as U+FFFD, and a path made from that text names
     * another file, so such a file cannot be read or named reliably.
     */
    public static final String UNREPRESENTABLE_NAME = "file.unrepresentable-name";

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
                    Optional<Finding> unnamable = unrepresentableName(file);
                    if (unnamable.isPresent()) {
                        problems.add(unnamable.get());
                    } else if (attrs.isRegularFile() || attrs.isSymbolicLink() && Files.isRegularFile(file)) {
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

    /**
     * Whether {@code path}, as listed from a folder, has a name that text cannot represent in the file-name encoding:
     * the JDK keeps the listed bytes in the path, but its text shows the undecodable bytes as U+FFFD, and a path made
     * again from that text (by {@code toFile()}, a report, a user) names a file that does not exist.
     *
     * @return the path's bytes, printable ASCII as is and every other byte as {@code \xNN} (e.g. {@code bad\xFF.json}),
     *         when they cannot be represented; empty when the text stands for the path
     */
    public static Optional<String> unrepresentable(Path path) {
        if (representable(path)) {
            return Optional.empty();
        }
        // the URI of a path escapes its bytes as they are (%FF), not its text
        String raw = path.toAbsolutePath().toUri().getRawPath();
        if (raw.endsWith("/") && raw.length() > 1) {
            raw = raw.substring(0, raw.length() - 1);
        }
        if (path.getFileName() != null && !representable(path.getFileName())) {
            raw = raw.substring(raw.lastIndexOf('/') + 1); // the name alone says where
        }
        StringBuilder shown = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            int b = raw.charAt(i);
            if (b == '%' && i + 2 < raw.length()) {
                b = Integer.parseInt(raw.substring(i + 1, i + 3), 16);
                i += 2;
            }
            shown.append(b >= 0x20 && b < 0x7F && b != '\\' ? Character.toString(b) : String.format("\\x%02X", b));
        }
        return Optional.of(shown.toString());
    }

    private static boolean representable(Path path) {
        try {
            return path.getFileSystem().getPath(path.toString()).equals(path);
        } catch (InvalidPathException e) {
            return false; // a character the encoding cannot take
        }
    }

    /**
     * @return the {@link #UNREPRESENTABLE_NAME} error for {@code file}, naming its bytes, when its name cannot be
     *         represented as text ({@link #unrepresentable}); empty when it can
     */
    public static Optional<Finding> unrepresentableName(Path file) {
        return unrepresentable(file).map(bytes -> Finding.error(UNREPRESENTABLE_NAME, Location.ofFile(file.toString()),
                "the name is not valid " + Charset.forName(System.getProperty("sun.jnu.encoding",
                        Charset.defaultCharset().name())).displayName() + " (its bytes: " + bytes
                        + "), so it cannot be represented as text; not read (rename it)"));
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
