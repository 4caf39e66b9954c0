package dev.pulmo.evaluation.internal;

import dev.pulmo.api.io.FileErrors;
import dev.pulmo.evaluation.EvaluationException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The images of one part of a split manifest as {@code pulmo split} writes it ({@code SplitManifest}: header
 * {@code split,modality,class,patient_id,series,seq,dicom}, one row per image, {@code dicom} relative to the
 * {@code lung_cancer} folder). Read here until sdk-dataset offers a reader of its own manifest.
 */
public final class SplitFilter {
    private static final String HEADER = "split,modality,class,patient_id,series,seq,dicom";

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
        try (BufferedReader r = Files.newBufferedReader(FileErrors.requireRegularFile(manifest), StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null || !header.replace("\uFEFF", "").equals(HEADER)) {
                throw new EvaluationException(manifest + ":1: expected the header '" + HEADER + "' of a pulmo split manifest");
            }
            String line;
            int n = 1;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length != 7) {
                    throw new EvaluationException(manifest + ":" + n + ": expected 7 fields (" + HEADER + "), found " + f.length);
                }
                parts.add(f[0]);
                if (f[0].equals(part)) {
                    images.add(f[6]);
                }
            }
        } catch (IOException e) {
            throw new EvaluationException("cannot read " + manifest.toAbsolutePath() + ": " + FileErrors.reason(e), e);
        }
        if (images.isEmpty()) {
            throw new EvaluationException(manifest + ": no image is in part '" + part + "' (parts found: " + String.join(", ", parts) + ")");
        }
        return images;
    }
}
