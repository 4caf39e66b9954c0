package dev.pulmo.spark.internal;

import dev.pulmo.spark.FindingRow;
import java.io.Serializable;
import java.util.List;

/** What a task sends back of one series: its findings, in order, and the command's counts. */
public record SeriesResult(long order, List<FindingRow> findings, long[] counts) implements Serializable {
}
