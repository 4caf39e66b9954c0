package dev.pulmo.api.plugin;

import dev.pulmo.api.AnnotationFile;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What a {@link Validator} sees of one image: where it is, its case class, the DICOM header attributes it
 * may need, and its annotations if it has any. Provided by the SDK; plugins only read it.
 */
@ProviderType
public interface ImageContext {

    /** The image's file, as given to the check (used in findings). */
    String file();

    /** The case class from the folder layout. */
    CaseClass caseClass();

    /**
     * A header attribute by DICOM keyword (e.g. {@code ViewPosition}, {@code SliceThickness}), as the
     * string value of the element with multiple values joined by {@code \}; empty when absent or empty.
     */
    Optional<String> attribute(String keyword);

    /** The image's guideline annotations, when it has a JSON file. */
    Optional<AnnotationFile> annotations();
}
