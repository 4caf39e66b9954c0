package dev.pulmo.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (Debian's {@code chromium}) for the tests of HTML reports: the DOM a real browser builds from a
 * page, and screenshots. Each run gets a fresh profile folder and no network services. A test that needs it skips
 * with {@link #MISSING} when {@link #find()} is empty.
 */
public final class HeadlessChromium {
    /** The assumption message of a test that needs Chromium. */
    public static final String MISSING = "needs headless Chromium (Debian package chromium)";

    private final Path browser;
    private final Path profiles;

    private HeadlessChromium(Path browser, Path profiles) {
        this.browser = browser;
        this.profiles = profiles;
    }

    /** Chromium when installed; its profiles go under {@code profiles} (a test's temporary folder). */
    public static Optional<HeadlessChromium> find(Path profiles) {
        for (String name : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
            if (Files.isExecutable(Path.of(name))) {
                return Optional.of(new HeadlessChromium(Path.of(name), profiles));
            }
        }
        return Optional.empty();
    }

    /** The DOM after {@code page} has loaded, serialised ({@code --dump-dom}). */
    public String dumpDom(Path page) throws IOException, InterruptedException {
        return run("--dump-dom", page.toAbsolutePath().toUri().toString());
    }

    /** A PNG screenshot of {@code page} in a window of {@code width × height} pixels, written to {@code png}. */
    public void screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        Files.deleteIfExists(png);
        run("--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath(), page.toAbsolutePath().toUri().toString());
        if (!Files.isRegularFile(png)) {
            throw new IllegalStateException("chromium wrote no screenshot " + png);
        }
    }

    /**
     * Runs Chromium headless with {@code args}; returns its standard output.
     *
     * @throws IllegalStateException when it does not end within three minutes or exits with a non-zero status
     */
    public String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(Files.createDirectories(profiles), "profile")));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("chromium did not finish within three minutes: " + String.join(" ", args));
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("chromium exited with status " + p.exitValue() + ": " + String.join(" ", args));
        }
        return out;
    }
}
