package dev.pulmo.cocojson.tool;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Severity;
import java.util.List;

/**
 * What reading a tool export gave: the annotations that could be read, in file order, and a finding for
 * every object that could not (and for each of its faults), so that one bad object does not hide the others.
 */
public record ToolImportResult(List<ToolAnnotation> annotations, List<Finding> findings) {
    public ToolImportResult {
        annotations = List.copyOf(annotations);
        findings = List.copyOf(findings);
    }

    /** True when some finding is an {@link Severity#ERROR}. */
    public boolean hasErrors() {
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }
}
