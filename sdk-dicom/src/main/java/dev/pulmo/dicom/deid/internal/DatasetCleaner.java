package dev.pulmo.dicom.deid.internal;

import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomElement;
import dev.pulmo.dicom.ElementDictionary;
import dev.pulmo.dicom.Uids;
import dev.pulmo.dicom.VR;
import dev.pulmo.dicom.deid.DeidOptions;
import dev.pulmo.dicom.deid.SafePrivateTag;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Applies the profile to one dataset and, recursively, to the items of its sequences. One instance per file: it
 * counts what it did.
 */
public final class DatasetCleaner {

    /** Dummy text: upper case and 10 characters, so it fits every string VR including CS, AE and SH (16). */
    static final String DUMMY_TEXT = "ANONYMIZED";
    private static final int CODE_MEANING = 0x00080104;
    private static final int PATIENT_BIRTH_DATE = 0x00100030;
    private static final int OVERLAY_DATA_ELEMENT = 0x3000;

    private final ProfileTable table = ProfileTable.standard();
    private final DeidOptions options;
    private final UUID uidNamespace;
    private final int dateShiftDays;
    private Pattern scrub;

    public int removed;
    public int emptied;
    public int dummied;
    public int uidsReplaced;
    public int datesShifted;
    public int cleaned;
    public int privateRemoved;
    public int privateKept;

    public DatasetCleaner(DeidOptions options, UUID uidNamespace, int dateShiftDays) {
        this.options = options;
        this.uidNamespace = uidNamespace;
        this.dateShiftDays = dateShiftDays;
    }

    /** @return {@code dataset} with the profile applied at every level */
    public DicomDataset clean(DicomDataset dataset) {
        return clean(dataset, List.of());
    }

    /**
     * @param knownIdentifiers identifying values known from elsewhere (the patient folder's original id, names and
     *                         birth dates of the patient's other files), cut out of kept text like the dataset's own
     * @return {@code dataset} with the profile applied at every level
     */
    public DicomDataset clean(DicomDataset dataset, List<String> knownIdentifiers) {
        scrub = scrubPattern(dataset, knownIdentifiers);
        return cleanItem(dataset, false);
    }

    /**
     * @param structured true inside a sequence the profile does not keep outright (Content Sequence, Request
     *                   Attributes Sequence, ...): its free text is structured content, see {@link #unlistedAction}
     */
    private DicomDataset cleanItem(DicomDataset dataset, boolean structured) {
        List<DicomElement> out = new ArrayList<>();
        Set<Integer> keptPrivateBlocks = new HashSet<>();
        Set<Integer> removedOverlayGroups = new HashSet<>();
        Map<Integer, String> creators = privateCreators(dataset);
        for (DicomElement element : dataset.elements()) {
            int tag = element.tag();
            if ((tag >>> 16) == 0x0002) {
                continue; // File Meta is rebuilt by the writer from the new SOP Instance UID
            }
            if (ProfileTable.isPrivate(tag)) {
                if (isCreator(tag)) {
                    continue; // decided after the block's elements
                }
                int block = (tag & 0xFFFF0000) | ((tag >>> 8) & 0xFF);
                String creator = creators.get(block);
                int elementByte = (tag >>> 8) & 0xFF;
                if (creator != null && elementByte >= 0x10
                        && SafePrivateTag.anyMatches(options.safePrivateTags(), creator, tag)) {
                    privateKept++;
                    keptPrivateBlocks.add(block);
                    out.add(element.vr() == VR.SQ ? DicomElement.ofSequence(tag, cleanItems(element, structured)) : element);
                } else {
                    privateRemoved++;
                }
                continue;
            }
            DicomElement e = withDictionaryVr(element);
            ProfileTable.Row row = table.row(tag);
            ProfileAction action = row == null ? unlistedAction(e, structured) : ProfileAction.resolve(row, options);
            boolean inside = structured || row != null && action != ProfileAction.KEEP;
            DicomElement result;
            if (e.vr() == VR.UN && isDictionarySequence(tag)) {
                // A sequence stored as UN bytes: the profile cannot be applied inside without decoding it, so it is
                // only kept when the profile empties it; otherwise it goes.
                result = action == ProfileAction.EMPTY ? apply(action, DicomElement.ofSequence(tag, List.of()), inside) : null;
                removed += result == null ? 1 : 0;
            } else {
                result = apply(action, e, inside);
            }
            if (result == null && (tag >>> 16 & 0xFF00) == 0x6000 && (tag & 0xFFFF) == OVERLAY_DATA_ELEMENT) {
                removedOverlayGroups.add(tag >>> 16);
            }
            if (result != null) {
                out.add(result);
            }
        }
        for (DicomElement element : dataset.elements()) {
            int tag = element.tag();
            if (ProfileTable.isPrivate(tag) && isCreator(tag)) {
                int block = (tag & 0xFFFF0000) | (tag & 0xFF);
                if (keptPrivateBlocks.contains(block)) {
                    out.add(element);
                } else {
                    privateRemoved++;
                }
            }
        }
        if (!removedOverlayGroups.isEmpty()) {
            // An overlay whose data is gone is not a valid Overlay Plane module (PS3.3 C.9.2): drop the whole group.
            int before = out.size();
            out.removeIf(e -> removedOverlayGroups.contains(e.tag() >>> 16));
            removed += before - out.size();
        }
        return DicomDataset.of(out, dataset.specificCharacterSet());
    }

