package dev.pulmo.geometry;

/**
 * Options of {@link MaskTracer#trace(BinaryMask, TraceOptions)}.
 *
 * @param simplifyTolerancePixels distance tolerance in pixels of JTS's {@code TopologyPreservingSimplifier}
 *     applied to each component; 0 keeps the exact pixel-edge outline
 * @param minimumAreaPixels components with fewer foreground pixels than this are dropped; 0 keeps all
 */
public record TraceOptions(double simplifyTolerancePixels, long minimumAreaPixels) {
    /** Exact outlines, every component. */
    public static final TraceOptions EXACT = new TraceOptions(0, 0);

    public TraceOptions {
        if (!(simplifyTolerancePixels >= 0) || Double.isInfinite(simplifyTolerancePixels)) {
            throw new GeometryException("simplify tolerance must be a finite number >= 0 pixels, got " + simplifyTolerancePixels);
        }
        if (minimumAreaPixels < 0) {
            throw new GeometryException("minimum area must be >= 0 pixels, got " + minimumAreaPixels);
        }
    }
}
