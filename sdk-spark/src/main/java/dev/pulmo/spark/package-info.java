/**
 * The per-image pipeline on Apache Spark: {@link SparkPipeline} runs {@code convert}, {@code validate}, {@code stats} and
 * {@code export-coco} over a dataset tree on any Hadoop file system, partitioned by series, with the local commands'
 * findings and summaries; {@link SparkMain} is the {@code pulmo-spark} command. Spark is the caller's ({@code provided}).
 */
@Export
@Version("0.1.0")
package dev.pulmo.spark;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
