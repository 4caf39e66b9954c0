package dev.pulmo.cocojson.internal;

import dev.pulmo.api.Category;
import java.util.List;
import java.util.Optional;
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

        /**
         * The {@code categories} array is, byte for byte, the text of a table found clean before (see
         * {@link KnownTables}); its elements are not handed out one by one.
         */
        default void knownCleanCategories(List<Category> table) {
            throw new IllegalStateException(getClass().getName() + " does not take known category tables");
        }
    }

    /**
     * Category tables whose exact text was checked before and gave no finding. A modality's table is the same in every
     * file of a tree and most of each file's bytes: a walker given these skips a {@code categories} array that is one of
     * them (tokenized, not built into trees) and hands the handler the table instead.
     */
    @FunctionalInterface
    public interface KnownTables {
        /** The clean table whose text starts at {@code byteOffset} of the document, if one does. */
        Optional<List<Category>> at(long byteOffset);
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
        walk(p, handler, located, null);
    }

    /**
     * As {@link #walk(JsonParser, Handler, boolean)}; the first {@code categories} array, when {@code knownTables} (may be
     * null) names its text, goes to {@link Handler#knownCleanCategories}.
     */
    public static void walk(JsonParser p, Handler handler, boolean located, KnownTables knownTables) throws IOException {
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
            boolean firstTime = seen.add(name);
            if (!firstTime) {
                handler.duplicateSection(name, nameLocation);
            }
            String pointer = "/" + name;
            if (valueToken == JsonToken.START_ARRAY && !name.equals(INFO)) {
                handler.arrayStart(name, p.currentTokenLocation());
                if (knownTables != null && firstTime && name.equals(CATEGORIES)) {
                    Optional<List<Category>> table = knownTables.at(p.currentTokenLocation().getByteOffset());
                    if (table.isPresent()) {
                        p.skipChildren();
                        handler.knownCleanCategories(table.get());
                        continue;
                    }
                }
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
