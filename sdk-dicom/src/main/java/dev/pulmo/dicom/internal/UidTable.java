package dev.pulmo.dicom.internal;

import java.util.HashMap;
import java.util.Map;

/** PS3.6 Table A-1 loaded from the generated {@code uids.tsv}. */
public final class UidTable {

    private static final Map<String, String[]> BY_UID = new HashMap<>();

    static {
        for (String[] row : TsvResource.rows("uids.tsv")) {
            BY_UID.put(row[0], row);
        }
    }

    private UidTable() {
    }

    public static String name(String uid) {
        String[] row = BY_UID.get(uid);
        return row == null ? null : row[1];
    }

    public static String type(String uid) {
        String[] row = BY_UID.get(uid);
        return row == null ? null : row[2];
    }
}
