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
     * empty.
     */
    List<ImageContext> images();
}
