package dev.pulmo.api.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Turns names that come from data (a UID, a JSON {@code file_name}, a tool export's image name, a patient id) into
 * paths under an output folder, or refuses them. A name from data is never trusted to stay where it is put: a UID
 * holding {@code ../} or an absolute path would otherwise write anywhere (DESIGN.md, "names derived from data never
 * leave the output folder").
 *
 * <p>Refused: an empty name or segment, {@code .} and {@code ..} segments, an absolute path, a Windows drive or
 * backslash, a NUL or other control character (C0, DEL, C1), a segment longer than {@value #MAX_SEGMENT_BYTES} bytes in
 * UTF-8 (the usual file-system limit), and a path that reaches outside the folder through a symbolic link that
 * already exists under it. Nothing is created.
 */
public final class OutputPaths {

    /** Longest segment (file or folder name) accepted, in UTF-8 bytes: ext4, XFS, APFS and NTFS allow 255. */
    public static final int MAX_SEGMENT_BYTES = 255;

    private OutputPaths() {
    }

    /**
     * Resolves one file name (no folder separators) under {@code folder}.
     *
     * @param folder the output folder (it need not exist yet)
     * @param name   a name derived from data, e.g. {@code uid + ".dcm"}
     * @return {@code folder.resolve(name)}, inside {@code folder}
     * @throws UnsafeNameException naming {@code name} and why when it is not a plain file name or would leave the folder
     */
    public static Path resolveFileName(Path folder, String name) {
        checkSegment(name, name);
        return checked(folder, name);
    }

    /**
     * Resolves a relative path made of {@code /}-separated segments under {@code folder}, e.g. a layout path
     * {@code lung_cancer/CCT/1/P0A1B2C/1/image/ct.dcm} built from data.
     *
     * @param folder       the output folder (it need not exist yet)
     * @param relativePath segments joined by {@code /}
     * @return the resolved path, inside {@code folder}
     * @throws UnsafeNameException naming {@code relativePath} and why when a segment is unsafe or the path would leave
     *                             the folder
     */
    public static Path resolveRelative(Path folder, String relativePath) {
        if (relativePath == null || relativePath.isEmpty()) {
            throw new UnsafeNameException(relativePath, "the name is empty");
        }
        if (relativePath.startsWith("/")) {
            throw new UnsafeNameException(relativePath, "it is an absolute path");
        }
        for (String segment : relativePath.split("/", -1)) {
            checkSegment(relativePath, segment);
        }
        return checked(folder, relativePath);
    }

    /**
     * Where a write to {@code path} lands: absolute, with links resolved as far as the path exists and the rest of it
     * appended. For checks that two trees do not overlap (an output inside its input, a secret inside an output): a
     * path through a link is where the link points, which {@link Path#normalize()} alone does not see.
     */
    public static Path realLocation(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        for (Path existing = absolute; existing != null; existing = existing.getParent()) {
            try {
                return existing.toRealPath().resolve(existing.relativize(absolute));
            } catch (IOException e) {
                // not there (yet), or not reachable: its parent decides
            }
        }
        return absolute;
    }

    private static void checkSegment(String whole, String segment) {
        if (segment == null || segment.isEmpty()) {
            throw new UnsafeNameException(whole, whole == null || whole.isEmpty() ? "the name is empty"
                    : "it has an empty path segment");
        }
        if (segment.equals(".") || segment.equals("..")) {
            throw new UnsafeNameException(whole, "it has a '" + segment + "' segment");
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '/' || c == '\\') {
                throw new UnsafeNameException(whole, "it holds a folder separator '" + c + "'");
            }
            if (c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F)) {
                throw new UnsafeNameException(whole, String.format("it holds the control character U+%04X", (int) c));
            }
            if (c == ':' && i == 1 && Character.isLetter(segment.charAt(0))) {
                throw new UnsafeNameException(whole, "it starts with a drive letter");
            }
        }
        if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
            throw new UnsafeNameException(whole, "a segment is longer than " + MAX_SEGMENT_BYTES + " bytes");
        }
    }

    private static Path checked(Path folder, String name) {
        Path base = folder.toAbsolutePath().normalize();
        Path resolved;
        try {
            resolved = base.resolve(name).normalize();
        } catch (InvalidPathException e) {
            throw new UnsafeNameException(name, "the file system cannot name it (" + e.getReason() + ")");
        }
        if (!resolved.startsWith(base) || resolved.equals(base)) {
            throw new UnsafeNameException(name, "it resolves outside " + folder);
        }
        // A symbolic link already under the folder may point elsewhere: the deepest existing ancestor decides.
        Path existing = resolved;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing != null && existing.startsWith(base) && Files.exists(base)) {
            try {
                Path realBase = base.toRealPath();
                Path realExisting = existing.toRealPath();
                if (!realExisting.startsWith(realBase)) {
                    throw new UnsafeNameException(name, "it resolves outside " + folder + " through the link "
                            + existing);
                }
            } catch (IOException e) {
                // a dangling link: following it would create a file wherever it points
                throw new UnsafeNameException(name, "it passes through " + existing + ", which cannot be resolved ("
                        + e.getMessage() + ")");
            }
        }
        return resolved;
    }
}
