package dev.pulmo.dicom.seg;

import java.util.Objects;
import java.util.Set;

/**
 * One item of the Segment Sequence (0062,0002) (PS3.3 C.8.20.2): what a segment is.
 *
 * @param number         Segment Number (0062,0004), 1 to 65535; a writer's segments are numbered 1, 2, 3, … in order
 * @param label          Segment Label (0062,0005), at most 64 characters: the category's name (the plugin's
 *                       {@code CategoryDefinition.name()}, e.g. {@code 폐경화})
 * @param category       Segmented Property Category (0062,0003), e.g. SCT 49755003 "Morphologically Abnormal Structure"
 * @param type           Segmented Property Type (0062,000F), e.g. SCT 95436008 "Lung consolidation"
 * @param anatomicRegion Anatomic Region (0008,2218) of the segment, or null (e.g. SCT 59441001 "Lymph node" for a
 *                       malignant lymph node typed as a secondary neoplasm)
 * @param algorithmType  Segment Algorithm Type (0062,0008): {@code MANUAL}, {@code SEMIAUTOMATIC} or {@code AUTOMATIC}
 * @param algorithmName  Segment Algorithm Name (0062,0009); for manual segments, which may not have that attribute,
 *                       the annotating tool's name (written in Segment Description, see
 *                       {@link #MANUAL_DESCRIPTION_PREFIX}); empty when a file names none
 */
public record SegmentDescription(int number, String label, CodedConcept category, CodedConcept type,
                                 CodedConcept anatomicRegion, String algorithmType, String algorithmName) {
    /** The algorithm type of hand-drawn segments. */
    public static final String MANUAL = "MANUAL";
    /**
     * How {@link SegWriter} names the tool of a manual segment in Segment Description (0062,0006), and how
     * {@link SegReader} finds it again when Segment Algorithm Name is absent.
     */
    public static final String MANUAL_DESCRIPTION_PREFIX = "Manual annotation with ";
    private static final Set<String> ALGORITHM_TYPES = Set.of(MANUAL, "SEMIAUTOMATIC", "AUTOMATIC");

    public SegmentDescription {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(algorithmName, "algorithmName");
        if (number < 1 || number > 0xFFFF) {
            throw new IllegalArgumentException("Segment Number (0062,0004) must be 1..65535, got " + number);
        }
        if (label.isBlank() || label.length() > 64) {
            throw new IllegalArgumentException("Segment Label (0062,0005) must be 1..64 characters, got '" + label + "'");
        }
        if (!ALGORITHM_TYPES.contains(algorithmType)) {
            throw new IllegalArgumentException("Segment Algorithm Type (0062,0008) must be one of " + ALGORITHM_TYPES
                    + ", got '" + algorithmType + "'");
        }
        if (algorithmName.length() > 64) {
            throw new IllegalArgumentException("Segment Algorithm Name (0062,0009) holds at most 64 characters, got '"
                    + algorithmName + "'");
        }
    }

    /** A hand-drawn segment ({@code MANUAL}) drawn with the tool {@code toolName}. */
    public static SegmentDescription manual(int number, String label, SegmentCoding coding, String toolName) {
        return new SegmentDescription(number, label, coding.category(), coding.type(), coding.anatomicRegion(),
                MANUAL, toolName);
    }
}
