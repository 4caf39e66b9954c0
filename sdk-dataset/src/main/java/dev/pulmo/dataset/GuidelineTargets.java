package dev.pulmo.dataset;

import dev.pulmo.api.plugin.CaseClass;
import java.util.Map;
import java.util.Optional;

/**
 * The guideline's collection targets (SPEC.md §9, guideline 2.6): patients and images per built-in modality and
 * case class, about 1.8 million images in all. They are data of the guideline's three modalities only; a plugin
 * modality has no targets here and {@link #of} is empty for it.
 *
 * <table>
 *   <caption>Targets, patients / images</caption>
 *   <tr><th>modality</th><th>benign</th><th>malignant</th><th>normal</th></tr>
 *   <tr><td>XRY</td><td>500 / 500</td><td>3,000 / 3,000</td><td>10,000 / 10,000</td></tr>
 *   <tr><td>CCT</td><td>1,000 / 150,000</td><td>2,500 / 375,000</td><td>1,000 / 150,000</td></tr>
 *   <tr><td>PCT</td><td>500 / 125,000</td><td>3,000 / 750,000</td><td>1,000 / 250,000</td></tr>
 * </table>
 */
public final class GuidelineTargets {

    /** One target: how many patients and images the guideline asks for. */
    public record Target(long patients, long images) {
        public Target {
            if (patients < 0 || images < 0) {
                throw new IllegalArgumentException("targets are not negative, got " + patients + " / " + images);
            }
        }
    }

    private static final Map<String, Map<CaseClass, Target>> TARGETS = Map.of(
            "XRY", Map.of(CaseClass.BENIGN, new Target(500, 500), CaseClass.MALIGNANT, new Target(3_000, 3_000),
                    CaseClass.NORMAL, new Target(10_000, 10_000)),
            "CCT", Map.of(CaseClass.BENIGN, new Target(1_000, 150_000), CaseClass.MALIGNANT, new Target(2_500, 375_000),
                    CaseClass.NORMAL, new Target(1_000, 150_000)),
            "PCT", Map.of(CaseClass.BENIGN, new Target(500, 125_000), CaseClass.MALIGNANT, new Target(3_000, 750_000),
                    CaseClass.NORMAL, new Target(1_000, 250_000)));

    private GuidelineTargets() {
    }

    /** The target of {@code modality} (its code, e.g. {@code CCT}) and {@code caseClass}; empty for a plugin modality. */
    public static Optional<Target> of(String modality, CaseClass caseClass) {
        return Optional.ofNullable(TARGETS.getOrDefault(modality, Map.of()).get(caseClass));
    }
}
