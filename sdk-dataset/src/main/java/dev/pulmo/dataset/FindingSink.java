package dev.pulmo.dataset;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Severity;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a tree command's findings go as they are made, so that memory does not grow with their number: a report
 * written line by line, a spill file, a counter. {@link TreeRun} calls it from one thread at a time, in the tree's
 * order.
 */
@FunctionalInterface
public interface FindingSink {

    void accept(Finding finding);

    /** A sink that passes each finding to {@code this} and to {@code other}. */
    default FindingSink and(FindingSink other) {
        return f -> {
            accept(f);
            other.accept(f);
        };
    }

    /** Counts findings by severity; for summaries and exit codes. Not thread-safe (see {@link FindingSink}). */
    final class Counts implements FindingSink {
        private long errors;
        private long warnings;
        private long notes;

        @Override
        public void accept(Finding finding) {
            switch (finding.severity()) {
                case ERROR -> errors++;
                case WARNING -> warnings++;
                case INFO -> notes++;
            }
        }

        public long errors() {
            return errors;
        }

        public long warnings() {
            return warnings;
        }

        public long notes() {
            return notes;
        }

        public long of(Severity severity) {
            return switch (severity) {
                case ERROR -> errors;
                case WARNING -> warnings;
                case INFO -> notes;
            };
        }
    }

    /** Keeps every finding in memory, for embedders and tests with small trees. */
    final class Collected implements FindingSink {
        private final List<Finding> findings = new ArrayList<>();

        @Override
        public void accept(Finding finding) {
            findings.add(finding);
        }

        /** The findings so far, in order. */
        public List<Finding> findings() {
            return List.copyOf(findings);
        }
    }
}
