package dev.pulmo.api;

import java.util.Locale;

/**
 * How bad a {@link Finding} is. ERROR fails a check (exit status 1 in the CLI); the others inform. Every report
 * (text, JSON, HTML, CSV, any command) names a severity by its {@link #label()} and counts it by its
 * {@link #plural()}: ERROR/errors, WARNING/warnings, NOTE/notes.
 */
public enum Severity {
    ERROR("ERROR", "errors"), WARNING("WARNING", "warnings"), INFO("NOTE", "notes");

    private final String label;
    private final String plural;

    Severity(String label, String plural) {
        this.label = label;
        this.plural = plural;
    }

    /** The word reports print for a finding of this severity: {@code ERROR}, {@code WARNING} or {@code NOTE}. */
    public String label() {
        return label;
    }

    /** The word reports count findings of this severity by: {@code errors}, {@code warnings} or {@code notes}. */
    public String plural() {
        return plural;
    }

    /**
     * The severity a report names {@code label} (any case; the constant's name is accepted too).
     *
     * @throws IllegalArgumentException naming the label and the labels expected
     */
    public static Severity ofLabel(String label) {
        String upper = label.toUpperCase(Locale.ROOT);
        for (Severity s : values()) {
            if (s.label.equals(upper) || s.name().equals(upper)) {
                return s;
            }
        }
        throw new IllegalArgumentException("severity '" + label + "': expected ERROR, WARNING or NOTE");
    }
}