    /**
     * The action for an attribute the profile's table does not list. Free text (LT, ST, UT, UC, and Code Meaning)
     * inside a sequence the profile acts on is structured content: PS3.15 cleans it only under the Clean Structured
     * Content Option, which is not offered, so it is cleaned under Clean Descriptors (the nearest option) and removed
     * without it (the X the profile gives Content Sequence in its earlier editions). Every other word-bearing value
     * (names, codes, labels) is cleaned: the profile keeps it, but not the identifying values of the same dataset.
     */
    private ProfileAction unlistedAction(DicomElement e, boolean structured) {
        VR vr = e.vr();
        boolean freeText = vr == VR.LT || vr == VR.ST || vr == VR.UT || vr == VR.UC || e.tag() == CODE_MEANING;
        if (structured && freeText) {
            return options.cleanDescriptors() ? ProfileAction.CLEAN : ProfileAction.REMOVE;
        }
        return isWordy(vr) ? ProfileAction.CLEAN : ProfileAction.KEEP;
    }

    private DicomElement apply(ProfileAction action, DicomElement e, boolean structured) {
        int tag = e.tag();
        VR vr = e.vr();
        switch (action) {
            case REMOVE:
                removed++;
                return null;
            case EMPTY:
                emptied++;
                return vr == VR.SQ ? DicomElement.ofSequence(tag, List.of())
                        : DicomElement.ofBytes(tag, vr, new byte[0], e.bigEndian(), e.characterSet());
            case DUMMY:
                if (vr == VR.SQ) {
                    // A dummy sequence cannot be invented; its items are kept with the profile applied inside.
                    return DicomElement.ofSequence(tag, cleanItems(e, structured));
                }
                if (vr == VR.UI) {
                    return replaceUids(e);
                }
                dummied++;
                return dummy(e);
            case UID:
                if (vr == VR.SQ) {
                    return DicomElement.ofSequence(tag, cleanItems(e, structured));
                }
                if (vr == VR.UI) {
                    return replaceUids(e);
                }
                dummied++;
                return dummy(e);
            case CLEAN:
                if (vr == VR.SQ) {
                    return DicomElement.ofSequence(tag, cleanItems(e, structured));
                }
                if (vr == VR.DA || vr == VR.DT) {
                    return shiftDates(e);
                }
                if (vr.isText() && vr != VR.TM && !e.isEmpty()) {
                    List<String> values = new ArrayList<>();
                    boolean changed = false;
                    for (String v : e.strings()) {
                        String cut = v == null ? "" : scrub.matcher(v).replaceAll("*");
                        changed |= !cut.equals(v);
                        values.add(cut);
                    }
                    if (!changed) {
                        return e; // the value keeps its bytes (and its character set) when nothing identifying is in it
                    }
                    cleaned++;
                    return DicomElement.ofStrings(tag, vr, e.characterSet(), values.toArray(new String[0]));
                }
                return e; // times of day and numbers say nothing about identity once dates are shifted
            default:
                return vr == VR.SQ ? DicomElement.ofSequence(tag, cleanItems(e, structured)) : e;
        }
    }

