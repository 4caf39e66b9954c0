package dev.pulmo.api.plugin;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * How a modality takes its images from a PACS export ({@code pulmo ingest}, SPEC.md §6–8): which series are its
 * image sets (routing, by the data itself), and which of those the guideline's acquisition rules leave out
 * (exclusions, each with a rule code and reason). The SDK's ingest has no rule of its own: a modality ingests
 * exactly as its plugin says, so a new modality ingests without changes to the core.
 *
 * <p>The SDK first offers each series to every plugin's {@link #routes}; a series no plugin takes, or that two
 * plugins take, is left out and reported. A routed series of a listed case is then ordered (by position along the
 * slice normal when every image has one, else by Instance Number) and handed to {@link #exclusions}: any finding of
 * severity ERROR excludes the whole series, and the findings are its reasons; warnings are reported and the series
 * is kept. Implementations are immutable and thread-safe, and never throw for bad data.
 */
@ConsumerType
public interface IngestRules {

    /**
     * DICOM keywords of the header attributes the rules read, through {@link SourceSeries#attribute} and
     * {@link ImageContext#attribute}; only these are kept per image (a series of thousands of slices costs a few
     * strings per slice).
     */
    Set<String> attributes();

    /** Whether this series is one of this modality's image sets (e.g. a DX or CR image for chest X-ray). */
    boolean routes(SourceSeries series);

    /**
     * Why the series is left out of the dataset: findings with the plugin's rule codes naming the source file or
     * folder, never a patient identifier. An ERROR excludes the series; empty keeps it.
     *
     * @param series the series in the order its images will be numbered, with the case class of its case
     */
    List<Finding> exclusions(SeriesContext series);

    /**
     * Runs an image rule over every image of a series, with one finding per rule code and severity instead of one per
     * image: the first image's finding, its message saying how many of the series' images break the rule. Lets a
     * plugin reuse its {@link Validator}s as exclusions without reporting a 300-slice series 300 times.
     */
    static List<Finding> perSeries(Validator rule, SeriesContext series) {
        Map<String, Finding> first = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (ImageContext image : series.images()) {
            for (Finding f : rule.validate(image)) {
                String key = f.severity() + " " + f.code();
                first.putIfAbsent(key, f);
                counts.merge(key, 1, Integer::sum);
            }
        }
        List<Finding> out = new ArrayList<>();
        int total = series.images().size();
        first.forEach((key, f) -> {
            int n = counts.get(key);
            out.add(total == 1 ? f : new Finding(f.severity(), f.code(), f.location(),
                    f.message() + " (" + n + " of the series' " + total + " images)"));
        });
        return out;
    }

    /** True when {@code findings} hold an ERROR, which excludes a series. */
    static boolean excludes(List<Finding> findings) {
        return findings.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }

    /** An ERROR finding at the series' folder. */
    static Finding exclusion(String code, SeriesContext series, String reason) {
        return Finding.error(code, Location.ofFile(series.folder()), reason);
    }
}
