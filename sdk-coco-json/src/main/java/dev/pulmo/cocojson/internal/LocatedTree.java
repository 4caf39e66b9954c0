package dev.pulmo.cocojson.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.ContentReference;
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
 * @param locations pointer → start location of every value in the subtree (including {@code node}), but the scalar
 *                  elements of arrays
 * @param elementLines pointer of an array → line and column of each element that is not an object or array, two ints
 *                  per element ({@code [line0, column0, line1, column1, ...]}): a polygon's thousands of numbers cost
 *                  two ints each, not a pointer, a location and a map entry
 * @param duplicateMembers pointers of object members that appeared twice (the last one is kept)
 */
public record LocatedTree(JsonNode node, String pointer, Map<String, JsonLocation> locations,
                          Map<String, int[]> elementLines, List<String> duplicateMembers) {

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
        Map<String, int[]> elementLines = located ? new HashMap<>() : null;
        java.util.ArrayList<String> duplicates = new java.util.ArrayList<>();
        JsonNode node = readValue(parser, pointer, locations, elementLines, duplicates::add,
                new long[] {maxValues, maxValues}, pointer);
        return new LocatedTree(node, pointer, locations == null ? Map.of() : locations,
                elementLines == null ? Map.of() : elementLines, List.copyOf(duplicates));
    }

    /** @param pointer the value's pointer; null when no location is kept for it (or kept by the enclosing array) */
    private static JsonNode readValue(JsonParser p, String pointer, Map<String, JsonLocation> locations,
                                      Map<String, int[]> elementLines, Consumer<String> duplicates, long[] budget,
                                      String root) throws IOException {
        if (--budget[0] < 0) {
            throw new StreamConstraintsException("the value at " + (root.isEmpty() ? "the root" : root)
                    + " holds more JSON values than one element may (" + budget[1]
                    + ", from LocatedTree.MAX_VALUES_PER_ELEMENT, which grows with the Java heap: raise -Xmx)",
                    p.currentTokenLocation());
        }
        if (locations != null && pointer != null) {
            locations.put(pointer, p.currentTokenLocation());
        }
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                ObjectNode obj = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken e = p.nextToken();
                    // as for arrays: a member's pointer is made for a location, a container, or a duplicate to name
                    boolean named = locations != null || e == JsonToken.START_OBJECT || e == JsonToken.START_ARRAY;
                    String child = named ? pointer + "/" + escape(name) : null;
                    JsonNode value = readValue(p, child, locations, elementLines, duplicates, budget, root);
                    if (obj.has(name)) {
                        duplicates.accept(child != null ? child : pointer + "/" + escape(name));
                    }
                    obj.set(name, value);
                }
                return obj;
            }
            case START_ARRAY: {
                ArrayNode arr = NODES.arrayNode();
                int[] lines = null;
                int scalars = 0;
                int i = 0;
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken(), i++) {
                    boolean container = e == JsonToken.START_OBJECT || e == JsonToken.START_ARRAY;
                    if (locations != null && !container) {
                        if (lines == null || lines.length < 2 * i + 2) {
                            lines = lines == null ? new int[Math.max(16, 2 * i + 2)] : java.util.Arrays.copyOf(lines, 4 * i + 2);
                        }
                        JsonLocation l = p.currentTokenLocation();
                        lines[2 * i] = l.getLineNr();
                        lines[2 * i + 1] = l.getColumnNr();
                        scalars = i + 1;
                    }
                    // a pointer is made for what needs one: a container (its members' locations, duplicates to name)
                    arr.add(readValue(p, container ? pointer + "/" + i : null, locations, elementLines, duplicates, budget, root));
                }
                if (lines != null) {
                    elementLines.put(pointer, scalars * 2 == lines.length ? lines : java.util.Arrays.copyOf(lines, scalars * 2));
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
            String parent = slash < 0 ? "" : p.substring(0, slash);
            int[] lines = elementLines.get(parent);
            if (lines != null) {
                int index = elementIndex(p.substring(slash + 1));
                if (index >= 0 && 2 * index + 1 < lines.length && lines[2 * index] != 0) {
                    return new JsonLocation(ContentReference.unknown(), -1L, -1L, lines[2 * index], lines[2 * index + 1]);
                }
            }
            p = parent;
        }
    }

    /** The array index a pointer's last token names ({@code 0} or digits without a leading 0), or -1. */
    private static int elementIndex(String token) {
        if (token.isEmpty() || token.length() > 9 || (token.length() > 1 && token.charAt(0) == '0')) {
            return -1;
        }
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) < '0' || token.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(token);
    }
}
