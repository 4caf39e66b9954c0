package dev.pulmo.dicom.deid;

import dev.pulmo.testing.SharedData;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomElement;
import dev.pulmo.dicom.ElementDictionary;
import dev.pulmo.dicom.SpecificCharacterSet;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.UID;
import dev.pulmo.dicom.VR;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dataset in which every attribute of PS3.15 Table E.1-1 with a concrete tag holds a marker: text VRs
 * {@code MARKER_<tag>}, dates, times and numbers as strings unique to the attribute, UIDs {@code 1.2.999.1.<n>},
 * binary VRs the ASCII marker, binary numbers a unique number (checked by decoding), and every sequence one item
 * with a nested name, UID and private element. Private attributes, curve and overlay groups carry markers too.
 * The table is read here with Jackson from the shared JSON, independently of the code under test.
 */
final class MarkerCorpus {

    /** One marked attribute of the table. */
    record Marker(int tag, VR vr, String bytesMarker, Long number, JsonNode row) {
    }

    static final String NESTED_NAME_PREFIX = "NESTED_";
    static final String SAFE_PRIVATE_VALUE = "SAFE-KEPT-VALUE";
    static final SafePrivateTag SAFE_TAG = new SafePrivateTag("PULMO SAFE", 0x0019, 0x05);
    static final String MANUFACTURER = "ACME Medical";
    static final String MODEL = "Lungo 3000";

    final List<Marker> markers = new ArrayList<>();
    /** Markers that are not attributes of the table (private, curve, overlay, nested): never in any output. */
    final List<String> alwaysRemoved = new ArrayList<>();
    final DicomDataset dataset;

    MarkerCorpus() {
        JsonNode table = table();
        List<DicomElement> elements = new ArrayList<>();
        int index = 0;
        int ageIndex = 0;
        for (JsonNode row : table) {
            String t = row.get("tag").asText();
            if (!t.matches("\\([0-9A-F]{4},[0-9A-F]{4}\\)")) {
                continue; // ranges and the private row get their own markers below
            }
            int tag = (int) Long.parseLong(t.substring(1, 5) + t.substring(6, 10), 16);
            int group = tag >>> 16;
            if (group == 0x0000 || group == 0x0002) {
                continue; // command and File Meta elements are not part of a stored dataset
            }
            String dictVr = ElementDictionary.entry(tag).orElseThrow().vr();
            VR vr = VR.fromCode(dictVr.substring(0, 2));
            index++;
            String hex = String.format("%08X", tag);
            Marker m;
            switch (vr) {
                case SQ -> {
                    m = new Marker(tag, vr, null, null, row);
                    String nested = NESTED_NAME_PREFIX + hex;
                    String nestedUid = "1.2.999.2." + index;
                    alwaysRemoved.add(nested + "-PRIV");
                    DicomDataset item = DicomDataset.builder()
                            .putString(0x00090010, VR.LO, "NESTED CREATOR")
                            .putString(0x00091001, VR.LO, nested + "-PRIV")
                            .putString(Tag.PatientName, VR.PN, nested)
                            .putString(Tag.ReferencedSOPInstanceUID, VR.UI, nestedUid)
                            .build();
                    elements.add(DicomElement.ofSequence(tag, List.of(item)));
                    markers.add(m);
                    continue;
                }
                case DA -> m = bytes(tag, vr, date(index), row);
                case DT -> m = bytes(tag, vr, date(index) + "101010", row);
                case TM -> m = bytes(tag, vr, String.format("10%02d%02d", index / 60, index % 60), row);
                case AS -> m = bytes(tag, vr, String.format("0%02dY", 50 + ageIndex++), row);
                case DS -> m = bytes(tag, vr, String.format("9%04d.5", index), row);
                case IS -> m = bytes(tag, vr, String.format("8%04d7", index), row);
                case UI -> m = bytes(tag, vr, String.format("1.2.999.1.%04d", index), row);
                case UR -> m = bytes(tag, vr, "urn:MARKER_" + hex, row);
                case US, SS -> m = new Marker(tag, vr, null, 0x7A00L + index, row);
                case UL, SL -> m = new Marker(tag, vr, null, 0x5A5A0000L + index, row);
                case FL, FD -> m = new Marker(tag, vr, null, 70000L + index, row);
                case AT -> m = new Marker(tag, vr, null, 0x7FF10000L + index, row);
                default -> m = bytes(tag, vr, "MARKER_" + hex, row);
            }
            markers.add(m);
            elements.add(element(m));
        }
        // Private attributes: a creator and its elements (kept only when on the safelist), a private sequence.
        elements.add(text(0x00090010, VR.LO, "MARKERCREATOR"));
        elements.add(text(0x00091001, VR.LO, "MARKER_PRIV_LO"));
        elements.add(DicomElement.ofBytes(0x00091002, VR.OB, ascii("MARKER_PRIV_OB.."), false, null));
        elements.add(DicomElement.ofSequence(0x00091003, List.of(DicomDataset.builder()
                .putString(Tag.PatientName, VR.PN, "MARKER_PRIV_NESTED").build())));
        elements.add(text(0x00190010, VR.LO, SAFE_TAG.creator()));
        elements.add(text(0x00191005, VR.LO, SAFE_PRIVATE_VALUE));
        elements.add(text(0x00191006, VR.LO, "MARKER_PRIV_UNSAFE"));
        // Curve (50xx,xxxx) and overlay (60xx,3000), (60xx,4000) ranges.
        elements.add(DicomElement.ofBytes(0x50003000, VR.OB, ascii("MARKER_CURVEDATA"), false, null));
        elements.add(text(0x50020022, VR.LO, "MARKER_CURVE_DESC"));
        elements.add(DicomElement.ofLongs(0x60000010, VR.US, 1));
        elements.add(DicomElement.ofBytes(0x60003000, VR.OW, ascii("MARKER_OVERLAYDA"), false, null));
        elements.add(text(0x60024000, VR.LT, "MARKER_OVERLAY_COMMENT"));
        alwaysRemoved.addAll(List.of("MARKERCREATOR", "MARKER_PRIV_LO", "MARKER_PRIV_OB", "MARKER_PRIV_NESTED",
                "MARKER_PRIV_UNSAFE", "MARKER_CURVEDATA", "MARKER_CURVE_DESC", "MARKER_OVERLAYDA",
                "MARKER_OVERLAY_COMMENT"));
        // Needed to write a file, and the device attributes the guideline keeps (not in the profile).
        elements.add(text(Tag.SOPClassUID, VR.UI, UID.CTImageStorage));
        elements.add(text(Tag.Manufacturer, VR.LO, MANUFACTURER));
        elements.add(text(Tag.ManufacturerModelName, VR.LO, MODEL));
        dataset = DicomDataset.of(elements, SpecificCharacterSet.DEFAULT);
    }

