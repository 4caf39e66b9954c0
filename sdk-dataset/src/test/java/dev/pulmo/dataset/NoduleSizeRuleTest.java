package dev.pulmo.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Severity;
import dev.pulmo.api.plugin.CaseClass;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC.md §6 "malignant nodule ≥ 0.4 cm" on chest CT, checked by {@code validate} on the 3-D nodule (chest CT's
 * {@code nodule.too-small} series rule over the grouping of {@code pulmo nodules}), not on each slice: hand-drawn
 * series at 0.7 mm per pixel, 2.5 mm apart, with the long axes worked out by hand (the greatest distance between the
 * corners of a slice's pixel squares).
 */
class NoduleSizeRuleTest {
    private static final int W = 24;
    private static final int H = 20;
    private static final double MM_PER_PIXEL = 0.7;

    @TempDir
    Path dir;

    /** Pixels [x1, x2) × [y1, y2) of a mask of W × H. */
    private static byte[] square(int x1, int y1, int x2, int y2) {
        byte[] m = new byte[W * H];
        for (int y = y1; y < y2; y++) {
            for (int x = x1; x < x2; x++) {
                m[y * W + x] = 1;
            }
        }
        return m;
    }

    /** A band along the diagonal: pixels (x, y) of [x0, x0 + n)² with |x − y| ≤ 1, 8-connected, one lesion. */
    private static byte[] diagonal(int x0, int n) {
        byte[] m = new byte[W * H];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (Math.abs(i - j) <= 1) {
                    m[(x0 + j) * W + x0 + i] = 1;
                }
            }
        }
        return m;
    }

    /** One malignant (or benign) CT series of patient {@code patient} whose slice k (z = 2.5 k) has {@code masks[k]}. */
    private static void series(DatasetLayout layout, String patient, CaseClass caseClass, int category, byte[]... masks) {
        List<VolumeSeries.Slice> slices = new ArrayList<>();
        for (int k = 0; k < masks.length; k++) {
            Map<Integer, byte[]> m = new HashMap<>();
            if (masks[k] != null) {
                m.put(category, masks[k]);
            }
            slices.add(new VolumeSeries.Slice(Integer.toString(k + 1), new double[] {-8, -7, 2.5 * k}, null, m));
        }
        VolumeSeries.write(layout, new VolumeSeries.Series("CCT", caseClass, patient, "2", W, H,
                new double[] {1, 0, 0, 0, 1, 0}, MM_PER_PIXEL, MM_PER_PIXEL, 2.5), slices, b -> { });
    }

    @Test
    void validateChecksTheFourMillimetreMinimumOnceper3dNoduleOnItsLongAxis() throws IOException {
        DatasetLayout layout = new DatasetLayout(dir.resolve("lung_cancer"), DatasetScannerTest.CATALOG);
        // D0001: a diagonal band 5 px square on three slices: each slice's box is 5 x 0.7 = 3.5 mm (< 4 mm, what the
        // per-slice rule measured), its long axis corner to corner 5·√2·0.7 = 4.95 mm: passes
        series(layout, "D0001", CaseClass.MALIGNANT, 1, null, diagonal(4, 5), diagonal(4, 5), diagonal(4, 5), null);
        // E0001: end slices 3 x 3 px (2.1 mm boxes), the middle 9 x 9 px (long axis 9·√2·0.7 = 8.91 mm): passes,
        // though two of its slices are below 4 mm
        series(layout, "E0001", CaseClass.MALIGNANT, 1, square(6, 6, 9, 9), square(3, 3, 12, 12), square(6, 6, 9, 9));
        // S0001: every slice 3 x 3 px: long axis 3·√2·0.7 = 2.97 mm < 4 mm on both slices: one finding, for the nodule;
        // a second, separate 2 x 2 px malignant nodule on slice 4 (metastatic, category 2): 2·√2·0.7 = 1.98 mm
        byte[] last = square(15, 12, 17, 14);
        series(layout, "S0001", CaseClass.MALIGNANT, 1, square(2, 2, 5, 5), square(2, 2, 5, 5), null, null);
        series(layout, "S0002", CaseClass.MALIGNANT, 2, null, null, null, last);
        // B0001: a benign 2 x 2 px nodule is not the rule's business
        series(layout, "B0001", CaseClass.BENIGN, 3, square(2, 2, 4, 4), null);

        Runs.Converted converted = Runs.convert(layout, true, new HashMap<>());
        assertThat(converted.findings()).filteredOn(f -> f.severity() == Severity.ERROR).isEmpty();

        Runs.Validated validated = Runs.validate(layout);
        assertThat(validated.report().failure()).isEmpty();
        List<Finding> problems = validated.findings().stream().filter(f -> f.severity() != Severity.INFO).toList();
        assertThat(problems).extracting(Finding::code).containsOnly("nodule.too-small").hasSize(2);
        assertThat(problems.get(0).location().file()).endsWith("chest-ct/malignant/S0001/2");
        assertThat(problems.get(0).message()).contains("category 1").contains("images 1 to 2").contains("2.97 mm")
                .contains("minimum of 4 mm");
        assertThat(problems.get(1).location().file()).endsWith("chest-ct/malignant/S0002/2");
        assertThat(problems.get(1).message()).contains("category 2").contains("images 4 to 4").contains("1.98 mm");

        // pulmo nodules reports the very same findings: one grouping, one rule
        FindingSink.Collected fromNodules = new FindingSink.Collected();
        List<Nodules.Nodule> nodules = new ArrayList<>();
        Nodules.find(layout, 1, fromNodules, nodules::add);
        assertThat(fromNodules.findings()).isEqualTo(problems);
        assertThat(nodules).filteredOn(n -> n.series().startsWith("chest-ct/malignant/D0001"))
                .singleElement().satisfies(n -> assertThat(n.longAxisMm()).isCloseTo(5 * Math.sqrt(2) * MM_PER_PIXEL,
                        org.assertj.core.api.Assertions.offset(1e-9)));
    }
}
