/**
 * The plugin SPI: what a modality plugin supplies ({@link ModalityPlugin}) and the small types it is made
 * of. Plugin authors implement these interfaces, so they are {@code @ConsumerType}: adding an abstract
 * method is a major version change.
 */
@Export
@Version("0.4.0")
package dev.pulmo.api.plugin;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
