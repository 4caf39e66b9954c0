package dev.pulmo.dicom.internal;

import dev.pulmo.dicom.TransferSyntax;
import java.util.HashMap;
import java.util.Map;

/** The generated {@code transfer_syntaxes.tsv}. */
public final class TransferSyntaxTable {

    private static final Map<String, TransferSyntax> BY_UID = new HashMap<>();

    static {
        for (String[] r : TsvResource.rows("transfer_syntaxes.tsv")) {
            // uid name keyword vr_encoding byte_order pixel_data deflated_dataset retired
            BY_UID.put(r[0], new TransferSyntax(r[0], r[1], !"implicit".equals(r[3]), "big".equals(r[4]),
                    "encapsulated".equals(r[5]), "yes".equals(r[6])));
        }
    }

    private TransferSyntaxTable() {
    }

    public static TransferSyntax get(String uid) {
        return BY_UID.get(uid);
    }
}
