package dev.pulmo.dicom.seg;

import java.util.Objects;

/**
 * How a kind of segment is coded: Segmented Property Category and Type, and optionally the Anatomic Region.
 *
 * @param category       Segmented Property Category, from PS3.16 CID 7150
 * @param type           Segmented Property Type
 * @param anatomicRegion where the property is, or null when the type says it
 */
public record SegmentCoding(CodedConcept category, CodedConcept type, CodedConcept anatomicRegion) {
    public SegmentCoding {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(type, "type");
    }
}
