package dev.pulmo.dicom.deid;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A private attribute that de-identification keeps: the private creator (the value of {@code (gggg,00xx)}),
 * the odd group and the element's low byte within the creator's block (PS3.5 7.8.1), so that
 * {@code (0019,10 23)} reserved by creator {@code "ACME 1.0"} at {@code (0019,0010)} is
 * {@code new SafePrivateTag("ACME 1.0", 0x0019, 0x23)}, whatever block the creator got in a given file.
 *
 * @param creator       private creator value, compared after trimming spaces
 * @param group         odd group, 0x0009..0xFFFD
 * @param elementOffset the element number's low byte, 0x00..0xFF
 */
public record SafePrivateTag(String creator, int group, int elementOffset) {
    private static final Pattern TEXT = Pattern.compile("(.+):\\(?([0-9A-Fa-f]{4}),(?:xx|XX)([0-9A-Fa-f]{2})\\)?");

    public SafePrivateTag {
        Objects.requireNonNull(creator, "creator");
        creator = creator.strip();
        if ((group & 1) == 0 || group < 0x0009 || group > 0xFFFD) {
            throw new IllegalArgumentException("a private group is odd and 0009..FFFD, got " + Integer.toHexString(group));
        }
        if (elementOffset < 0 || elementOffset > 0xFF) {
            throw new IllegalArgumentException("element offset must be 00..FF, got " + elementOffset);
        }
    }

    /**
     * Parses {@code creator:(gggg,xxee)} (parentheses optional), e.g. {@code ACME 1.0:(0019,xx23)}.
     *
     * @throws IllegalArgumentException naming the text when it has another form
     */
    public static SafePrivateTag parse(String text) {
        Matcher m = TEXT.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("safe private tag must read creator:(gggg,xxee), got '" + text + "'");
        }
        return new SafePrivateTag(m.group(1), Integer.parseInt(m.group(2), 16), Integer.parseInt(m.group(3), 16));
    }

    /**
     * @param creatorValue the value of the creator element that reserved the block of {@code tag} (trimmed here)
     * @param tag          a private data element tag (gggg,xxee)
     * @return true when this entry names that element
     */
    public boolean matches(String creatorValue, int tag) {
        return (tag >>> 16) == group && (tag & 0xFF) == elementOffset && creator.equals(creatorValue.strip());
    }

    /** @return true when any entry of {@code safelist} names the element */
    public static boolean anyMatches(java.util.List<SafePrivateTag> safelist, String creatorValue, int tag) {
        return safelist.stream().anyMatch(t -> t.matches(creatorValue, tag));
    }

    @Override
    public String toString() {
        return String.format("%s:(%04X,xx%02X)", creator, group, elementOffset);
    }
}