    private List<DicomDataset> cleanItems(DicomElement sequence, boolean structured) {
        List<DicomDataset> items = new ArrayList<>();
        for (DicomDataset item : sequence.items()) {
            items.add(cleanItem(item, structured));
        }
        return items;
    }

    /** Implicit VR files and UN-encoded elements: decide by the dictionary's VR when it names exactly one. */
    private static DicomElement withDictionaryVr(DicomElement e) {
        if (e.vr() != VR.UN) {
            return e;
        }
        return ElementDictionary.entry(e.tag()).flatMap(ElementDictionary.Entry::singleVr)
                .filter(vr -> vr != VR.SQ).map(e::withVr).orElse(e);
    }

    private static boolean isDictionarySequence(int tag) {
        return ElementDictionary.entry(tag).map(en -> en.vr().equals("SQ")).orElse(false);
    }

    private DicomElement replaceUids(DicomElement e) {
        List<String> values = new ArrayList<>();
        for (String uid : e.strings()) {
            if (uid == null || uid.isEmpty()) {
                values.add("");
            } else {
                values.add(Uids.fromName(uidNamespace, uid));
                uidsReplaced++;
            }
        }
        if (values.isEmpty()) {
            return e;
        }
        return DicomElement.ofStrings(e.tag(), VR.UI, e.characterSet(), values.toArray(new String[0]));
    }

    private DicomElement shiftDates(DicomElement e) {
        if (!options.retainLongitudinalModifiedDates()) {
            return e; // kept by another option (e.g. device calibration dates under Retain Device Identity)
        }
        List<String> values = new ArrayList<>();
        for (String v : e.strings()) {
            String shifted = v == null || v.isEmpty() ? "" : shiftDate(v, e.vr());
            if (shifted == null) {
                // A partial date (year only, year and month) cannot be shifted by days without guessing: empty it.
                emptied++;
                return DicomElement.ofBytes(e.tag(), e.vr(), new byte[0], false, e.characterSet());
            }
            values.add(shifted);
        }
        datesShifted += values.size();
        return DicomElement.ofStrings(e.tag(), e.vr(), e.characterSet(), values.toArray(new String[0]));
    }

    /** DA {@code YYYYMMDD} (or the old {@code YYYY.MM.DD}) and the date part of DT; null when there is none. */
    private String shiftDate(String value, VR vr) {
        String v = value.strip();
        String date;
        String rest;
        if (vr == VR.DA && v.length() == 10 && v.charAt(4) == '.' && v.charAt(7) == '.') {
            date = v.replace(".", "");
            rest = "";
        } else if (v.length() >= 8 && (vr == VR.DT || v.length() == 8)) {
            date = v.substring(0, 8);
            rest = v.substring(8);
        } else {
            return null;
        }
        // BASIC_ISO_DATE's parse and format done by hand (they were a tenth of de-identifying a CT header): eight
        // digits, a valid date; printed as four-digit year, month, day
        for (int i = 0; i < 8; i++) {
            if (date.charAt(i) < '0' || date.charAt(i) > '9') {
                return null;
            }
        }
        LocalDate shifted;
        try {
            shifted = LocalDate.of(Integer.parseInt(date, 0, 4, 10), Integer.parseInt(date, 4, 6, 10),
                    Integer.parseInt(date, 6, 8, 10)).plusDays(dateShiftDays);
        } catch (java.time.DateTimeException ex) {
            return null;
        }
        if (shifted.getYear() < 0 || shifted.getYear() > 9999) {
            return shifted.format(DateTimeFormatter.BASIC_ISO_DATE) + rest; // as before: the formatter's own refusal
        }
        StringBuilder out = new StringBuilder(8 + rest.length());
        int y = shifted.getYear();
        int m = shifted.getMonthValue();
        int d = shifted.getDayOfMonth();
        out.append((char) ('0' + y / 1000)).append((char) ('0' + y / 100 % 10)).append((char) ('0' + y / 10 % 10))
                .append((char) ('0' + y % 10)).append((char) ('0' + m / 10)).append((char) ('0' + m % 10))
                .append((char) ('0' + d / 10)).append((char) ('0' + d % 10));
        return out.append(rest).toString();
    }

