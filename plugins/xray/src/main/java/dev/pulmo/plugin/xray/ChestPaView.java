package dev.pulmo.plugin.xray;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.plugin.ImageContext;
import dev.pulmo.api.plugin.Validator;
import java.util.List;
import java.util.Optional;

/**
 * Chest X-ray is PA only (SPEC.md §6, guideline 2.3.3: "AP excluded"). Reads {@code ViewPosition}
 * (0018,5101): {@code PA} passes; {@code AP} or any other view is an error; an absent value is a warning,
 * because the view cannot be confirmed from the header.
 */
final class ChestPaView implements Validator {
    static final String CODE = "xry.view-not-pa";
    private static final String KEYWORD = "ViewPosition";

    @Override
    public String code() {
        return CODE;
    }

    @Override
    public String description() {
        return "chest X-ray must be a PA view (ViewPosition PA); AP and other views are excluded";
    }

    @Override
    public List<Finding> validate(ImageContext image) {
        Location where = Location.of(image.file(), KEYWORD);
        Optional<String> view = image.attribute(KEYWORD).map(String::trim).filter(v -> !v.isEmpty());
        if (view.isEmpty()) {
            return List.of(Finding.warning(CODE, where,
                    "ViewPosition (0018,5101) is absent; cannot confirm the chest PA view the guideline requires"));
        }
        return switch (view.get()) {
            case "PA" -> List.of();
            case "AP" -> List.of(Finding.error(CODE, where,
                    "ViewPosition is AP; the guideline admits chest PA images only (AP excluded)"));
            default -> List.of(Finding.error(CODE, where,
                    "ViewPosition is '" + view.get() + "', expected PA (the guideline admits chest PA images only)"));
        };
    }
}
