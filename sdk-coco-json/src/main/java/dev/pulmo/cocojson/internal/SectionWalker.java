package dev.pulmo.cocojson.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Walks a guideline JSON document in one streaming pass: the {@code info} object as one subtree, and each
 * element of {@code categories}, {@code images} and {@code annotations} as its own subtree, so that a file
 * of any size is read with memory bounded by its largest element. Shared by the typed reader and the
 * validator, which differ only in what they do with each piece.
 */
public final class SectionWalker {

    /** What to do with each piece of the document. */
    public interface Handler {
        /** {@code info}, or a whole section that is not an array (given as one tree). */
        void section(String name, LocatedTree tree);

        /** The array section {@code name} begins (called even when it is empty). */
        default void arrayStart(String name, JsonLocation location) {
        }

        /** One element of the array section {@code name}. */
        void element(String name, int index, LocatedTree tree);

        /** A top-level member that is not one of the four sections; its value has been skipped. */
        void unknownMember(String name, JsonLocation location);

        /** The root is not an object. */
        void rootNotObject(JsonToken token, JsonLocation location);

        /** A section appeared a second time (its content is still walked). */
        default void duplicateSection(String name, JsonLocation location) {
        }
    }

    public static final String INFO = "info";
    public static final String CATEGORIES = "categories";
    public static final String IMAGES = "images";
    public static final String ANNOTATIONS = "annotations";

    private SectionWalker() {
    }

    /** Walks the document; malformed JSON surfaces as Jackson's exception with its location. */
    public static void walk(JsonParser p, Handler handler) throws IOException {
        walk(p, handler, true);
    }

    /**
     * As {@link #walk(JsonParser, Handler)}; without {@code located} the elements keep no locations (the tokens of a
     * model in memory have none).
     */
    public static void walk(JsonParser p, Handler handler, boolean located) throws IOException {
        JsonToken first = p.nextToken();
        if (first != JsonToken.START_OBJECT) {
            handler.rootNotObject(first, p.currentTokenLocation());
            if (first != null) {
                p.skipChildren();
            }
            expectEnd(p);
            return;
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonLocation nameLocation = p.currentTokenLocation();
            JsonToken valueToken = p.nextToken();
            boolean known = name.equals(INFO) || name.equals(CATEGORIES) || name.equals(IMAGES) || name.equals(ANNOTATIONS);
            if (!known) {
                handler.unknownMember(name, nameLocation);
                p.skipChildren();
                continue;
            }
            if (!seen.add(name)) {
                handler.duplicateSection(name, nameLocation);
            }
            String pointer = "/" + name;
            if (valueToken == JsonToken.START_ARRAY && !name.equals(INFO)) {
                handler.arrayStart(name, p.currentTokenLocation());
                int index = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    handler.element(name, index, LocatedTree.read(p, pointer + "/" + index,
                            LocatedTree.MAX_VALUES_PER_ELEMENT, located));
                    index++;
                }
            } else {
                handler.section(name, LocatedTree.read(p, pointer, LocatedTree.MAX_VALUES_PER_ELEMENT, located));
            }
        }
        expectEnd(p);
    }

    private static void expectEnd(JsonParser p) throws IOException {
        JsonToken extra = p.nextToken();
        if (extra != null) {
            throw new com.fasterxml.jackson.core.JsonParseException(p,
                    "unexpected content after the end of the document: " + extra);
        }
    }
}
