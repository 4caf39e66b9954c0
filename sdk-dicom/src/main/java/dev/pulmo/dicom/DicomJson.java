package dev.pulmo.dicom;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;

/**
 * Writes a dataset in the DICOM JSON model (PS3.18 Annex F.2), as pydicom's {@code Dataset.to_json_dict} does:
 * keys are 8 upper-case hex digits; IS, SL, SS, SV, UL, US, UV are JSON integers and DS, FL, FD JSON numbers
 * (non-finite ones as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}); AT values are 8 hex
 * digits; PN values are objects with {@code Alphabetic}, {@code Ideographic}, {@code Phonetic} up to the last
 * non-empty group; empty multi-value components are {@code null}; binary VRs (OB, OD, OF, OL, OV, OW, UN) carry
 * {@code InlineBinary} (base64) or, when asked and the value lies in a file, a {@code BulkDataURI}; an empty element
 * has no {@code Value}, an empty sequence {@code "Value": []}. Characters outside ASCII are written as
 * {@code \\u} escapes (four hex digits), so the text is the same in any output encoding.
 */
public final class DicomJson {

    /** How binary values are written. */
    public enum BulkDataMode {
        /** Every binary value as base64 {@code InlineBinary}. */
        INLINE_BINARY,
        /**
         * Values kept on disk as {@code BulkDataURI} {@code file:///...?offset=N&length=N}; values held in memory and
         * encapsulated Pixel Data still inline.
         */
        URI_WHEN_ON_DISK
    }

    private DicomJson() {
    }

    /** @return the dataset as one JSON object, binary values inline */
    public static String toJson(DicomDataset dataset) {
        StringBuilder sb = new StringBuilder();
        write(dataset, sb, BulkDataMode.INLINE_BINARY, false);
        return sb.toString();
    }

    /**
     * Writes {@code dataset} to {@code out}.
     *
     * @param skipFileMeta leave out top-level group 0002 elements
     * @throws UncheckedIOException when {@code out} fails
     * @throws DicomException when a bulk value cannot be read
     */
    public static void write(DicomDataset dataset, Appendable out, BulkDataMode mode, boolean skipFileMeta) {
        try {
            writeDataset(dataset, out, mode, skipFileMeta);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeDataset(DicomDataset ds, Appendable out, BulkDataMode mode, boolean skipFileMeta)
            throws IOException {
        out.append('{');
        boolean first = true;
        for (DicomElement e : ds.elements()) {
            if (skipFileMeta && (e.tag() >>> 16) == 0x0002) {
                continue;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append('"').append(Tag.toHex(e.tag())).append("\":");
            writeElement(e, out, mode);
        }
        out.append('}');
    }

    private static void writeElement(DicomElement e, Appendable out, BulkDataMode mode) throws IOException {
        VR vr = e.vr();
        out.append("{\"vr\":\"").append(vr.name()).append('"');
        if (vr == VR.SQ) {
            out.append(",\"Value\":[");
            List<DicomDataset> items = e.items();
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                writeDataset(items.get(i), out, mode, false);
            }
            out.append("]}");
            return;
        }
        if (e.isEmpty()) {
            out.append('}');
            return;
        }
        if (vr.isBulk()) {
            if (mode == BulkDataMode.URI_WHEN_ON_DISK && e.bulkData().flatMap(BulkData::file).isPresent()) {
                BulkData b = e.bulkData().get();
                out.append(",\"BulkDataURI\":");
                string(out, b.file().get().toAbsolutePath().toUri() + "?offset=" + b.byteOffset() + "&length="
                        + b.length());
            } else {
                out.append(",\"InlineBinary\":\"").append(Base64.getEncoder().encodeToString(e.bytes())).append('"');
            }
            out.append('}');
            return;
        }
        out.append(",\"Value\":[");
        switch (vr) {
            case PN -> {
                List<PersonName> names = e.personNames();
                for (int i = 0; i < names.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    personName(out, names.get(i));
                }
            }
            case FL, FD -> {
                double[] v = e.doubles();
                for (int i = 0; i < v.length; i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    number(out, v[i]);
                }
            }
            case US, SS, UL, SL, SV -> {
                long[] v = e.longs();
                for (int i = 0; i < v.length; i++) {
                    out.append(i > 0 ? "," : "").append(Long.toString(v[i]));
                }
            }
            case UV -> {
                long[] v = e.longs();
                for (int i = 0; i < v.length; i++) {
                    out.append(i > 0 ? "," : "").append(Long.toUnsignedString(v[i]));
                }
            }
            case AT -> {
                long[] v = e.longs();
                for (int i = 0; i < v.length; i++) {
                    out.append(i > 0 ? ",\"" : "\"").append(String.format("%08X", v[i])).append('"');
                }
            }
            case IS, DS -> {
                List<String> v = e.strings();
                for (int i = 0; i < v.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    numberString(out, v.get(i), vr == VR.IS);
                }
            }
            default -> {
                List<String> v = e.strings();
                for (int i = 0; i < v.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    if (v.get(i).isEmpty()) {
                        out.append("null");
                    } else {
                        string(out, v.get(i));
                    }
                }
            }
        }
        out.append("]}");
    }

    private static void personName(Appendable out, PersonName pn) throws IOException {
        out.append('{');
        int groups = pn.groupCount();
        if (groups >= 1) {
            out.append("\"Alphabetic\":");
            string(out, pn.alphabetic());
        }
        if (groups >= 2) {
            out.append(",\"Ideographic\":");
            string(out, pn.ideographic());
        }
        if (groups >= 3) {
            out.append(",\"Phonetic\":");
            string(out, pn.phonetic());
        }
        out.append('}');
    }

    private static void number(Appendable out, double v) throws IOException {
        if (Double.isNaN(v)) {
            out.append("\"NaN\"");
        } else if (Double.isInfinite(v)) {
            out.append(v > 0 ? "\"Infinity\"" : "\"-Infinity\"");
        } else {
            out.append(Double.toString(v));
        }
    }

    /** IS/DS text: a JSON number when it parses, null when empty, else the text itself. */
    private static void numberString(Appendable out, String s, boolean integer) throws IOException {
        String t = s.trim();
        if (t.isEmpty()) {
            out.append("null");
            return;
        }
        try {
            if (integer) {
                try {
                    out.append(Long.toString(Long.parseLong(t.startsWith("+") ? t.substring(1) : t)));
                    return;
                } catch (NumberFormatException notAnInteger) {
                    double d = Double.parseDouble(t);
                    if (d == Math.rint(d) && !Double.isInfinite(d)) {
                        out.append(Long.toString((long) d));
                        return;
                    }
                }
            }
            number(out, Double.parseDouble(t));
        } catch (NumberFormatException e) {
            string(out, s);
        }
    }

    static void string(Appendable out, String s) throws IOException {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // non-ASCII escaped too: the output survives any console encoding (JSON allows both)
                    if (c < 0x20 || c > 0x7E) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
