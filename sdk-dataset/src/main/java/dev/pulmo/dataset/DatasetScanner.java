package dev.pulmo.dataset;

import dev.pulmo.api.io.FileTrees;
import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.io.AtomicFiles;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.api.plugin.ModalityCatalog;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.dataset.TreeListing.Entry;
import dev.pulmo.dataset.TreeListing.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Walks a dataset tree in the guideline's layout one series at a time, so memory stays bounded by the
 * largest series, not the dataset. Everything that does not fit the layout becomes a {@link Finding}, never
 * an exception: unknown modality or class folders, stray files, misnamed files, names that disagree with
 * their folders, masks of categories the modality does not have.
 *
 * <p>Rule codes: {@code layout.missing-root}, {@code layout.empty} (no folder of a loaded modality at all: the only
 * finding, which sums up what the folder holds, rather than one finding per entry of, say, a home folder given by
 * mistake), {@code layout.unknown-modality-folder},
 * {@code layout.unknown-class}, {@code layout.unexpected-file}, {@code layout.unexpected-folder},
 * {@code layout.bad-file-name}, {@code layout.name-mismatch}, {@code layout.mask-category-unknown},
 * {@code layout.unreadable}, {@code layout.not-a-regular-file} (a FIFO, device or socket named like a data file: never
 * opened, since reading one can block forever), and, when asked for, {@code layout.leftover-temporary-file} (warning:
 * a hidden temporary file of an interrupted write, {@link AtomicFiles#isTemporary}). Other hidden entries (names
 * starting with '.') are not part of a dataset and are ignored.
 *
 * <p>Folders are listed through a {@link TreeListing}: the local file system by default, another file system's client
 * for a distributed engine; the rules and findings are the same.
 */
public final class DatasetScanner {
    private final DatasetLayout layout;
    private final boolean reportTemporaryFiles;
    private final TreeListing listing;

    public DatasetScanner(DatasetLayout layout) {
        this(layout, false);
    }

    /** A scanner that also reports the hidden temporary files of interrupted writes when {@code reportTemporaryFiles}. */
    public DatasetScanner(DatasetLayout layout, boolean reportTemporaryFiles) {
        this(layout, reportTemporaryFiles, TreeListing.local());
    }

    /** A scanner that lists the tree's folders through {@code listing}. */
    public DatasetScanner(DatasetLayout layout, boolean reportTemporaryFiles, TreeListing listing) {
        this.layout = layout;
        this.reportTemporaryFiles = reportTemporaryFiles;
        this.listing = listing;
    }

    /** What a folder holds, in a few words: {@code it holds 2 folders ('a', 'b') and 3 files}. */
    private static String contents(List<Entry> entries) {
        if (entries.isEmpty()) {
            return "it is empty";
        }
        List<String> folders = entries.stream().filter(e -> e.kind() == Kind.DIRECTORY)
                .map(e -> "'" + e.path().getFileName() + "'").toList();
        long files = entries.size() - folders.size();
        String named = folders.isEmpty() ? "" : " (" + String.join(", ", folders.subList(0, Math.min(5, folders.size())))
                + (folders.size() > 5 ? ", …" : "") + ")";
        return "it holds " + folders.size() + (folders.size() == 1 ? " folder" : " folders") + named + " and " + files
                + (files == 1 ? " file" : " files");
    }

    /**
     * Calls {@code onSeries} for every series folder, in a stable order (modality folder, class, patient,
     * series), and returns the layout findings.
     */
    public List<Finding> scan(Consumer<SeriesFiles> onSeries) {
        List<Finding> all = new ArrayList<>();
        scan(onSeries, all::add);
        return all;
    }

    /**
     * Calls {@code onSeries} for every series folder and {@code onFinding} for every layout finding, in one stable
     * order (modality folder, class, patient, series): a series' findings come just before the series. Memory is
     * bounded by the largest series folder.
     */
    public void scan(Consumer<SeriesFiles> onSeries, Consumer<Finding> findings) {
        Path root = layout.root();
        if (listing.kind(root) != Kind.DIRECTORY) {
            findings.accept(Finding.error("layout.missing-root", Location.ofFile(root.toString()),
                    "no dataset here: expected a folder '" + DatasetLayout.TOP_FOLDER + "' with modality folders"));
            return;
        }
        List<Entry> modalityDirs = visible(list(root, findings));
        if (modalityDirs.stream().noneMatch(d -> layout.catalog().findByFolder(d.path().getFileName().toString()).isPresent())) {
            // one finding, not one per entry: a folder that is no dataset at all (a wrong path, a home folder) would
            // otherwise list everything in it; what it holds is summed up for the case of misnamed modality folders
            findings.accept(Finding.error("layout.empty", Location.ofFile(root.toString()), layout.catalog().all().isEmpty()
                    ? "no dataset can be recognised: " + ModalityCatalog.NO_PLUGIN
                    : "no dataset here: none of the modality folders ("
                            + String.join(", ", layout.catalog().all().stream().map(ModalityPlugin::folderName).toList())
                            + ") is in this folder or in a '" + DatasetLayout.TOP_FOLDER + "' folder inside it; "
                            + contents(modalityDirs)));
            return;
        }
        for (Entry modalityEntry : modalityDirs) {
            Path modalityDir = modalityEntry.path();
            String folder = modalityDir.getFileName().toString();
            if (modalityEntry.kind() != Kind.DIRECTORY) {
                findings.accept(unexpectedFile(modalityDir));
                continue;
            }
            Optional<ModalityPlugin> plugin = layout.catalog().findByFolder(folder);
            if (plugin.isEmpty()) {
                findings.accept(Finding.error("layout.unknown-modality-folder", Location.ofFile(modalityDir.toString()),
                        "'" + folder + "' is not the folder of any loaded modality (" + layout.catalog().describeKnownFolders() + ")"));
                continue;
            }
            for (Entry classEntry : visible(list(modalityDir, findings))) {
                Path classDir = classEntry.path();
                Optional<CaseClass> caseClass = CaseClass.fromFolderName(classDir.getFileName().toString());
                if (classEntry.kind() != Kind.DIRECTORY) {
                    findings.accept(unexpectedFile(classDir));
                } else if (caseClass.isEmpty()) {
                    findings.accept(Finding.error("layout.unknown-class", Location.ofFile(classDir.toString()),
                            "'" + classDir.getFileName() + "' is not a case class (benign, malignant, normal)"));
                } else {
                    for (Entry patientDir : visible(list(classDir, findings))) {
                        if (patientDir.kind() != Kind.DIRECTORY) {
                            findings.accept(unexpectedFile(patientDir.path()));
                            continue;
                        }
                        for (Entry seriesDir : visible(list(patientDir.path(), findings))) {
                            if (seriesDir.kind() != Kind.DIRECTORY) {
                                findings.accept(unexpectedFile(seriesDir.path()));
                                continue;
                            }
                            scanSeries(plugin.get(), caseClass.get(), seriesDir.path(), findings).ifPresent(onSeries);
                        }
                    }
                }
            }
        }
    }

    /**
     * One series folder ({@code …/<modality folder>/<class>/<patient>/<series>}), its modality and class taken from
     * its folders; empty when the folders are not those of a loaded modality and a class (or the names cannot be used),
     * with the reason among {@code findings}.
     */
    public Optional<SeriesFiles> series(Path seriesDir, Consumer<Finding> findings) {
        Path dir = seriesDir.toAbsolutePath().normalize();
        Path classDir = dir.getParent() == null ? null : dir.getParent().getParent();
        Path modalityDir = classDir == null ? null : classDir.getParent();
        Optional<ModalityPlugin> plugin = modalityDir == null || modalityDir.getFileName() == null ? Optional.empty()
                : layout.catalog().findByFolder(modalityDir.getFileName().toString());
        Optional<CaseClass> caseClass = classDir == null || classDir.getFileName() == null ? Optional.empty()
                : CaseClass.fromFolderName(classDir.getFileName().toString());
        if (plugin.isEmpty() || caseClass.isEmpty() || listing.kind(dir) != Kind.DIRECTORY) {
            findings.accept(Finding.error("layout.not-a-series", Location.ofFile(seriesDir.toString()),
                    "not a series folder of the guideline layout (…/<modality folder>/<benign|malignant|normal>/<patient>/<series>)"));
            return Optional.empty();
        }
        return scanSeries(plugin.get(), caseClass.get(), dir, findings);
    }

    private Optional<SeriesFiles> scanSeries(ModalityPlugin plugin, CaseClass caseClass, Path seriesDir, Consumer<Finding> findings) {
        String patientId = seriesDir.getParent().getFileName().toString();
        String series = seriesDir.getFileName().toString();
        SeriesKey key;
        try {
            key = new SeriesKey(plugin.modality().code(), caseClass, patientId, series);
            new ImageKey(key.modality(), caseClass, patientId, series, "1"); // validates the folder names as name parts
        } catch (IllegalArgumentException e) {
            findings.accept(Finding.error("layout.bad-file-name", Location.ofFile(seriesDir.toString()),
                    "patient and series folder names cannot be used in file names: " + e.getMessage()));
            return Optional.empty();
        }
        TreeMap<ImageKey, ImageFiles> images = new TreeMap<>();
        for (Entry subEntry : visible(list(seriesDir, findings))) {
            Path sub = subEntry.path();
            String name = sub.getFileName().toString();
            if (subEntry.kind() != Kind.DIRECTORY) {
                findings.accept(unexpectedFile(sub));
                continue;
            }
            boolean mask = name.equals(DatasetLayout.MASK_FOLDER);
            String extension = name.equals(DatasetLayout.JSON_FOLDER) ? "json" : "dcm";
            if (!mask && !name.equals(DatasetLayout.DICOM_FOLDER) && !name.equals(DatasetLayout.JSON_FOLDER)) {
                findings.accept(Finding.error("layout.unexpected-folder", Location.ofFile(sub.toString()),
                        "a series folder holds only dcm/, binary/ and json/"));
                continue;
            }
            List<Entry> entries = list(sub, findings);
            if (reportTemporaryFiles) {
                reportLeftovers(entries, findings);
            }
            for (Entry fileEntry : visible(entries)) {
                Path file = fileEntry.path();
                if (fileEntry.kind() != Kind.DIRECTORY && fileEntry.kind() != Kind.FILE) {
                    findings.accept(Finding.error("layout.not-a-regular-file", Location.ofFile(file.toString()),
                            "not a regular file (a FIFO, device or socket?); not read"));
                    continue;
                }
                Optional<ImageKey> image = imageKey(plugin, key, fileEntry, extension, mask, findings);
                if (image.isEmpty()) {
                    continue;
                }
                ImageFiles current = images.getOrDefault(image.get(), new ImageFiles(image.get(), null, null, new TreeMap<>()));
                if (mask) {
                    int category = DatasetLayout.parse(file.getFileName().toString(), "dcm", true).orElseThrow().categoryId();
                    if (plugin.categoryTable().byId(category).isEmpty()) {
                        findings.accept(Finding.error("layout.mask-category-unknown", Location.ofFile(file.toString()),
                                "category " + category + " is not in the " + plugin.modality().code() + " table"));
                        continue;
                    }
                    current = current.withMask(category, file);
                } else if (extension.equals("json")) {
                    current = current.withJson(file);
                } else {
                    current = current.withDicom(file);
                }
                images.put(image.get(), current);
            }
        }
        return Optional.of(new SeriesFiles(key, seriesDir, new ArrayList<>(images.values())));
    }

    private Optional<ImageKey> imageKey(ModalityPlugin plugin, SeriesKey series, Entry entry, String extension,
                                        boolean mask, Consumer<Finding> findings) {
        Path file = entry.path();
        String name = file.getFileName().toString();
        String expected = plugin.filePrefix() + "_" + series.patientId() + "_" + series.series() + "_<seq>"
                + (mask ? "_<categoryId>_binary" : "") + "." + extension;
        if (entry.kind() == Kind.DIRECTORY) {
            findings.accept(Finding.error("layout.unexpected-folder", Location.ofFile(file.toString()), "expected files named " + expected));
            return Optional.empty();
        }
        Optional<Finding> unnamable = FileTrees.unrepresentableName(file);
        if (unnamable.isPresent()) {
            findings.accept(unnamable.get());
            return Optional.empty();
        }
        Optional<DatasetLayout.ParsedName> parsed = DatasetLayout.parse(name, extension, mask);
        if (parsed.isEmpty()) {
            findings.accept(Finding.error("layout.bad-file-name", Location.ofFile(file.toString()), "expected a name of the form " + expected));
            return Optional.empty();
        }
        DatasetLayout.ParsedName p = parsed.get();
        if (!p.prefix().equals(plugin.filePrefix()) || !p.patientId().equals(series.patientId()) || !p.series().equals(series.series())) {
            findings.accept(Finding.error("layout.name-mismatch", Location.ofFile(file.toString()),
                    "the name says " + p.prefix() + "/" + p.patientId() + "/" + p.series() + " but the file is in the folders of "
                            + plugin.filePrefix() + "/" + series.patientId() + "/" + series.series() + " (expected " + expected + ")"));
            return Optional.empty();
        }
        try {
            return Optional.of(new ImageKey(series.modality(), series.caseClass(), series.patientId(), series.series(), p.seq()));
        } catch (IllegalArgumentException e) {
            findings.accept(Finding.error("layout.bad-file-name", Location.ofFile(file.toString()), e.getMessage()));
            return Optional.empty();
        }
    }

    private static Finding unexpectedFile(Path p) {
        return Finding.error("layout.unexpected-file", Location.ofFile(p.toString()), "a file where the layout has only folders");
    }

    private static void reportLeftovers(List<Entry> entries, Consumer<Finding> findings) {
        entries.stream().map(Entry::path).filter(AtomicFiles::isTemporary).sorted().forEach(p -> findings.accept(Finding.warning(
                "layout.leftover-temporary-file", Location.ofFile(p.toString()), "a temporary file of an interrupted write; the"
                        + " next pulmo run that writes here removes it (pulmo convert), or delete it")));
    }

    /** The entries of {@code folder}, sorted by path, hidden ones included (for the leftover report). */
    private List<Entry> list(Path folder, Consumer<Finding> findings) {
        try {
            return listing.list(folder).stream().sorted(Comparator.comparing(Entry::path)).toList();
        } catch (IOException | UncheckedIOException e) {
            findings.accept(Finding.error("layout.unreadable", Location.ofFile(folder.toString()), "cannot list the folder: " + e.getMessage()));
            return List.of();
        }
    }

    /** Hidden entries (names starting with '.') are not part of a dataset. */
    private static List<Entry> visible(List<Entry> entries) {
        return entries.stream().filter(e -> !e.path().getFileName().toString().startsWith(".")).toList();
    }
}