    /** @return the markers whose attribute the given options keep with its value (K, or C that keeps the text) */
    static boolean keptUnder(Marker m, Map<String, Boolean> enabledOptions) {
        boolean keep = false;
        boolean clean = false;
        for (Map.Entry<String, Boolean> option : enabledOptions.entrySet()) {
            JsonNode action = m.row().get(option.getKey());
            if (option.getValue() && action != null) {
                keep |= action.asText().equals("K");
                clean |= action.asText().equals("C");
            }
        }
        if (clean) {
            // cleaning shifts dates (the original date is gone) and keeps times, text and numbers
            return m.vr() != VR.DA && m.vr() != VR.DT;
        }
        return keep;
    }

    /** The options of {@link DeidOptions#DATASET_DEFAULTS} by their names in the JSON. */
    static Map<String, Boolean> datasetDefaultOptions() {
        Map<String, Boolean> m = new LinkedHashMap<>();
        m.put("rtnPatCharsOpt", true);
        m.put("rtnDevIdOpt", true);
        m.put("rtnLongModifDatesOpt", true);
        m.put("cleanDescOpt", true);
        return m;
    }

    static JsonNode table() {
        try {
            return new ObjectMapper().readTree(SharedData.dir().resolve("dicom-standard/confidentiality_profile_attributes.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String date(int index) {
        return LocalDate.of(1901, 1, 1).plusDays(index).format(DateTimeFormatter.BASIC_ISO_DATE);
    }

    private static Marker bytes(int tag, VR vr, String marker, JsonNode row) {
        return new Marker(tag, vr, marker, null, row);
    }

    private static DicomElement element(Marker m) {
        if (m.number() != null) {
            return m.vr() == VR.FL || m.vr() == VR.FD ? DicomElement.ofDoubles(m.tag(), m.vr(), m.number())
                    : DicomElement.ofLongs(m.tag(), m.vr(), m.number());
        }
        if (m.vr().isText()) {
            return text(m.tag(), m.vr(), m.bytesMarker());
        }
        return DicomElement.ofBytes(m.tag(), m.vr(), ascii(m.bytesMarker() + "."), false, null);
    }

    private static DicomElement text(int tag, VR vr, String value) {
        return DicomElement.ofStrings(tag, vr, SpecificCharacterSet.DEFAULT, value);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
