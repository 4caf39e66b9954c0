package dev.pulmo.dataset;

import dev.pulmo.api.plugin.ModalityCatalog;
import dev.pulmo.api.plugin.ModalityPlugin;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The guideline's folder layout and file names (SPEC.md §2):
 * <pre>
 * lung_cancer/&lt;folder&gt;/&lt;class&gt;/&lt;patientId&gt;/&lt;series&gt;/dcm/&lt;prefix&gt;_&lt;patientId&gt;_&lt;series&gt;_&lt;seq&gt;.dcm
 *                                                  /binary/&lt;prefix&gt;_&lt;patientId&gt;_&lt;series&gt;_&lt;seq&gt;_&lt;categoryId&gt;_binary.dcm
 *                                                  /json/&lt;prefix&gt;_&lt;patientId&gt;_&lt;series&gt;_&lt;seq&gt;.json
 * </pre>
 * Folder names and prefixes come from the modality plugins, so a plugin's modality has its place without
 * any change here.
 */
public final class DatasetLayout {
    /** The top folder's name in the guideline. */
    public static final String TOP_FOLDER = "lung_cancer";
    public static final String DICOM_FOLDER = "dcm";
    public static final String MASK_FOLDER = "binary";
    public static final String JSON_FOLDER = "json";
    /**
     * Beside the top folder, in the folder that holds it: the clinical sheets of the dataset ({@code pulmo ingest} writes
     * them; {@code deid --check} searches them).
     */
    public static final String CLINICAL_FOLDER = "clinical";
    /** Beside the top folder: {@code pulmo ingest}'s exclusion report (CSV and HTML). */
    public static final String INGEST_REPORT_FOLDER = "ingest-report";

    private final Path root;
    private final ModalityCatalog catalog;

    /** A layout whose top folder ({@code lung_cancer} in the guideline) is {@code root}. */
    public DatasetLayout(Path root, ModalityCatalog catalog) {
        this.root = root;
        this.catalog = catalog;
    }

    /**
     * The layout of an existing tree given either as its {@code lung_cancer} folder or as a folder that
     * contains one.
     */
    public static DatasetLayout of(Path given, ModalityCatalog catalog) {
        return of(given, catalog, TreeListing.local());
    }

    /** As {@link #of(Path, ModalityCatalog)} on a tree seen through {@code listing}. */
    public static DatasetLayout of(Path given, ModalityCatalog catalog, TreeListing listing) {
        return new DatasetLayout(rootOf(given, listing), catalog);
    }

    /** The {@code lung_cancer} folder of a tree given as that folder or as a folder that contains one ({@link #of}). */
    public static Path rootOf(Path given) {
        return rootOf(given, TreeListing.local());
    }

    private static Path rootOf(Path given, TreeListing listing) {
        Path top = given.resolve(TOP_FOLDER);
        return listing.kind(top) == TreeListing.Kind.DIRECTORY ? top : given;
    }

    /** The {@code lung_cancer} folder. */
    public Path root() {
        return root;
    }

    public ModalityCatalog catalog() {
        return catalog;
    }

    /** The plugin of {@code modality}; an unknown modality is a programming error here. */
    public ModalityPlugin plugin(String modality) {
        return catalog.find(modality).orElseThrow(() -> new IllegalArgumentException("no plugin for modality " + modality));
    }

    public Path seriesFolder(SeriesKey s) {
        return root.resolve(plugin(s.modality()).folderName()).resolve(s.caseClass().folderName())
                .resolve(s.patientId()).resolve(s.series());
    }

    /** {@code <prefix>_<patientId>_<series>_<seq>}: the stem shared by an image's three kinds of file. */
    public String stem(ImageKey k) {
        return plugin(k.modality()).filePrefix() + "_" + k.patientId() + "_" + k.series() + "_" + k.seq();
    }

    public Path dicomFile(ImageKey k) {
        return seriesFolder(k.seriesKey()).resolve(DICOM_FOLDER).resolve(stem(k) + ".dcm");
    }

    public Path jsonFile(ImageKey k) {
        return seriesFolder(k.seriesKey()).resolve(JSON_FOLDER).resolve(stem(k) + ".json");
    }

    public Path maskFile(ImageKey k, int categoryId) {
        return seriesFolder(k.seriesKey()).resolve(MASK_FOLDER).resolve(stem(k) + "_" + categoryId + "_binary.dcm");
    }

    /** The parts of a file name of this layout. */
    public record ParsedName(String prefix, String patientId, String series, String seq, Integer categoryId) {
        public boolean isMask() {
            return categoryId != null;
        }
    }

    /**
     * Parses {@code <prefix>_<patientId>_<series>_<seq>.<extension>}, or with {@code _<categoryId>_binary} before
     * the extension when {@code mask} is true. Empty when the name has another form.
     */
    public static Optional<ParsedName> parse(String fileName, String extension, boolean mask) {
        String suffix = (mask ? "_binary" : "") + "." + extension;
        if (!fileName.endsWith(suffix)) {
            return Optional.empty();
        }
        String[] parts = fileName.substring(0, fileName.length() - suffix.length()).split("_", -1);
        if (parts.length != (mask ? 5 : 4)) {
            return Optional.empty();
        }
        for (String p : parts) {
            if (p.isEmpty()) {
                return Optional.empty();
            }
        }
        Integer category = null;
        if (mask) {
            if (!parts[4].chars().allMatch(Character::isDigit) || parts[4].length() > 9) {
                return Optional.empty();
            }
            category = Integer.parseInt(parts[4]);
        }
        return Optional.of(new ParsedName(parts[0], parts[1], parts[2], parts[3], category));
    }
}
