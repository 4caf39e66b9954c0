package dev.pulmo.spark.internal;

import java.io.Serializable;
import java.util.List;

/**
 * What a task sends back of its series: each series' findings, in the tree's order, and the command's value of them
 * all (counts, or what the series' images add to a document), made by the local command's own per-series step.
 */
public record PartitionResult<V extends Serializable>(List<SeriesResult> series, V value) implements Serializable {
}
