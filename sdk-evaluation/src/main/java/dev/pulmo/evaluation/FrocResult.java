package dev.pulmo.evaluation;

import java.util.Optional;

/**
 * A FROC analysis ({@link Froc}): counts, the curve, the LUNA16 sensitivities and their bootstrap intervals.
 *
 * @param scans scans (series) analysed
 * @param lesions lesions that count (not excluded)
 * @param lesionsFound lesions hit by at least one candidate
 * @param candidates candidates in all
 * @param falsePositives candidates that hit no lesion
 * @param ignoredCandidates further hits on found lesions and hits on excluded lesions
 * @param curveFalsePositivesPerScan the curve's x, from 0, non-decreasing
 * @param curveSensitivity the curve's y
 * @param curveThresholds the score at each point (+∞ for the first)
 * @param sensitivityAtRates sensitivity at {@link Froc#FP_RATES}
 * @param averageSensitivity their mean, LUNA16's CPM
 * @param sensitivityIntervals bootstrap intervals at {@link Froc#FP_RATES}, or null without bootstrap
 * @param averageInterval bootstrap interval of the mean, or null without bootstrap
 * @param bandRates false positives per scan where the curve and its band are sampled (log-spaced, 1/8 to 8)
 * @param bandSensitivity the curve at {@code bandRates}
 * @param bandLower the band's lower bound at {@code bandRates}, or null without bootstrap
 * @param bandUpper the band's upper bound at {@code bandRates}, or null without bootstrap
 * @param bootstrap the bootstrap settings used
 * @param bootstrapSamplesUsed samples that had lesions and entered the intervals
 */
public record FrocResult(int scans, int lesions, int lesionsFound, int candidates, int falsePositives, int ignoredCandidates,
                         double[] curveFalsePositivesPerScan, double[] curveSensitivity, double[] curveThresholds,
                         double[] sensitivityAtRates, double averageSensitivity,
                         Froc.Interval[] sensitivityIntervals, Froc.Interval averageInterval,
                         double[] bandRates, double[] bandSensitivity, double[] bandLower, double[] bandUpper,
                         Froc.Bootstrap bootstrap, int bootstrapSamplesUsed) {

    /** Whether bootstrap intervals were computed. */
    public boolean hasIntervals() {
        return averageInterval != null;
    }

    /** The interval of the mean sensitivity, when computed. */
    public Optional<Froc.Interval> averageIntervalIfAny() {
        return Optional.ofNullable(averageInterval);
    }
}
