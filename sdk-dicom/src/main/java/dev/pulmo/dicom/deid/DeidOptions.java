package dev.pulmo.dicom.deid;

import java.util.List;

/**
 * How to de-identify: the options of PS3.15 Table E.1-1 that this dataset needs, each on or off, plus the private
 * safelist and the burned-in text rules. {@link #DATASET_DEFAULTS} is what the guideline asks for (SPEC.md §5, §8):
 * age and sex kept, device kept, dates kept as per-patient shifted dates, descriptors (e.g. Series Description)
 * kept after cleaning.
 *
 * <p>When several enabled options name one attribute, the more protective action wins: clean (C) over keep (K).
 * The options not listed here (institution identity, UIDs, full dates, structured content, graphics) are always
 * off.
 *
 * @param retainPatientCharacteristics  Retain Patient Characteristics Option (age, sex, size, weight, ...)
 * @param retainDeviceIdentity          Retain Device Identity Option (serial numbers, station name, ...);
 *                                      Manufacturer and model are not in the profile and are always kept
 * @param retainLongitudinalModifiedDates Retain Longitudinal Temporal Information with Modified Dates Option: dates
 *                                      and date-times shifted by the patient's {@link PatientPseudonym#dateShiftDays}
 *                                      instead of removed; times of day kept
 * @param cleanDescriptors              Clean Descriptors Option: descriptions and comments kept with every
 *                                      identifying value of the same dataset (names, ids, addresses, ...) cut out
 * @param safePrivateTags               private attributes kept (Retain Safe Private Option limited to this list);
 *                                      every other private attribute is removed
 * @param burnedInTextRules             device layouts whose rectangles are blanked in the pixel data
 * @param writeUncleanedPixels          when burned-in text must be blanked but cannot be (compressed pixel data, or
 *                                      Burned In Annotation YES without a matching rule): true writes the file
 *                                      anyway with Burned In Annotation left at YES and says so in the audit; false
 *                                      (the default) throws {@link DeidException}
 */
public record DeidOptions(boolean retainPatientCharacteristics, boolean retainDeviceIdentity,
                          boolean retainLongitudinalModifiedDates, boolean cleanDescriptors,
                          List<SafePrivateTag> safePrivateTags, List<BurnedInTextRule> burnedInTextRules,
                          boolean writeUncleanedPixels) {

    /** The guideline's choice: the four options on, no private attributes, no burned-in text rules. */
    public static final DeidOptions DATASET_DEFAULTS = new DeidOptions(true, true, true, true, List.of(), List.of(), false);

    /** The basic profile alone: every option off. */
    public static final DeidOptions BASIC_PROFILE = new DeidOptions(false, false, false, false, List.of(), List.of(), false);

    public DeidOptions {
        safePrivateTags = List.copyOf(safePrivateTags);
        burnedInTextRules = List.copyOf(burnedInTextRules);
    }

    public DeidOptions withSafePrivateTags(List<SafePrivateTag> tags) {
        return new DeidOptions(retainPatientCharacteristics, retainDeviceIdentity, retainLongitudinalModifiedDates,
                cleanDescriptors, tags, burnedInTextRules, writeUncleanedPixels);
    }

    public DeidOptions withBurnedInTextRules(List<BurnedInTextRule> rules) {
        return new DeidOptions(retainPatientCharacteristics, retainDeviceIdentity, retainLongitudinalModifiedDates,
                cleanDescriptors, safePrivateTags, rules, writeUncleanedPixels);
    }

    public DeidOptions withWriteUncleanedPixels(boolean write) {
        return new DeidOptions(retainPatientCharacteristics, retainDeviceIdentity, retainLongitudinalModifiedDates,
                cleanDescriptors, safePrivateTags, burnedInTextRules, write);
    }
}