    private DicomElement dummy(DicomElement e) {
        VR vr = e.vr();
        String text = switch (vr) {
            case DA -> "19000101";
            case TM -> "000000";
            case DT -> "19000101000000";
            case AS -> "000Y";
            case DS, IS -> "0";
            case UR -> "urn:x-anonymized";
            default -> vr.isText() ? DUMMY_TEXT : null;
        };
        if (text != null) {
            return DicomElement.ofStrings(e.tag(), vr, e.characterSet(), text);
        }
        int width = Math.max(vr.bytesPerValue(), 2);
        return DicomElement.ofBytes(e.tag(), vr, new byte[width], e.bigEndian(), e.characterSet());
    }

    /** (gggg,0010)-(gggg,00FF) reserve blocks (gggg,xx00)-(gggg,xxFF) for a creator (PS3.5 7.8.1). */
    private static boolean isCreator(int tag) {
        int element = tag & 0xFFFF;
        return element >= 0x0010 && element <= 0x00FF;
    }

    private static Map<Integer, String> privateCreators(DicomDataset dataset) {
        Map<Integer, String> creators = new HashMap<>();
        for (DicomElement e : dataset.elements()) {
            if (ProfileTable.isPrivate(e.tag()) && isCreator(e.tag())) {
                creators.put((e.tag() & 0xFFFF0000) | (e.tag() & 0xFF), e.string().orElse("").strip());
            }
        }
        return creators;
    }

    /**
     * The identifying values that cleaning cuts out of kept text: every value of at least 3 characters (and each
     * person-name component) of a free-text or name attribute that the profile removes, empties or replaces,
     * anywhere in the dataset, longest first, matched without regard to case. Codes, dates, numbers and UIDs are
     * left out: their values are not words that descriptions repeat.
     */
    private Pattern scrubPattern(DicomDataset dataset, List<String> knownIdentifiers) {
        Set<String> terms = new TreeSet<>(Comparator.comparingInt(String::length).reversed()
                .thenComparing(Comparator.naturalOrder()));
        collectTerms(dataset, terms);
        for (String known : knownIdentifiers) {
            addTerm(terms, known);
        }
        // a birth date typed into a comment: the forms people write it in
        String birth = dataset.getString(PATIENT_BIRTH_DATE).orElse("").strip();
        if (birth.length() == 8 && birth.chars().allMatch(Character::isDigit)) {
            for (String separator : new String[] {"", "-", ".", "/"}) {
                terms.add(birth.substring(0, 4) + separator + birth.substring(4, 6) + separator + birth.substring(6));
            }
        }
        if (terms.isEmpty()) {
            return Pattern.compile("(?!)");
        }
        StringBuilder sb = new StringBuilder();
        for (String t : terms) {
            sb.append(sb.length() == 0 ? "" : "|").append(Pattern.quote(t));
        }
        return Pattern.compile(sb.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    private void collectTerms(DicomDataset dataset, Set<String> terms) {
        for (DicomElement element : dataset.elements()) {
            if (ProfileTable.isPrivate(element.tag())) {
                continue;
            }
            DicomElement e = withDictionaryVr(element);
            if (e.vr() == VR.SQ) {
                for (DicomDataset item : e.items()) {
                    collectTerms(item, terms);
                }
                continue;
            }
            ProfileTable.Row row = table.row(e.tag());
            if (row == null || !isWordy(e.vr())) {
                continue;
            }
            ProfileAction action = ProfileAction.resolve(row, options);
            if (action == ProfileAction.KEEP || action == ProfileAction.CLEAN) {
                continue;
            }
            for (String v : e.strings()) {
                addTerm(terms, v);
                if (e.vr() == VR.PN && v != null) {
                    for (String part : v.split("[\\^=]")) {
                        addTerm(terms, part);
                    }
                }
            }
        }
    }

    private static boolean isWordy(VR vr) {
        return switch (vr) {
            case AE, LO, LT, PN, SH, ST, UC, UT, UR -> true;
            default -> false;
        };
    }

    private static void addTerm(Set<String> terms, String value) {
        if (value != null && value.strip().length() >= 3) {
            terms.add(value.strip());
        }
    }
}
