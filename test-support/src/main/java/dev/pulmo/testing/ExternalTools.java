package dev.pulmo.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The independent tools the tests compare with (pydicom, dcmtk, dciodvfy, GDCM): whether one is installed, and what
 * it prints. A test that needs one skips with a JUnit assumption naming the Debian package when it is missing.
 */
public final class ExternalTools {
    private ExternalTools() {
    }

    /** @return true when the command runs and exits 0 within a minute */
    public static boolean has(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * @return what the command writes to stdout and stderr
     * @throws IllegalStateException when it does not end within five minutes
     */
    public static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not end within five minutes");
        }
        return out;
    }
}
