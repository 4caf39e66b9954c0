package dev.pulmo.dicom;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * A dataset or sequence item: elements in ascending tag order, immutable. Typed getters take a tag
 * ({@link Tag#PatientID}) or a keyword ({@code "PatientID"}); they return empty results when the element is absent
 * or empty. Build new datasets with {@link #builder()}.
 */
public final class DicomDataset {

    private static final DicomDataset EMPTY = new DicomDataset(new DicomElement[0], SpecificCharacterSet.DEFAULT);

    private final DicomElement[] elements;
    private final int[] tags;
    private final SpecificCharacterSet charset;

    private DicomDataset(DicomElement[] sortedElements, SpecificCharacterSet charset) {
        this.elements = sortedElements;
        this.tags = new int[sortedElements.length];
        for (int i = 0; i < sortedElements.length; i++) {
            tags[i] = sortedElements[i].tag();
        }
        this.charset = charset;
    }

    /** @return an empty dataset */
    public static DicomDataset empty() {
        return EMPTY;
    }

    /**
     * @param elements in any order; for a repeated tag the last one wins (as in pydicom)
     * @param inheritedCharset the enclosing dataset's character set, used when the elements have no (0008,0005)
     */
    public static DicomDataset of(List<DicomElement> elements, SpecificCharacterSet inheritedCharset) {
        DicomElement[] arr = elements.toArray(new DicomElement[0]);
        boolean sorted = true;
        for (int i = 1; i < arr.length && sorted; i++) {
            sorted = Integer.compareUnsigned(arr[i - 1].tag(), arr[i].tag()) < 0;
        }
        if (!sorted) {
            TreeMap<Integer, DicomElement> map = new TreeMap<>(Integer::compareUnsigned);
            for (DicomElement e : arr) {
                map.put(e.tag(), e);
            }
            arr = map.values().toArray(new DicomElement[0]);
        }
        SpecificCharacterSet cs = inheritedCharset == null ? SpecificCharacterSet.DEFAULT : inheritedCharset;
        for (DicomElement e : arr) {
            if (e.tag() == Tag.SpecificCharacterSet) {
                cs = SpecificCharacterSet.of(e.strings());
                break;
            }
            if (Integer.compareUnsigned(e.tag(), Tag.SpecificCharacterSet) > 0) {
                break;
            }
        }
        return new DicomDataset(arr, cs);
    }

    /** @return a builder holding no elements */
    public static Builder builder() {
        return new Builder(SpecificCharacterSet.DEFAULT);
    }

    /** @return a builder holding this dataset's elements */
    public Builder toBuilder() {
        Builder b = new Builder(charset);
        for (DicomElement e : elements) {
            b.put(e);
        }
        return b;
    }

    /**
     * @return this dataset without the element {@code tag} (this dataset when it has none); the same as
     *         {@code toBuilder().remove(tag).build()}, without re-sorting the other elements
     */
    public DicomDataset without(int tag) {
        int i = index(tag);
        if (i < 0) {
            return this;
        }
        if (tag == Tag.SpecificCharacterSet) {
            return toBuilder().remove(tag).build(); // the character set in force changes
        }
        DicomElement[] rest = new DicomElement[elements.length - 1];
        System.arraycopy(elements, 0, rest, 0, i);
        System.arraycopy(elements, i + 1, rest, i, rest.length - i);
        return new DicomDataset(rest, charset);
    }

    private static int tagOf(String keyword) {
        return ElementDictionary.tagOf(keyword).orElseThrow(
                () -> new IllegalArgumentException("no data element has the keyword " + keyword));
    }

    /** @return the character set in force for this dataset's text (its own (0008,0005) or the enclosing one) */
    public SpecificCharacterSet specificCharacterSet() {
        return charset;
    }

    public int size() {
        return elements.length;
    }

    public boolean isEmpty() {
        return elements.length == 0;
    }

    /** @return the elements in ascending tag order */
    public List<DicomElement> elements() {
        return Collections.unmodifiableList(Arrays.asList(elements));
    }

    public boolean contains(int tag) {
        return index(tag) >= 0;
    }

    private int index(int tag) {
        int lo = 0;
        int hi = tags.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Integer.compareUnsigned(tags[mid], tag);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    public Optional<DicomElement> get(int tag) {
        int i = index(tag);
        return i < 0 ? Optional.empty() : Optional.of(elements[i]);
    }

    /** @throws IllegalArgumentException when no element has this keyword */
    public Optional<DicomElement> get(String keyword) {
        return get(tagOf(keyword));
    }

    /** @return the first text value (see {@link DicomElement#strings()}) */
    public Optional<String> getString(int tag) {
        return get(tag).flatMap(DicomElement::string);
    }

    public Optional<String> getString(String keyword) {
        return getString(tagOf(keyword));
    }

    public List<String> getStrings(int tag) {
        return get(tag).map(DicomElement::strings).orElse(List.of());
    }

    public List<String> getStrings(String keyword) {
        return getStrings(tagOf(keyword));
    }

    /**
     * @return the first value as an int (US, SS, UL, SL, IS, ...)
     * @throws DicomException when the value is not a number or does not fit an int
     */
    public OptionalInt getInt(int tag) {
        Optional<DicomElement> e = get(tag);
        if (e.isEmpty()) {
            return OptionalInt.empty();
        }
        long[] v = e.get().longs();
        if (v.length == 0) {
            return OptionalInt.empty();
        }
        if (v[0] != (int) v[0]) {
            throw new DicomException(null, DicomException.NO_OFFSET, tag, "value " + v[0] + " does not fit an int");
        }
        return OptionalInt.of((int) v[0]);
    }

    public OptionalInt getInt(String keyword) {
        return getInt(tagOf(keyword));
    }

    /** @return all values as longs, empty when absent */
    public long[] getLongs(int tag) {
        return get(tag).map(DicomElement::longs).orElse(new long[0]);
    }

    /** @return the first value as a double (FL, FD, DS, IS, integers) */
    public OptionalDouble getDouble(int tag) {
        double[] v = getDoubles(tag);
        return v.length == 0 ? OptionalDouble.empty() : OptionalDouble.of(v[0]);
    }

    public OptionalDouble getDouble(String keyword) {
        return getDouble(tagOf(keyword));
    }

    public double[] getDoubles(int tag) {
        return get(tag).map(DicomElement::doubles).orElse(new double[0]);
    }

    public double[] getDoubles(String keyword) {
        return getDoubles(tagOf(keyword));
    }

    /**
     * @return a DA value ({@code YYYYMMDD}, also the ACR-NEMA form {@code YYYY.MM.DD})
     * @throws DicomException when the text is not a date
     */
    public Optional<LocalDate> getDate(int tag) {
        return getString(tag).map(s -> {
            String d = s.replace(".", "").trim();
            try {
                return LocalDate.of(Integer.parseInt(d.substring(0, 4)), Integer.parseInt(d.substring(4, 6)),
                        Integer.parseInt(d.substring(6, 8)));
            } catch (RuntimeException e) {
                throw new DicomException(null, DicomException.NO_OFFSET, tag, "\"" + s + "\" is not a DA value YYYYMMDD");
            }
        });
    }

    /**
     * @return a TM value ({@code HH[MM[SS[.FFFFFF]]]}, also with colons)
     * @throws DicomException when the text is not a time
     */
    public Optional<LocalTime> getTime(int tag) {
        return getString(tag).map(s -> parseTime(tag, s));
    }

    private static LocalTime parseTime(int tag, String s) {
        String t = s.replace(":", "").trim();
        try {
            int hour = Integer.parseInt(t.substring(0, 2));
            int minute = t.length() >= 4 ? Integer.parseInt(t.substring(2, 4)) : 0;
            int second = t.length() >= 6 ? Integer.parseInt(t.substring(4, 6)) : 0;
            int nanos = 0;
            if (t.length() > 7 && t.charAt(6) == '.') {
                String frac = (t.substring(7) + "000000000").substring(0, 9);
                nanos = Integer.parseInt(frac);
            }
            return LocalTime.of(hour, minute, Math.min(second, 59), nanos);
        } catch (RuntimeException e) {
            throw new DicomException(null, DicomException.NO_OFFSET, tag, "\"" + s + "\" is not a TM value HHMMSS.FFFFFF");
        }
    }

    /**
     * @return a DT value {@code YYYYMMDDHHMMSS.FFFFFF} (a UTC offset suffix is ignored; missing parts are zero)
     * @throws DicomException when the text is not a date-time
     */
    public Optional<LocalDateTime> getDateTime(int tag) {
        return getString(tag).map(s -> {
            String t = s.trim();
            int zone = Math.max(t.indexOf('+', 4), t.indexOf('-', 4));
            if (zone > 0) {
                t = t.substring(0, zone);
            }
            try {
                int year = Integer.parseInt(t.substring(0, 4));
                int month = t.length() >= 6 ? Integer.parseInt(t.substring(4, 6)) : 1;
                int day = t.length() >= 8 ? Integer.parseInt(t.substring(6, 8)) : 1;
                LocalTime time = t.length() >= 10 ? parseTime(tag, t.substring(8)) : LocalTime.MIDNIGHT;
                return LocalDateTime.of(LocalDate.of(year, month, day), time);
            } catch (DateTimeParseException | IndexOutOfBoundsException | NumberFormatException e) {
                throw new DicomException(null, DicomException.NO_OFFSET, tag, "\"" + s + "\" is not a DT value");
            } catch (java.time.DateTimeException e) {
                throw new DicomException(null, DicomException.NO_OFFSET, tag, "\"" + s + "\" is not a valid DT value");
            }
        });
    }

    /** @return the first person name of a PN element */
    public Optional<PersonName> getPersonName(int tag) {
        return get(tag).map(DicomElement::personNames).filter(l -> !l.isEmpty()).map(l -> l.get(0));
    }

    public Optional<PersonName> getPersonName(String keyword) {
        return getPersonName(tagOf(keyword));
    }

    /** @return the items of a sequence, empty when absent */
    public List<DicomDataset> getSequence(int tag) {
        return get(tag).map(DicomElement::items).orElse(List.of());
    }

    public List<DicomDataset> getSequence(String keyword) {
        return getSequence(tagOf(keyword));
    }

    @Override
    public String toString() {
        return "DicomDataset[" + elements.length + " elements]";
    }

    /** Collects elements for a new {@link DicomDataset}; text is encoded with the current (0008,0005). */
    public static final class Builder {

        private final TreeMap<Integer, DicomElement> elements = new TreeMap<>(Integer::compareUnsigned);
        private final SpecificCharacterSet inherited;
        private SpecificCharacterSet charset;

        private Builder(SpecificCharacterSet inherited) {
            this.inherited = inherited;
            this.charset = inherited;
        }

        public Builder put(DicomElement element) {
            elements.put(element.tag(), element);
            if (element.tag() == Tag.SpecificCharacterSet) {
                charset = SpecificCharacterSet.of(element.strings());
            }
            return this;
        }

        /** Puts a text element; the values are encoded with the builder's Specific Character Set. */
        public Builder putString(int tag, VR vr, String... values) {
            return put(DicomElement.ofStrings(tag, vr, charset, values));
        }

        public Builder putLongs(int tag, VR vr, long... values) {
            return put(DicomElement.ofLongs(tag, vr, values));
        }

        public Builder putDoubles(int tag, VR vr, double... values) {
            return put(DicomElement.ofDoubles(tag, vr, values));
        }

        public Builder putBytes(int tag, VR vr, byte[] value) {
            return put(DicomElement.ofBytes(tag, vr, value, false, charset));
        }

        public Builder putSequence(int tag, List<DicomDataset> items) {
            return put(DicomElement.ofSequence(tag, items));
        }

        public Builder remove(int tag) {
            elements.remove(tag);
            if (tag == Tag.SpecificCharacterSet) {
                charset = inherited;
            }
            return this;
        }

        public DicomDataset build() {
            return DicomDataset.of(new ArrayList<>(elements.values()), inherited);
        }
    }
}
