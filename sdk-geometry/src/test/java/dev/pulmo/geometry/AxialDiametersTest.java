package dev.pulmo.geometry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;

/** Long and short axis: hand-computed cases, and the long axis against every pair of pixel corners. */
class AxialDiametersTest {

    @Test
    void onePixelMeasuresItsDiagonal() {
        BinaryMask m = BinaryMask.empty(4, 4).with(2, 1, true);
        // 0.7 mm wide (columns), 0.5 mm tall (rows): the long axis is the diagonal d; the longest chord perpendicular to
        // it runs from one long side to the other, h·d/w when w > h (as in rectangleHandComputed)
        AxialDiameters d = AxialDiameters.of(m, 0.5, 0.7);
        double diagonal = Math.sqrt(0.49 + 0.25);
        assertThat(d.longAxisMm()).isCloseTo(diagonal, offset(1e-12));
        assertThat(d.shortAxisMm()).isCloseTo(0.5 * diagonal / 0.7, offset(1e-12));
    }

    @Test
    void rectangleHandComputed() {
        // 10 x 4 pixels of 1 mm: long axis the diagonal √116; perpendicular to it, the longest chord runs from a long
        // side to the other: through corner (0, 4) the line 10x + 4y = 16 meets y = 0 at x = 1.6, length √(1.6² + 4²)
        BinaryMask m = Masks.parse("""
                ............
                .##########.
                .##########.
                .##########.
                .##########.
                ............
                """);
        AxialDiameters d = AxialDiameters.of(m, 1, 1);
        assertThat(d.longAxisMm()).isCloseTo(Math.sqrt(116), offset(1e-12));
        assertThat(d.shortAxisMm()).isCloseTo(Math.sqrt(1.6 * 1.6 + 16), offset(1e-12));
    }

    @Test
    void anisotropicLine() {
        // 5 pixels in a row, columns 0.8 mm, rows 0.5 mm: a 4 x 0.5 mm rectangle
        BinaryMask m = Masks.parse("""
                #####
                """);
        AxialDiameters d = AxialDiameters.of(m, 0.5, 0.8);
        double diagonal = Math.sqrt(16 + 0.25);
        assertThat(d.longAxisMm()).isCloseTo(diagonal, offset(1e-12));
        assertThat(d.shortAxisMm()).isCloseTo(0.5 * diagonal / 4, offset(1e-12));
    }

    @Test
    void discOfRadiusTwentyIsAboutFortyAcross() {
        int n = 64;
        byte[] px = new byte[n * n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                double dx = c + 0.5 - 32, dy = r + 0.5 - 32;
                px[r * n + c] = (byte) (dx * dx + dy * dy <= 400 ? 1 : 0);
            }
        }
        AxialDiameters d = AxialDiameters.of(BinaryMask.fromBytes(px, n, n), 0.7, 0.7);
        // pixel squares reach a little beyond the circle of their centres: between 40 and 40 + 2·√2 pixels
        assertThat(d.longAxisMm()).isBetween(40 * 0.7, (40 + 2 * Math.sqrt(2)) * 0.7);
        assertThat(d.shortAxisMm()).isBetween(40 * 0.7, d.longAxisMm());
    }

    @Test
    void longAxisIsTheFarthestPairOfPixelCorners() {
        for (long seed = 1; seed <= 30; seed++) {
            BinaryMask m = Masks.random(9, 7, 0.15, seed);
            if (m.isEmpty()) {
                continue;
            }
            double rowMm = 0.5 + seed % 3 * 0.25, colMm = 0.6 + seed % 4 * 0.2;
            double best = 0;
            for (int r1 = 0; r1 < 7; r1++) {
                for (int c1 = 0; c1 < 9; c1++) {
                    if (!m.get(c1, r1)) {
                        continue;
                    }
                    for (int r2 = 0; r2 < 7; r2++) {
                        for (int c2 = 0; c2 < 9; c2++) {
                            if (!m.get(c2, r2)) {
                                continue;
                            }
                            for (int k = 0; k < 16; k++) {
                                double x1 = (c1 + (k & 1)) * colMm, y1 = (r1 + (k >> 1 & 1)) * rowMm;
                                double x2 = (c2 + (k >> 2 & 1)) * colMm, y2 = (r2 + (k >> 3 & 1)) * rowMm;
                                best = Math.max(best, Math.hypot(x2 - x1, y2 - y1));
                            }
                        }
                    }
                }
            }
            AxialDiameters d = AxialDiameters.of(m, rowMm, colMm);
            assertThat(d.longAxisMm()).as("seed " + seed).isCloseTo(best, offset(1e-9));
            assertThat(d.shortAxisMm()).as("seed " + seed).isPositive().isLessThanOrEqualTo(d.longAxisMm() + 1e-9);
        }
    }

    @Test
    void emptyAndBadSpacing() {
        assertThat(AxialDiameters.of(BinaryMask.empty(3, 3), 1, 1)).isEqualTo(new AxialDiameters(0, 0));
        assertThatThrownBy(() -> AxialDiameters.of(BinaryMask.empty(3, 3), 0, 1)).isInstanceOf(GeometryException.class)
                .hasMessageContaining("pixel spacing");
        assertThatThrownBy(() -> AxialDiameters.of(BinaryMask.empty(3, 3), 1, Double.NaN)).isInstanceOf(GeometryException.class);
    }
}
