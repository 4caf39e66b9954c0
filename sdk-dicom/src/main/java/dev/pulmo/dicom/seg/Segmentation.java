package dev.pulmo.dicom.seg;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Segmentation read by {@link SegReader}.
 *
 * @param source              the file it was read from
 * @param sopInstanceUid      the Segmentation's SOP Instance UID
 * @param studyInstanceUid    its study, empty when absent
 * @param frameOfReferenceUid its Frame of Reference, empty when absent (projection images)
 * @param segmentationType    {@code BINARY} or {@code FRACTIONAL}
 * @param fractionalType      {@code PROBABILITY} or {@code OCCUPANCY} for fractional SEGs, else empty
 * @param segments            the Segment Sequence
 * @param referencedImages    SOP Instance UID → SOP Class UID of the images the SEG references (Referenced Series
 *                            Sequence and the frames' Source Image Sequences), in order of first mention
 * @param frames              the frames in order
 * @param warnings            what a user should know: fractional frames thresholded, overlapping segments,
 *                            frames without a source image, repeated (segment, image) pairs
 */
public record Segmentation(String source, String sopInstanceUid, String studyInstanceUid, String frameOfReferenceUid,
                           String segmentationType, String fractionalType, List<SegmentDescription> segments,
                           Map<String, String> referencedImages, List<SegFrame> frames, List<String> warnings) {
    public Segmentation {
        Objects.requireNonNull(source, "source");
        segments = List.copyOf(segments);
        referencedImages = Collections.unmodifiableMap(new LinkedHashMap<>(referencedImages));
        frames = List.copyOf(frames);
        warnings = List.copyOf(warnings);
    }

    /**
     * One mask per (segment, source image) that has a frame, in frame order; several frames of the same segment and
     * image (allowed by the standard, e.g. tiles) are combined by union. Images without a frame have empty masks.
     */
    public List<SegmentMask> masks() {
        Map<String, SegmentMask> combined = new LinkedHashMap<>();
        for (SegFrame f : frames) {
            SegmentMask m = f.mask();
            combined.merge(m.segmentNumber() + "\u0000" + m.sourceSopInstanceUid(), m, Segmentation::union);
        }
        return new ArrayList<>(combined.values());
    }

    private static SegmentMask union(SegmentMask a, SegmentMask b) {
        byte[] out = a.foreground();
        byte[] other = b.foreground();
        for (int i = 0; i < out.length; i++) {
            out[i] |= other[i];
        }
        return new SegmentMask(a.segmentNumber(), a.sourceSopInstanceUid(), a.columns(), a.rows(), out);
    }
}
