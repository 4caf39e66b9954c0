package dev.pulmo.dicom.seg;

import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.VR;
import java.util.Objects;
import java.util.Optional;

/**
 * A coded concept of the Code Sequence Macro (PS3.3 Table 8.8-1): Code Value, Coding Scheme Designator
 * ({@code SCT} for SNOMED CT, {@code DCM} for DICOM's own codes) and Code Meaning.
 *
 * @param value   Code Value (0008,0100); a value over 16 characters (the SH limit) is written as Long Code Value
 *                (0008,0119)
 * @param scheme  Coding Scheme Designator (0008,0102)
 * @param meaning Code Meaning (0008,0104), at most 64 characters (LO)
 */
public record CodedConcept(String value, String scheme, String meaning) {
    /** Purpose of reference of a Segmentation's source images (DCM 121322, PS3.16 CID 7202). */
    public static final CodedConcept SOURCE_IMAGE_FOR_PROCESSING =
            new CodedConcept("121322", "DCM", "Source image for image processing operation");
    /** Derivation code of a Segmentation's frames (DCM 113076, PS3.16 CID 7203). */
    public static final CodedConcept SEGMENTATION = new CodedConcept("113076", "DCM", "Segmentation");

    public CodedConcept {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(meaning, "meaning");
        if (value.isBlank() || value.length() > 64 || scheme.isBlank() || scheme.length() > 16
                || meaning.isBlank() || meaning.length() > 64) {
            throw new IllegalArgumentException("a code needs a value (1-64 characters), a scheme (1-16) and a meaning (1-64), got "
                    + value + " / " + scheme + " / " + meaning);
        }
    }

    /** The sequence item of this code. */
    public DicomDataset toItem() {
        return DicomDataset.builder()
                .putString(value.length() > 16 ? Tag.LongCodeValue : Tag.CodeValue, value.length() > 16 ? VR.UC : VR.SH, value)
                .putString(Tag.CodingSchemeDesignator, VR.SH, scheme)
                .putString(Tag.CodeMeaning, VR.LO, meaning)
                .build();
    }

    /**
     * The code of a sequence item; Long Code Value (0008,0119) and URN Code Value (0008,0120) stand in for a missing
     * Code Value. Empty when the item has no value or no scheme.
     */
    public static Optional<CodedConcept> fromItem(DicomDataset item) {
        Optional<String> value = item.getString(Tag.CodeValue).or(() -> item.getString(Tag.LongCodeValue))
                .or(() -> item.getString(Tag.URNCodeValue));
        Optional<String> scheme = item.getString(Tag.CodingSchemeDesignator);
        if (value.isEmpty() || scheme.isEmpty()) {
            return Optional.empty();
        }
        String v = value.get().length() > 64 ? value.get().substring(0, 64) : value.get();
        String meaning = item.getString(Tag.CodeMeaning).orElse(v);
        return Optional.of(new CodedConcept(v, scheme.get(), meaning.length() > 64 ? meaning.substring(0, 64) : meaning));
    }

    /** The first code of a code sequence, if any. */
    static Optional<CodedConcept> first(DicomDataset dataset, int sequenceTag) {
        return dataset.getSequence(sequenceTag).stream().findFirst().flatMap(CodedConcept::fromItem);
    }

    @Override
    public String toString() {
        return "(" + value + ", " + scheme + ", \"" + meaning + "\")";
    }
}
