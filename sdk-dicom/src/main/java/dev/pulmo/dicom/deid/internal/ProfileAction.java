package dev.pulmo.dicom.deid.internal;

import dev.pulmo.dicom.deid.DeidOptions;
import dev.pulmo.dicom.deid.internal.ProfileTable.Option;
import dev.pulmo.dicom.deid.internal.ProfileTable.Row;

/** The action codes of PS3.15 Table E.1-1 after options and combined forms are resolved (E.3.1). */
public enum ProfileAction {
    /** K: keep (sequences: keep, with the profile applied inside). */
    KEEP,
    /** X: remove. */
    REMOVE,
    /** Z: replace with a zero-length value. */
    EMPTY,
    /** D: replace with a non-zero-length dummy value consistent with the VR. */
    DUMMY,
    /** U: replace the UID with a non-zero-length UID that is consistent within the set of instances. */
    UID,
    /** C: clean (dates shifted, text cut of identifying values). */
    CLEAN;

    /**
     * Resolves the row's action under {@code options}.
     *
     * <p>Options: the action of every enabled option that names the attribute replaces the basic profile's; when
     * several do, C beats K (the more protective choice; PS3.15 leaves the combination to the implementation).
     *
     * <p>Combined forms ({@code Z/D}, {@code X/Z}, {@code X/D}, {@code X/Z/D}, {@code X/Z/U*}): PS3.15 E.3.1 picks
     * the first action unless the attribute's type in the IOD (1, 2, 3) requires a later one. The shared tables of the
     * standard list each IOD's modules but not the modules' attributes and their types, so the type is not known here;
     * this implementation takes the last action, the one that keeps every IOD valid; it
     * leaks nothing either way, since Z empties and D writes a fixed dummy. {@code X/Z/U*} (Referenced Image
     * Sequence, Source Image Sequence) therefore keeps the sequence with its UIDs replaced, which keeps the
     * references from masks and SEG objects to their images resolvable (SPEC.md §4).
     */
    public static ProfileAction resolve(Row row, DeidOptions options) {
        int optionSet = (options.retainPatientCharacteristics() ? 1 : 0) | (options.retainDeviceIdentity() ? 2 : 0)
                | (options.retainLongitudinalModifiedDates() ? 4 : 0) | (options.cleanDescriptors() ? 8 : 0);
        return row.actions()[optionSet];
    }

    /**
     * The row's action under each set of the four options {@link DeidOptions} has, indexed as {@link #resolve} indexes
     * them: resolved once, when the table is loaded, not for every element of every dataset.
     */
    static ProfileAction[] underEachOptionSet(String basicAction, String[] optionActions, String name) {
        ProfileAction[] actions = new ProfileAction[16];
        for (int optionSet = 0; optionSet < actions.length; optionSet++) {
            actions[optionSet] = resolve(basicAction, optionActions, name, optionSet);
        }
        return actions;
    }

    private static ProfileAction resolve(String basicAction, String[] optionActions, String name, int optionSet) {
        String code = basicAction;
        String optionCode = null;
        for (Option option : Option.values()) {
            String action = optionActions[option.ordinal()];
            if (action != null && enabled(option, optionSet)) {
                optionCode = "C".equals(optionCode) ? optionCode : action;
            }
        }
        if (optionCode != null) {
            code = optionCode;
        }
        String last = code.substring(code.lastIndexOf('/') + 1).replace("*", "");
        return switch (last) {
            case "K" -> KEEP;
            case "X" -> REMOVE;
            case "Z" -> EMPTY;
            case "D" -> DUMMY;
            case "U" -> UID;
            case "C" -> CLEAN;
            default -> throw new IllegalStateException("unknown profile action '" + code + "' for " + name);
        };
    }

    private static boolean enabled(Option option, int optionSet) {
        return switch (option) {
            case RETAIN_PATIENT_CHARACTERISTICS -> (optionSet & 1) != 0;
            case RETAIN_DEVICE_IDENTITY -> (optionSet & 2) != 0;
            case RETAIN_LONGITUDINAL_MODIFIED_DATES -> (optionSet & 4) != 0;
            case CLEAN_DESCRIPTORS -> (optionSet & 8) != 0;
            // Private attributes are decided by the safelist, not by this row.
            default -> false;
        };
    }
}
