package dev.pulmo.api;

/** How bad a {@link Finding} is. ERROR fails a check (exit status 1 in the CLI); the others inform. */
public enum Severity {
    ERROR, WARNING, INFO
}
