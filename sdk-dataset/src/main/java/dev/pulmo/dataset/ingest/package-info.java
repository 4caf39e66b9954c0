/**
 * From a PACS export to the guideline's dataset ({@code pulmo ingest}, SPEC.md §2, §6–8):
 * {@link dev.pulmo.dataset.ingest.IngestCases} reads the extraction list, {@link dev.pulmo.dataset.ingest.SourceScanner}
 * reads the export's headers, {@link dev.pulmo.dataset.ingest.IngestPlanner} routes and excludes series by the
 * modality plugins' {@link dev.pulmo.api.plugin.IngestRules} and orders their images, and
 * {@link dev.pulmo.dataset.ingest.Ingest} places them under managed ids, de-identified, with the clinical sheet and
 * the exclusion report.
 */
@Export
@Version("0.2.0")
package dev.pulmo.dataset.ingest;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
