package dev.pulmo.cocojson.tool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The hand-written tool exports in {@code src/test/resources/tool}, and where things are in them. */
final class ToolFiles {
    private ToolFiles() {
    }

    static Path path(String name) {
        try {
            return Path.of(ToolFiles.class.getResource("/tool/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> lines(String name) {
        try {
            return Files.readAllLines(path(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 1-based number of the only line of {@code name} containing {@code text}. */
    static int lineOf(String name, String text) {
        List<String> lines = lines(name);
        int found = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                if (found != 0) {
                    throw new IllegalArgumentException("'" + text + "' is on more than one line of " + name);
                }
                found = i + 1;
            }
        }
        if (found == 0) {
            throw new IllegalArgumentException("'" + text + "' is not in " + name);
        }
        return found;
    }
}
