package dev.pulmo.cocojson.internal;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.Severity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The findings of one file: the first {@link #MAX_PER_FILE} are kept, the rest only counted by severity, so a file
 * with one member repeated 400,000 times is not turned into 400,000 findings held and printed at once. The list ends
 * with one {@link #OMITTED} finding of the worst severity left out, so exit codes stay truthful.
 */
public final class CappedFindings {

    /** Findings kept per file before the rest are only counted. */
    public static final int MAX_PER_FILE = 1000;
    /** Rule code of the finding that stands for those left out. */
    public static final String OMITTED = "json.findings.omitted";

    private final String file;
    private final List<Finding> kept = new ArrayList<>();
    private final long[] omitted = new long[Severity.values().length];

    public CappedFindings(String file) {
        this.file = file;
    }

    public void add(Finding f) {
        if (kept.size() < MAX_PER_FILE) {
            kept.add(f);
        } else {
            omitted[f.severity().ordinal()]++;
        }
    }

    public void addAll(Collection<Finding> findings) {
        findings.forEach(this::add);
    }

    /** @return the kept findings, then the {@link #OMITTED} one when some were left out */
    public List<Finding> toList() {
        long total = 0;
        for (long n : omitted) {
            total += n;
        }
        if (total == 0) {
            return List.copyOf(kept);
        }
        List<Finding> out = new ArrayList<>(kept);
        Severity worst = omitted[Severity.ERROR.ordinal()] > 0 ? Severity.ERROR
                : omitted[Severity.WARNING.ordinal()] > 0 ? Severity.WARNING : Severity.INFO;
        out.add(new Finding(worst, OMITTED, Location.ofFile(file), total + " more findings not listed ("
                + omitted[Severity.ERROR.ordinal()] + " errors, " + omitted[Severity.WARNING.ordinal()] + " warnings, "
                + omitted[Severity.INFO.ordinal()] + " notes); the first " + MAX_PER_FILE + " are listed"));
        return out;
    }
}
