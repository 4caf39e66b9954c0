package dev.pulmo.api.plugin;

import dev.pulmo.api.Finding;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/** One rule of a modality: checks an image and returns what it found. Never throws for bad data. */
@ConsumerType
public interface Validator {

    /** The rule's stable code, e.g. {@code xry.view-not-pa}; the code of the findings it returns. */
    String code();

    /** One sentence describing the rule, for listings. */
    String description();

    /** The findings for this image; empty when the rule holds or does not apply. */
    List<Finding> validate(ImageContext image);
}
