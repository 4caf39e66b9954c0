package dev.pulmo.cocojson.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;

/** The one Jackson factory of this module, configured once. */
public final class JsonFactories {
    /**
     * Strict JSON (no comments, no trailing commas); nesting capped well above the guideline's depth of 4
     * so that a hostile file cannot exhaust the stack.
     */
    public static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .build();

    static {
        FACTORY.configure(JsonParser.Feature.INCLUDE_SOURCE_IN_LOCATION, false);
    }

    private JsonFactories() {
    }
}
