package dev.pulmo.dicom;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The comparison of testdata/dicom/README.md "How to compare", written independently of the codec: same tags (case-
 * insensitive keys), same VR, values equal after normalising (numbers and numeric strings to 6 decimals, trailing
 * spaces/NULs stripped, null equals "", missing Value equals [], empty PN groups dropped), sequences item by item,
 * InlineBinary against BulkData length and SHA-256; elements in private_dictionary_vr may be UN.
 */
final class DicomJsonComparator {

    private final Set<String> mayBeUn;
    private final boolean privateMayBeUn;
    private final List<String> differences = new ArrayList<>();

    DicomJsonComparator(Set<String> mayBeUn) {
        this(mayBeUn, false);
    }

    /** @param privateMayBeUn accept UN for every private element (pydicom types them from its private dictionary) */
    DicomJsonComparator(Set<String> mayBeUn, boolean privateMayBeUn) {
        this.mayBeUn = mayBeUn;
        this.privateMayBeUn = privateMayBeUn;
    }

    List<String> differences() {
        return differences;
    }

    void compareDataset(JsonNode expected, JsonNode actual, String path, boolean topLevel) {
        Map<String, JsonNode> exp = keyed(expected, topLevel);
        Map<String, JsonNode> act = keyed(actual, topLevel);
        for (String k : exp.keySet()) {
            if (!act.containsKey(k)) {
                differences.add(path + k + ": missing");
            }
        }
        for (String k : act.keySet()) {
            if (!exp.containsKey(k)) {
                differences.add(path + k + ": unexpected element " + act.get(k));
            }
        }
        for (Map.Entry<String, JsonNode> e : exp.entrySet()) {
            JsonNode a = act.get(e.getKey());
            if (a != null) {
                compareElement(e.getValue(), a, path + e.getKey());
            }
        }
    }

    private static Map<String, JsonNode> keyed(JsonNode ds, boolean topLevel) {
        Map<String, JsonNode> m = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = ds.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String k = f.getKey().toUpperCase();
            if (topLevel && k.startsWith("0002")) {
                continue;
            }
            m.put(k, f.getValue());
        }
        return m;
    }

    private void compareElement(JsonNode exp, JsonNode act, String path) {
        String ev = exp.path("vr").asText();
        String av = act.path("vr").asText();
        if (!ev.equals(av)) {
            String tag = path.substring(Math.max(0, path.length() - 8));
            boolean isPrivate = tag.length() == 8 && Character.digit(tag.charAt(3), 16) % 2 == 1;
            if (av.equals("UN") && (mayBeUn.contains(path) || (privateMayBeUn && isPrivate))) {
                return;
            }
            differences.add(path + ": vr " + av + ", expected " + ev);
            return;
        }
        if (exp.has("BulkData")) {
            JsonNode b = exp.get("BulkData");
            if (act.has("BulkDataURI")) {
                return;
            }
            if (!act.has("InlineBinary")) {
                differences.add(path + ": no InlineBinary/BulkDataURI for bulk data");
                return;
            }
            byte[] bytes = Base64.getDecoder().decode(act.get("InlineBinary").asText());
            if (bytes.length != b.get("length").asLong() || !sha256(bytes).equals(b.get("sha256").asText())) {
                differences.add(path + ": bulk data length " + bytes.length + ", expected " + b.get("length"));
            }
            return;
        }
        if (act.has("InlineBinary") && ev.matches("O.|UN")) {
            differences.add(path + ": unexpected InlineBinary for an empty element");
            return;
        }
        List<JsonNode> ex = values(exp);
        List<JsonNode> ac = values(act);
        if (ex.size() != ac.size()) {
            differences.add(path + ": " + ac.size() + " values " + act.path("Value") + ", expected " + ex.size() + " "
                    + exp.path("Value"));
            return;
        }
        for (int i = 0; i < ex.size(); i++) {
            JsonNode e = ex.get(i);
            JsonNode a = ac.get(i);
            if (ev.equals("SQ")) {
                compareDataset(e, a, path + "[" + i + "].", false);
            } else if (ev.equals("PN")) {
                Map<String, Object> pe = personName(e);
                Map<String, Object> pa = personName(a);
                if (!pe.equals(pa)) {
                    differences.add(path + "[" + i + "]: " + a + ", expected " + e);
                }
            } else if (!normalise(e).equals(normalise(a))) {
                differences.add(path + "[" + i + "]: " + a + ", expected " + e);
            }
        }
    }

    private static List<JsonNode> values(JsonNode element) {
        List<JsonNode> out = new ArrayList<>();
        element.path("Value").forEach(out::add);
        return out;
    }

    private static Map<String, Object> personName(JsonNode pn) {
        Map<String, Object> m = new TreeMap<>();
        if (pn.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = pn.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                Object v = normalise(f.getValue());
                if (!"".equals(v)) {
                    m.put(f.getKey(), v);
                }
            }
        } else if (!pn.isNull()) {
            Object v = normalise(pn);
            if (!"".equals(v)) {
                m.put("Alphabetic", v);
            }
        }
        return m;
    }

    static Object normalise(JsonNode v) {
        if (v == null || v.isNull()) {
            return "";
        }
        if (v.isNumber()) {
            return round(v.decimalValue());
        }
        String s = v.asText();
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == 0)) {
            end--;
        }
        s = s.substring(0, end);
        try {
            return round(new BigDecimal(s.trim()));
        } catch (NumberFormatException e) {
            return s;
        }
    }

    private static BigDecimal round(BigDecimal d) {
        return d.setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
