package dev.pulmo.evaluation;

import java.util.List;

/**
 * How one image's detections matched its ground truth under COCOeval's rules at the first IoU threshold (0.5 by
 * default), the first area range (all) and the largest detection limit: the picture of an image's errors.
 *
 * @param image the image
 * @param matches detections in score order (per category) with the ground truth they took; a crowd region may
 *     take several
 * @param unmatched detections that matched nothing (false positives at that threshold), in score order per category
 * @param missed ground truth that is not crowd and no detection took (false negatives), in file order per category
 */
public record ImageOutcome(CocoImage image, List<Match> matches, List<Detection> unmatched, List<GroundTruthObject> missed) {

    /** A detection and the ground truth it matched. */
    public record Match(Detection detection, GroundTruthObject groundTruth) {
    }

    public ImageOutcome {
        matches = List.copyOf(matches);
        unmatched = List.copyOf(unmatched);
        missed = List.copyOf(missed);
    }

    /**
     * Errors as a reader of the image sees them at a score threshold: detections at or above {@code minScore} that
     * matched nothing, plus ground truth (not crowd) that no detection at or above {@code minScore} took.
     */
    public int errors(double minScore) {
        int errors = 0;
        for (Detection d : unmatched) {
            errors += d.score() >= minScore ? 1 : 0;
        }
        errors += missed.size();
        for (Match m : matches) {
            if (!m.groundTruth().crowd() && m.detection().score() < minScore) {
                errors++;
            }
        }
        return errors;
    }
}
