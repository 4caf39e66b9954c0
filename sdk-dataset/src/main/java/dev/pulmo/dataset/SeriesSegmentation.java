package dev.pulmo.dataset;

import dev.pulmo.api.Annotation;
import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.CategoryDefinition;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.dicom.DicomDataset;
import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.DicomWriter;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.seg.LungSegmentCodes;
import dev.pulmo.dicom.seg.SegWriter;
import dev.pulmo.dicom.seg.SegmentCoding;
import dev.pulmo.dicom.seg.SegmentDescription;
import dev.pulmo.dicom.seg.SegmentMask;
import dev.pulmo.geometry.BinaryMask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A series' binary masks as one DICOM Segmentation ({@code pulmo seg}): every category with a mask becomes a segment
 * labelled with the category's name and coded with SNOMED CT ({@link LungSegmentCodes}), algorithm type MANUAL with
 * the annotating tool's name. Each image's header and masks are read once through the per-image pipeline, which
 * decides which masks can be used (the codes of {@link ImagePipeline}); the SEG itself is {@link SegWriter}'s.
 *
 * <p>Rule codes besides the pipeline's: {@code seg.no-code} (a category without a SNOMED CT coding; its masks are left
 * out), {@code seg.no-masks} (no usable non-empty mask: nothing written), {@code seg.not-written} (the writer refused
 * the input). Nothing is written when an image's mask cannot be used, so that a SEG never silently lacks a lesion.
 */
public final class SeriesSegmentation {

    /** What was written. */
    public record Result(int segments, long frames, int images, boolean written) {
    }

    private SeriesSegmentation() {
    }

    /**
     * Writes the SEG of {@code series} to {@code target} (atomically).
     *
     * @param toolName     the annotating tool's name; empty to take the first {@code toolname} of the series' JSON,
     *                     else {@code unknown}
     * @param seriesNumber the SEG's Series Number
     * @throws DicomException when the SEG cannot be written
     */
    public static Result write(DatasetLayout layout, SeriesFiles series, Optional<String> toolName, int seriesNumber,
                               Path target, FindingSink sink) {
        return write(layout, series, toolName, seriesNumber, target, sink, TreeReader.local());
    }

    /** {@link #write(DatasetLayout, SeriesFiles, Optional, int, Path, FindingSink)} reading the series through {@code reader}. */
    public static Result write(DatasetLayout layout, SeriesFiles series, Optional<String> toolName, int seriesNumber,
                               Path target, FindingSink sink, TreeReader reader) {
        return write(layout, series, toolName, seriesNumber, target, sink, reader, false);
    }

