package dev.pulmo.clinical;

import java.util.Locale;
import java.util.Optional;

/** A patient's sex as DICOM's Patient's Sex (0010,0040) codes it: M, F, O. */
public enum Sex {
    MALE("M"), FEMALE("F"), OTHER("O");

    private final String dicomCode;

    Sex(String dicomCode) {
        this.dicomCode = dicomCode;
    }

    /** {@code M}, {@code F} or {@code O}. */
    public String dicomCode() {
        return dicomCode;
    }

    /** The sex of a DICOM Patient's Sex value ({@code M}, {@code F}, {@code O}; surrounding spaces ignored). */
    public static Optional<Sex> fromDicom(String value) {
        String v = value.trim();
        for (Sex s : values()) {
            if (s.dicomCode.equals(v)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * The sex a sheet cell names: the DICOM codes, English words and the Korean 남/여 forms
     * ({@code M}, {@code male}, {@code 남}, {@code 남성}, {@code 남자}; {@code F}, {@code female}, {@code 여},
     * {@code 여성}, {@code 여자}; {@code O}, {@code other}, {@code 기타}), ignoring case and surrounding spaces.
     */
    public static Optional<Sex> parse(String cell) {
        return switch (cell.trim().toLowerCase(Locale.ROOT)) {
            case "m", "male", "man", "남", "남성", "남자" -> Optional.of(MALE);
            case "f", "female", "woman", "여", "여성", "여자" -> Optional.of(FEMALE);
            case "o", "other", "기타" -> Optional.of(OTHER);
            default -> Optional.empty();
        };
    }
}
