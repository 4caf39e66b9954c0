package dev.pulmo.spark.internal;

import dev.pulmo.spark.FindingRow;
import java.io.Serializable;
import java.util.List;

/** What a task sends back of one series: its findings, in order, with the series' place in the tree's order. */
public record SeriesResult(long order, List<FindingRow> findings) implements Serializable {
}
