package dev.pulmo.api.plugin;

import dev.pulmo.api.CategoryTable;
import dev.pulmo.api.Modality;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Everything the SDK needs to know about one modality (SPEC.md §1–2): its code and names, where its files
 * live, its category table, how masks become annotations, and its own acquisition rules. One plugin per
 * modality; a new modality is a new plugin, with no change to the SDK.
 *
 * <p>Implementations are registered as OSGi services (a Declarative Services {@code @Component} with
 * {@code service = ModalityPlugin.class}) and in {@code META-INF/services}, so that the same jar works in an
 * OSGi framework and on a plain classpath; {@code sdk-runtime} finds them either way. They must be immutable
 * and safe to share between threads: the SDK calls them from parallel workers. The geometry a modality
 * exports (box or polygon) is {@code exportRule().geometry()}. A plugin author's walk-through is in
 * {@code examples/mammography-plugin/README.md}.
 */
@ConsumerType
public interface ModalityPlugin {

    /** The modality: JSON code ({@code CCT}, written as {@code modality} and {@code supercategory}) and display name ({@code Chest CT}). */
    Modality modality();

    /** The folder under the dataset root, e.g. {@code chest-ct}. */
    String folderName();

    /** The file-name prefix, e.g. {@code cct}. */
    String filePrefix();

    /** The categories this modality's annotations may use (SPEC.md §3); its modality is {@link #modality()}. */
    CategoryTable categoryTable();

    /** How masks become annotations: box or polygon, simplification, minimum part size, how {@code area} is computed. */
    ExportRule exportRule();

    /** The case classes whose series have a {@code binary/} folder (SPEC.md §2). */
    Set<CaseClass> classesWithMasks();

    /**
     * This modality's own checks (SPEC.md §6), one rule each with a stable code prefixed by the file prefix
     * (e.g. {@code xry.view-not-pa}) or shared ({@link MinimumLesionSize}); empty when it has none.
     */
    List<Validator> validators();

    /**
     * This modality's rules over whole series (SPEC.md §6: e.g. chest CT series without gaps between slices), run
     * once per series after its images; empty by default.
     */
    default List<SeriesValidator> seriesValidators() {
        return List.of();
    }

    /**
     * How this modality takes its images from a PACS export ({@code pulmo ingest}): routing and acquisition
     * exclusions. Empty by default: the modality is not ingested (its series are reported as taken by no plugin).
     */
    default Optional<IngestRules> ingestRules() {
        return Optional.empty();
    }
}
