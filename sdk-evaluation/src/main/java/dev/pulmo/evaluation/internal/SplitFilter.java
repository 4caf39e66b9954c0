package dev.pulmo.evaluation.internal;

import dev.pulmo.dataset.SplitManifest;
import dev.pulmo.evaluation.EvaluationException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The images of one part of a split manifest as {@code pulmo split} writes it ({@code SplitManifest}: header
 * {@code split,modality,class,patient_id,series,seq,dicom}, one row per image, {@code dicom} relative to the
 * {@code lung_cancer} folder). Read here until sdk-dataset offers a reader of its own manifest.
 */
public final class SplitFilter {

    private SplitFilter() {
    }

    /**
     * The DICOM paths (relative, with {@code /}) of the rows of {@code part}.
     *
     * @throws EvaluationException naming the file and line when it is not a manifest, or when no row is of that part
     */
    public static Set<String> imagesOf(Path manifest, String part) {
        Set<String> images = new HashSet<>();
        Set<String> parts = new HashSet<>();
        boolean isManifest;
        try {
            isManifest = SplitManifest.readLines(manifest, (n, f) -> {
                if (f.length != 7) {
                    throw new EvaluationException(manifest + ":" + n + ": expected 7 fields (" + SplitManifest.HEADER + "), found " + f.length);
                }
                parts.add(f[0]);
                if (f[0].equals(part)) {
                    images.add(f[6]);
                }
            });
        } catch (UncheckedIOException e) {
            throw new EvaluationException(e.getMessage(), e);
        }
        if (!isManifest) {
            throw new EvaluationException(manifest + ":1: expected the header '" + SplitManifest.HEADER + "' of a pulmo split manifest");
        }
        if (images.isEmpty()) {
            throw new EvaluationException(manifest + ": no image is in part '" + part + "' (parts found: " + String.join(", ", parts) + ")");
        }
        return images;
    }
}
