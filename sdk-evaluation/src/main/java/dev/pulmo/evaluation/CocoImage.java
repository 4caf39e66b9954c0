package dev.pulmo.evaluation;

import java.util.Objects;

/**
 * An image of the ground truth: COCO's {@code images[]} entry, with the modality code when known (our COCO files
 * and the dataset tree have one; plain COCO files may not).
 *
 * @param id the image id detections refer to
 * @param fileName COCO's {@code file_name} (for the dataset tree, the DICOM path relative to {@code lung_cancer/})
 * @param width columns, pixels
 * @param height rows, pixels
 * @param modality modality code such as {@code CCT}, or "" when unknown
 */
public record CocoImage(long id, String fileName, int width, int height, String modality) {
    public CocoImage {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(modality, "modality");
    }
}
