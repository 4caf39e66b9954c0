/**
 * Finds the modality plugins ({@link dev.pulmo.api.plugin.ModalityPlugin}) a host runs with: on the plain
 * classpath through {@link java.util.ServiceLoader}, or as OSGi bundles from folders, started in an embedded
 * OSGi framework (Apache Felix, with Declarative Services). Both give {@link dev.pulmo.runtime.PluginRegistry}
 * objects that can be combined into one {@link dev.pulmo.api.plugin.ModalityCatalog}; the rest of the SDK does
 * not care which (DESIGN.md).
 */
@Export
@Version("0.2.0")
package dev.pulmo.runtime;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
