package dev.pulmo.cocojson.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;

/** The one Jackson factory of this module, configured once. */
public final class JsonFactories {
    /**
     * Strict JSON (no comments, no trailing commas); nesting capped well above the guideline's depth of 4
     * so that a hostile file cannot exhaust the stack. Decimal numbers (a polygon's thousands) are read by Jackson's
     * fast parser (FastDoubleParser, correctly rounded: the same doubles as {@link Double#parseDouble}).
     */
    public static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();

    static {
        FACTORY.configure(JsonParser.Feature.INCLUDE_SOURCE_IN_LOCATION, false);
    }

    private JsonFactories() {
    }
}
