package dev.pulmo.dataset;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.api.plugin.ModalityPlugin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Walks a dataset tree in the guideline's layout one series at a time, so memory stays bounded by the
 * largest series, not the dataset. Everything that does not fit the layout becomes a {@link Finding}, never
 * an exception: unknown modality or class folders, stray files, misnamed files, names that disagree with
 * their folders, masks of categories the modality does not have.
 *
 * <p>Rule codes: {@code layout.missing-root}, {@code layout.empty}, {@code layout.unknown-modality-folder},
 * {@code layout.unknown-class}, {@code layout.unexpected-file}, {@code layout.unexpected-folder},
 * {@code layout.bad-file-name}, {@code layout.name-mismatch}, {@code layout.mask-category-unknown},
 * {@code layout.unreadable}.
 */
public final class DatasetScanner {
    private final DatasetLayout layout;

    public DatasetScanner(DatasetLayout layout) {
        this.layout = layout;
    }

    /**
     * Calls {@code onSeries} for every series folder, in a stable order (modality folder, class, patient,
     * series), and returns the layout findings.
     */
    public List<Finding> scan(Consumer<SeriesFiles> onSeries) {
        List<Finding> findings = new ArrayList<>();
        Path root = layout.root();
        if (!Files.isDirectory(root)) {
            findings.add(Finding.error("layout.missing-root", Location.ofFile(root.toString()),
                    "no dataset here: expected a folder '" + DatasetLayout.TOP_FOLDER + "' with modality folders"));
            return findings;
        }
        List<Path> modalityDirs = list(root, findings);
        if (modalityDirs.stream().noneMatch(d -> layout.catalog().findByFolder(d.getFileName().toString()).isPresent())) {
            findings.add(Finding.error("layout.empty", Location.ofFile(root.toString()),
                    "no dataset here: none of the modality folders ("
                            + String.join(", ", layout.catalog().all().stream().map(ModalityPlugin::folderName).toList())
                            + ") is in this folder or in a '" + DatasetLayout.TOP_FOLDER + "' folder inside it"));
        }
        for (Path modalityDir : modalityDirs) {
            String folder = modalityDir.getFileName().toString();
            if (!Files.isDirectory(modalityDir)) {
                findings.add(unexpectedFile(modalityDir));
                continue;
            }
            Optional<ModalityPlugin> plugin = layout.catalog().findByFolder(folder);
            if (plugin.isEmpty()) {
                findings.add(Finding.error("layout.unknown-modality-folder", Location.ofFile(modalityDir.toString()),
                        "'" + folder + "' is not the folder of any loaded modality (known: "
                                + String.join(", ", layout.catalog().all().stream().map(ModalityPlugin::folderName).toList()) + ")"));
                continue;
            }
            for (Path classDir : list(modalityDir, findings)) {
                Optional<CaseClass> caseClass = CaseClass.fromFolderName(classDir.getFileName().toString());
                if (!Files.isDirectory(classDir)) {
                    findings.add(unexpectedFile(classDir));
                } else if (caseClass.isEmpty()) {
                    findings.add(Finding.error("layout.unknown-class", Location.ofFile(classDir.toString()),
                            "'" + classDir.getFileName() + "' is not a case class (benign, malignant, normal)"));
                } else {
                    for (Path patientDir : list(classDir, findings)) {
                        if (!Files.isDirectory(patientDir)) {
                            findings.add(unexpectedFile(patientDir));
                            continue;
                        }
                        for (Path seriesDir : list(patientDir, findings)) {
                            if (!Files.isDirectory(seriesDir)) {
                                findings.add(unexpectedFile(seriesDir));
                                continue;
                            }
                            scanSeries(plugin.get(), caseClass.get(), seriesDir, findings).ifPresent(onSeries);
                        }
                    }
                }
            }
        }
        return findings;
    }

