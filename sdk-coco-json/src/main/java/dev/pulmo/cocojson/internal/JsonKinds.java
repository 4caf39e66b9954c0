package dev.pulmo.cocojson.internal;

import com.fasterxml.jackson.databind.JsonNode;

/** Names of JSON value kinds for messages, and the integer test the guideline's "number" ids need. */
public final class JsonKinds {
    private JsonKinds() {
    }

    /** True for an integer literal, and for a float literal with no fractional part ({@code 3.0}). */
    public static boolean isIntegral(JsonNode v) {
        if (v.isIntegralNumber()) {
            return true;
        }
        if (v.isFloatingPointNumber()) {
            double d = v.doubleValue();
            return Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 0x1p53;
        }
        return false;
    }

    /** "a string \"abc\"", "the number 3.5", "null", "an array of 3", … */
    public static String describe(JsonNode v) {
        if (v == null) {
            return "nothing";
        }
        return switch (v.getNodeType()) {
            case STRING -> "the string \"" + abbreviate(v.textValue()) + "\"";
            case NUMBER -> "the number " + v.asText();
            case BOOLEAN -> v.asText();
            case NULL -> "null";
            case ARRAY -> "an array of " + v.size();
            case OBJECT -> "an object";
            default -> v.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
