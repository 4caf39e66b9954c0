package dev.pulmo.dicom.seg;

import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomElement;
import dev.pulmo.dicom.DicomWriter;
import dev.pulmo.dicom.ElementDictionary;
import dev.pulmo.dicom.SpecificCharacterSet;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.TransferSyntax;
import dev.pulmo.dicom.UID;
import dev.pulmo.dicom.Uids;
import dev.pulmo.dicom.VR;
import dev.pulmo.dicom.pixel.internal.LossyCompression;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes a binary DICOM Segmentation (PS3.3 A.51) of one series' lesion masks, or the same masks as a label map
 * ({@link #createLabelMap}: Label Map Segmentation Storage, Supplement 243 of 2024).
 *
 * <h2>What is written</h2>
 * <ul>
 *   <li>Segmentation Storage (1.2.840.10008.5.1.4.1.1.66.4), Segmentation Type {@code BINARY}: 1-bit frames packed
 *       least significant bit first, frame after frame without padding between frames (PS3.5 8.1.1 — a frame need
 *       not start on a byte boundary), Explicit VR Little Endian.</li>
 *   <li>One frame per non-empty (segment, source image) mask, in segment order and, within a segment, in slice
 *       order along the normal of the sources' plane (Instance Number order for projection images). Empty masks
 *       are left out: a reader that finds no frame for an image reads an empty mask.</li>
 *   <li>Patient and study copied from the sources; fresh series and instance UIDs; ImageType
 *       {@code DERIVED\PRIMARY}; Content Label from {@link Series#contentLabel()}.</li>
 *   <li>Per frame: Derivation Image (the source's SOP Class/Instance, purpose of reference DCM 121322, derivation
 *       DCM 113076), Frame Content (Dimension Index Values), Segment Identification, and for images in the patient
 *       coordinate system (CT, PET: sources with Image Position/Orientation (Patient) and a Frame of Reference) Plane
 *       Position (Patient). Shared: Pixel Measures and Plane Orientation (Patient) when every source agrees,
 *       otherwise per frame.</li>
 *   <li>Dimensions (Multi-frame Dimension Module): Referenced Segment Number, then Image Position (Patient) for
 *       patient-coordinate images (the index is the rank of the source's position along the normal, from 1); for
 *       projection images (X-ray: no patient-relative frame of reference) Referenced Segment Number alone, no plane
 *       position or pixel measures and no Frame of Reference module, which the IOD allows when the Derivation
 *       Image Functional Group is present (PS3.3 A.51.5.1).</li>
 *   <li>Per segment: Segment Label (the category name), Segmented Property Category and Type (and Anatomic Region),
 *       Segment Algorithm Type {@code MANUAL}, and the annotating tool's name in Segment Description (0062,0006) as
 *       {@code "Manual annotation with <tool>"}: Segment Algorithm Name may only be present for non-manual segments
 *       (it is Type 1C; dciodvfy reports it as an error on a MANUAL segment).</li>
 *   <li>Segments Overlap (0062,0013) {@code YES} when two segments share a pixel of an image, else {@code NO}.</li>
 *   <li>Lossy Image Compression (0028,2110) {@code 01} when a source says it is lossy compressed, with the sources'
 *       Lossy Image Compression Ratio and Method values (each once): the masks were drawn on lossy pixels (PS3.3
 *       C.7.6.1.1.5); else {@code 00}.</li>
 * </ul>
 * A label map differs only where Supplement 243 says: SOP Class …66.7, Segmentation Type {@code LABELMAP}, one frame
 * per image with a non-empty mask whose pixels hold the segment number (8-bit up to 255 segments, else 16-bit), 0 the
 * background and the Pixel Padding Value, no Segment Identification per frame and no segment dimension (projection
 * images are indexed by Frame Label, the source's SOP Instance UID, as highdicom does), Segments Overlap {@code NO};
 * overlapping masks are refused.
 * Checked with dciodvfy and pydicom in {@code SegWriterTest} and {@code LabelMapWriterTest}.
 */
public final class SegWriter {
    /** Text in UTF-8: segment labels are the plugins' (Korean) category names (PS3.5 6.1.2.5.3). */
    private static final SpecificCharacterSet UTF_8 = SpecificCharacterSet.of(List.of("ISO_IR 192"));
    /** Elements of the Patient and General Study modules copied from the first source (re-encoded in UTF-8). */
    private static final int[] COPIED = {
            Tag.AccessionNumber, Tag.ReferringPhysicianName, Tag.StudyDescription,
            Tag.PatientName, Tag.PatientID, Tag.PatientBirthDate, Tag.PatientSex, Tag.PatientAge,
            Tag.StudyInstanceUID, Tag.StudyDate, Tag.StudyTime, Tag.StudyID,
    };
    /** Type 2 elements: present, empty when the source has no value. */
    private static final int[] TYPE_2 = {
            Tag.AccessionNumber, Tag.ReferringPhysicianName, Tag.PatientName, Tag.PatientID, Tag.PatientBirthDate,
            Tag.PatientSex, Tag.StudyDate, Tag.StudyTime, Tag.StudyID,
    };

    private SegWriter() {
    }

    /**
     * The new series and what the Segmentation says about itself.
     *
     * @param seriesInstanceUid the SEG's series UID (see {@link Uids#random()})
     * @param seriesNumber      its Series Number
     * @param seriesDescription its Series Description, may be empty
     * @param contentLabel      Content Label (0070,0080): upper-case letters, digits, space or '_', at most 16
     * @param softwareVersion   Software Versions (0018,1020) of the Enhanced General Equipment module
     */
    public record Series(String seriesInstanceUid, int seriesNumber, String seriesDescription, String contentLabel,
                         String softwareVersion) {
        public Series {
            Objects.requireNonNull(seriesInstanceUid, "seriesInstanceUid");
            Objects.requireNonNull(seriesDescription, "seriesDescription");
            Objects.requireNonNull(softwareVersion, "softwareVersion");
            if (contentLabel == null || !contentLabel.matches("[A-Z0-9_ ]{1,16}")) {
                throw new IllegalArgumentException("Content Label (0070,0080) must be 1-16 of A-Z, 0-9, '_' or space, got '"
                        + contentLabel + "'");
            }
        }

        /** A new series with a fresh UID, Content Label {@code LESIONS}. */
        public static Series fresh(int seriesNumber, String softwareVersion) {
            return new Series(Uids.random(), seriesNumber, "Lesion segmentation", "LESIONS", softwareVersion);
        }
    }

    /**
     * The Segmentation dataset.
     *
     * @param sources  the annotated images' datasets (headers are enough), one series of one study
     * @param segments the segments, numbered 1, 2, 3, … in this order (PS3.3 C.8.20.2)
     * @param masks    at most one per (segment, source image); each of its source's Rows × Columns; empty masks are
     *                 allowed and left out
     * @param series   the new series
     * @throws IllegalArgumentException naming the mask, segment or source when a mask's size differs from its
     *                                  source's, a mask names an image not among {@code sources} or a segment not
     *                                  among {@code segments}, the segments are not numbered 1, 2, 3, …, two masks
     *                                  have the same segment and image, the sources lack SOP UIDs or belong to
     *                                  different studies, or every mask is empty (a SEG has at least one frame)
     */
    public static DicomDataset create(List<DicomDataset> sources, List<SegmentDescription> segments,
                                      List<SegmentMask> masks, Series series) {
        return build(sources, segments, masks, series, false);
    }

    /**
     * A label map Segmentation (Label Map Segmentation Storage, Supplement 243): one frame per source image that has
     * a non-empty mask, each pixel holding the number of its segment (the segment's label value) or 0 (background,
     * the Pixel Padding Value); the same segment descriptions, patient, study, references, geometry and dimensions as
     * {@link #create}, but for the dimension by segment, which a label map has not. 8-bit frames up to 255 segments,
     * 16-bit above.
     *
     * @throws IllegalArgumentException as {@link #create}, and when two segments share a pixel of an image (a label
     *                                  map holds one segment per pixel; write a binary Segmentation instead), naming
     *                                  the image, the segments and the number of pixels
     */
    public static DicomDataset createLabelMap(List<DicomDataset> sources, List<SegmentDescription> segments,
                                              List<SegmentMask> masks, Series series) {
        return build(sources, segments, masks, series, true);
    }

    private static DicomDataset build(List<DicomDataset> sources, List<SegmentDescription> segments,
                                      List<SegmentMask> masks, Series series, boolean labelMap) {
        Map<String, DicomDataset> sourceByUid = indexSources(sources);
        checkSegments(segments);
        List<SegmentMask> frames = framesInOrder(sourceByUid, segments, masks);
        if (labelMap) {
            refuseOverlaps(frames);
        }
        // a label map's frames: one per image, in the order of the images' first masks (slice order)
        List<String> labelMapImages = frames.stream().map(SegmentMask::sourceSopInstanceUid).distinct()
                .sorted(Comparator.comparingInt(sliceRank(sourceByUid)::get)).toList();
        int bitsAllocated = labelMap ? (segments.size() <= 0xFF ? 8 : 16) : 1;
        int frameCount = labelMap ? labelMapImages.size() : frames.size();
        DicomDataset first = sources.get(0);
        int rows = frames.get(0).rows();
        int columns = frames.get(0).columns();
        boolean patientCoordinates = sources.stream().allMatch(SegWriter::hasPatientGeometry)
                && sources.stream().map(s -> s.getString(Tag.FrameOfReferenceUID).orElse("")).distinct().count() == 1;

        DicomDataset.Builder b = DicomDataset.builder().putString(Tag.SpecificCharacterSet, VR.CS, "ISO_IR 192");
        for (int tag : COPIED) {
            first.get(tag).filter(e -> e.vr().isText())
                    .ifPresent(e -> b.putString(tag, e.vr(), e.strings().toArray(String[]::new)));
        }
        for (int tag : TYPE_2) {
            if (first.get(tag).isEmpty()) {
                b.putString(tag, dictionaryVr(tag));
            }
        }
        LocalDateTime now = LocalDateTime.now();
        String date = now.format(DateTimeFormatter.BASIC_ISO_DATE);
        String time = now.format(DateTimeFormatter.ofPattern("HHmmss"));
        String dimensionOrganization = Uids.random();
        b.putString(Tag.SOPClassUID, VR.UI, labelMap ? UID.LabelMapSegmentationStorage : UID.SegmentationStorage)
                .putString(Tag.SOPInstanceUID, VR.UI, Uids.random())
                .putString(Tag.ImageType, VR.CS, "DERIVED", "PRIMARY")
                .putString(Tag.Modality, VR.CS, "SEG")
                .putString(Tag.SeriesInstanceUID, VR.UI, series.seriesInstanceUid())
                .putString(Tag.SeriesNumber, VR.IS, Integer.toString(series.seriesNumber()))
                .putString(Tag.InstanceNumber, VR.IS, "1")
                .putString(Tag.ContentDate, VR.DA, date)
                .putString(Tag.ContentTime, VR.TM, time)
                .putString(Tag.Manufacturer, VR.LO, "Pulmo")
                .putString(Tag.ManufacturerModelName, VR.LO, "pulmo")
                .putString(Tag.DeviceSerialNumber, VR.LO, "0")
                .putString(Tag.SoftwareVersions, VR.LO, series.softwareVersion())
                .putString(Tag.ContentLabel, VR.CS, series.contentLabel())
                .putString(Tag.ContentDescription, VR.LO, "Lesion masks of the annotation dataset")
                .putString(Tag.ContentCreatorName, VR.PN)
                .putString(Tag.SegmentationType, VR.CS, labelMap ? "LABELMAP" : "BINARY")
                .putString(Tag.SegmentsOverlap, VR.CS, overlaps(frames) ? "YES" : "NO")
                .putLongs(Tag.SamplesPerPixel, VR.US, 1)
                .putString(Tag.PhotometricInterpretation, VR.CS, "MONOCHROME2")
                .putLongs(Tag.Rows, VR.US, rows)
                .putLongs(Tag.Columns, VR.US, columns)
                .putLongs(Tag.BitsAllocated, VR.US, bitsAllocated)
                .putLongs(Tag.BitsStored, VR.US, bitsAllocated)
                .putLongs(Tag.HighBit, VR.US, bitsAllocated - 1)
                .putLongs(Tag.PixelRepresentation, VR.US, 0)
                .putString(Tag.NumberOfFrames, VR.IS, Integer.toString(frameCount))
                .putSequence(Tag.SegmentSequence, segments.stream().map(SegWriter::segmentItem).toList())
                .putSequence(Tag.ReferencedSeriesSequence, List.of(referencedSeries(sources)))
                .putSequence(Tag.DimensionOrganizationSequence, List.of(DicomDataset.builder()
                        .putString(Tag.DimensionOrganizationUID, VR.UI, dimensionOrganization).build()));
        // derived from lossy images, the segmentation says so with their ratios and methods (PS3.3 C.7.6.1.1.5), as
        // highdicom does
        LossyCompression.ofAll(sources.stream().map(LossyCompression::declaredBy).toList()).putInto(b, true);
        if (!series.seriesDescription().isEmpty()) {
            b.putString(Tag.SeriesDescription, VR.LO, series.seriesDescription());
        }
        if (labelMap) {
            // Supplement 243: the background is the Pixel Padding Value (highdicom writes 0 too)
            b.putLongs(Tag.PixelPaddingValue, VR.US, 0);
        }
        List<DicomDataset> dimensions = new ArrayList<>();
        if (!labelMap) {
            dimensions.add(dimension(dimensionOrganization, Tag.ReferencedSegmentNumber,
                    Tag.SegmentIdentificationSequence, "Segment Number"));
        }
        Map<String, Integer> positionIndex = Map.of();
        if (patientCoordinates) {
            b.putString(Tag.FrameOfReferenceUID, VR.UI, first.getString(Tag.FrameOfReferenceUID).orElseThrow());
            b.put(first.get(Tag.PositionReferenceIndicator)
                    .orElse(DicomElement.ofStrings(Tag.PositionReferenceIndicator, VR.LO, null)));
            dimensions.add(dimension(dimensionOrganization, Tag.ImagePositionPatient, Tag.PlanePositionSequence,
                    "Image Position Patient"));
            positionIndex = positionIndex(sources);
        } else {
            // General Image: Patient Orientation is 2C, required for images without Image Orientation (Patient)
            b.put(first.get(Tag.PatientOrientation).orElse(DicomElement.ofStrings(Tag.PatientOrientation, VR.CS, null)));
            if (labelMap) {
                // no segment and no position to index by: the frames' labels, as highdicom does
                dimensions.add(dimension(dimensionOrganization, Tag.FrameLabel, Tag.FrameContentSequence,
                        "Frame Label"));
            }
        }
        b.putSequence(Tag.DimensionIndexSequence, dimensions);

        DicomDataset.Builder shared = DicomDataset.builder();
        boolean sharedGeometry = patientCoordinates && sameGeometry(sources);
        if (sharedGeometry) {
            putGeometry(shared, first);
        }
        List<DicomDataset> perFrame = new ArrayList<>(frameCount);
        for (int f = 0; f < frameCount; f++) {
            String sourceUid = labelMap ? labelMapImages.get(f) : frames.get(f).sourceSopInstanceUid();
            DicomDataset source = sourceByUid.get(sourceUid);
            DicomDataset.Builder item = DicomDataset.builder()
                    .putSequence(Tag.DerivationImageSequence, List.of(derivation(source)));
            DicomDataset.Builder content = DicomDataset.builder();
            List<Long> index = new ArrayList<>();
            if (!labelMap) {
                int segment = frames.get(f).segmentNumber();
                item.putSequence(Tag.SegmentIdentificationSequence, List.of(DicomDataset.builder()
                        .putLongs(Tag.ReferencedSegmentNumber, VR.US, segment).build()));
                index.add((long) segment);
            }
            if (patientCoordinates) {
                index.add((long) positionIndex.get(sourceUid));
                item.putSequence(Tag.PlanePositionSequence, List.of(DicomDataset.builder()
                        .put(source.get(Tag.ImagePositionPatient).orElseThrow()).build()));
                if (!sharedGeometry) {
                    putGeometry(item, source);
                }
            } else if (labelMap) {
                index.add((long) f + 1);
                content.putString(Tag.FrameLabel, VR.LO, sourceUid);
            }
            content.putLongs(Tag.DimensionIndexValues, VR.UL, index.stream().mapToLong(Long::longValue).toArray());
            item.putSequence(Tag.FrameContentSequence, List.of(content.build()));
            perFrame.add(item.build());
        }
        b.putSequence(Tag.SharedFunctionalGroupsSequence, List.of(shared.build()));
        b.putSequence(Tag.PerFrameFunctionalGroupsSequence, perFrame);
        if (labelMap) {
            b.putBytes(Tag.PixelData, bitsAllocated == 8 ? VR.OB : VR.OW,
                    labelPixels(frames, labelMapImages, columns * rows, bitsAllocated / 8));
        } else {
            b.putBytes(Tag.PixelData, VR.OB, packBits(frames, columns * rows));
        }
        return b.build();
    }

    /** Writes the Segmentation atomically (see {@link #create}). */
    public static void write(Path target, List<DicomDataset> sources, List<SegmentDescription> segments,
                             List<SegmentMask> masks, Series series) {
        DicomWriter.write(target, create(sources, segments, masks, series), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    /** Writes the label map Segmentation atomically, Explicit VR Little Endian (see {@link #createLabelMap}). */
    public static void writeLabelMap(Path target, List<DicomDataset> sources, List<SegmentDescription> segments,
                                     List<SegmentMask> masks, Series series) {
        DicomWriter.write(target, createLabelMap(sources, segments, masks, series),
                TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
    }

    private static Map<String, DicomDataset> indexSources(List<DicomDataset> sources) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("a Segmentation needs at least one source image");
        }
        Map<String, DicomDataset> byUid = new LinkedHashMap<>();
        Set<String> studies = new HashSet<>();
        for (DicomDataset s : sources) {
            String uid = s.getString(Tag.SOPInstanceUID).orElseThrow(() ->
                    new IllegalArgumentException("a source image has no SOP Instance UID (0008,0018)"));
            if (s.getString(Tag.SOPClassUID).isEmpty() || s.getInt(Tag.Rows).isEmpty() || s.getInt(Tag.Columns).isEmpty()) {
                throw new IllegalArgumentException("source image " + uid + " lacks SOP Class UID, Rows or Columns");
            }
            if (byUid.put(uid, s) != null) {
                throw new IllegalArgumentException("source image " + uid + " is given twice");
            }
            studies.add(s.getString(Tag.StudyInstanceUID).orElse(""));
        }
        if (studies.size() > 1) {
            throw new IllegalArgumentException("the source images belong to " + studies.size()
                    + " studies; a Segmentation belongs to one: " + studies);
        }
        return byUid;
    }

    private static void checkSegments(List<SegmentDescription> segments) {
        for (int i = 0; i < segments.size(); i++) {
            if (segments.get(i).number() != i + 1) {
                throw new IllegalArgumentException("segments are numbered 1, 2, 3, … in order (PS3.3 C.8.20.2); segment "
                        + (i + 1) + " has number " + segments.get(i).number());
            }
            if (!segments.get(i).algorithmType().equals(SegmentDescription.MANUAL)
                    || segments.get(i).algorithmName().isBlank()) {
                throw new IllegalArgumentException("segment " + (i + 1) + ": this writer writes hand-drawn segments:"
                        + " algorithm type MANUAL with the annotating tool's name, got "
                        + segments.get(i).algorithmType() + " '" + segments.get(i).algorithmName() + "'");
            }
        }
    }

    /** Each source's place in slice order, by SOP Instance UID. */
    private static Map<String, Integer> sliceRank(Map<String, DicomDataset> sourceByUid) {
        List<DicomDataset> ordered = sliceOrder(new ArrayList<>(sourceByUid.values()));
        Map<String, Integer> rank = new HashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            rank.put(ordered.get(i).getString(Tag.SOPInstanceUID).orElseThrow(), i);
        }
        return rank;
    }

    /** The non-empty masks, checked, in frame order: segment, then slice position (or Instance Number). */
    private static List<SegmentMask> framesInOrder(Map<String, DicomDataset> sourceByUid, List<SegmentDescription> segments,
                                                   List<SegmentMask> masks) {
        Map<String, Integer> rank = sliceRank(sourceByUid);
        Set<String> seen = new HashSet<>();
        List<SegmentMask> frames = new ArrayList<>();
        for (SegmentMask m : masks) {
            DicomDataset source = sourceByUid.get(m.sourceSopInstanceUid());
            String what = "the mask of segment " + m.segmentNumber() + " on image " + m.sourceSopInstanceUid();
            if (source == null) {
                throw new IllegalArgumentException(what + ": the image is not among the " + sourceByUid.size() + " source images");
            }
            if (m.segmentNumber() < 1 || m.segmentNumber() > segments.size()) {
                throw new IllegalArgumentException(what + ": there is no segment " + m.segmentNumber() + " (segments 1.."
                        + segments.size() + ")");
            }
            int rows = source.getInt(Tag.Rows).orElseThrow();
            int columns = source.getInt(Tag.Columns).orElseThrow();
            if (m.rows() != rows || m.columns() != columns) {
                throw new IllegalArgumentException(what + ": the mask is " + m.columns() + " x " + m.rows()
                        + " pixels but its image is " + columns + " x " + rows + " (Columns x Rows)");
            }
            if (!seen.add(m.segmentNumber() + "\u0000" + m.sourceSopInstanceUid())) {
                throw new IllegalArgumentException(what + " is given twice");
            }
            if (!m.isEmpty()) {
                frames.add(m);
            }
        }
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("every mask is empty; a Segmentation needs at least one frame");
        }
        SegmentMask firstFrame = frames.get(0);
        for (SegmentMask m : frames) {
            if (m.rows() != firstFrame.rows() || m.columns() != firstFrame.columns()) {
                throw new IllegalArgumentException("the masks are of different sizes (" + m.columns() + " x " + m.rows()
                        + " and " + firstFrame.columns() + " x " + firstFrame.rows()
                        + "); a Segmentation's frames share Rows and Columns");
            }
        }
        frames.sort(Comparator.comparingInt(SegmentMask::segmentNumber)
                .thenComparingInt(m -> rank.get(m.sourceSopInstanceUid())));
        return frames;
    }

    /**
     * Sources in slice order: by position along the normal of their plane when they have patient geometry, else by
     * Instance Number; ties keep the given order.
     */
    static List<DicomDataset> sliceOrder(List<DicomDataset> sources) {
        List<DicomDataset> sorted = new ArrayList<>(sources);
        if (sources.stream().allMatch(SegWriter::hasPatientGeometry)) {
            sorted.sort(Comparator.comparingDouble(SegWriter::distanceAlongNormal));
        } else {
            sorted.sort(Comparator.comparingInt(s -> s.getInt(Tag.InstanceNumber).orElse(Integer.MAX_VALUE)));
        }
        return sorted;
    }

    private static boolean hasPatientGeometry(DicomDataset s) {
        return s.getDoubles(Tag.ImagePositionPatient).length == 3 && s.getDoubles(Tag.ImageOrientationPatient).length == 6
                && s.getString(Tag.FrameOfReferenceUID).isPresent();
    }

    /** The position's component along row × column (PS3.3 C.7.6.2.1.1), i.e. the slice location. */
    private static double distanceAlongNormal(DicomDataset s) {
        double[] o = s.getDoubles(Tag.ImageOrientationPatient);
        double[] p = s.getDoubles(Tag.ImagePositionPatient);
        double nx = o[1] * o[5] - o[2] * o[4];
        double ny = o[2] * o[3] - o[0] * o[5];
        double nz = o[0] * o[4] - o[1] * o[3];
        return nx * p[0] + ny * p[1] + nz * p[2];
    }

    /** 1-based index of each source's distinct slice position, in slice order. */
    private static Map<String, Integer> positionIndex(List<DicomDataset> sources) {
        TreeMap<Double, Integer> distinct = new TreeMap<>();
        for (DicomDataset s : sources) {
            distinct.put(distanceAlongNormal(s), 0);
        }
        int i = 1;
        for (Map.Entry<Double, Integer> e : distinct.entrySet()) {
            e.setValue(i++);
        }
        Map<String, Integer> index = new HashMap<>();
        for (DicomDataset s : sources) {
            index.put(s.getString(Tag.SOPInstanceUID).orElseThrow(), distinct.get(distanceAlongNormal(s)));
        }
        return index;
    }

    private static boolean sameGeometry(List<DicomDataset> sources) {
        Set<String> keys = new HashSet<>();
        for (DicomDataset s : sources) {
            keys.add(Arrays.toString(s.getDoubles(Tag.ImageOrientationPatient)) + Arrays.toString(s.getDoubles(Tag.PixelSpacing))
                    + Arrays.toString(s.getDoubles(Tag.SliceThickness)));
        }
        return keys.size() == 1;
    }

    /** Pixel Measures and Plane Orientation (Patient) of {@code source}. */
    private static void putGeometry(DicomDataset.Builder functionalGroups, DicomDataset source) {
        functionalGroups.putSequence(Tag.PlaneOrientationSequence, List.of(DicomDataset.builder()
                .put(source.get(Tag.ImageOrientationPatient).orElseThrow()).build()));
        // Slice Thickness is 1C in Pixel Measures for volumes; without it the group is left out, which the IOD allows
        // when Derivation Image is present (PS3.3 A.51.5.1)
        if (source.contains(Tag.PixelSpacing) && source.contains(Tag.SliceThickness)) {
            functionalGroups.putSequence(Tag.PixelMeasuresSequence, List.of(DicomDataset.builder()
                    .put(source.get(Tag.PixelSpacing).orElseThrow())
                    .put(source.get(Tag.SliceThickness).orElseThrow()).build()));
        }
    }

    private static DicomDataset segmentItem(SegmentDescription s) {
        DicomDataset.Builder item = DicomDataset.of(List.of(), UTF_8).toBuilder()
                .putLongs(Tag.SegmentNumber, VR.US, s.number())
                .putString(Tag.SegmentLabel, VR.LO, s.label())
                .putSequence(Tag.SegmentedPropertyCategoryCodeSequence, List.of(s.category().toItem()))
                .putSequence(Tag.SegmentedPropertyTypeCodeSequence, List.of(s.type().toItem()))
                .putString(Tag.SegmentAlgorithmType, VR.CS, s.algorithmType())
                // Segment Algorithm Name is 1C, only for non-MANUAL segments (dciodvfy rejects it otherwise)
                .putString(Tag.SegmentDescription, VR.ST, SegmentDescription.MANUAL_DESCRIPTION_PREFIX + s.algorithmName());
        if (s.anatomicRegion() != null) {
            item.putSequence(Tag.AnatomicRegionSequence, List.of(s.anatomicRegion().toItem()));
        }
        return item.build();
    }

    private static DicomDataset referencedSeries(List<DicomDataset> sources) {
        List<DicomDataset> instances = new ArrayList<>();
        for (DicomDataset s : sources) {
            instances.add(DicomDataset.builder()
                    .putString(Tag.ReferencedSOPClassUID, VR.UI, s.getString(Tag.SOPClassUID).orElseThrow())
                    .putString(Tag.ReferencedSOPInstanceUID, VR.UI, s.getString(Tag.SOPInstanceUID).orElseThrow())
                    .build());
        }
        return DicomDataset.builder()
                .putString(Tag.SeriesInstanceUID, VR.UI, sources.get(0).getString(Tag.SeriesInstanceUID).orElse(""))
                .putSequence(Tag.ReferencedInstanceSequence, instances)
                .build();
    }

    private static DicomDataset derivation(DicomDataset source) {
        DicomDataset sourceImage = DicomDataset.builder()
                .putString(Tag.ReferencedSOPClassUID, VR.UI, source.getString(Tag.SOPClassUID).orElseThrow())
                .putString(Tag.ReferencedSOPInstanceUID, VR.UI, source.getString(Tag.SOPInstanceUID).orElseThrow())
                .putString(Tag.SpatialLocationsPreserved, VR.CS, "YES")
                .putSequence(Tag.PurposeOfReferenceCodeSequence, List.of(CodedConcept.SOURCE_IMAGE_FOR_PROCESSING.toItem()))
                .build();
        return DicomDataset.builder()
                .putSequence(Tag.SourceImageSequence, List.of(sourceImage))
                .putSequence(Tag.DerivationCodeSequence, List.of(CodedConcept.SEGMENTATION.toItem()))
                .build();
    }

    private static DicomDataset dimension(String organization, int indexPointer, int functionalGroupPointer, String label) {
        return DicomDataset.builder()
                .putString(Tag.DimensionOrganizationUID, VR.UI, organization)
                .putBytes(Tag.DimensionIndexPointer, VR.AT, attributeTag(indexPointer))
                .putBytes(Tag.FunctionalGroupPointer, VR.AT, attributeTag(functionalGroupPointer))
                .putString(Tag.DimensionDescriptionLabel, VR.LO, label)
                .build();
    }

    /** An AT value in little endian: group, then element (PS3.5 6.2). */
    private static byte[] attributeTag(int tag) {
        return new byte[] {(byte) (tag >>> 16), (byte) (tag >>> 24), (byte) tag, (byte) (tag >>> 8)};
    }

    private static boolean overlaps(List<SegmentMask> frames) {
        Map<String, List<SegmentMask>> bySource = new HashMap<>();
        for (SegmentMask f : frames) {
            bySource.computeIfAbsent(f.sourceSopInstanceUid(), k -> new ArrayList<>()).add(f);
        }
        for (List<SegmentMask> onOneImage : bySource.values()) {
            for (int a = 0; a < onOneImage.size(); a++) {
                for (int b = a + 1; b < onOneImage.size(); b++) {
                    if (onOneImage.get(a).overlapPixels(onOneImage.get(b)) > 0) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** A label map holds one segment per pixel. */
    private static void refuseOverlaps(List<SegmentMask> frames) {
        Map<String, List<SegmentMask>> bySource = new LinkedHashMap<>();
        for (SegmentMask f : frames) {
            bySource.computeIfAbsent(f.sourceSopInstanceUid(), k -> new ArrayList<>()).add(f);
        }
        for (Map.Entry<String, List<SegmentMask>> e : bySource.entrySet()) {
            List<SegmentMask> onOneImage = e.getValue();
            for (int a = 0; a < onOneImage.size(); a++) {
                for (int c = a + 1; c < onOneImage.size(); c++) {
                    long shared = onOneImage.get(a).overlapPixels(onOneImage.get(c));
                    if (shared > 0) {
                        throw new IllegalArgumentException("segments " + onOneImage.get(a).segmentNumber() + " and "
                                + onOneImage.get(c).segmentNumber() + " overlap in " + shared + " pixel(s) of image "
                                + e.getKey() + "; a label map holds one segment per pixel (write a binary"
                                + " Segmentation instead)");
                    }
                }
            }
        }
    }

    /**
     * Label map frames, one per image of {@code images}: each pixel the number of the segment whose mask covers it,
     * else 0; little endian, frames back to back, padded to an even length.
     */
    private static byte[] labelPixels(List<SegmentMask> frames, List<String> images, int pixelsPerFrame,
                                      int bytesPerPixel) {
        long bytes = (long) images.size() * pixelsPerFrame * bytesPerPixel;
        if (bytes + (bytes & 1) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(images.size() + " frames of " + pixelsPerFrame
                    + " pixels do not fit one Pixel Data value (2^31 bytes)");
        }
        byte[] out = new byte[(int) (bytes + (bytes & 1))];
        Map<String, Integer> frameOf = new HashMap<>();
        for (int i = 0; i < images.size(); i++) {
            frameOf.put(images.get(i), i);
        }
        for (SegmentMask m : frames) {
            long base = (long) frameOf.get(m.sourceSopInstanceUid()) * pixelsPerFrame;
            for (int p = 0; p < pixelsPerFrame; p++) {
                if (m.isForeground(p)) {
                    int at = (int) ((base + p) * bytesPerPixel);
                    out[at] = (byte) m.segmentNumber();
                    if (bytesPerPixel == 2) {
                        out[at + 1] = (byte) (m.segmentNumber() >>> 8);
                    }
                }
            }
        }
        return out;
    }

    /** The frames' pixels, one bit each, least significant bit first, frames back to back, padded to an even length. */
    private static byte[] packBits(List<SegmentMask> frames, int pixelsPerFrame) {
        long bits = (long) frames.size() * pixelsPerFrame;
        long bytes = (bits + 7) / 8;
        if (bytes + (bytes & 1) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(frames.size() + " frames of " + pixelsPerFrame
                    + " pixels do not fit one Pixel Data value (2^31 bytes)");
        }
        byte[] packed = new byte[(int) (bytes + (bytes & 1))];
        long bit = 0;
        for (SegmentMask f : frames) {
            for (int i = 0; i < pixelsPerFrame; i++, bit++) {
                if (f.isForeground(i)) {
                    packed[(int) (bit >>> 3)] |= (byte) (1 << (bit & 7));
                }
            }
        }
        return packed;
    }

    private static VR dictionaryVr(int tag) {
        return ElementDictionary.entry(tag).flatMap(ElementDictionary.Entry::singleVr)
                .orElseThrow(() -> new IllegalStateException("no single VR in the dictionary for " + Tag.toString(tag)));
    }
}
