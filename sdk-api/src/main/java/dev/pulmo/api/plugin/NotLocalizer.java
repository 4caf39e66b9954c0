package dev.pulmo.api.plugin;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An image that is not a localizer (scout, topogram, scanogram): those plan the acquisition and are not part of the
 * image set (excluded at ingest, SPEC.md §6). Reads {@code ImageType} (0008,0008): a value 3 (or any value) of
 * {@code LOCALIZER} (PS3.3 C.8.2.1.1.1) is an error with the plugin's code.
 */
public final class NotLocalizer implements Validator {
    private static final String KEYWORD = "ImageType";
    private final String code;

    /** @param code the rule code of the findings, e.g. {@code cct.localizer} */
    public NotLocalizer(String code) {
        this.code = Objects.requireNonNull(code, "code");
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public String description() {
        return "the image is not a localizer (ImageType LOCALIZER)";
    }

    @Override
    public List<Finding> validate(ImageContext image) {
        String type = image.attribute(KEYWORD).orElse("");
        for (String value : type.split("\\\\")) {
            if (value.trim().toUpperCase(Locale.ROOT).equals("LOCALIZER")) {
                return List.of(Finding.error(code, Location.of(image.file(), KEYWORD), "ImageType is '" + type
                        + "': a localizer (scout) image, not part of the image set"));
            }
        }
        return List.of();
    }
}
