package dev.pulmo.api.io;

/**
 * Makes text from data safe to print on a terminal. A value read from a file may hold escape sequences
 * ({@code ESC[2J} clears the screen, {@code ESC]0;...BEL} sets the window title, OSC 8 forges links), line breaks that
 * forge extra report lines, or Unicode bidirectional overrides that make a line read differently from what it is
 * (CVE-2021-42574, "Trojan Source"). {@link #escape} writes every such character as a visible escape, so what is
 * printed is what the data holds.
 */
public final class TerminalText {

    private TerminalText() {
    }

    /**
     * Escapes, as {@code \xHH} (C0, DEL, C1) or {@code \}{@code uHHHH} (the rest):
     * <ul>
     *   <li>C0 controls U+0000–U+001F, among them ESC, BEL, tab, line feed and carriage return, and DEL U+007F;</li>
     *   <li>C1 controls U+0080–U+009F (U+009B is a one-character CSI on some terminals);</li>
     *   <li>bidirectional formatting: U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069;</li>
     *   <li>line and paragraph separators U+2028, U+2029, and unpaired surrogates.</li>
     * </ul>
     * Everything else, including Korean text and backslashes, is kept as it is.
     *
     * @param text any text, or null
     * @return the text with those characters escaped; {@code "null"} for null; the same instance when nothing needed
     *         escaping
     */
    public static String escape(String text) {
        if (text == null) {
            return "null";
        }
        int first = firstUnsafe(text);
        if (first < 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        sb.append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                sb.append(c).append(text.charAt(++i));
            } else if (!isUnsafe(c)) {
                sb.append(c);
            } else if (c <= 0xFF) {
                sb.append(String.format("\\x%02X", (int) c));
            } else {
                sb.append(String.format("\\u%04X", (int) c));
            }
        }
        return sb.toString();
    }

    private static int firstUnsafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (isUnsafe(c)) {
                return i;
            }
        }
        return -1;
    }

    /** Called on a char that is not the first half of a valid surrogate pair. */
    private static boolean isUnsafe(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F)
                || c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E)
                || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029
                || Character.isSurrogate(c);
    }
}
