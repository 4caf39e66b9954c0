package dev.pulmo.dataset;

import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.api.plugin.ImageContext;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.api.plugin.SeriesContext;
import dev.pulmo.api.plugin.SeriesNodule;
import dev.pulmo.api.plugin.SeriesValidator;
import dev.pulmo.dicom.DicomDataset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The per-series hook of the pipeline: a modality's {@link SeriesValidator}s over one series. While the series' images
 * are checked one by one, {@link #add} keeps of each header only the attributes the rules declared; {@link #check}
 * then runs the rules once. Memory per series is a few strings per image.
 *
 * <p>Rules that need the series' 3-D lesions ({@link SeriesValidator#needsNodules()}, such as chest CT's
 * {@code nodule.too-small}) get them from the very grouping {@code pulmo nodules} runs ({@link Nodules.Collector}), fed
 * by {@link #addLesions} with the inputs the caller read anyway; the collector keeps each slice's lesions as COCO RLE,
 * so memory per series grows with its lesions' outlines, not its pixels. Not thread-safe: one per series.
 */
public final class SeriesRules {
    private final ModalityPlugin plugin;
    private final String folder;
    private final CaseClass caseClass;
    private final Set<String> keywords = new LinkedHashSet<>();
    private final List<ImageContext> images = new ArrayList<>();
    private final Nodules.Collector nodules;

    /** The rules of {@code plugin} for the series in {@code folder}, without the rules that need nodules. */
    public SeriesRules(ModalityPlugin plugin, String folder, CaseClass caseClass) {
        this(plugin, folder, caseClass, null);
    }

    private SeriesRules(ModalityPlugin plugin, String folder, CaseClass caseClass, Nodules.Collector nodules) {
        this.plugin = plugin;
        this.folder = folder;
        this.caseClass = caseClass;
        this.nodules = nodules;
        plugin.seriesValidators().forEach(v -> keywords.addAll(v.attributes()));
    }

    /**
     * Every series rule of the modality of {@code series}, those that need nodules included: when it has such rules and
     * the series has annotations, its lesions are grouped as {@code pulmo nodules} groups them.
     */
    public static SeriesRules of(DatasetLayout layout, ImagePipeline pipeline, SeriesFiles series) {
        ModalityPlugin plugin = layout.plugin(series.key().modality());
        boolean grouped = plugin.seriesValidators().stream().anyMatch(SeriesValidator::needsNodules) && Nodules.isAnnotated(series);
        return new SeriesRules(plugin, series.folder().toString(), series.key().caseClass(),
                grouped ? new Nodules.Collector(layout, pipeline, series) : null);
    }

    /** Whether the modality has series rules at all (if not, nothing needs to be kept). */
    public boolean isEmpty() {
        return plugin.seriesValidators().isEmpty();
    }

    /** Keeps what the rules need of one readable image's header; images must come in sequence order. */
    public void add(String imageFile, DicomDataset header) {
        if (isEmpty()) {
            return;
        }
        Map<String, String> values = new HashMap<>();
        HeaderImageContext full = new HeaderImageContext(imageFile, caseClass, header, Optional.empty());
        for (String k : keywords) {
            full.attribute(k).ifPresent(v -> values.put(k, v));
        }
        images.add(new KeptAttributes(imageFile, caseClass, values));
    }

    /**
     * Adds one image's lesions for the rules that need nodules, from inputs read with at least
     * {@link Nodules#partsFor}; images in sequence order. What cannot be used of the image is not reported here (the
     * image's own check reports it).
     */
    public void addLesions(ImageFiles image, ImageInputs inputs) {
        if (nodules != null) {
            nodules.add(image, inputs, new ArrayList<>());
        }
    }

    /**
     * The findings of every series rule; a rule that throws is a {@code plugin.failed} finding. With
     * {@link #of}, the rules that need nodules run on the series' nodules, after the grouping's own findings
     * ({@code nodule.geometry}, {@code nodule.too-fragmented}).
     */
    public List<Finding> check() {
        List<Finding> findings = new ArrayList<>();
        List<ImageContext> kept = List.copyOf(images);
        run(plugin.seriesValidators().stream().filter(v -> !v.needsNodules()).toList(), context(kept, List.of()), findings);
        if (nodules != null) {
            nodules.finish(findings);
        }
        return findings;
    }

    /**
     * The findings of the rules of {@code plugin} that need nodules, on the nodules of the series in {@code folder}
     * ({@link SeriesContext#images()} empty). {@link Nodules.Collector#finish} runs them, for every command that groups.
     */
    static List<Finding> checkNodules(ModalityPlugin plugin, String folder, CaseClass caseClass, List<SeriesNodule> found) {
        List<Finding> findings = new ArrayList<>();
        SeriesRules rules = new SeriesRules(plugin, folder, caseClass, null);
        rules.run(plugin.seriesValidators().stream().filter(SeriesValidator::needsNodules).toList(),
                rules.context(List.of(), found), findings);
        return findings;
    }

    private void run(List<SeriesValidator> validators, SeriesContext context, List<Finding> findings) {
        for (SeriesValidator v : validators) {
            try {
                findings.addAll(v.validate(context));
            } catch (RuntimeException e) {
                findings.add(Finding.error(ImagePipeline.PLUGIN_FAILED, Location.ofFile(folder),
                        "the " + plugin.modality().code() + " series rule " + v.code() + " failed: " + e));
            }
        }
    }

    private SeriesContext context(List<ImageContext> kept, List<SeriesNodule> found) {
        List<SeriesNodule> nodulesOfSeries = List.copyOf(found);
        return new SeriesContext() {
            @Override
            public String folder() {
                return folder;
            }

            @Override
            public CaseClass caseClass() {
                return caseClass;
            }

            @Override
            public List<ImageContext> images() {
                return kept;
            }

            @Override
            public List<SeriesNodule> nodules() {
                return nodulesOfSeries;
            }
        };
    }

    /** An image as a series rule sees it: the declared attributes only. */
    private record KeptAttributes(String file, CaseClass caseClass, Map<String, String> values) implements ImageContext {
        @Override
        public Optional<String> attribute(String keyword) {
            return Optional.ofNullable(values.get(keyword));
        }

        @Override
        public Optional<AnnotationFile> annotations() {
            return Optional.empty();
        }
    }
}
