/**
 * Output helpers shared by every SDK module: atomic file writes (nothing is ever half-written), output paths built
 * from data that cannot leave their folder ({@link dev.pulmo.api.io.OutputPaths}), and text from data made safe for
 * a terminal ({@link dev.pulmo.api.io.TerminalText}), and messages of I/O failures that name the absolute path once
 * ({@link dev.pulmo.api.io.FileErrors}).
 */
@Export
@Version("0.6.0")
package dev.pulmo.api.io;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
