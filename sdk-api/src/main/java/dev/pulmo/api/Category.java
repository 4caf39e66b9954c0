package dev.pulmo.api;

/**
 * One entry of the {@code categories} section of a guideline JSON file (SPEC.md §3).
 *
 * @param supercategory     modality code ({@code XRY}, {@code CCT}, {@code PCT}, or a plugin's)
 * @param supercategoryName modality display name; always written, optional on read ({@code null} if absent)
 * @param grpId             group id: 1 malignant, 2 benign
 * @param grpName           group name ({@code 악성} or {@code 양성})
 * @param id                category id, in the modality's category table
 * @param name              Korean canonical category name
 */
public record Category(String supercategory, String supercategoryName, int grpId, String grpName, int id, String name) {

    /** The JSON entry for category {@code definition} of {@code modality}. */
    public static Category of(Modality modality, CategoryDefinition definition) {
        return new Category(modality.code(), modality.displayName(), definition.groupId(), definition.groupName(),
                definition.id(), definition.name());
    }
}
