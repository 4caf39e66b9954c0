package dev.pulmo.dicom.seg;

import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.UID;
import dev.pulmo.dicom.pixel.Frame;
import dev.pulmo.dicom.pixel.PixelData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads DICOM Segmentations (ours and other tools') back to masks per segment per source image.
 *
 * <ul>
 *   <li>{@code BINARY}: a pixel is foreground when its bit is 1.</li>
 *   <li>{@code FRACTIONAL} ({@code PROBABILITY} or {@code OCCUPANCY}): a pixel is foreground when its value is at
 *       least half of Maximum Fractional Value (0062,000E), i.e. probability or occupancy ≥ 0.5 (the threshold
 *       highdicom's documentation suggests for binarising; a decision of ours, not the standard's). The result
 *       carries a warning saying so.</li>
 *   <li>{@code LABELMAP} and the Label Map Segmentation Storage SOP Class (…66.7) are not supported: a clear
 *       {@link DicomException}.</li>
 * </ul>
 * Each frame's segment comes from its Segment Identification (per-frame, else shared); its source image from the
 * first Source Image Sequence item of its Derivation Image (per-frame, else shared). Frames without a source are
 * kept with an empty source UID and a warning. Overlapping segments are read as they are (each segment keeps its own
 * mask) with a warning naming the segments, the image and the number of shared pixels.
 */
public final class SegReader {
    private SegReader() {
    }

    /**
     * @throws DicomException naming the file and the attribute when it is not a Segmentation, is a label map, or its
     *                        frames and functional groups do not fit together
     */
    public static Segmentation read(Path file) {
        return read(DicomReader.create().read(file));
    }

    /** As {@link #read(Path)}, for a file already read with its pixel data. */
    public static Segmentation read(DicomFile file) {
        DicomDataset ds = file.dataset();
        String source = file.source();
        String sopClass = ds.getString(Tag.SOPClassUID).orElse("");
        String type = ds.getString(Tag.SegmentationType).orElse("");
        if (sopClass.equals(UID.LabelMapSegmentationStorage) || type.equals("LABELMAP")) {
            throw new DicomException(source, DicomException.NO_OFFSET, Tag.SegmentationType,
                    "label map Segmentations (Segmentation Type LABELMAP) are not supported; only BINARY and FRACTIONAL");
        }
        if (!sopClass.equals(UID.SegmentationStorage)) {
            throw new DicomException(source, DicomException.NO_OFFSET, Tag.SOPClassUID,
                    "not a Segmentation: SOP Class UID is '" + sopClass + "', expected " + UID.SegmentationStorage);
        }
        if (!type.equals("BINARY") && !type.equals("FRACTIONAL")) {
            throw new DicomException(source, DicomException.NO_OFFSET, Tag.SegmentationType,
                    "Segmentation Type must be BINARY or FRACTIONAL, got '" + type + "'");
        }
        List<String> warnings = new ArrayList<>();
        List<SegmentDescription> segments = segments(source, ds);
        Set<Integer> segmentNumbers = new HashSet<>();
        segments.forEach(s -> segmentNumbers.add(s.number()));
        Map<String, String> referenced = new LinkedHashMap<>();
        for (DicomDataset series : ds.getSequence(Tag.ReferencedSeriesSequence)) {
            for (DicomDataset instance : series.getSequence(Tag.ReferencedInstanceSequence)) {
                reference(instance, referenced);
            }
        }

        PixelData pixels = PixelData.from(file);
        int frameCount = pixels.frameCount();
        List<DicomDataset> perFrame = ds.getSequence(Tag.PerFrameFunctionalGroupsSequence);
        DicomDataset shared = ds.getSequence(Tag.SharedFunctionalGroupsSequence).stream().findFirst()
                .orElse(DicomDataset.empty());
        if (perFrame.size() != frameCount) {
            throw new DicomException(source, DicomException.NO_OFFSET, Tag.PerFrameFunctionalGroupsSequence,
                    "has " + perFrame.size() + " items but Number of Frames is " + frameCount);
        }
        long maxFraction = 1;
        String fractionalType = "";
        if (type.equals("FRACTIONAL")) {
            fractionalType = ds.getString(Tag.SegmentationFractionalType).orElse("");
            maxFraction = ds.getInt(Tag.MaximumFractionalValue).orElseThrow(() -> new DicomException(source,
                    DicomException.NO_OFFSET, Tag.MaximumFractionalValue, "a FRACTIONAL Segmentation needs Maximum Fractional Value"));
            if (maxFraction < 1) {
                throw new DicomException(source, DicomException.NO_OFFSET, Tag.MaximumFractionalValue,
                        "must be at least 1, got " + maxFraction);
            }
            warnings.add("fractional (" + fractionalType + ") Segmentation read as binary: foreground where the value is at least "
                    + "half of Maximum Fractional Value " + maxFraction + " (fraction >= 0.5)");
        }

        List<SegFrame> frames = new ArrayList<>(frameCount);
        Set<String> seenPairs = new HashSet<>();
        for (int i = 0; i < frameCount; i++) {
            DicomDataset groups = perFrame.get(i);
            int frameNumber = i + 1;
            int segment = functionalGroup(groups, shared, Tag.SegmentIdentificationSequence)
                    .flatMap(item -> item.getInt(Tag.ReferencedSegmentNumber).stream().boxed().findFirst())
                    .orElseThrow(() -> new DicomException(source, DicomException.NO_OFFSET, Tag.ReferencedSegmentNumber,
                            "frame " + frameNumber + " names no segment (Segment Identification Sequence)"));
            if (!segmentNumbers.contains(segment)) {
                throw new DicomException(source, DicomException.NO_OFFSET, Tag.ReferencedSegmentNumber,
                        "frame " + frameNumber + " belongs to segment " + segment + ", which the Segment Sequence does not describe");
            }
            String sourceUid = "";
            Optional<DicomDataset> derivation = functionalGroup(groups, shared, Tag.DerivationImageSequence);
            if (derivation.isPresent()) {
                List<DicomDataset> images = derivation.get().getSequence(Tag.SourceImageSequence);
                for (DicomDataset image : images) {
                    reference(image, referenced);
                }
                if (!images.isEmpty()) {
                    sourceUid = images.get(0).getString(Tag.ReferencedSOPInstanceUID).orElse("");
                }
                if (images.size() > 1) {
                    warnings.add("frame " + frameNumber + " is derived from " + images.size() + " images; it is read as a mask of the first, "
                            + sourceUid);
                }
            }
            if (sourceUid.isEmpty()) {
                warnings.add("frame " + frameNumber + " (segment " + segment + ") references no source image");
            } else if (!seenPairs.add(segment + "\u0000" + sourceUid)) {
                warnings.add("frame " + frameNumber + ": segment " + segment + " has more than one frame on image " + sourceUid
                        + "; masks() combines them");
            }
            double[] position = functionalGroup(groups, shared, Tag.PlanePositionSequence)
                    .map(item -> item.getDoubles(Tag.ImagePositionPatient)).filter(p -> p.length == 3).orElse(null);
            Frame frame = pixels.frame(i);
            frames.add(new SegFrame(frameNumber, new SegmentMask(segment, sourceUid, frame.columns(), frame.rows(),
                    foreground(frame, maxFraction)), position));
        }
        warnOverlaps(frames, warnings);
        return new Segmentation(source, ds.getString(Tag.SOPInstanceUID).orElse(""), ds.getString(Tag.StudyInstanceUID).orElse(""),
                ds.getString(Tag.FrameOfReferenceUID).orElse(""), type, fractionalType, segments, referenced, frames, warnings);
    }

    private static List<SegmentDescription> segments(String source, DicomDataset ds) {
        List<SegmentDescription> out = new ArrayList<>();
        Set<Integer> numbers = new HashSet<>();
        for (DicomDataset item : ds.getSequence(Tag.SegmentSequence)) {
            int number = item.getInt(Tag.SegmentNumber).orElseThrow(() -> new DicomException(source, DicomException.NO_OFFSET,
                    Tag.SegmentNumber, "a Segment Sequence item has no Segment Number"));
            if (!numbers.add(number)) {
                throw new DicomException(source, DicomException.NO_OFFSET, Tag.SegmentNumber, "segment " + number + " is described twice");
            }
            CodedConcept category = CodedConcept.first(item, Tag.SegmentedPropertyCategoryCodeSequence).orElseThrow(() ->
                    new DicomException(source, DicomException.NO_OFFSET, Tag.SegmentedPropertyCategoryCodeSequence,
                            "segment " + number + " has no category code"));
            CodedConcept type = CodedConcept.first(item, Tag.SegmentedPropertyTypeCodeSequence).orElseThrow(() ->
                    new DicomException(source, DicomException.NO_OFFSET, Tag.SegmentedPropertyTypeCodeSequence,
                            "segment " + number + " has no type code"));
            String label = item.getString(Tag.SegmentLabel).filter(l -> !l.isBlank()).orElse("segment " + number);
            try {
                out.add(new SegmentDescription(number, label.length() > 64 ? label.substring(0, 64) : label, category, type,
                        CodedConcept.first(item, Tag.AnatomicRegionSequence).orElse(null),
                        item.getString(Tag.SegmentAlgorithmType).orElse(SegmentDescription.MANUAL),
                        item.getString(Tag.SegmentAlgorithmName).or(() -> item.getString(Tag.SegmentDescription)
                                .filter(d -> d.startsWith(SegmentDescription.MANUAL_DESCRIPTION_PREFIX))
                                .map(d -> d.substring(SegmentDescription.MANUAL_DESCRIPTION_PREFIX.length())))
                                .orElse("")));
            } catch (IllegalArgumentException e) {
                throw new DicomException(source, DicomException.NO_OFFSET, Tag.SegmentSequence,
                        "segment " + number + ": " + e.getMessage(), e);
            }
        }
        if (out.isEmpty()) {
            throw new DicomException(source, DicomException.NO_OFFSET, Tag.SegmentSequence, "describes no segment");
        }
        return out;
    }

    /** The one item of a functional group macro's sequence, per-frame first, then shared. */
    private static Optional<DicomDataset> functionalGroup(DicomDataset perFrame, DicomDataset shared, int sequenceTag) {
        return perFrame.getSequence(sequenceTag).stream().findFirst()
                .or(() -> shared.getSequence(sequenceTag).stream().findFirst());
    }

    private static void reference(DicomDataset item, Map<String, String> referenced) {
        item.getString(Tag.ReferencedSOPInstanceUID).ifPresent(uid ->
                referenced.putIfAbsent(uid, item.getString(Tag.ReferencedSOPClassUID).orElse("")));
    }

    private static byte[] foreground(Frame frame, long maxFraction) {
        int[] samples = frame.copySamples();
        byte[] mask = new byte[samples.length];
        for (int i = 0; i < samples.length; i++) {
            long v = Integer.toUnsignedLong(samples[i]);
            mask[i] = (byte) (maxFraction == 1 ? (v != 0 ? 1 : 0) : (2 * v >= maxFraction ? 1 : 0));
        }
        return mask;
    }

    private static void warnOverlaps(List<SegFrame> frames, List<String> warnings) {
        Map<String, List<SegmentMask>> byImage = new LinkedHashMap<>();
        for (SegFrame f : frames) {
            if (!f.mask().sourceSopInstanceUid().isEmpty()) {
                byImage.computeIfAbsent(f.mask().sourceSopInstanceUid(), k -> new ArrayList<>()).add(f.mask());
            }
        }
        for (Map.Entry<String, List<SegmentMask>> e : byImage.entrySet()) {
            List<SegmentMask> masks = e.getValue();
            for (int a = 0; a < masks.size(); a++) {
                for (int b = a + 1; b < masks.size(); b++) {
                    if (masks.get(a).segmentNumber() == masks.get(b).segmentNumber()) {
                        continue;
                    }
                    long shared = masks.get(a).overlapPixels(masks.get(b));
                    if (shared > 0) {
                        warnings.add("segments " + masks.get(a).segmentNumber() + " and " + masks.get(b).segmentNumber()
                                + " overlap in " + shared + " pixel(s) of image " + e.getKey());
                    }
                }
            }
        }
    }
}
