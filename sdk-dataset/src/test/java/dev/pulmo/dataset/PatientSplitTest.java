package dev.pulmo.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pulmo.dataset.PatientSplit.Part;
import dev.pulmo.dataset.PatientSplit.Ratios;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PatientSplitTest {

    private static Map<String, Set<String>> patients(int n, String... strata) {
        Map<String, Set<String>> m = new HashMap<>();
        for (int i = 0; i < n; i++) {
            m.put(strata[0] + "-P" + i, Set.of(strata));
        }
        return m;
    }

    private static Map<Part, Integer> counts(Map<String, Part> split, String prefix) {
        Map<Part, Integer> c = new EnumMap<>(Part.class);
        split.forEach((p, part) -> {
            if (p.startsWith(prefix)) {
                c.merge(part, 1, Integer::sum);
            }
        });
        return c;
    }

    @Test
    void eachStratumIsDividedEightOneOne() {
        Map<String, Set<String>> all = new HashMap<>();
        all.putAll(patients(1000, "CCT/malignant"));
        all.putAll(patients(30, "XRY/benign"));
        all.putAll(patients(10, "PCT/normal"));
        Map<String, Part> split = PatientSplit.assign(all, Ratios.guideline(), 42);
        assertThat(split).hasSize(1040);
        assertThat(counts(split, "CCT/malignant")).containsEntry(Part.TRAIN, 800).containsEntry(Part.TEST, 100).containsEntry(Part.VALIDATION, 100);
        assertThat(counts(split, "XRY/benign")).containsEntry(Part.TRAIN, 24).containsEntry(Part.TEST, 3).containsEntry(Part.VALIDATION, 3);
        assertThat(counts(split, "PCT/normal")).containsEntry(Part.TRAIN, 8).containsEntry(Part.TEST, 1).containsEntry(Part.VALIDATION, 1);
    }

    @Test
    void deterministicForASeedAndDifferentForAnother() {
        Map<String, Set<String>> all = patients(200, "CCT/benign");
        Map<String, Part> a = PatientSplit.assign(all, Ratios.guideline(), 7);
        assertThat(PatientSplit.assign(new HashMap<>(all), Ratios.guideline(), 7)).isEqualTo(a);
        assertThat(PatientSplit.assign(all, Ratios.guideline(), 8)).isNotEqualTo(a);
    }

    @Test
    void addingAPatientMovesFewOthers() {
        Map<String, Set<String>> all = patients(1000, "CCT/benign");
        Map<String, Part> before = PatientSplit.assign(all, Ratios.guideline(), 1);
        all.put("CCT/benign-new", Set.of("CCT/benign"));
        Map<String, Part> after = PatientSplit.assign(all, Ratios.guideline(), 1);
        long moved = before.keySet().stream().filter(p -> before.get(p) != after.get(p)).count();
        assertThat(moved).isLessThanOrEqualTo(2);
    }

    @Test
    void ratiosParseAndRejectNonsense() {
        assertThat(Ratios.parse("7:2:1")).isEqualTo(new Ratios(7, 2, 1));
        assertThatThrownBy(() -> Ratios.parse("8-1-1")).hasMessageContaining("8:1:1");
        assertThatThrownBy(() -> Ratios.parse("0:0:0")).hasMessageContaining("not all zero");
    }
}
