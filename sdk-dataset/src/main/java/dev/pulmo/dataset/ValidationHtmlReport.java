package dev.pulmo.dataset;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.Severity;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.pixel.Grey8Image;
import dev.pulmo.dicom.pixel.PixelData;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * A validation report a person can read: totals, a table of findings per rule, the files with the most errors first
 * with a thumbnail of their image (window from the file, else its value range), then every finding, file by file in
 * the tree's order. One self-contained HTML file (thumbnails inline as PNG data), no scripts.
 *
 * <p>Built from a bounded spill: {@link #spill()} is a {@link FindingSink} that writes each finding to a temporary
 * file as it comes and keeps only per-rule counts and a bounded ranking of the worst files; {@link Spill#render}
 * then streams the HTML from that file. Memory does not grow with the number of findings.
 */
public final class ValidationHtmlReport {
    private static final int WORST_FILES_WITH_THUMBNAILS = 24;
    private static final int THUMBNAIL_PIXELS = 160;
    /** Files whose counts are still open; a file's findings come together, within one series' output. */
    private static final int OPEN_FILES = 4096;

    private ValidationHtmlReport() {
    }

    /** A new spill in the temporary-file folder; close it when done. */
    public static Spill spill() {
        try {
            return new Spill(Files.createTempFile("pulmo-validate", ".findings"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the report's temporary file: " + e.getMessage(), e);
        }
    }

    /** Findings written to a temporary file as they come, for {@link #render}. */
    public static final class Spill implements FindingSink, Closeable {
        private final Path file;
        private final DataOutputStream out;
        private final Map<String, RuleRow> rules = new TreeMap<>();
        private final LinkedHashMap<String, long[]> open = new LinkedHashMap<>(); // file -> errors, warnings
        private final PriorityQueue<FileRank> worst = new PriorityQueue<>(FileRank.ORDER); // least bad on top
        private final long[] totals = new long[Severity.values().length];

        private Spill(Path file) throws IOException {
            this.file = file;
            this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
        }

        @Override
        public void accept(Finding f) {
            try {
                out.writeByte(f.severity().ordinal());
                writeString(f.code());
                writeString(f.location().file());
                writeString(f.location().pointer());
                out.writeLong(f.location().line());
                out.writeLong(f.location().column());
                writeString(f.message());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the report's temporary file " + file + ": " + e.getMessage(), e);
            }
            totals[f.severity().ordinal()]++;
            rules.computeIfAbsent(f.code(), c -> new RuleRow(f.severity(), f.message())).count++;
            if (f.severity() != Severity.INFO) {
                long[] c = open.computeIfAbsent(String.valueOf(f.location().file()), k -> new long[2]);
                c[f.severity() == Severity.ERROR ? 0 : 1]++;
                if (open.size() > OPEN_FILES) {
                    Iterator<Map.Entry<String, long[]>> eldest = open.entrySet().iterator();
                    Map.Entry<String, long[]> e = eldest.next();
                    eldest.remove();
                    rank(e.getKey(), e.getValue());
                }
            }
        }

        private void rank(String name, long[] counts) {
            worst.add(new FileRank(name, counts[0], counts[1]));
            if (worst.size() > WORST_FILES_WITH_THUMBNAILS) {
                worst.poll();
            }
        }

        private void writeString(String s) throws IOException {
            if (s == null) {
                out.writeInt(-1);
                return;
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(b.length);
            out.write(b);
        }

        /**
         * Writes the report of {@code report} (whose findings this spill received) to {@code html}.
         *
         * @throws UncheckedIOException when the spill cannot be read or the report written
         */
        public void render(DatasetValidator.Report report, DatasetLayout layout, Writer html) {
            try {
                out.flush();
                open.forEach(this::rank);
                open.clear();
                List<FileRank> ranked = new ArrayList<>(worst);
                ranked.sort(FileRank.ORDER.reversed());
                writeReport(report, layout, ranked, html);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the report: " + e.getMessage(), e);
            }
        }

        private void writeReport(DatasetValidator.Report report, DatasetLayout layout, List<FileRank> ranked, Writer h)
                throws IOException {
            h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>pulmo validate: ")
                    .append(esc(layout.root().toString())).append("</title>\n<style>")
                    .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
                    .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f3f3f3}")
                    .append(".ERROR{color:#b00020}.WARNING{color:#a15c00}.INFO{color:#555}.file{margin:1.5em 0;display:flex;gap:1em}")
                    .append("img{image-rendering:pixelated;border:1px solid #999}code{font-size:90%}</style></head><body>\n");
            h.append("<h1>Validation of ").append(esc(layout.root().toString())).append("</h1>\n<p>")
                    .append(Long.toString(report.series())).append(" series, ").append(Long.toString(report.images())).append(" images, ")
                    .append(Long.toString(report.jsonFiles())).append(" JSON files, ").append(Long.toString(report.masks()))
                    .append(" masks checked: <b class=\"ERROR\">").append(Long.toString(totals[Severity.ERROR.ordinal()]))
                    .append(" errors</b>, <b class=\"WARNING\">").append(Long.toString(totals[Severity.WARNING.ordinal()]))
                    .append(" warnings</b>, ").append(Long.toString(totals[Severity.INFO.ordinal()])).append(" notes.</p>\n");

            h.append("<h2>Findings by rule</h2>\n<table><tr><th>rule</th><th>severity</th><th>count</th><th>example</th></tr>\n");
            List<Map.Entry<String, RuleRow>> rows = new ArrayList<>(rules.entrySet());
            rows.sort(Comparator.comparing((Map.Entry<String, RuleRow> e) -> e.getValue().severity)
                    .thenComparing(e -> -e.getValue().count));
            for (Map.Entry<String, RuleRow> e : rows) {
                h.append("<tr><td><code>").append(esc(e.getKey())).append("</code></td><td class=\"").append(e.getValue().severity.name())
                        .append("\">").append(e.getValue().severity.name()).append("</td><td>").append(Long.toString(e.getValue().count))
                        .append("</td><td>").append(esc(e.getValue().example)).append("</td></tr>\n");
            }
            h.append("</table>\n");

            h.append("<h2>Files, worst first</h2>\n");
            if (ranked.isEmpty()) {
                h.append("<p>No file has an error or a warning.</p>\n");
            }
            Map<String, List<Finding>> ofWorst = findingsOf(ranked);
            for (FileRank r : ranked) {
                h.append("<div class=\"file\">");
                thumbnail(Path.of(r.file()), layout).ifPresent(png -> {
                    try {
                        h.append("<img alt=\"thumbnail\" src=\"data:image/png;base64,").append(png).append("\">");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                h.append("<div>");
                fileFindings(r.file(), ofWorst.getOrDefault(r.file(), List.of()), layout, h);
                h.append("</div></div>\n");
            }

            h.append("<h2>All findings, in the tree's order</h2>\n");
            String current = null;
            List<Finding> ofFile = new ArrayList<>();
            try (Reading in = new Reading(file)) {
                for (Finding f = in.next(); f != null; f = in.next()) {
                    String name = String.valueOf(f.location().file());
                    if (!name.equals(current) && !ofFile.isEmpty()) {
                        fileFindings(current, ofFile, layout, h);
                        ofFile.clear();
                    }
                    current = name;
                    ofFile.add(f);
                }
            }
            if (!ofFile.isEmpty()) {
                fileFindings(current, ofFile, layout, h);
            }
            h.append("</body></html>\n");
            h.flush();
        }

        /** The findings of the ranked files, from one pass over the spill (at most a few thousand). */
        private Map<String, List<Finding>> findingsOf(List<FileRank> ranked) throws IOException {
            Set<String> names = new HashSet<>();
            ranked.forEach(r -> names.add(r.file()));
            Map<String, List<Finding>> out = new LinkedHashMap<>();
            try (Reading in = new Reading(file)) {
                for (Finding f = in.next(); f != null; f = in.next()) {
                    String name = String.valueOf(f.location().file());
                    if (names.contains(name) && f.severity() != Severity.INFO) {
                        out.computeIfAbsent(name, k -> new ArrayList<>()).add(f);
                    }
                }
            }
            return out;
        }

        /** Deletes the temporary file. */
        @Override
        public void close() {
            try {
                out.close();
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temporary file left in the system's temporary folder is harmless
            }
        }
    }

    private static final class RuleRow {
        final Severity severity;
        final String example;
        long count;

        RuleRow(Severity severity, String example) {
            this.severity = severity;
            this.example = example;
        }
    }

    private record FileRank(String file, long errors, long warnings) {
        static final Comparator<FileRank> ORDER = Comparator.comparingLong(FileRank::errors)
                .thenComparingLong(r -> r.errors + r.warnings).thenComparing(FileRank::file, Comparator.reverseOrder());
    }

    /** Reads a spill back, finding by finding. */
    private static final class Reading implements Closeable {
        private final DataInputStream in;

        Reading(Path file) throws IOException {
            in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        }

        Finding next() throws IOException {
            int severity;
            try {
                severity = in.readUnsignedByte();
            } catch (EOFException e) {
                return null;
            }
            String code = string();
            String file = string();
            String pointer = string();
            long line = in.readLong();
            long column = in.readLong();
            String message = string();
            return new Finding(Severity.values()[severity], code, new Location(file, pointer, line, column), message);
        }

        private String string() throws IOException {
            int n = in.readInt();
            if (n < 0) {
                return null;
            }
            return new String(in.readNBytes(n), StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static void fileFindings(String file, List<Finding> findings, DatasetLayout layout, Writer h) throws IOException {
        h.append("<p><b>").append(esc(relative(file, layout))).append("</b></p><ul>");
        for (Finding f : findings) {
            h.append("<li class=\"").append(f.severity().name()).append("\">").append(f.severity().name()).append(" <code>")
                    .append(esc(f.code())).append("</code> ");
            if (f.location().pointer() != null) {
                h.append("<code>").append(esc(f.location().pointer())).append("</code> ");
            }
            h.append(esc(f.message())).append("</li>");
        }
        h.append("</ul>\n");
    }

    private static String relative(String file, DatasetLayout layout) {
        if (file == null || file.equals("null")) {
            return "(the tree)";
        }
        Path p = Path.of(file);
        return p.startsWith(layout.root()) ? layout.root().relativize(p).toString() : file;
    }

    /** The image the file belongs to (itself, or the image of a JSON or mask), small, as base64 PNG. */
    private static Optional<String> thumbnail(Path file, DatasetLayout layout) {
        Path image = imageOf(file);
        if (image == null || !Files.isRegularFile(image)) {
            return Optional.empty();
        }
        try {
            PixelData pixels = PixelData.from(DicomReader.create().read(image));
            BufferedImage grey = Grey8Image.render(pixels.frame(0), pixels.description()).toBufferedImage();
            double scale = (double) THUMBNAIL_PIXELS / Math.max(grey.getWidth(), grey.getHeight());
            int w = Math.max(1, (int) Math.round(grey.getWidth() * scale));
            int hgt = Math.max(1, (int) Math.round(grey.getHeight() * scale));
            BufferedImage small = new BufferedImage(w, hgt, BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D g = small.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(grey, 0, 0, w, hgt, null);
            g.dispose();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PngFiles.write(small, out);
            return Optional.of(Base64.getEncoder().encodeToString(out.toByteArray()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a file that cannot be drawn has its findings already; no thumbnail is no loss
        }
    }

    private static Path imageOf(Path file) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        Path seriesDir = file.getParent() == null ? null : file.getParent().getParent();
        if (seriesDir == null) {
            return null;
        }
        if (name.endsWith("_binary.dcm")) {
            return DatasetLayout.parse(name, "dcm", true).map(n -> seriesDir.resolve(DatasetLayout.DICOM_FOLDER)
                    .resolve(n.prefix() + "_" + n.patientId() + "_" + n.series() + "_" + n.seq() + ".dcm")).orElse(null);
        }
        if (name.endsWith(".json")) {
            return seriesDir.resolve(DatasetLayout.DICOM_FOLDER).resolve(name.substring(0, name.length() - 5) + ".dcm");
        }
        return name.endsWith(".dcm") ? file : null;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
