package dev.pulmo.dataset;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The files of one image as found in the tree: its DICOM file, its guideline JSON and its binary masks by
 * category id. Any of them may be missing (a JSON or mask without its image is reported by validation).
 */
public record ImageFiles(ImageKey key, Path dicom, Path json, SortedMap<Integer, Path> masks) {
    public ImageFiles {
        masks = Collections.unmodifiableSortedMap(new TreeMap<>(masks));
    }

    public Optional<Path> dicomFile() {
        return Optional.ofNullable(dicom);
    }

    public Optional<Path> jsonFile() {
        return Optional.ofNullable(json);
    }

    public boolean hasMasks() {
        return !masks.isEmpty();
    }

    ImageFiles withDicom(Path p) {
        return new ImageFiles(key, p, json, masks);
    }

    ImageFiles withJson(Path p) {
        return new ImageFiles(key, dicom, p, masks);
    }

    ImageFiles withMask(int category, Path p) {
        Map<Integer, Path> m = new TreeMap<>(masks);
        m.put(category, p);
        return new ImageFiles(key, dicom, json, new TreeMap<>(m));
    }
}
