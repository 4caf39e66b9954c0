package dev.pulmo.api.plugin;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An image of the body part the modality is about (SPEC.md §6: "series of another body part" are excluded at
 * ingest), shared by the modality plugins that need it with their own code and body parts. Reads
 * {@code BodyPartExamined} (0018,0015), a code string of PS3.16 CID 4031 such as {@code CHEST}: a value outside the
 * accepted set is an error; an absent value is not a finding (many devices leave it empty, and the modality and
 * study already say what was imaged).
 */
public final class ExaminedBodyPart implements Validator {
    private static final String KEYWORD = "BodyPartExamined";
    private final String code;
    private final Set<String> accepted;

    /**
     * @param code     the rule code of the findings, prefixed by the plugin's file prefix (e.g. {@code cct.body-part})
     * @param accepted the accepted values, upper case (e.g. {@code CHEST}, {@code LUNG})
     */
    public ExaminedBodyPart(String code, Set<String> accepted) {
        this.code = Objects.requireNonNull(code, "code");
        if (accepted.isEmpty()) {
            throw new IllegalArgumentException("at least one accepted body part is needed");
        }
        this.accepted = Set.copyOf(accepted);
    }

    @Override
    public String code() {
        return code;
    }

    @Override
    public String description() {
        return "BodyPartExamined, when present, is one of " + new TreeSet<>(accepted);
    }

    @Override
    public List<Finding> validate(ImageContext image) {
        Optional<String> part = image.attribute(KEYWORD).map(v -> v.trim().toUpperCase(Locale.ROOT)).filter(v -> !v.isEmpty());
        if (part.isEmpty() || accepted.contains(part.get())) {
            return List.of();
        }
        return List.of(Finding.error(code, Location.of(image.file(), KEYWORD), "BodyPartExamined is '" + part.get()
                + "', another body part than " + new TreeSet<>(accepted)));
    }
}
