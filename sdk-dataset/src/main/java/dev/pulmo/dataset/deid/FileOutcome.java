package dev.pulmo.dataset.deid;

import java.util.Objects;

/**
 * What happened to one input file, named by its place in the output tree (which carries the new patient id, never
 * the original one).
 *
 * @param output  path relative to the output folder, with {@code /} separators
 * @param written true when the de-identified file was written; false when the file was skipped
 * @param detail  what was done ({@code DeidAudit.summary()}) or why it was skipped
 */
public record FileOutcome(String output, boolean written, String detail) {
    public FileOutcome {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(detail, "detail");
    }
}
