package dev.pulmo.dataset.deid;

import dev.pulmo.api.Finding;
import java.nio.file.Path;
import java.util.List;

/**
 * The result of a {@link DeidRunner} run.
 *
 * @param files       one outcome per input file, in input order
 * @param findings    problems, naming the input files (for the operator, not for the output)
 * @param auditLog    the audit log written into the output folder
 * @param newPatients patients that got a new id in this run
 */
public record DeidReport(List<FileOutcome> files, List<Finding> findings, Path auditLog, int newPatients) {
    public DeidReport {
        files = List.copyOf(files);
        findings = List.copyOf(findings);
    }

    public long written() {
        return files.stream().filter(FileOutcome::written).count();
    }

    public long skipped() {
        return files.size() - written();
    }
}
