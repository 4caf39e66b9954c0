package dev.pulmo.api.plugin;

import dev.pulmo.api.Finding;
import java.util.List;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One rule of a modality over a whole series, such as chest CT's "no gaps between slices" (SPEC.md §6): it sees
 * every image of the series at once, in sequence order. Never throws for bad data.
 *
 * <p>The SDK keeps, per image of a series, only the header attributes its series rules name in
 * {@link #attributes()}, so that memory stays small for series of thousands of images.
 */
@ConsumerType
public interface SeriesValidator {

    /** The rule's stable code, e.g. {@code cct.slice-gap}; the code of the findings it returns. */
    String code();

    /** One sentence describing the rule, for listings. */
    String description();

    /** DICOM keywords of the header attributes this rule reads through {@link ImageContext#attribute}. */
    Set<String> attributes();

    /**
     * Whether this rule reads the series' 3-D lesions ({@link SeriesContext#nodules()}), such as
     * {@link MinimumNoduleSize}. The SDK then groups the series' lesions into nodules, which costs reading its masks;
     * false by default.
     */
    default boolean needsNodules() {
        return false;
    }

    /** The findings for this series; empty when the rule holds or does not apply. */
    List<Finding> validate(SeriesContext series);
}
