package dev.pulmo.evaluation;

/**
 * The one unchecked exception of this module: input that cannot be evaluated. The message names the file and
 * where in it (JSON Pointer, image, tag) and what was expected, e.g.
 * {@code pred.json /12/bbox: expected 4 numbers [x, y, w, h], found 3}.
 */
public class EvaluationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EvaluationException(String message) {
        super(message);
    }

    public EvaluationException(String message, Throwable cause) {
        super(message, cause);
    }
}
