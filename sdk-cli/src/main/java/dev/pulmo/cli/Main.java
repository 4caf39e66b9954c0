package dev.pulmo.cli;

import javax.imageio.ImageIO;
import picocli.CommandLine;

/** Entry point of the {@code pulmo} command; the only place that calls {@link System#exit}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // ImageIO's default file cache registers a shutdown-hook closer that prints a NullPointerException trace when
        // a write failed on a full disk; images are small enough to cache in memory (see dev.pulmo.dataset.PngFiles)
        ImageIO.setUseCache(false);
        System.exit(PulmoCommand.newCommandLine().execute(args));
    }
}
