package dev.pulmo.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Froc} on cases worked by hand from the LUNA16 definition, and the bootstrap over patients. */
class FrocTest {
    private static final Froc.Bootstrap NONE = new Froc.Bootstrap(0, 1, 0.95);

    private static Froc.Lesion lesion(double x, double y, double z, double radius) {
        return new Froc.Lesion(x, y, z, radius, false);
    }

    private static Froc.Candidate mark(double x, double y, double z, double score) {
        return new Froc.Candidate(x, y, z, score);
    }

    /**
     * Scan A: lesion L1 hit by marks at .9 and .6 (one true positive at .9, the other ignored), a false positive at
     * .8, lesion L2 hit at .3. Scan B: a mark exactly on the radius of L3 (dist² = r², not a hit: a false positive at
     * .95) and a false positive at .5; L3 missed.
     */
    private static List<Froc.Scan> worked() {
        return List.of(
                new Froc.Scan("A", "P1", List.of(lesion(0, 0, 0, 5), lesion(50, 0, 0, 5)),
                        List.of(mark(1, 0, 0, .9), mark(0, 2, 0, .6), mark(100, 100, 0, .8), mark(53, 0, 0, .3))),
                new Froc.Scan("B", "P2", List.of(lesion(0, 0, 0, 2)),
                        List.of(mark(2, 0, 0, .95), mark(10, 10, 10, .5))));
    }

    @Test
    void curveAndSensitivitiesWorkedByHand() {
        FrocResult r = Froc.compute(worked(), NONE);
        assertThat(r.lesions()).isEqualTo(3);
        assertThat(r.lesionsFound()).isEqualTo(2);
        assertThat(r.falsePositives()).isEqualTo(3);
        assertThat(r.ignoredCandidates()).isEqualTo(1);
        // scores .95 FP, .9 TP, .8 FP, .5 FP, .3 TP over 2 scans and 3 lesions
        assertThat(r.curveFalsePositivesPerScan()).containsExactly(0, 0.5, 0.5, 1, 1.5, 1.5);
        assertThat(r.curveSensitivity()).containsExactly(0, 0, 1.0 / 3, 1.0 / 3, 1.0 / 3, 2.0 / 3);
        // at 1/8 and 1/4: between (0, 0) and (.5, 0); at .5 the curve's highest point there; past 1.5 its last
        assertThat(r.sensitivityAtRates()).containsExactly(0, 0, 1.0 / 3, 1.0 / 3, 2.0 / 3, 2.0 / 3, 2.0 / 3);
        assertThat(r.averageSensitivity()).isCloseTo(8.0 / 21, offset(1e-15));
        assertThat(r.hasIntervals()).isFalse();
    }

    @Test
    void interpolatesLinearlyBetweenPoints() {
        // one lesion found at .5 after one false positive at .9 in 4 scans: points (0,0), (.25,0), (.25,1)
        // then two more false positives below: (.75, 1)
        List<Froc.Scan> scans = List.of(
                new Froc.Scan("1", "P1", List.of(lesion(0, 0, 0, 3)), List.of(mark(0, 0, 0, .5), mark(9, 9, 9, .9))),
                new Froc.Scan("2", "P2", List.of(lesion(0, 0, 0, 3)), List.of(mark(9, 9, 9, .2), mark(8, 8, 8, .1))),
                new Froc.Scan("3", "P3", List.of(), List.of()),
                new Froc.Scan("4", "P4", List.of(), List.of()));
        FrocResult r = Froc.compute(scans, NONE);
        assertThat(r.curveFalsePositivesPerScan()).containsExactly(0, 0.25, 0.25, 0.5, 0.75);
        assertThat(r.curveSensitivity()).containsExactly(0, 0, 0.5, 0.5, 0.5);
        // 1/8 is halfway between (0, 0) and (.25, 0): 0; 1/4: the highest there, .5
        assertThat(r.sensitivityAtRates()[0]).isZero();
        assertThat(r.sensitivityAtRates()[1]).isEqualTo(0.5);
    }

