package dev.pulmo.dicom.internal;

import dev.pulmo.dicom.ElementDictionary.Entry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The public data dictionary loaded from the generated {@code dictionary.tsv}: exact tags in a hash map, the
 * repeating-group patterns ({@code 60xx3000}, {@code 1000xxx0}, ...) matched by mask as pydicom's
 * {@code mask_match} does, and only for public (even-group) tags.
 */
public final class DictionaryTable {

    private static final Map<Integer, Entry> EXACT = new HashMap<>(8192);
    private static final Map<String, Integer> BY_KEYWORD = new HashMap<>(8192);
    private static final List<int[]> MASKS = new ArrayList<>();
    private static final List<Entry> MASKED = new ArrayList<>();

    static {
        for (String[] r : TsvResource.rows("dictionary.tsv")) {
            String pattern = r[0];
            Entry e = new Entry(pattern, r[1], r[2], r[4], r[5], "Y".equals(r[3]));
            int value = (int) Long.parseLong(pattern.replace('x', '0'), 16);
            if (pattern.indexOf('x') >= 0) {
                int mask = 0;
                for (int i = 0; i < 8; i++) {
                    mask = (mask << 4) | (pattern.charAt(i) == 'x' ? 0 : 0xF);
                }
                MASKS.add(new int[] {mask, value});
                MASKED.add(e);
            } else {
                EXACT.put(value, e);
            }
            if (!e.keyword().isEmpty()) {
                BY_KEYWORD.putIfAbsent(e.keyword(), value);
            }
        }
    }

    private DictionaryTable() {
    }

    public static Entry entry(int tag) {
        Entry e = EXACT.get(tag);
        if (e != null || (tag & 0x10000) != 0) {
            return e;
        }
        for (int i = 0; i < MASKS.size(); i++) {
            int[] m = MASKS.get(i);
            if ((tag & m[0]) == m[1]) {
                return MASKED.get(i);
            }
        }
        return null;
    }

    public static Integer tagOf(String keyword) {
        return BY_KEYWORD.get(keyword);
    }
}
