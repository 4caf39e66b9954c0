package dev.pulmo.dataset;

import java.util.Locale;

/**
 * A linear count axis from 0 with "nice" ticks (1, 2 or 5 times a power of ten, at most about six of them), for the
 * charts of {@link StatisticsCharts}. Counts are whole numbers, so a step is never below 1.
 *
 * @param max  the axis' top value, a multiple of {@code step}
 * @param step the distance between ticks
 */
record ChartAxis(double max, double step) {

    /** The axis that holds {@code dataMax} (0 gives an axis to 1). */
    static ChartAxis holding(double dataMax) {
        double top = Math.max(1, dataMax);
        double raw = top / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double normal = raw / magnitude;
        double step = Math.max(1, (normal <= 1 ? 1 : normal <= 2 ? 2 : normal <= 5 ? 5 : 10) * magnitude);
        return new ChartAxis(Math.ceil(top / step) * step, step);
    }

    /** Pixels from the baseline for {@code value} on an axis {@code length} pixels long. */
    int pixels(double value, int length) {
        return (int) Math.round(value / max * length);
    }

    /** Number of ticks, 0 included. */
    int ticks() {
        return (int) Math.round(max / step) + 1;
    }

    double tick(int i) {
        return i * step;
    }

    static String format(double value) {
        return String.format(Locale.ROOT, "%,d", Math.round(value));
    }
}
