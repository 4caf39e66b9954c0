package dev.pulmo.plugin.xray;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.plugin.ExaminedBodyPart;
import dev.pulmo.api.plugin.ImageContext;
import dev.pulmo.api.plugin.IngestRules;
import dev.pulmo.api.plugin.SeriesContext;
import dev.pulmo.api.plugin.SourceSeries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chest X-ray at ingest: DX and CR series are this modality's (SPEC.md §1). Left out: images of another SOP class
 * than the radiograph storage classes ({@value #NOT_A_RADIOGRAPH}), another body part than the chest
 * ({@value #BODY_PART}), and any view but PA ({@link ChestPaView}: AP and lateral are excluded, guideline 2.3.3).
 */
final class XrayIngest implements IngestRules {
    static final String NOT_A_RADIOGRAPH = "xry.not-a-radiograph";
    static final String BODY_PART = "xry.body-part";

    /** PS3.4 Annex B: the CR and DX image storage classes. */
    private static final Map<String, String> RADIOGRAPH_CLASSES = Map.of(
            "1.2.840.10008.5.1.4.1.1.1", "Computed Radiography Image Storage",
            "1.2.840.10008.5.1.4.1.1.1.1", "Digital X-Ray Image Storage - For Presentation",
            "1.2.840.10008.5.1.4.1.1.1.1.1", "Digital X-Ray Image Storage - For Processing");

    private final ChestPaView view = new ChestPaView();
    private final ExaminedBodyPart bodyPart = new ExaminedBodyPart(BODY_PART, Set.of("CHEST", "LUNG", "THORAX"));

    @Override
    public Set<String> attributes() {
        return Set.of("Modality", "SOPClassUID", "ViewPosition", "BodyPartExamined");
    }

    @Override
    public boolean routes(SourceSeries series) {
        String modality = series.attribute("Modality").orElse("").trim();
        return modality.equals("DX") || modality.equals("CR");
    }

    @Override
    public List<Finding> exclusions(SeriesContext series) {
        List<Finding> findings = new ArrayList<>();
        for (ImageContext image : series.images()) {
            String sopClass = image.attribute("SOPClassUID").orElse("").replace("\0", "").trim();
            if (!RADIOGRAPH_CLASSES.containsKey(sopClass)) {
                findings.add(Finding.error(NOT_A_RADIOGRAPH, Location.of(image.file(), "SOPClassUID"), "SOPClassUID is '"
                        + sopClass + "', not a CR or DX image (a screenshot, report or other object)"));
                return findings;
            }
        }
        findings.addAll(IngestRules.perSeries(bodyPart, series));
        findings.addAll(IngestRules.perSeries(view, series));
        return findings;
    }
}
