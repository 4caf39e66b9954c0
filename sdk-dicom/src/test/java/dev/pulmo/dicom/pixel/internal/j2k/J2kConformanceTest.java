package dev.pulmo.dicom.pixel.internal.j2k;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ISO/IEC 15444-4 conformance codestreams (profiles 0 and 1, vendored from openjpeg-data with their
 * reference images, see {@code src/test/resources/j2k-conformance/PROVENANCE.md}) decoded within the peak
 * error and mean squared error per component that 15444-4 Tables C.1, C.6 and C.7 allow.
 */
class J2kConformanceTest {

    static Stream<Arguments> streams() {
        return Stream.of(
                // stream, resolution levels discarded, reference images, peak errors, MSEs (per component)
                Arguments.of("p0_01", 0, new String[] {"c1p0_01_0"}, new int[] {0}, new double[] {0}),
                Arguments.of("p0_02", 0, new String[] {"c1p0_02_0"}, new int[] {0}, new double[] {0}),
                Arguments.of("p0_03", 0, new String[] {"c1p0_03_0"}, new int[] {0}, new double[] {0}),
                Arguments.of("p0_03", 1, new String[] {"c0p0_03r1"}, new int[] {0}, new double[] {0}),
                Arguments.of("p0_09", 0, new String[] {"c1p0_09_0"}, new int[] {0}, new double[] {0}),
                Arguments.of("p0_10", 0, new String[] {"c1p0_10_0", "c1p0_10_1", "c1p0_10_2"}, new int[] {0, 0, 0},
                        new double[] {0, 0, 0}),
                Arguments.of("p0_11", 0, new String[] {"c1p0_11_0"}, new int[] {0}, new double[] {0}),
                Arguments.of("p0_12", 0, new String[] {"c1p0_12_0"}, new int[] {0}, new double[] {0}),
                Arguments.of("p0_13", 0, new String[] {"c1p0_13_0", "c1p0_13_1", "c1p0_13_2", "c1p0_13_3"},
                        new int[] {0, 0, 0, 0}, new double[] {0, 0, 0, 0}),
                Arguments.of("p0_14", 0, new String[] {"c1p0_14_0", "c1p0_14_1", "c1p0_14_2"}, new int[] {0, 0, 0},
                        new double[] {0, 0, 0}),
                Arguments.of("p0_16", 0, new String[] {"c1p0_16_0"}, new int[] {0}, new double[] {0}),
                Arguments.of("p1_01", 0, new String[] {"c1p1_01_0"}, new int[] {0}, new double[] {0}),
                Arguments.of("p1_06", 0, new String[] {"c1p1_06_0", "c1p1_06_1", "c1p1_06_2"}, new int[] {2, 2, 2},
                        new double[] {0.6, 0.6, 0.6}),
                Arguments.of("p1_07", 0, new String[] {"c1p1_07_0", "c1p1_07_1"}, new int[] {0, 0},
                        new double[] {0, 0}));
    }

    @ParameterizedTest(name = "{0} reduce {1}")
    @MethodSource("streams")
    void decodesWithinPart4Tolerances(String stream, int reduce, String[] references, int[] peaks, double[] mses) {
        J2kImage image = J2kDecoder.decode(resource(stream + ".j2k"), reduce, Long.MAX_VALUE);
        for (int c = 0; c < references.length; c++) {
            Pgx reference = Pgx.parse(resource(references[c] + ".pgx"));
            assertThat(image.planeWidths()[c]).as(stream + " component " + c + " width").isEqualTo(reference.width());
            assertThat(image.planeHeights()[c]).as(stream + " component " + c + " height").isEqualTo(reference.height());
            int[] decoded = image.planes()[c];
            long peak = 0;
            double squares = 0;
            for (int i = 0; i < decoded.length; i++) {
                long d = (long) decoded[i] - reference.samples()[i];
                peak = Math.max(peak, Math.abs(d));
                squares += (double) d * d;
            }
            assertThat(peak).as(stream + " component " + c + " peak error").isLessThanOrEqualTo(peaks[c]);
            assertThat(squares / decoded.length).as(stream + " component " + c + " MSE").isLessThanOrEqualTo(mses[c]);
        }
    }

    static byte[] resource(String name) {
        try (InputStream in = J2kConformanceTest.class.getResourceAsStream("/j2k-conformance/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource j2k-conformance/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
