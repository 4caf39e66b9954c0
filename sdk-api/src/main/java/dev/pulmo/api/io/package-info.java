/** Output helpers shared by every SDK module: atomic file writes (nothing is ever half-written). */
@Export
@Version("0.3.0")
package dev.pulmo.api.io;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
