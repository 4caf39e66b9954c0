package dev.pulmo.api.plugin;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What a {@link SeriesValidator} sees of one series: its folder, case class and images. Provided by the SDK;
 * plugins only read it.
 */
@ProviderType
public interface SeriesContext {

    /** The series folder, as given to the check (used in findings). */
    String folder();

    /** The case class from the folder layout. */
    CaseClass caseClass();

    /**
     * The series' readable images in sequence-number order. Each answers {@link ImageContext#attribute} for the
     * keywords the rule declared in {@link SeriesValidator#attributes()}; {@link ImageContext#annotations()} is
     * empty. Empty where only the rules that need {@link #nodules()} are run ({@code pulmo nodules}, {@code stats}).
     */
    List<ImageContext> images();

    /**
     * The series' 3-D lesions, grouped and measured as {@code pulmo nodules} does, in the order of their first slice;
     * given to the rules whose {@link SeriesValidator#needsNodules()} is true. Empty when the series has no lesions, or
     * when its slices make no volume (the SDK then reports why, under its own rule code), or where the caller has no
     * lesions to group (ingest).
     */
    default List<SeriesNodule> nodules() {
        return List.of();
    }
}
