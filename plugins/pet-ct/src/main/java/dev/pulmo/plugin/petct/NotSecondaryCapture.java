package dev.pulmo.plugin.petct;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.plugin.ImageContext;
import dev.pulmo.api.plugin.Validator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PET-CT images are original DICOM, not secondary-capture screenshots (SPEC.md §6, guideline 2.3.3). An
 * image is a screenshot when its {@code SOPClassUID} (0008,0016) is one of the Secondary Capture storage
 * classes of DICOM PS3.4, or when it carries {@code ConversionType} (0008,0064), which only the SC Equipment
 * module has. One finding per image.
 */
final class NotSecondaryCapture implements Validator {
    static final String CODE = "pct.secondary-capture";

    /** PS3.4 Annex B storage SOP classes of the Secondary Capture IODs (PS3.3 A.8). */
    private static final Map<String, String> SECONDARY_CAPTURE_CLASSES = Map.of(
            "1.2.840.10008.5.1.4.1.1.7", "Secondary Capture Image Storage",
            "1.2.840.10008.5.1.4.1.1.7.1", "Multi-frame Single Bit Secondary Capture Image Storage",
            "1.2.840.10008.5.1.4.1.1.7.2", "Multi-frame Grayscale Byte Secondary Capture Image Storage",
            "1.2.840.10008.5.1.4.1.1.7.3", "Multi-frame Grayscale Word Secondary Capture Image Storage",
            "1.2.840.10008.5.1.4.1.1.7.4", "Multi-frame True Color Secondary Capture Image Storage");

    @Override
    public String code() {
        return CODE;
    }

    @Override
    public String description() {
        return "PET-CT images are original DICOM, not secondary-capture screenshots (SOPClassUID, ConversionType)";
    }

    @Override
    public List<Finding> validate(ImageContext image) {
        Optional<String> sopClass = present(image, "SOPClassUID");
        if (sopClass.isPresent() && SECONDARY_CAPTURE_CLASSES.containsKey(sopClass.get())) {
            return List.of(Finding.error(CODE, Location.of(image.file(), "SOPClassUID"),
                    "SOPClassUID is " + sopClass.get() + " (" + SECONDARY_CAPTURE_CLASSES.get(sopClass.get())
                            + "): a screenshot; the guideline admits original PET-CT DICOM only"));
        }
        Optional<String> conversion = present(image, "ConversionType");
        if (conversion.isPresent()) {
            return List.of(Finding.error(CODE, Location.of(image.file(), "ConversionType"),
                    "ConversionType is '" + conversion.get() + "', which only secondary-capture images carry;"
                            + " the guideline admits original PET-CT DICOM only"));
        }
        return List.of();
    }

    private static Optional<String> present(ImageContext image, String keyword) {
        // UI values may be padded with a trailing NUL, CS values with spaces (PS3.5 6.2)
        return image.attribute(keyword).map(v -> v.replace("\0", "").trim()).filter(v -> !v.isEmpty());
    }
}
