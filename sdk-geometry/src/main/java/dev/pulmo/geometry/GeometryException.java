package dev.pulmo.geometry;

/**
 * The one unchecked exception of the geometry module: bad sizes, masks of different sizes, coordinates
 * that are not finite, invalid polygons where a valid one is required, malformed RLE strings. The message
 * names the offending value and what was expected.
 */
public class GeometryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GeometryException(String message) {
        super(message);
    }

    public GeometryException(String message, Throwable cause) {
        super(message, cause);
    }
}
