package dev.pulmo.api.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * The messages of the SDK's I/O failures: the file by its absolute path, once, then the reason in words
 * ({@code cannot read /data/x/nope.json: no such file}). The JDK's own messages repeat the path, often relative
 * ({@code nope.json: nope.json}), or name only an exception class.
 */
public final class FileErrors {
    /**
     * The reason given for a FIFO, socket or device where a data file was expected: reading one blocks until another
     * process writes to it, possibly forever, so it is never opened.
     */
    public static final String NOT_REGULAR = "not a regular file (a FIFO, socket or device); not opened";

    private FileErrors() {
    }

    /**
     * Checks, without opening it, that {@code file} is not a FIFO, socket, device or folder, before a reader opens it
     * (opening a FIFO blocks until a writer comes). A missing file passes: opening it reports that.
     *
     * @return {@code file}, to be opened
     * @throws FileSystemException naming the file, with {@link #NOT_REGULAR} (or "a folder, not a file") as its
     *                             reason, so that {@link #reason} gives it in words
     */
    public static Path requireRegularFile(Path file) throws FileSystemException {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new FileSystemException(file.toString(), null, Files.isDirectory(file) ? "a folder, not a file" : NOT_REGULAR);
        }
        return file;
    }

    /** {@code cannot read <absolute path>: <reason>}, with {@code cause} kept. */
    public static UncheckedIOException cannotRead(Path file, IOException cause) {
        return new UncheckedIOException("cannot read " + file.toAbsolutePath() + ": " + reason(cause), cause);
    }

    /**
     * Why {@code e} happened, without the path the JDK puts in its messages: {@code no such file},
     * {@code permission denied}, {@code not a folder}, or the system's reason.
     */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (e instanceof FileSystemException fs) {
            return fs.getReason() == null ? e.getClass().getSimpleName() : fs.getReason();
        }
        String message = e.getMessage();
        if (e instanceof FileNotFoundException && message != null) {
            // java.io: "name (No such file or directory)"
            int open = message.lastIndexOf(" (");
            if (open >= 0 && message.endsWith(")")) {
                String why = message.substring(open + 2, message.length() - 1);
                return why.equals("No such file or directory") ? "no such file"
                        : why.equals("Permission denied") ? "permission denied" : why;
            }
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }
}
