package dev.pulmo.dicom;

import dev.pulmo.api.io.TerminalText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A readable listing of a file in the manner of dcmtk's {@code dcmdump}: one line per element with tag, VR, value
 * (text in brackets, numbers plain, binary values by length) and a comment with length, VM and keyword; sequence
 * items indented.
 */
public final class DicomDump {

    private static final int MAX_VALUE_CHARS = 64;

    private DicomDump() {
    }

    /**
     * Writes the listing of {@code file} to {@code out}.
     *
     * @throws UncheckedIOException when {@code out} fails
     */
    public static void write(DicomFile file, Appendable out) {
        try {
            out.append("# ").append(TerminalText.escape(file.source())).append(file.preamble() ? " (preamble)" : " (no preamble)").append('\n');
            out.append("# File Meta Information").append(file.fileMeta().isEmpty() ? ": none" : "").append('\n');
            dataset(file.fileMeta(), out, 0);
            TransferSyntax ts = file.transferSyntax();
            out.append("# Dataset, ").append(ts.name()).append(" (").append(ts.uid()).append(")\n");
            dataset(file.dataset(), out, 0);
            for (String w : file.warnings()) {
                out.append("# warning: ").append(TerminalText.escape(w)).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void dataset(DicomDataset ds, Appendable out, int depth) throws IOException {
        for (DicomElement e : ds.elements()) {
            String indent = "  ".repeat(depth);
            String keyword = ElementDictionary.keywordOf(e.tag());
            if (e.vr() == VR.SQ) {
                out.append(indent).append(Tag.toString(e.tag())).append(" SQ (Sequence with ")
                        .append(String.valueOf(e.items().size())).append(" items)")
                        .append(pad(indent.length() + 40)).append("# ").append(keyword).append('\n');
                int n = 0;
                for (DicomDataset item : e.items()) {
                    out.append(indent).append("  (FFFE,E000) Item #").append(String.valueOf(++n)).append('\n');
                    dataset(item, out, depth + 2);
                }
                continue;
            }
            String value = describe(e);
            String line = indent + Tag.toString(e.tag()) + " " + e.vr() + " " + value;
            out.append(line).append(" ".repeat(Math.max(1, 60 - line.length()))).append("# ")
                    .append(String.valueOf(e.valueLength())).append(", ").append(String.valueOf(valueCount(e)))
                    .append(keyword.isEmpty() ? "" : " " + keyword).append('\n');
        }
    }

    private static String pad(int used) {
        return " ".repeat(Math.max(1, 60 - used));
    }

    private static int valueCount(DicomElement e) {
        if (e.vr().isBulk()) {
            return e.isEmpty() ? 0 : 1;
        }
        return e.vr() == VR.PN ? e.personNames().size() : e.strings().size();
    }

    private static String describe(DicomElement e) {
        if (e.isEmpty()) {
            return "(no value available)";
        }
        if (e.vr().isBulk()) {
            return e.encapsulated().map(p -> "(encapsulated: " + p.fragments().size() + " fragments, offset table "
                    + p.offsetTableEntries() + " entries)").orElse("(" + e.valueLength() + " bytes)");
        }
        List<String> values;
        try {
            values = e.strings();
        } catch (DicomException ex) {
            return "(undecodable: " + ex.detail() + ")";
        }
        String joined = String.join("\\", values);
        if (joined.length() > MAX_VALUE_CHARS) {
            joined = joined.substring(0, MAX_VALUE_CHARS) + "...";
        }
        // values are data: escape sequences in them must not reach the terminal (TerminalText)
        return e.vr().isText() ? "[" + TerminalText.escape(joined.replace("\r", "\\r").replace("\n", "\\n")) + "]"
                : TerminalText.escape(joined);
    }
}