    /**
     * {@link #write(DatasetLayout, SeriesFiles, Optional, int, Path, FindingSink, TreeReader)}, as a binary
     * Segmentation or, with {@code labelMap}, as a label map ({@link SegWriter#writeLabelMap}: one frame per image,
     * each pixel the number of its segment; masks of two categories that share a pixel are reported as
     * {@code seg.not-written}, since a label map holds one segment per pixel).
     */
    public static Result write(DatasetLayout layout, SeriesFiles series, Optional<String> toolName, int seriesNumber,
                               Path target, FindingSink sink, TreeReader reader, boolean labelMap) {
        ModalityPlugin plugin = layout.plugin(series.key().modality());
        ImagePipeline pipeline = ImagePipeline.of(layout.catalog());
        List<DicomDataset> sources = new ArrayList<>();
        TreeMap<Integer, List<SegmentMask>> masksByCategory = new TreeMap<>();
        Optional<String> tool = toolName;
        boolean usable = true;
        List<Finding> findings = new ArrayList<>();
        for (ImageFiles image : series.images()) {
            EnumSet<ImageInputs.Part> parts = EnumSet.of(ImageInputs.Part.HEADER, ImageInputs.Part.MASKS);
            if (tool.isEmpty()) {
                parts.add(ImageInputs.Part.JSON);
            }
            ImageInputs inputs = ImageInputs.read(image, parts, reader);
            if (inputs.imageFile().isEmpty()) {
                inputs.maskFiles().values().forEach(m -> findings.add(Finding.error(ImagePipeline.IMAGE_MISSING, Location.ofFile(m),
                        "no image " + inputs.key() + " for this mask")));
                usable &= inputs.maskFiles().isEmpty();
                continue;
            }
            findings.addAll(inputs.readFindings().stream().filter(f -> !f.code().equals(ImagePipeline.MASK_UNREADABLE)).toList());
            if (inputs.header().isEmpty()) {
                usable &= inputs.maskFiles().isEmpty();
                continue;
            }
            DicomDataset header = inputs.header().get().dataset();
            if (header.getString(Tag.SOPInstanceUID).isEmpty() || header.getInt(Tag.Rows).isEmpty() || header.getInt(Tag.Columns).isEmpty()) {
                findings.add(Finding.error(ImagePipeline.IMAGE_UNREADABLE, Location.ofFile(inputs.imageFile().get()),
                        "the image has no SOP Instance UID, Rows or Columns (a cut-off header?): a SEG cannot reference it"));
                usable &= inputs.maskFiles().isEmpty();
                continue;
            }
            sources.add(header);
            if (tool.isEmpty()) {
                tool = pipeline.checkJson(inputs).file().flatMap(SeriesSegmentation::toolName);
            }
            ImagePipeline.Masks masks = pipeline.masks(inputs);
            findings.addAll(masks.findings());
            usable &= masks.usable().size() == inputs.maskFiles().size();
            String sourceUid = header.getString(Tag.SOPInstanceUID).orElse("");
            for (Map.Entry<Integer, BinaryMask> m : masks.usable().entrySet()) {
                BinaryMask mask = m.getValue();
                masksByCategory.computeIfAbsent(m.getKey(), k -> new ArrayList<>())
                        .add(new SegmentMask(1, sourceUid, mask.width(), mask.height(), mask.toBytes()));
            }
        }
        List<SegmentDescription> segments = new ArrayList<>();
        List<SegmentMask> frames = new ArrayList<>();
        Location where = Location.ofFile(series.folder().toString());
        for (Map.Entry<Integer, List<SegmentMask>> e : masksByCategory.entrySet()) {
            CategoryDefinition category = plugin.categoryTable().byId(e.getKey()).orElseThrow();
            Optional<SegmentCoding> coding = LungSegmentCodes.forCategory(plugin.modality().code(), e.getKey());
            if (coding.isEmpty()) {
                findings.add(Finding.error("seg.no-code", where, "no SNOMED CT coding for " + plugin.modality().code()
                        + " category " + e.getKey() + " (" + category.englishName() + "); its masks are left out"));
                continue;
            }
            int number = segments.size() + 1;
            segments.add(SegmentDescription.manual(number, category.name(), coding.get(), tool.orElse("unknown")));
            for (SegmentMask m : e.getValue()) {
                frames.add(new SegmentMask(number, m.sourceSopInstanceUid(), m.columns(), m.rows(), m.foreground()));
            }
        }
        boolean written = false;
        if (!usable) {
            findings.add(Finding.error("seg.not-written", where, "some masks of the series cannot be used (see above): no SEG written"));
        } else if (frames.stream().allMatch(SegmentMask::isEmpty)) {
            findings.add(Finding.error("seg.no-masks", where, "no usable non-empty mask: no SEG written"));
        } else {
            try {
                SegWriter.Series seg = SegWriter.Series.fresh(seriesNumber, DicomWriter.IMPLEMENTATION_VERSION_NAME);
                if (labelMap) {
                    SegWriter.writeLabelMap(target, sources, segments, frames, seg);
                } else {
                    SegWriter.write(target, sources, segments, frames, seg);
                }
                written = true;
            } catch (IllegalArgumentException e) {
                findings.add(Finding.error("seg.not-written", where, e.getMessage()));
            }
        }
        findings.forEach(sink::accept);
        long frameCount = labelMap
                ? frames.stream().filter(m -> !m.isEmpty()).map(SegmentMask::sourceSopInstanceUid).distinct().count()
                : frames.stream().filter(m -> !m.isEmpty()).count();
        return new Result(segments.size(), frameCount, sources.size(), written);
    }

    /** The first non-empty {@code toolname} of a JSON's annotations, at most 64 characters. */
    private static Optional<String> toolName(AnnotationFile file) {
        return file.annotations().stream().map(Annotation::toolname).filter(n -> n != null && !n.isBlank()).findFirst()
                .map(n -> n.length() > 64 ? n.substring(0, 64) : n);
    }
}
