package dev.pulmo.dataset.ingest;

import dev.pulmo.api.Finding;
import dev.pulmo.api.io.AtomicFiles;
import dev.pulmo.api.io.CsvWriter;
import dev.pulmo.dataset.deid.PatientIdMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The exclusion report of {@code ingest} (SPEC.md §7, the extraction "checked twice"): every series and file left out
 * and why, and every case of the list with no images, as {@code exclusions.csv} (RFC 4180, UTF-8) and
 * {@code exclusions.html}. One row per reason: kind ({@code series}, {@code file}, {@code case}), source (folder, file,
 * or the list's cell), DICOM Modality, number of files, the list's row of the patient, the patient's managed id when it
 * has one, rule code, reason. No hospital id: patients are named by managed id and list cell only. Rows are sorted, and
 * nothing in the files depends on the clock, so identical runs write identical bytes (and an unchanged file is not
 * rewritten).
 */
final class IngestReport {
    static final String CSV = "exclusions.csv";
    static final String HTML = "exclusions.html";
    private static final List<String> HEADERS = List.of("kind", "source", "modality", "files", "case", "patient", "code", "reason");

    private IngestReport() {
    }

    static List<Path> write(Path folder, IngestPlan plan, List<IngestPlan.LeftOut> failed, PatientIdMap map) {
        List<List<String>> rows = new ArrayList<>();
        List<IngestPlan.LeftOut> all = new ArrayList<>(plan.leftOut());
        all.addAll(failed);
        for (IngestPlan.LeftOut l : all) {
            String kind = l.modality().isEmpty() && l.files() == 1 && l.theCase().isEmpty() ? "file" : "series";
            String theCase = l.theCase().map(IngestCase::describe).orElse("");
            String patient = l.theCase().flatMap(c -> map.find(c.hospitalId())).orElse("");
            for (Finding f : l.reasons()) {
                rows.add(List.of(kind, l.source(), l.modality(), Integer.toString(l.files()), theCase, patient, f.code(),
                        f.message()));
            }
        }
        for (IngestCase c : plan.casesWithoutImages()) {
            String reason = plan.findings().stream().filter(f -> f.code().equals(IngestPlanner.CASE_WITHOUT_IMAGES)
                    && f.location().equals(c.where())).map(Finding::message).findFirst().orElse("no images");
            rows.add(List.of("case", c.describe(), c.modality(), "0", c.describe(), map.find(c.hospitalId()).orElse(""),
                    IngestPlanner.CASE_WITHOUT_IMAGES, reason));
        }
        rows.sort(Comparator.comparing((List<String> r) -> r.get(0)).thenComparing(r -> r.get(1))
                .thenComparing(r -> r.get(6)).thenComparing(r -> r.get(7)));
        Path csv = folder.resolve(CSV);
        Path html = folder.resolve(HTML);
        writeIfChanged(csv, csv(rows).getBytes(StandardCharsets.UTF_8));
        writeIfChanged(html, html(rows).getBytes(StandardCharsets.UTF_8));
        return List.of(csv, html);
    }

    private static String csv(List<List<String>> rows) {
        StringBuilder sb = new StringBuilder();
        CsvWriter csv = CsvWriter.crlf(sb).record(HEADERS); // cells from the sources and the list: neutralised
        rows.forEach(csv::record);
        return sb.toString();
    }

    private static String html(List<List<String>> rows) {
        Map<String, Integer> byCode = new TreeMap<>();
        rows.forEach(r -> byCode.merge(r.get(6), 1, Integer::sum));
        StringBuilder sb = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>pulmo ingest: exclusions</title>
                <style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}td,th{border:1px solid #ccc;\
                padding:.2em .5em;text-align:left;vertical-align:top}th{background:#eee}td.n{text-align:right}</style></head><body>
                <h1>Left out of the dataset</h1>
                """);
        sb.append("<p>").append(rows.size()).append(rows.size() == 1 ? " reason" : " reasons").append(": series and files left out, and cases of the list without images.</p>\n");
        sb.append("<table><tr><th>code</th><th>rows</th></tr>\n");
        byCode.forEach((code, n) -> sb.append("<tr><td>").append(escape(code)).append("</td><td class=\"n\">").append(n).append("</td></tr>\n"));
        sb.append("</table>\n<h2>Every reason</h2>\n<table><tr>");
        HEADERS.forEach(h -> sb.append("<th>").append(h).append("</th>"));
        sb.append("</tr>\n");
        for (List<String> r : rows) {
            sb.append("<tr>");
            for (int i = 0; i < r.size(); i++) {
                sb.append(i == 3 ? "<td class=\"n\">" : "<td>").append(escape(r.get(i))).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</table>\n</body></html>\n");
        return sb.toString();
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\t') {
                        sb.appendCodePoint(c);
                    } else {
                        sb.append("\\x").append(String.format("%02x", c));
                    }
                }
            }
        });
        return sb.toString();
    }

    /** Writes atomically unless the file already holds exactly these bytes (a re-run changes nothing). */
    static void writeIfChanged(Path file, byte[] bytes) {
        try {
            if (Files.isRegularFile(file) && Files.size(file) == bytes.length && Arrays.equals(Files.readAllBytes(file), bytes)) {
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        AtomicFiles.write(file, bytes);
    }
}
