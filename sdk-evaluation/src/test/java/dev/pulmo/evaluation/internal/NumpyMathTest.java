package dev.pulmo.evaluation.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link NumpyMath} against NumPy itself (Debian's python3-numpy): bit-equal means and linspace values. */
class NumpyMathTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    @Test
    void meanAndLinspaceAreBitEqualToNumpy() throws IOException, InterruptedException {
        Assumptions.assumeTrue(numpyAvailable(), "needs /usr/bin/python3 with numpy (Debian python3-numpy)");
        Random random = new Random(7);
        int[] sizes = {1, 7, 8, 9, 127, 128, 129, 1000, 8191, 8192, 8193, 9090, 20000};
        int total = 0;
        for (int n : sizes) {
            total += n;
        }
        double[] all = new double[total];
        ByteBuffer bytes = ByteBuffer.allocate(total * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < total; i++) {
            all[i] = random.nextDouble() * (random.nextBoolean() ? 1 : 1e-3);
            bytes.putDouble(all[i]);
        }
        Path raw = dir.resolve("values.f64");
        Files.write(raw, bytes.array());
        StringBuilder sizeList = new StringBuilder();
        for (int n : sizes) {
            sizeList.append(n).append(',');
        }
        String script = String.join("\n",
                "import sys, numpy as np",
                "v = np.fromfile(sys.argv[1], dtype='<f8')",
                "o = 0",
                "for n in [" + sizeList + "]:",
                "    print(np.mean(v[o:o + n]).hex()); o += n",
                "for (a, b, n) in [(.5, .95, 10), (0., 1., 101), (0.125, 8., 10001), (3., 3., 5)]:",
                "    print(' '.join(x.hex() for x in np.linspace(a, b, n)))");
        Process p = new ProcessBuilder(PYTHON, "-c", script, raw.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String[] lines = new String(p.getInputStream().readAllBytes()).strip().split("\n");
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
        int offset = 0, line = 0;
        for (int n : sizes) {
            double[] part = new double[n];
            System.arraycopy(all, offset, part, 0, n);
            assertThat(NumpyMath.mean(part, n)).as("mean of %d", n).isEqualTo(parseHex(lines[line++]));
            offset += n;
        }
        double[][] spaces = {{.5, .95, 10}, {0, 1, 101}, {0.125, 8, 10001}, {3, 3, 5}};
        for (double[] s : spaces) {
            String[] expected = lines[line++].split(" ");
            double[] actual = NumpyMath.linspace(s[0], s[1], (int) s[2]);
            assertThat(actual).hasSize(expected.length);
            for (int i = 0; i < actual.length; i++) {
                assertThat(actual[i]).as("linspace(%s, %s, %s)[%d]", s[0], s[1], s[2], i).isEqualTo(parseHex(expected[i]));
            }
        }
    }

    /** Python's float.hex(), e.g. 0x1.8000000000000p-1, which Java reads as a hexadecimal floating-point literal. */
    private static double parseHex(String hex) {
        return Double.parseDouble(hex);
    }

    private static boolean numpyAvailable() {
        try {
            Process probe = new ProcessBuilder(PYTHON, "-c", "import numpy").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
