package dev.pulmo.spark.internal;

import dev.pulmo.api.plugin.CaseClass;
import dev.pulmo.dataset.ImageFiles;
import dev.pulmo.dataset.ImageKey;
import dev.pulmo.dataset.SeriesFiles;
import dev.pulmo.dataset.SeriesKey;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One series of the scan, as it travels to an executor: its place in the tree's order and its files' paths as strings
 * (the scanner's {@link SeriesFiles} holds paths and is not serializable). The unit of work: a series' images stay
 * together, for the series rules.
 */
public record SeriesTask(long order, String modality, CaseClass caseClass, String patientId, String series, String folder,
                         List<Image> images) implements Serializable {

    /** One image's files; null where the tree has none. */
    public record Image(String seq, String dicom, String json, TreeMap<Integer, String> masks) implements Serializable {
    }

    public static SeriesTask of(long order, SeriesFiles s) {
        List<Image> images = new ArrayList<>(s.images().size());
        for (ImageFiles f : s.images()) {
            TreeMap<Integer, String> masks = new TreeMap<>();
            f.masks().forEach((category, path) -> masks.put(category, path.toString()));
            images.add(new Image(f.key().seq(), string(f.dicom()), string(f.json()), masks));
        }
        SeriesKey k = s.key();
        return new SeriesTask(order, k.modality(), k.caseClass(), k.patientId(), k.series(), s.folder().toString(), images);
    }

    /** The series as the scanner found it. */
    public SeriesFiles files() {
        List<ImageFiles> list = new ArrayList<>(images.size());
        for (Image i : images) {
            TreeMap<Integer, Path> masks = new TreeMap<>();
            for (Map.Entry<Integer, String> m : i.masks().entrySet()) {
                masks.put(m.getKey(), Path.of(m.getValue()));
            }
            list.add(new ImageFiles(new ImageKey(modality, caseClass, patientId, series, i.seq()), path(i.dicom()),
                    path(i.json()), masks));
        }
        return new SeriesFiles(new SeriesKey(modality, caseClass, patientId, series), Path.of(folder), list);
    }

    /** Images of the series, for sizing partitions. */
    public int size() {
        return images.size();
    }

    private static String string(Path p) {
        return p == null ? null : p.toString();
    }

    private static Path path(String s) {
        return s == null ? null : Path.of(s);
    }
}
