package dev.pulmo.evaluation;

/** A category of the ground truth: COCO's {@code categories[]} entry. */
public record CocoCategory(int id, String name) {
}
