package dev.pulmo.cocojson.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A small JSON subtree read from a streaming parser together with where each of its values starts, keyed
 * by absolute JSON Pointer, so that every finding can name line and column. Jackson's own tree keeps no
 * locations. Subtrees are read one at a time (one image, one annotation), so memory stays bounded.
 *
 * @param node      the value
 * @param pointer   the value's own pointer
 * @param locations pointer → start location of every value in the subtree (including {@code node})
 * @param duplicateMembers pointers of object members that appeared twice (the last one is kept)
 */
public record LocatedTree(JsonNode node, String pointer, Map<String, JsonLocation> locations,
                          List<String> duplicateMembers) {

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(false);

    /**
     * The most JSON values one subtree may hold: each costs about 200 bytes here (the node, its pointer and its
     * location), so one KiB of heap per value keeps a subtree within a fifth of the heap (at least 100,000 values:
     * polygons of 50,000 points; about 260,000 at -Xmx256m).
     */
    public static final long MAX_VALUES_PER_ELEMENT = Math.max(100_000, Runtime.getRuntime().maxMemory() / 1024);

    /** Reads the value at the parser's current token (which must be the value's first token). */
    public static LocatedTree read(JsonParser parser, String pointer) throws IOException {
        return read(parser, pointer, MAX_VALUES_PER_ELEMENT);
    }

    /**
     * As {@link #read(JsonParser, String)} with another value limit.
     *
     * @throws StreamConstraintsException when the subtree holds more than {@code maxValues} values
     */
    public static LocatedTree read(JsonParser parser, String pointer, long maxValues) throws IOException {
        return read(parser, pointer, maxValues, true);
    }

    /**
     * As {@link #read(JsonParser, String, long)}; without {@code located} no location is kept (tokens of a model in
     * memory have none), which spares a pointer and a map entry per value.
     */
    public static LocatedTree read(JsonParser parser, String pointer, long maxValues, boolean located)
            throws IOException {
        Map<String, JsonLocation> locations = located ? new HashMap<>() : null;
        java.util.ArrayList<String> duplicates = new java.util.ArrayList<>();
        JsonNode node = readValue(parser, pointer, locations, duplicates::add, new long[] {maxValues, maxValues}, pointer);
        return new LocatedTree(node, pointer, locations == null ? Map.of() : locations, List.copyOf(duplicates));
    }

    private static JsonNode readValue(JsonParser p, String pointer, Map<String, JsonLocation> locations,
                                      Consumer<String> duplicates, long[] budget, String root) throws IOException {
        if (--budget[0] < 0) {
            throw new StreamConstraintsException("the value at " + (root.isEmpty() ? "the root" : root)
                    + " holds more JSON values than one element may (" + budget[1]
                    + ", from LocatedTree.MAX_VALUES_PER_ELEMENT, which grows with the Java heap: raise -Xmx)",
                    p.currentTokenLocation());
        }
        if (locations != null) {
            locations.put(pointer, p.currentTokenLocation());
        }
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                ObjectNode obj = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    String child = pointer + "/" + escape(name);
                    p.nextToken();
                    JsonNode value = readValue(p, child, locations, duplicates, budget, root);
                    if (obj.has(name)) {
                        duplicates.accept(child);
                    }
                    obj.set(name, value);
                }
                return obj;
            }
            case START_ARRAY: {
                ArrayNode arr = NODES.arrayNode();
                int i = 0;
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken(), i++) {
                    // a pointer is made for what needs one: a location, or members whose duplicates it names
                    boolean named = locations != null || e == JsonToken.START_OBJECT || e == JsonToken.START_ARRAY;
                    arr.add(readValue(p, named ? pointer + "/" + i : null, locations, duplicates, budget, root));
                }
                return arr;
            }
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                return switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new IllegalStateException("unexpected token " + t + " at " + pointer);
        }
    }

    /** RFC 6901 escaping of one reference token. */
    public static String escape(String name) {
        if (name.indexOf('~') < 0 && name.indexOf('/') < 0) {
            return name; // the common case, without the two searches and copies of replace
        }
        return name.replace("~", "~0").replace("/", "~1");
    }

    /** Where the value at {@code pointer} starts; falls back to the nearest enclosing value. */
    public JsonLocation locationOf(String pointer) {
        String p = pointer;
        while (true) {
            JsonLocation l = locations.get(p);
            if (l != null || p.isEmpty()) {
                return l;
            }
            int slash = p.lastIndexOf('/');
            p = slash < 0 ? "" : p.substring(0, slash);
        }
    }
}
