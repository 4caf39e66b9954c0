package dev.pulmo.example.mammography;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.plugin.ImageContext;
import dev.pulmo.api.plugin.Validator;
import java.util.List;
import java.util.Set;

/**
 * Screening mammograms are the two standard views, cranio-caudal ({@code CC}) and medio-lateral oblique
 * ({@code MLO}), read from {@code ViewPosition} (0018,5101). One rule, one stable code; findings never throw.
 */
final class StandardView implements Validator {
    static final String CODE = "mmg.view-not-standard";
    private static final Set<String> STANDARD = Set.of("CC", "MLO");

    @Override
    public String code() {
        return CODE;
    }

    @Override
    public String description() {
        return "mammograms are CC or MLO views (ViewPosition)";
    }

    @Override
    public List<Finding> validate(ImageContext image) {
        String view = image.attribute("ViewPosition").map(String::trim).orElse("");
        if (STANDARD.contains(view)) {
            return List.of();
        }
        return List.of(Finding.error(CODE, Location.of(image.file(), "ViewPosition"), view.isEmpty()
                ? "ViewPosition is absent, expected CC or MLO"
                : "ViewPosition is '" + view + "', expected CC or MLO"));
    }
}
