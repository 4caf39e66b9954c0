package dev.pulmo.plugin.petct;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.plugin.ImageContext;
import dev.pulmo.api.plugin.IngestRules;
import dev.pulmo.api.plugin.NotLocalizer;
import dev.pulmo.api.plugin.SeriesContext;
import dev.pulmo.api.plugin.SourceSeries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PET-CT at ingest: the PET (PT) series of a PET-CT study (one that also holds CT) are this modality's image sets;
 * the study's CT series are not (the guideline's PET-CT images are the PET slices). Secondary captures of such a
 * study (Modality PT or OT, e.g. fused screenshots) are routed here too, so that they are reported as excluded by
 * {@link NotSecondaryCapture} (guideline 2.3.3: DICOM only, no screenshots) instead of as unrouted. Also left out:
 * other objects than PET images ({@value #NOT_A_PET_IMAGE}) and localizers ({@value #LOCALIZER}).
 */
final class PetCtIngest implements IngestRules {
    static final String NOT_A_PET_IMAGE = "pct.not-a-pet-image";
    static final String LOCALIZER = "pct.localizer";

    /** PS3.4 Annex B: PET Image Storage, Enhanced PET Image Storage. */
    private static final Map<String, String> PET_CLASSES = Map.of(
            "1.2.840.10008.5.1.4.1.1.128", "Positron Emission Tomography Image Storage",
            "1.2.840.10008.5.1.4.1.1.130", "Enhanced PET Image Storage");
    private static final String SECONDARY_CAPTURE_ROOT = "1.2.840.10008.5.1.4.1.1.7";

    private final NotSecondaryCapture screenshot = new NotSecondaryCapture();
    private final NotLocalizer localizer = new NotLocalizer(LOCALIZER);

    @Override
    public Set<String> attributes() {
        return Set.of("Modality", "SOPClassUID", "ConversionType", "ImageType");
    }

    @Override
    public boolean routes(SourceSeries series) {
        String modality = series.attribute("Modality").orElse("").trim();
        String sopClass = series.attribute("SOPClassUID").orElse("").replace("\0", "").trim();
        boolean petCtStudy = series.studyModalities().contains("PT") && series.studyModalities().contains("CT");
        boolean screenshot = sopClass.equals(SECONDARY_CAPTURE_ROOT) || sopClass.startsWith(SECONDARY_CAPTURE_ROOT + ".");
        return petCtStudy && (modality.equals("PT") || (screenshot && modality.equals("OT")));
    }

    @Override
    public List<Finding> exclusions(SeriesContext series) {
        List<Finding> screenshots = IngestRules.perSeries(screenshot, series);
        if (!screenshots.isEmpty()) {
            return screenshots;
        }
        List<Finding> findings = new ArrayList<>();
        for (ImageContext image : series.images()) {
            String sopClass = image.attribute("SOPClassUID").orElse("").replace("\0", "").trim();
            if (!PET_CLASSES.containsKey(sopClass)) {
                findings.add(Finding.error(NOT_A_PET_IMAGE, Location.of(image.file(), "SOPClassUID"), "SOPClassUID is '"
                        + sopClass + "', not a PET image"));
                return findings;
            }
        }
        findings.addAll(IngestRules.perSeries(localizer, series));
        return findings;
    }
}
