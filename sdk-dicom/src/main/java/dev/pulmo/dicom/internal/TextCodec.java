package dev.pulmo.dicom.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes text values under a Specific Character Set (PS3.3 C.12.1.1.2, PS3.5 §6.1), including ISO 2022 code
 * extensions. The character sets, their escape sequences and the Java charset that decodes each code element come
 * from the generated {@code character_sets.tsv}.
 *
 * <p>Decoding state (PS3.5 6.1.2.5.3): the value starts in the first term's character set; an escape sequence
 * switches to the set it designates; a delimiter ({@code ^} for PN, CR, LF, FF, TAB) seen while a single-byte
 * (or high-bit G1) set is active returns to the first term's set. Two-byte G0 sets (JIS X 0208/0212) consume
 * bytes in pairs, so a byte of a Kanji is never taken for a delimiter. Splitting a value at {@code \} and a
 * person name at {@code =} happens on the raw bytes before decoding, as pydicom does.
 */
public final class TextCodec {

    /** How the bytes of one code element become characters. */
    private enum Mode { SINGLE, HIGH_BIT_DOUBLE, JIS_X0208, JIS_X0212, JIS_X0201 }

    private record CodeSet(String term, Mode mode, Charset charset) {
    }

    private record Escape(byte[] bytes, CodeSet set) {
    }

    private static final Map<String, CodeSet> BY_TERM = new HashMap<>();
    private static final List<Escape> ESCAPES = new ArrayList<>();
    /** pydicom decodes text without (0008,0005) as ISO 8859-1 (its {@code default_encoding}). */
    private static final CodeSet DEFAULT = new CodeSet("", Mode.SINGLE, StandardCharsets.ISO_8859_1);
    private static final Charset EUC_JP = Charset.forName("EUC-JP");

    static {
        for (String[] r : TsvResource.rows("character_sets.tsv")) {
            // defined_term code_extensions escape_sequence_hex code_element java_charset
            String term = r[0].trim();
            CodeSet set = codeSet(term, r[4].trim());
            BY_TERM.putIfAbsent(term, set);
            if (!r[2].isBlank()) {
                String[] hex = r[2].trim().split(" ");
                byte[] esc = new byte[hex.length];
                for (int i = 0; i < hex.length; i++) {
                    esc[i] = (byte) Integer.parseInt(hex[i], 16);
                }
                ESCAPES.add(new Escape(esc, set));
            }
        }
        BY_TERM.put("", DEFAULT);
        // longest escape first, so ESC $ ( D (JIS X 0212) wins over shorter prefixes
        ESCAPES.sort((a, b) -> b.bytes.length - a.bytes.length);
    }

    private static CodeSet codeSet(String term, String javaName) {
        if (javaName.equals("JIS_X0201")) {
            return new CodeSet(term, Mode.JIS_X0201, null);
        }
        if (javaName.equals("x-JIS0208")) {
            return new CodeSet(term, Mode.JIS_X0208, EUC_JP);
        }
        if (javaName.equals("x-JIS0212")) {
            return new CodeSet(term, Mode.JIS_X0212, EUC_JP);
        }
        Charset cs = Charset.isSupported(javaName) ? Charset.forName(javaName) : StandardCharsets.ISO_8859_1;
        if (javaName.equals("US-ASCII")) {
            cs = StandardCharsets.ISO_8859_1; // pydicom's default_encoding; identical on ASCII bytes
        }
        boolean doubleByte = javaName.equals("EUC-KR") || javaName.equals("GB2312");
        return new CodeSet(term, doubleByte ? Mode.HIGH_BIT_DOUBLE : Mode.SINGLE, cs);
    }

    private final List<String> terms;
    private final CodeSet initial;
    private final boolean codeExtensions;
    private final List<String> unknownTerms = new ArrayList<>();

    public TextCodec(List<String> terms) {
        this.terms = List.copyOf(terms);
        CodeSet first = terms.isEmpty() ? DEFAULT : lookup(terms.get(0));
        this.initial = first;
        boolean ext = terms.size() > 1;
        for (String t : terms) {
            if (t.startsWith("ISO 2022")) {
                ext = true;
            }
        }
        this.codeExtensions = ext;
    }

