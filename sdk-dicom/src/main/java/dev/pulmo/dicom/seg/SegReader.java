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
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads DICOM Segmentations (ours and other tools') back to masks per segment per source image.
 *
 * <ul>
 *   <li>{@code BINARY}: a pixel is foreground when its bit is 1.</li>
 *   <li>{@code FRACTIONAL} ({@code PROBABILITY} or {@code OCCUPANCY}): a pixel is foreground when its value is at
 *       least half of Maximum Fractional Value (0062,000E), i.e. probability or occupancy ≥ 0.5 (the threshold
 *       highdicom's documentation suggests for binarising; a decision of ours, not the standard's). The result
 *       carries a warning saying so.</li>
 *   <li>{@code LABELMAP} (Label Map Segmentation Storage, …66.7; Supplement 243, 2024): 8- or 16-bit frames whose
 *       pixel values are segment numbers; the background is the Pixel Padding Value (0 when absent), and a Segment
 *       Sequence item with that number (highdicom writes one, "Background") describes no mask. Each frame gives one
 *       {@link SegFrame} per segment present in it; values no segment describes are read as background, with a
 *       warning.</li>
 * </ul>
 * Frames may be in any transfer syntax {@code PixelData} decodes (RLE with 1 bit allocated, JPEG 2000, …).
 * Each frame's segment comes from its Segment Identification (per-frame, else shared); its source image from the
 * first Source Image Sequence item of its Derivation Image (per-frame, else shared, else the top-level Source Image
 * Sequence when it names one image); its place from Plane Position (Patient), or for tiles from Plane Position
 * (Slide). A {@code TILED_FULL} Segmentation (Dimension Organization Type (0020,9311)) may leave out its per-frame
 * functional groups: then the frame order implies the positions (PS3.3 C.7.6.17.3, as highdicom reads it): by
 * segment in ascending number (not for label maps), then focal plane, then tile row, then tile column, the tiles
 * covering Total Pixel Matrix Columns × Rows. Frames without a source are kept with an empty source UID and a
 * warning. Overlapping segments are read as they are (each segment keeps its own mask) with a warning naming the
 * segments, the image and the number of shared pixels.
 */
public final class SegReader {
    private static final String TILED_FULL = "TILED_FULL";

    private SegReader() {
    }

    /**
     * @throws DicomException naming the file and the attribute when it is not a Segmentation, or its frames and
     *                        functional groups do not fit together
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
        if (!sopClass.equals(UID.SegmentationStorage) && !sopClass.equals(UID.LabelMapSegmentationStorage)) {
            throw new DicomException(source, DicomException.NO_OFFSET, Tag.SOPClassUID,
                    "not a Segmentation: SOP Class UID is '" + sopClass + "', expected " + UID.SegmentationStorage
                            + " or " + UID.LabelMapSegmentationStorage + " (label map)");
        }
        if (!type.equals("BINARY") && !type.equals("FRACTIONAL") && !type.equals("LABELMAP")) {
            throw new DicomException(source, DicomException.NO_OFFSET, Tag.SegmentationType,
                    "Segmentation Type must be BINARY, FRACTIONAL or LABELMAP, got '" + type + "'");
        }
        boolean labelMap = type.equals("LABELMAP");
        List<String> warnings = new ArrayList<>();
        if (labelMap != sopClass.equals(UID.LabelMapSegmentationStorage)) {
            warnings.add("Segmentation Type " + type + " in SOP Class " + sopClass + " (the standard pairs LABELMAP with "
                    + UID.LabelMapSegmentationStorage + " only); read as " + type);
        }
        int background = labelMap ? ds.getInt(Tag.PixelPaddingValue).orElse(0) : -1;
        List<SegmentDescription> segments = segments(source, ds, background);
        Set<Integer> segmentNumbers = new HashSet<>();
        segments.forEach(s -> segmentNumbers.add(s.number()));
        Map<String, String> referenced = new LinkedHashMap<>();
        for (DicomDataset series : ds.getSequence(Tag.ReferencedSeriesSequence)) {
            for (DicomDataset instance : series.getSequence(Tag.ReferencedInstanceSequence)) {
                reference(instance, referenced);
            }
        }
        List<DicomDataset> topLevelSources = ds.getSequence(Tag.SourceImageSequence);
        topLevelSources.forEach(image -> reference(image, referenced));

        PixelData pixels = PixelData.from(file);
        warnings.addAll(pixels.warnings());
        int frameCount = pixels.frameCount();
        List<DicomDataset> perFrame = ds.getSequence(Tag.PerFrameFunctionalGroupsSequence);
        DicomDataset shared = ds.getSequence(Tag.SharedFunctionalGroupsSequence).stream().findFirst()
                .orElse(DicomDataset.empty());
        long totalColumns = firstLong(ds, Tag.TotalPixelMatrixColumns);
        long totalRows = firstLong(ds, Tag.TotalPixelMatrixRows);
        TiledFull implied = null;
        if (perFrame.isEmpty() && TILED_FULL.equals(ds.getString(Tag.DimensionOrganizationType).orElse(""))) {
            implied = TiledFull.of(source, ds, labelMap ? List.of(0) : segments.stream().map(SegmentDescription::number)
                    .sorted().toList(), pixels.description().columns(), pixels.description().rows(), frameCount);
        } else if (perFrame.size() != frameCount) {
            throw new DicomException(source, DicomException.NO_OFFSET, Tag.PerFrameFunctionalGroupsSequence,
                    "has " + perFrame.size() + " items but Number of Frames is " + frameCount
                            + " (only a TILED_FULL Segmentation may leave them out)");
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
            DicomDataset groups = perFrame.isEmpty() ? DicomDataset.empty() : perFrame.get(i);
            int frameNumber = i + 1;
            String sourceUid = "";
            Optional<DicomDataset> derivation = functionalGroup(groups, shared, Tag.DerivationImageSequence);
            List<DicomDataset> images = derivation.map(d -> d.getSequence(Tag.SourceImageSequence)).orElse(List.of());
            if (images.isEmpty() && topLevelSources.size() == 1) {
                images = topLevelSources;
            }
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
            double[] position = functionalGroup(groups, shared, Tag.PlanePositionSequence)
                    .map(item -> item.getDoubles(Tag.ImagePositionPatient)).filter(p -> p.length == 3).orElse(null);
            int[] tile = implied != null ? implied.position(i) : slidePosition(source, groups, frameNumber);
            Frame frame = pixels.frame(i);
            if (labelMap) {
                labelMapFrames(frame, frameNumber, sourceUid, position, tile, background, segmentNumbers, frames,
                        warnings);
                continue;
            }
            int frameIndex = i;
            TiledFull tiling = implied;
            int segment = tiling != null ? tiling.segment(frameIndex)
                    : functionalGroup(groups, shared, Tag.SegmentIdentificationSequence)
                    .flatMap(item -> item.getInt(Tag.ReferencedSegmentNumber).stream().boxed().findFirst())
                    .orElseThrow(() -> new DicomException(source, DicomException.NO_OFFSET, Tag.ReferencedSegmentNumber,
                            "frame " + frameNumber + " names no segment (Segment Identification Sequence)"));
            if (!segmentNumbers.contains(segment)) {
                throw new DicomException(source, DicomException.NO_OFFSET, Tag.ReferencedSegmentNumber,
                        "frame " + frameNumber + " belongs to segment " + segment + ", which the Segment Sequence does not describe");
            }
            if (sourceUid.isEmpty()) {
                warnings.add("frame " + frameNumber + " (segment " + segment + ") references no source image");
            } else if (tile == null && !seenPairs.add(segment + "\u0000" + sourceUid)) {
                warnings.add("frame " + frameNumber + ": segment " + segment + " has more than one frame on image " + sourceUid
                        + "; masks() combines them");
            }
            frames.add(new SegFrame(frameNumber, new SegmentMask(segment, sourceUid, frame.columns(), frame.rows(),
                    foreground(frame, maxFraction)), position, tile == null ? 0 : tile[0], tile == null ? 0 : tile[1]));
        }
        warnOverlaps(frames, warnings);
        return new Segmentation(source, ds.getString(Tag.SOPInstanceUID).orElse(""), ds.getString(Tag.StudyInstanceUID).orElse(""),
                ds.getString(Tag.FrameOfReferenceUID).orElse(""), type, fractionalType, segments, referenced, frames, warnings,
                totalColumns, totalRows);
    }

    /**
     * One {@link SegFrame} per described segment whose value the frame holds; other values but the background are
     * named in a warning.
     */
    private static void labelMapFrames(Frame frame, int frameNumber, String sourceUid, double[] position, int[] tile,
            int background, Set<Integer> segmentNumbers, List<SegFrame> out, List<String> warnings) {
        int[] samples = frame.copySamples();
        Map<Integer, byte[]> masks = new TreeMap<>();
        Set<Integer> undescribed = new TreeSet<>();
        for (int p = 0; p < samples.length; p++) {
            int value = samples[p];
            if (value == background) {
                continue;
            }
            if (!segmentNumbers.contains(value)) {
                undescribed.add(value);
                continue;
            }
            masks.computeIfAbsent(value, v -> new byte[samples.length])[p] = 1;
        }
        if (!undescribed.isEmpty()) {
            warnings.add("frame " + frameNumber + " holds value(s) " + undescribed + " that no segment describes;"
                    + " read as background");
        }
        if (sourceUid.isEmpty() && !masks.isEmpty()) {
            warnings.add("frame " + frameNumber + " (label map) references no source image");
        }
        for (Map.Entry<Integer, byte[]> e : masks.entrySet()) {
            out.add(new SegFrame(frameNumber, new SegmentMask(e.getKey(), sourceUid, frame.columns(), frame.rows(),
                    e.getValue()), position, tile == null ? 0 : tile[0], tile == null ? 0 : tile[1]));
        }
    }

    /** The first value of an integer attribute, 0 when absent or empty. */
    private static long firstLong(DicomDataset ds, int tag) {
        long[] values = ds.getLongs(tag);
        return values.length == 0 ? 0 : values[0];
    }

    /** Column and row position of Plane Position (Slide) in the frame's own groups, or null when it has none. */
    private static int[] slidePosition(String source, DicomDataset groups, int frameNumber) {
        Optional<DicomDataset> item = groups.getSequence(Tag.PlanePositionSlideSequence).stream().findFirst();
        if (item.isEmpty()) {
            return null;
        }
        long column = firstLong(item.get(), Tag.ColumnPositionInTotalImagePixelMatrix);
        long row = firstLong(item.get(), Tag.RowPositionInTotalImagePixelMatrix);
        if (column < 1 || row < 1 || column > Integer.MAX_VALUE || row > Integer.MAX_VALUE) {
            throw new DicomException(source, DicomException.NO_OFFSET, Tag.PlanePositionSlideSequence, "frame "
                    + frameNumber + " lies at column " + column + ", row " + row + " of the total pixel matrix;"
                    + " positions start at 1");
        }
        return new int[] {(int) column, (int) row};
    }

    /**
     * The positions a {@code TILED_FULL} frame order implies: {@code channels} (segments, or one for a label map) ×
     * focal planes × tile rows × tile columns, in that nesting.
     */
    private record TiledFull(List<Integer> channels, int planes, int tilesAcross, int tilesDown, int tileColumns,
                             int tileRows) {
        static TiledFull of(String source, DicomDataset ds, List<Integer> channels, int tileColumns, int tileRows,
                int frameCount) {
            long totalColumns = firstLong(ds, Tag.TotalPixelMatrixColumns);
            long totalRows = firstLong(ds, Tag.TotalPixelMatrixRows);
            if (totalColumns < 1 || totalRows < 1) {
                throw new DicomException(source, DicomException.NO_OFFSET, Tag.TotalPixelMatrixColumns, "a TILED_FULL"
                        + " Segmentation without per-frame functional groups needs Total Pixel Matrix Columns and Rows");
            }
            int planes = Math.max(1, ds.getInt(Tag.TotalPixelMatrixFocalPlanes).orElse(1));
            long across = (totalColumns + tileColumns - 1) / tileColumns;
            long down = (totalRows + tileRows - 1) / tileRows;
            long expected = channels.size() * planes * across * down;
            if (expected != frameCount) {
                throw new DicomException(source, DicomException.NO_OFFSET, Tag.NumberOfFrames, "Number of Frames is "
                        + frameCount + " but a TILED_FULL Segmentation of " + channels.size() + " segment(s) x "
                        + planes + " focal plane(s) x " + across + " x " + down + " tiles of " + tileColumns + " x "
                        + tileRows + " over a " + totalColumns + " x " + totalRows + " total pixel matrix has "
                        + expected);
            }
            return new TiledFull(channels, planes, (int) across, (int) down, tileColumns, tileRows);
        }

        int segment(int frameIndex) {
            return channels.get(frameIndex / (planes * tilesAcross * tilesDown));
        }

        /** 1-based column and row position in the total pixel matrix. */
        int[] position(int frameIndex) {
            int tile = frameIndex % (tilesAcross * tilesDown);
            return new int[] {(tile % tilesAcross) * tileColumns + 1, (tile / tilesAcross) * tileRows + 1};
        }
    }

    /** The Segment Sequence, but for a label map's item whose number is {@code background} (the padding value). */
    private static List<SegmentDescription> segments(String source, DicomDataset ds, int background) {
        List<SegmentDescription> out = new ArrayList<>();
        Set<Integer> numbers = new HashSet<>();
        for (DicomDataset item : ds.getSequence(Tag.SegmentSequence)) {
            int number = item.getInt(Tag.SegmentNumber).orElseThrow(() -> new DicomException(source, DicomException.NO_OFFSET,
                    Tag.SegmentNumber, "a Segment Sequence item has no Segment Number"));
            if (!numbers.add(number)) {
                throw new DicomException(source, DicomException.NO_OFFSET, Tag.SegmentNumber, "segment " + number + " is described twice");
            }
            if (number == background) {
                continue;
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
                // tiles of one image overlap only where they lie at the same place
                String place = f.isTile() ? " tile at column " + f.columnPositionInTotalPixelMatrix() + ", row "
                        + f.rowPositionInTotalPixelMatrix() : "";
                byImage.computeIfAbsent(f.mask().sourceSopInstanceUid() + place, k -> new ArrayList<>()).add(f.mask());
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
