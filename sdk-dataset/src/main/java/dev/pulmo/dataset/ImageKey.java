package dev.pulmo.dataset;

import dev.pulmo.api.plugin.CaseClass;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Identifies one image of the dataset: modality code, case class, de-identified patient id, series and
 * sequence number (SPEC.md §2). Patient id, series and sequence are the strings used in folder and file
 * names; they may not contain {@code _} or path separators, because the file name joins them with {@code _}, nor be
 * {@code .} or {@code ..}, because they are folder names: a key built from data (a tool file's name) stays inside the
 * layout.
 */
public record ImageKey(String modality, CaseClass caseClass, String patientId, String series, String seq)
        implements Comparable<ImageKey> {
    private static final Pattern PART = Pattern.compile("[A-Za-z0-9.\\-]+");

    public ImageKey {
        Objects.requireNonNull(modality, "modality");
        Objects.requireNonNull(caseClass, "caseClass");
        for (String[] part : new String[][] {{"patient id", patientId}, {"series", series}, {"sequence number", seq}}) {
            if (part[1] == null || !PART.matcher(part[1]).matches()) {
                throw new IllegalArgumentException(part[0] + " must be letters, digits, '.' or '-' (no '_'), got '" + part[1] + "'");
            }
            if (part[1].replace(".", "").isEmpty()) {
                // the part is a folder name: '..' would climb out of the patient's or class's folder
                throw new IllegalArgumentException(part[0] + " must not be made of dots only, got '" + part[1] + "'");
            }
        }
    }

    /** The series this image belongs to. */
    public SeriesKey seriesKey() {
        return new SeriesKey(modality, caseClass, patientId, series);
    }

    /** Orders by modality, class, patient, then series and sequence numerically where they are numbers. */
    @Override
    public int compareTo(ImageKey o) {
        int c = SeriesKey.compare(modality, caseClass, patientId, series, o.modality, o.caseClass, o.patientId, o.series);
        return c != 0 ? c : SeriesKey.compareNumbersFirst(seq, o.seq);
    }

    @Override
    public String toString() {
        return modality + "/" + caseClass.folderName() + "/" + patientId + "/" + series + "/" + seq;
    }
}
