package dev.pulmo.api.plugin;

import dev.pulmo.api.CategoryTable;
import dev.pulmo.api.Modality;
import java.util.List;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Everything the SDK needs to know about one modality (SPEC.md §1–2): its code and names, where its files
 * live, its category table, how masks become annotations, and its own acquisition rules. One plugin per
 * modality; a new modality is a new plugin, with no change to the SDK.
 *
 * <p>Implementations are registered as OSGi services and in {@code META-INF/services}, so that the same
 * jar works in an OSGi framework and on a plain classpath.
 */
@ConsumerType
public interface ModalityPlugin {

    /** The modality: JSON code ({@code CCT}) and display name ({@code Chest CT}). */
    Modality modality();

    /** The folder under the dataset root, e.g. {@code chest-ct}. */
    String folderName();

    /** The file-name prefix, e.g. {@code cct}. */
    String filePrefix();

    /** The categories this modality's annotations may use. */
    CategoryTable categoryTable();

    /** How masks become annotations. */
    ExportRule exportRule();

    /** The case classes whose series have a {@code binary/} folder (SPEC.md §2). */
    Set<CaseClass> classesWithMasks();

    /** This modality's own checks (SPEC.md §6); empty when it has none. */
    List<Validator> validators();
}
