package dev.pulmo.dicom;

import dev.pulmo.dicom.internal.TextCodec;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.List;

/**
 * The character repertoires of a dataset or sequence item, from Specific Character Set (0008,0005)
 * (PS3.3 C.12.1.1.2): single-byte sets (ISO_IR 100 ...), UTF-8 (ISO_IR 192), GB18030, GBK, and ISO 2022 code
 * extensions (e.g. {@code \ISO 2022 IR 149} for Korean, {@code ISO 2022 IR 13\ISO 2022 IR 87} for Japanese).
 * Only LO, LT, PN, SH, ST, UC and UT use it; other VRs are in the default repertoire. Without (0008,0005), text is
 * decoded as ISO 8859-1, as pydicom does.
 */
public final class SpecificCharacterSet {

    /** No (0008,0005): the default repertoire. */
    public static final SpecificCharacterSet DEFAULT = new SpecificCharacterSet(List.of());

    private final TextCodec codec;

    private SpecificCharacterSet(List<String> terms) {
        this.codec = new TextCodec(terms);
    }

    /** @param terms the values of (0008,0005), each trimmed; the first may be empty (ASCII, PS3.3 C.12.1.1.2) */
    public static SpecificCharacterSet of(List<String> terms) {
        if (terms.isEmpty() || (terms.size() == 1 && terms.get(0).isBlank())) {
            return DEFAULT;
        }
        List<String> trimmed = new ArrayList<>(terms.size());
        for (String t : terms) {
            trimmed.add(t == null ? "" : t.trim());
        }
        return new SpecificCharacterSet(trimmed);
    }

    /** @return the defined terms as given */
    public List<String> terms() {
        return codec.terms();
    }

    /** @return defined terms that are not in the standard's table (their text is decoded as ISO 8859-1) */
    public List<String> unknownTerms() {
        return codec.unknownTerms();
    }

    /**
     * Decodes one value (already split at {@code \}, and for PN at {@code =}).
     *
     * @param vr the element's VR; VRs that do not use the Specific Character Set are decoded as ISO 8859-1
     */
    public String decode(byte[] bytes, int offset, int length, VR vr) {
        if (!vr.usesSpecificCharacterSet()) {
            return new String(bytes, offset, length, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
        return codec.decode(bytes, offset, length, vr == VR.PN);
    }

    /**
     * Encodes text for a value of {@code vr}. Code extensions are not written: text must be representable in the
     * first term's character set (or in ASCII when it has none).
     *
     * @throws DicomException when a character cannot be encoded
     */
    public byte[] encode(String text, VR vr) {
        CharsetEncoder encoder = (vr.usesSpecificCharacterSet() ? codec.encodingCharset()
                : java.nio.charset.StandardCharsets.ISO_8859_1).newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            ByteBuffer bb = encoder.encode(CharBuffer.wrap(text));
            byte[] out = new byte[bb.remaining()];
            bb.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new DicomException("cannot encode \"" + text + "\" as " + vr + " in character set " + terms()
                    + " (" + encoder.charset().name() + ")");
        }
    }

    @Override
    public String toString() {
        return "SpecificCharacterSet" + terms();
    }
}
