package dev.pulmo.dicom.deid;

import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomElement;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.deid.internal.ProfileAction;
import dev.pulmo.dicom.deid.internal.ProfileTable;
import java.util.ArrayList;
import java.util.List;

/**
 * Reports identifying information left in a dataset, judged by the same profile and options that
 * {@link Deidentifier} applies: an attribute the profile removes (X) that is present, one it empties (Z) that has a
 * value, a private attribute not on the safelist, Patient Identity Removed (0012,0062) not {@code YES}, and Burned
 * In Annotation (0028,0301) {@code YES}. Dummy (D), UID (U) and cleaned (C) values cannot be told apart from
 * originals and are not reported. Necessary, not sufficient: free text the profile keeps is not read.
 */
public final class ResidueScanner {

    private final DeidOptions options;

    public ResidueScanner(DeidOptions options) {
        this.options = options;
    }

    /** @return what was found, in tag order; empty when nothing was */
    public List<Residue> scan(DicomDataset dataset) {
        List<Residue> out = new ArrayList<>();
        if (!"YES".equals(dataset.getString(Tag.PatientIdentityRemoved).orElse(""))) {
            out.add(new Residue(Tag.toString(Tag.PatientIdentityRemoved), "deid.residue.identity-not-removed",
                    "Patient Identity Removed is not YES"));
        }
        if ("YES".equalsIgnoreCase(dataset.getString(Tag.BurnedInAnnotation).orElse(""))) {
            out.add(new Residue(Tag.toString(Tag.BurnedInAnnotation), "deid.residue.burned-in",
                    "Burned In Annotation is YES: identifying text may be burned into the pixels"));
        }
        scan(dataset, "", out);
        return out;
    }

    private void scan(DicomDataset dataset, String prefix, List<Residue> out) {
        for (DicomElement e : dataset.elements()) {
            // the path is made only for a residue or a sequence: most elements need none
            if (ProfileTable.isPrivate(e.tag())) {
                if (!isSafe(dataset, e.tag())) {
                    out.add(new Residue(prefix + Tag.toString(e.tag()), "deid.residue.private",
                            "private attribute not on the safelist"));
                    continue;
                }
            } else {
                // the table is loaded at the first scan, not when a scanner is made (convert makes one and never scans)
                ProfileTable.Row row = ProfileTable.standard().row(e.tag());
                if (row != null) {
                    ProfileAction action = ProfileAction.resolve(row, options);
                    if (action == ProfileAction.REMOVE) {
                        out.add(new Residue(prefix + Tag.toString(e.tag()), "deid.residue.attribute-present",
                                row.name() + " is present; the profile removes it"));
                        continue;
                    }
                    if (action == ProfileAction.EMPTY && !e.isEmpty()) {
                        out.add(new Residue(prefix + Tag.toString(e.tag()), "deid.residue.attribute-not-empty",
                                row.name() + " has a value; the profile empties it"));
                        continue;
                    }
                }
            }
            List<DicomDataset> items = e.items();
            for (int i = 0; i < items.size(); i++) {
                scan(items.get(i), prefix + Tag.toString(e.tag()) + "[" + i + "]/", out);
            }
        }
    }

    private boolean isSafe(DicomDataset dataset, int tag) {
        int element = tag & 0xFFFF;
        int group = tag >>> 16;
        if (element >= 0x0010 && element <= 0x00FF) {
            // a creator is safe when it reserves a block that holds a safe element
            for (DicomElement e : dataset.elements()) {
                if (e.tag() >>> 16 == group && ((e.tag() >>> 8) & 0xFF) == element && isSafe(dataset, e.tag())) {
                    return true;
                }
            }
            return false;
        }
        int block = (tag >>> 8) & 0xFF;
        if (block < 0x10) {
            return false;
        }
        String creator = dataset.getString((group << 16) | block).orElse("");
        return SafePrivateTag.anyMatches(options.safePrivateTags(), creator, tag);
    }
}
