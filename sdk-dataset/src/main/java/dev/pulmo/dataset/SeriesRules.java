package dev.pulmo.dataset;

import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.api.plugin.ImageContext;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.api.plugin.SeriesContext;
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
 * then runs the rules once. Memory per series is a few strings per image. Not thread-safe: one per series.
 */
public final class SeriesRules {
    private final ModalityPlugin plugin;
    private final String folder;
    private final CaseClass caseClass;
    private final Set<String> keywords = new LinkedHashSet<>();
    private final List<ImageContext> images = new ArrayList<>();

    /** The rules of {@code plugin} for the series in {@code folder}. */
    public SeriesRules(ModalityPlugin plugin, String folder, CaseClass caseClass) {
        this.plugin = plugin;
        this.folder = folder;
        this.caseClass = caseClass;
        plugin.seriesValidators().forEach(v -> keywords.addAll(v.attributes()));
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

    /** The findings of every series rule; a rule that throws is a {@code plugin.failed} finding. */
    public List<Finding> check() {
        List<Finding> findings = new ArrayList<>();
        SeriesContext context = new SeriesContext() {
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
                return List.copyOf(images);
            }
        };
        for (SeriesValidator v : plugin.seriesValidators()) {
            try {
                findings.addAll(v.validate(context));
            } catch (RuntimeException e) {
                findings.add(Finding.error(ImagePipeline.PLUGIN_FAILED, Location.ofFile(folder),
                        "the " + plugin.modality().code() + " series rule " + v.code() + " failed: " + e));
            }
        }
        return findings;
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
