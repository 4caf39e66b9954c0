package dev.pulmo.dataset.ingest;

import dev.pulmo.api.Finding;
import dev.pulmo.api.plugin.ModalityPlugin;
import java.util.List;
import java.util.Objects;

/**
 * What {@code ingest} will do with a PACS export, before anything is written: the series it takes, each with its case
 * and its images in the order they are numbered; the series it leaves out and why; the cases of the list that get no
 * images; and every finding. Made by {@link IngestPlanner}; patient ids and series numbers are given by {@link Ingest}.
 */
public record IngestPlan(List<TakenSeries> taken, List<LeftOut> leftOut, List<IngestCase> casesWithoutImages,
                         List<Finding> findings, int files) {
    public IngestPlan {
        taken = List.copyOf(taken);
        leftOut = List.copyOf(leftOut);
        casesWithoutImages = List.copyOf(casesWithoutImages);
        findings = List.copyOf(findings);
    }

    /**
     * A series the dataset takes.
     *
     * @param theCase   the extraction list's row it belongs to
     * @param plugin    the modality that routed it
     * @param folder    the source folder of its files
     * @param seriesUid its Series Instance UID in the sources
     * @param sortKey   study date, study, series number and UID: the order new series are numbered in
     * @param images    its images in the order they are numbered (by position along the slice normal, else Instance Number)
     */
    public record TakenSeries(IngestCase theCase, ModalityPlugin plugin, String folder, String seriesUid, String sortKey,
                              List<SourceImage> images) {
        public TakenSeries {
            Objects.requireNonNull(theCase, "theCase");
            Objects.requireNonNull(plugin, "plugin");
            images = List.copyOf(images);
        }
    }

    /**
     * A series left out, or a file passed over.
     *
     * @param source   the source folder of the series (or the file)
     * @param modality the DICOM Modality of the series, "" for a file
     * @param files    how many files it has
     * @param theCase  the case of its patient, when the patient is on the list (names the row, not the patient)
     * @param reasons  why: findings with rule codes
     */
    public record LeftOut(String source, String modality, int files, java.util.Optional<IngestCase> theCase,
                          List<Finding> reasons) {
        public LeftOut {
            reasons = List.copyOf(reasons);
        }
    }
}
