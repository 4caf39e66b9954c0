package dev.pulmo.api;

/**
 * The {@code info} section of a guideline JSON file (SPEC.md §3). Values are kept as given; length limits
 * are checked by validation, not here, so that a file that breaks them can still be read and reported.
 *
 * @param description  project name (guideline limit: 50 code points)
 * @param version      dataset version (5)
 * @param contributor  who made it (130)
 * @param dateCreated  creation date, {@code yyyy-MM-dd HH-mm-ss} by default (20)
 */
public record Info(String description, String version, String contributor, String dateCreated) {
}