    @Test
    void bootstrapIsSeededAndDrawsPatientsNotScans() {
        Froc.Bootstrap bootstrap = new Froc.Bootstrap(500, 42, 0.95);
        FrocResult a = Froc.compute(worked(), bootstrap), b = Froc.compute(worked(), bootstrap);
        assertThat(a.averageInterval()).isEqualTo(b.averageInterval());
        assertThat(a.averageInterval().lower()).isLessThanOrEqualTo(a.averageSensitivity());
        assertThat(a.averageInterval().upper()).isGreaterThanOrEqualTo(a.averageSensitivity());
        // both scans of one patient: every sample holds both, so the interval collapses onto the estimate
        List<Froc.Scan> onePatient = worked().stream().map(s -> new Froc.Scan(s.id(), "P", s.lesions(), s.candidates())).toList();
        FrocResult single = Froc.compute(onePatient, bootstrap);
        assertThat(single.averageInterval().lower()).isEqualTo(single.averageSensitivity());
        assertThat(single.averageInterval().upper()).isEqualTo(single.averageSensitivity());
        assertThat(single.bandLower()).containsExactly(single.bandSensitivity());
    }

    @Test
    void excludedLesionsSwallowTheirMarks() {
        List<Froc.Scan> scans = List.of(new Froc.Scan("1", "P1",
                List.of(lesion(0, 0, 0, 3), new Froc.Lesion(40, 0, 0, 3, true)),
                List.of(mark(0, 0, 0, .7), mark(40, 0, 0, .9))));
        FrocResult r = Froc.compute(scans, NONE);
        assertThat(r.lesions()).isEqualTo(1);
        assertThat(r.falsePositives()).isZero();
        assertThat(r.sensitivityAtRates()).containsOnly(1.0);
    }

    /**
     * The script loops over lesions and, for each, over all of the scan's candidates: a mark inside two lesions is
     * the best hit of both (the script prints "CAD mark ... detected two nodules" and counts both), never a false
     * positive.
     */
    @Test
    void aMarkInsideTwoLesionsFindsBoth() {
        List<Froc.Scan> scans = List.of(new Froc.Scan("1", "P1", List.of(lesion(0, 0, 0, 5), lesion(4, 0, 0, 5)),
                List.of(mark(2, 0, 0, .8), mark(30, 30, 30, .4))));
        FrocResult r = Froc.compute(scans, NONE);
        assertThat(r.lesionsFound()).isEqualTo(2);
        assertThat(r.falsePositives()).isEqualTo(1);
        // .8: both lesions (sensitivity 1) with no false positive; .4: one false positive in one scan
        assertThat(r.curveFalsePositivesPerScan()).containsExactly(0, 0, 1);
        assertThat(r.curveSensitivity()).containsExactly(0, 1, 1);
        assertThat(r.sensitivityAtRates()).containsOnly(1.0);
    }

    /** No false positive at all: the script's border case sets every rate to 0, the sensitivity reaches its end. */
    @Test
    void withoutFalsePositivesEveryRateIsZero() {
        FrocResult r = Froc.compute(List.of(new Froc.Scan("1", "P1", List.of(lesion(0, 0, 0, 5), lesion(50, 0, 0, 5)),
                List.of(mark(0, 0, 0, .9)))), NONE);
        assertThat(r.curveFalsePositivesPerScan()).containsOnly(0.0);
        assertThat(r.sensitivityAtRates()).containsOnly(0.5);
    }

    /**
     * LUNA16's cap (maxNumberOfCADMarks), worked by hand with a cap of 3: scores .9, .8, .7, .7, .6 exceed it; the
     * 4th highest is .7, and only marks strictly above it stay (.9 and .8), so the lesion hit at .7 is missed.
     */
    @Test
    void theCapKeepsMarksStrictlyAboveTheFirstScoreBeyondIt() {
        List<Froc.Scan> scans = List.of(new Froc.Scan("1", "P1", List.of(lesion(0, 0, 0, 5)),
                List.of(mark(20, 0, 0, .9), mark(30, 0, 0, .8), mark(0, 0, 0, .7), mark(40, 0, 0, .7), mark(50, 0, 0, .6))));
        FrocResult capped = Froc.compute(scans, NONE, 3);
        assertThat(capped.candidates()).isEqualTo(2);
        assertThat(capped.lesionsFound()).isZero();
        assertThat(capped.falsePositives()).isEqualTo(2);
        FrocResult all = Froc.compute(scans, NONE, 0);
        assertThat(all.lesionsFound()).isEqualTo(1);
        assertThat(all.candidates()).isEqualTo(5);
        assertThat(Froc.compute(scans, NONE, Froc.LUNA16_MAX_CANDIDATES_PER_SCAN).candidates()).isEqualTo(5);
    }
}
