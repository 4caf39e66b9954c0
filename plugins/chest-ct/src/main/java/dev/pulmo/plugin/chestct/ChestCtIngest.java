package dev.pulmo.plugin.chestct;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.plugin.ExaminedBodyPart;
import dev.pulmo.api.plugin.ImageContext;
import dev.pulmo.api.plugin.IngestRules;
import dev.pulmo.api.plugin.NotLocalizer;
import dev.pulmo.api.plugin.SeriesContext;
import dev.pulmo.api.plugin.SourceSeries;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chest CT at ingest: CT series of a study without PET are this modality's (the CT of a PET-CT study is that study's
 * attenuation-correction and localisation CT, not a diagnostic chest CT). Left out (SPEC.md §6): objects that are not
 * CT images ({@value #NOT_A_CT_IMAGE}: secondary captures, dose screens), localizers ({@value #LOCALIZER}), another
 * body part than the chest ({@value #BODY_PART}), slices outside 2–10 mm ({@link SliceThicknessRange}), and series
 * with gaps or duplicate positions ({@link SliceSpacing}) or of several thicknesses
 * ({@link SliceThicknessConsistency}): the same rules {@code validate} applies to the dataset, so what ingest keeps
 * passes them.
 */
final class ChestCtIngest implements IngestRules {
    static final String NOT_A_CT_IMAGE = "cct.not-a-ct-image";
    static final String LOCALIZER = "cct.localizer";
    static final String BODY_PART = "cct.body-part";

    /** PS3.4 Annex B: CT Image Storage and Enhanced CT Image Storage. */
    private static final Map<String, String> CT_CLASSES = Map.of(
            "1.2.840.10008.5.1.4.1.1.2", "CT Image Storage",
            "1.2.840.10008.5.1.4.1.1.2.1", "Enhanced CT Image Storage");

    private final NotLocalizer localizer = new NotLocalizer(LOCALIZER);
    private final ExaminedBodyPart bodyPart = new ExaminedBodyPart(BODY_PART, Set.of("CHEST", "LUNG", "THORAX"));
    private final SliceThicknessRange thickness = new SliceThicknessRange();
    private final SliceSpacing spacing = new SliceSpacing();
    private final SliceThicknessConsistency consistency = new SliceThicknessConsistency();

    @Override
    public Set<String> attributes() {
        Set<String> keywords = new HashSet<>(Set.of("Modality", "SOPClassUID", "ImageType", "BodyPartExamined", "SliceThickness"));
        keywords.addAll(spacing.attributes());
        keywords.addAll(consistency.attributes());
        return Set.copyOf(keywords);
    }

    @Override
    public boolean routes(SourceSeries series) {
        return series.attribute("Modality").orElse("").trim().equals("CT") && !series.studyModalities().contains("PT");
    }

    @Override
    public List<Finding> exclusions(SeriesContext series) {
        List<Finding> findings = new ArrayList<>();
        for (ImageContext image : series.images()) {
            String sopClass = image.attribute("SOPClassUID").orElse("").replace("\0", "").trim();
            if (!CT_CLASSES.containsKey(sopClass)) {
                findings.add(Finding.error(NOT_A_CT_IMAGE, Location.of(image.file(), "SOPClassUID"), "SOPClassUID is '"
                        + sopClass + "', not a CT image (a secondary capture, dose report or other object)"));
                return findings;
            }
        }
        List<Finding> localizers = IngestRules.perSeries(localizer, series);
        if (!localizers.isEmpty()) {
            return localizers; // a scout's thickness and positions mean nothing
        }
        findings.addAll(IngestRules.perSeries(bodyPart, series));
        findings.addAll(IngestRules.perSeries(thickness, series));
        findings.addAll(spacing.validate(series));
        findings.addAll(consistency.validate(series));
        return findings;
    }
}