    private Optional<SeriesFiles> scanSeries(ModalityPlugin plugin, CaseClass caseClass, Path seriesDir, List<Finding> findings) {
        String patientId = seriesDir.getParent().getFileName().toString();
        String series = seriesDir.getFileName().toString();
        SeriesKey key;
        try {
            key = new SeriesKey(plugin.modality().code(), caseClass, patientId, series);
            new ImageKey(key.modality(), caseClass, patientId, series, "1"); // validates the folder names as name parts
        } catch (IllegalArgumentException e) {
            findings.add(Finding.error("layout.bad-file-name", Location.ofFile(seriesDir.toString()),
                    "patient and series folder names cannot be used in file names: " + e.getMessage()));
            return Optional.empty();
        }
        TreeMap<ImageKey, ImageFiles> images = new TreeMap<>();
        for (Path sub : list(seriesDir, findings)) {
            String name = sub.getFileName().toString();
            if (!Files.isDirectory(sub)) {
                findings.add(unexpectedFile(sub));
                continue;
            }
            boolean mask = name.equals(DatasetLayout.MASK_FOLDER);
            String extension = name.equals(DatasetLayout.JSON_FOLDER) ? "json" : "dcm";
            if (!mask && !name.equals(DatasetLayout.DICOM_FOLDER) && !name.equals(DatasetLayout.JSON_FOLDER)) {
                findings.add(Finding.error("layout.unexpected-folder", Location.ofFile(sub.toString()),
                        "a series folder holds only dcm/, binary/ and json/"));
                continue;
            }
            for (Path file : list(sub, findings)) {
                Optional<ImageKey> image = imageKey(plugin, key, file, extension, mask, findings);
                if (image.isEmpty()) {
                    continue;
                }
                ImageFiles current = images.getOrDefault(image.get(), new ImageFiles(image.get(), null, null, new TreeMap<>()));
                if (mask) {
                    int category = DatasetLayout.parse(file.getFileName().toString(), "dcm", true).orElseThrow().categoryId();
                    if (plugin.categoryTable().byId(category).isEmpty()) {
                        findings.add(Finding.error("layout.mask-category-unknown", Location.ofFile(file.toString()),
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

    private Optional<ImageKey> imageKey(ModalityPlugin plugin, SeriesKey series, Path file, String extension,
                                        boolean mask, List<Finding> findings) {
        String name = file.getFileName().toString();
        String expected = plugin.filePrefix() + "_" + series.patientId() + "_" + series.series() + "_<seq>"
                + (mask ? "_<categoryId>_binary" : "") + "." + extension;
        if (Files.isDirectory(file)) {
            findings.add(Finding.error("layout.unexpected-folder", Location.ofFile(file.toString()), "expected files named " + expected));
            return Optional.empty();
        }
        Optional<DatasetLayout.ParsedName> parsed = DatasetLayout.parse(name, extension, mask);
        if (parsed.isEmpty()) {
            findings.add(Finding.error("layout.bad-file-name", Location.ofFile(file.toString()), "expected a name of the form " + expected));
            return Optional.empty();
        }
        DatasetLayout.ParsedName p = parsed.get();
        if (!p.prefix().equals(plugin.filePrefix()) || !p.patientId().equals(series.patientId()) || !p.series().equals(series.series())) {
            findings.add(Finding.error("layout.name-mismatch", Location.ofFile(file.toString()),
                    "the name says " + p.prefix() + "/" + p.patientId() + "/" + p.series() + " but the file is in the folders of "
                            + plugin.filePrefix() + "/" + series.patientId() + "/" + series.series() + " (expected " + expected + ")"));
            return Optional.empty();
        }
        try {
            return Optional.of(new ImageKey(series.modality(), series.caseClass(), series.patientId(), series.series(), p.seq()));
        } catch (IllegalArgumentException e) {
            findings.add(Finding.error("layout.bad-file-name", Location.ofFile(file.toString()), e.getMessage()));
            return Optional.empty();
        }
    }

    private static Finding unexpectedFile(Path p) {
        return Finding.error("layout.unexpected-file", Location.ofFile(p.toString()), "a file where the layout has only folders");
    }

    /** The entries of {@code dir}, sorted; hidden entries (names starting with '.') are not part of a dataset. */
    private static List<Path> list(Path dir, List<Finding> findings) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            findings.add(Finding.error("layout.unreadable", Location.ofFile(dir.toString()), "cannot list the folder: " + e.getMessage()));
            return List.of();
        }
    }
}