    private CodeSet lookup(String term) {
        CodeSet set = BY_TERM.get(term);
        if (set == null) {
            // "ISO_IR 100" written where "ISO 2022 IR 100" is meant, or the reverse
            set = BY_TERM.get(term.startsWith("ISO 2022 IR ") ? term.replace("ISO 2022 IR ", "ISO_IR ")
                    : term.replace("ISO_IR ", "ISO 2022 IR "));
        }
        if (set == null) {
            unknownTerms.add(term);
            return DEFAULT;
        }
        return set;
    }

    public List<String> terms() {
        return terms;
    }

    /** @return terms that are not defined terms of PS3.3 C.12.1.1.2 (decoded as ISO 8859-1) */
    public List<String> unknownTerms() {
        return List.copyOf(unknownTerms);
    }

    /**
     * @param personName true for PN, where {@code ^} is also a delimiter that ends an escape's scope
     * @return the text of {@code length} bytes at {@code offset}
     */
    public String decode(byte[] b, int offset, int length, boolean personName) {
        if (!codeExtensions) {
            return decodeRun(initial, b, offset, length);
        }
        StringBuilder out = new StringBuilder(length);
        CodeSet state = initial;
        int runStart = offset;
        int end = offset + length;
        int i = offset;
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c == 0x1B) {
                Escape esc = matchEscape(b, i, end);
                out.append(decodeRun(state, b, runStart, i - runStart));
                if (esc == null) { // unknown escape: keep the ESC byte as a character
                    out.append((char) 0x1B);
                    i++;
                } else {
                    state = esc.set;
                    i += esc.bytes.length;
                }
                runStart = i;
                continue;
            }
            boolean twoByteG0 = state.mode == Mode.JIS_X0208 || state.mode == Mode.JIS_X0212;
            if (twoByteG0) {
                i += (c == 0x0D || c == 0x0A) ? 1 : 2;
                continue;
            }
            if (c == 0x0D || c == 0x0A || c == 0x0C || c == 0x09 || (personName && c == '^')) {
                out.append(decodeRun(state, b, runStart, i - runStart)).append((char) c);
                state = initial;
                runStart = ++i;
                continue;
            }
            i++;
        }
        out.append(decodeRun(state, b, runStart, Math.min(i, end) - runStart));
        return out.toString();
    }

    private static Escape matchEscape(byte[] b, int at, int end) {
        for (Escape e : ESCAPES) {
            int n = e.bytes.length;
            if (at + n <= end) {
                boolean match = true;
                for (int k = 1; k < n && match; k++) {
                    match = b[at + k] == e.bytes[k];
                }
                if (match) {
                    return e;
                }
            }
        }
        return null;
    }

    private static String decodeRun(CodeSet set, byte[] b, int offset, int length) {
        if (length <= 0) {
            return "";
        }
        switch (set.mode) {
            case JIS_X0201: {
                StringBuilder sb = new StringBuilder(length);
                for (int i = offset; i < offset + length; i++) {
                    int c = b[i] & 0xFF;
                    // pydicom decodes IR 13 with Python's shift_jis: ASCII below 0x80, half-width Katakana 0xA1-0xDF
                    sb.append(c < 0x80 ? (char) c : c >= 0xA1 && c <= 0xDF ? (char) (0xFF61 + c - 0xA1) : '\uFFFD');
                }
                return sb.toString();
            }
            case JIS_X0208:
            case JIS_X0212: {
                // JIS X 0208/0212 in G0 are the 7-bit forms of EUC-JP's code set 1/3: set the high bits
                ByteArrayOutputStream euc = new ByteArrayOutputStream(length + length / 2);
                for (int i = offset; i < offset + length; i++) {
                    int c = b[i] & 0xFF;
                    if (c < 0x21 || c > 0x7E) {
                        euc.write(c);
                        continue;
                    }
                    if (set.mode == Mode.JIS_X0212 && ((i - offset) % 2 == 0)) {
                        euc.write(0x8F);
                    }
                    euc.write(c | 0x80);
                }
                return new String(euc.toByteArray(), EUC_JP);
            }
            default:
                return new String(b, offset, length, set.charset);
        }
    }

    /** @return the charset a writer uses for text under these terms (no code extensions are written) */
    public Charset encodingCharset() {
        if (initial.mode == Mode.SINGLE || initial.mode == Mode.HIGH_BIT_DOUBLE) {
            return initial.charset;
        }
        return StandardCharsets.US_ASCII;
    }
}
