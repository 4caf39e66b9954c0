package dev.pulmo.api.plugin;

import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What {@link IngestRules#routes} sees of one series of a PACS export before it is placed in the dataset: the
 * attributes its images share, and which modalities its study holds. Provided by the SDK; plugins only read it.
 */
@ProviderType
public interface SourceSeries {

    /** The source folder that holds the series' files, as given to {@code ingest} (used in findings). */
    String folder();

    /** How many DICOM files the series has in the sources. */
    int size();

    /**
     * A header attribute of the series' first file, by DICOM keyword (e.g. {@code Modality}, {@code SOPClassUID},
     * {@code BodyPartExamined}), multiple values joined by {@code \}; empty when absent or empty. Only keywords the
     * plugin declared in {@link IngestRules#attributes()} (and {@code Modality}, {@code SOPClassUID}) are answered.
     */
    Optional<String> attribute(String keyword);

    /** The {@code Modality} (0008,0060) values of every series of the same study, e.g. {@code [CT, PT]} for a PET-CT study. */
    Set<String> studyModalities();
}
