package dev.pulmo.cli;

import dev.pulmo.dicom.deid.BurnedInTextRule;
import dev.pulmo.dicom.deid.DeidOptions;
import dev.pulmo.dicom.deid.SafePrivateTag;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The de-identification profile options shared by {@code deid} and {@code ingest} (SPEC.md §8): the PS3.15 options the
 * guideline needs, on by default, each of which can be turned off; private attributes to keep; burned-in text rules.
 * Use: {@code @Mixin DeidProfileOptions profile;} then {@code profile.options()}.
 */
public final class DeidProfileOptions {

    @Option(names = "--id-prefix", paramLabel = "<letters>", defaultValue = "P",
            description = "Prefix of new patient ids in a new mapping file, 1-3 upper-case letters (default: ${DEFAULT-VALUE}).")
    String idPrefix;

    @Option(names = "--basic", description = "The basic profile alone: every option below off.")
    boolean basic;

    @Option(names = "--no-patient-characteristics", description = "Remove age, sex, size, weight (Retain Patient Characteristics off).")
    boolean noPatientCharacteristics;

    @Option(names = "--no-device-identity", description = "Remove device serial numbers, station names (Retain Device Identity off).")
    boolean noDeviceIdentity;

    @Option(names = "--no-date-shift", description = "Remove dates instead of shifting them (Retain Modified Dates off).")
    boolean noDateShift;

    @Option(names = "--no-clean-descriptors", description = "Remove descriptions instead of cleaning them (Clean Descriptors off).")
    boolean noCleanDescriptors;

    @Option(names = "--safe-private", paramLabel = "<creator:(gggg,xxee)>",
            description = "A private attribute to keep, e.g. 'GEMS_PARM_01:(0043,xx27)'; repeatable.")
    List<String> safePrivate = new ArrayList<>();

    @Option(names = "--burned-in-rules", paramLabel = "<csv>",
            description = "Device layouts of burned-in text: lines manufacturer,model,columns,rows,x,y,width,height (regexes; * for any size).")
    Path burnedInRules;

    @Option(names = "--write-uncleaned-pixels",
            description = "Write files whose burned-in text cannot be blanked (compressed, or no rule) instead of skipping them.")
    boolean writeUncleanedPixels;

    /**
     * @throws IllegalArgumentException when a safe private tag or a rules file is malformed
     * @throws java.io.UncheckedIOException when the rules file cannot be read
     */
    DeidOptions options() {
        List<SafePrivateTag> safe = new ArrayList<>();
        for (String s : safePrivate) {
            safe.add(SafePrivateTag.parse(s));
        }
        List<BurnedInTextRule> rules = burnedInRules == null ? List.of() : BurnedInTextRule.readCsv(burnedInRules);
        return new DeidOptions(!basic && !noPatientCharacteristics, !basic && !noDeviceIdentity, !basic && !noDateShift,
                !basic && !noCleanDescriptors, safe, rules, writeUncleanedPixels);
    }

    String idPrefix() {
        return idPrefix;
    }
}
