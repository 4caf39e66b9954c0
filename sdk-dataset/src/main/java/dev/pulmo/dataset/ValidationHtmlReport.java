package dev.pulmo.dataset;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Location;
import dev.pulmo.api.Severity;
import dev.pulmo.api.Annotation;
import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.BoundingBox;
import dev.pulmo.api.CategoryTable;
import dev.pulmo.api.Modality;
import dev.pulmo.api.plugin.ModalityPlugin;
import dev.pulmo.cocojson.GuidelineJsonReader;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.mask.BinaryMaskDicom;
import dev.pulmo.dicom.mask.MaskImage;
import dev.pulmo.dicom.pixel.Grey8Image;
import dev.pulmo.geometry.BinaryMask;
import dev.pulmo.geometry.MaskTracer;
import dev.pulmo.geometry.TracedComponent;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A validation report a person can read, for trees of any size: a table of contents; totals; a table of findings
 * per rule with what to do next ({@link FindingAdvice}); the findings grouped by rule, then by series (a finding
 * repeated in 1,000 images of a series is one row with its count, the number of files and one example; a rule's
 * section is folded past {@value #OPEN_RULE_UP_TO} series), the first rows of each rule with a thumbnail of their
 * example's image and what the finding is about drawn on it; the files with
 * the most findings, with such thumbnails; then every finding, series by series, each series a {@code <details>}
 * element (folded past {@value #OPEN_ALL_UP_TO} findings, so that a browser lays out only what is opened; at most
 * {@value #ALL_FINDINGS_LISTED} findings are listed). Paths are relative to the dataset's root, which the title
 * gives in full. One self-contained HTML file (thumbnails inline as PNG data), no scripts; every text from the data
 * is escaped.
 *
 * <p>Built from a bounded spill: {@link #spill()} is a {@link FindingSink} that writes each finding to a temporary
 * file as it comes and keeps only per-rule and per-(rule, series) counts and a bounded ranking of the worst files;
 * {@link Spill#render} then streams the HTML from that file. Memory does not grow with the number of findings
 * (groups past 100,000 are counted together).
 */
public final class ValidationHtmlReport {
    private static final int WORST_FILES_WITH_THUMBNAILS = 24;
    private static final int FINDINGS_PER_WORST_FILE = 50;
    private static final int GROUPS_WITH_THUMBNAILS = 24;
    private static final int THUMBNAILS_PER_RULE = 3;
    /** Rules with up to this many series are shown open in the groups section; past it, folded. */
    static final int OPEN_RULE_UP_TO = 20;
    /** Groups kept in memory, and rows of the group table. */
    private static final int GROUPS_KEPT = 100_000;
    private static final int GROUP_ROWS = 5_000;
    /** Up to this many findings, the series of "All findings" are shown open; past it, folded. */
    static final int OPEN_ALL_UP_TO = 2_000;
    /** Findings listed under "All findings" at most; the JSON format has them all. */
    static final long ALL_FINDINGS_LISTED = 500_000;
    private static final int THUMBNAIL_PIXELS = 256;
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
        private final Map<String, Group> groups = new HashMap<>(); // rule + series
        private final Group otherGroups = new Group("", Severity.INFO, "", null);

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
            group(f);
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

        /** Counts {@code f} in its (rule, series) group; past {@value #GROUPS_KEPT} groups, in one "other" count. */
        private void group(Finding f) {
            String file = f.location().file();
            String series = seriesOf(file, null);
            String key = f.code() + '\u0000' + series;
            Group g = groups.get(key);
            if (g == null) {
                if (groups.size() >= GROUPS_KEPT) {
                    otherGroups.count++;
                    return;
                }
                g = new Group(f.code(), f.severity(), series, f);
                groups.put(key, g);
            }
            g.count++;
            if (!String.valueOf(file).equals(g.lastFile)) {
                g.files++;
                g.lastFile = String.valueOf(file);
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
            render(report, layout, TreeReader.local(), html);
        }

        /**
         * {@link #render(DatasetValidator.Report, DatasetLayout, Writer)} reading the files it draws thumbnails of
         * through {@code reader}: the images, JSON and masks of the worst files are read a second time, after the run
         * (the one second read of {@code validate --format html}; {@code FileReadsTest} counts it).
         */
        public void render(DatasetValidator.Report report, DatasetLayout layout, TreeReader reader, Writer html) {
            try {
                out.flush();
                open.forEach(this::rank);
                open.clear();
                List<FileRank> ranked = new ArrayList<>(worst);
                ranked.sort(FileRank.ORDER.reversed());
                writeReport(report, layout, reader, ranked, html);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the report: " + e.getMessage(), e);
            }
        }

        private void writeReport(DatasetValidator.Report report, DatasetLayout layout, TreeReader reader, List<FileRank> ranked, Writer h)
                throws IOException {
            Path root = layout.root().toAbsolutePath().normalize();
            long total = totals[0] + totals[1] + totals[2];
            h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>pulmo validate: ")
                    .append(esc(root.toString())).append("</title>\n<style>")
                    .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:90em}table{border-collapse:collapse;margin:1em 0}")
                    .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f3f3f3}")
                    .append("td.n{text-align:right}td.sev{white-space:nowrap}details.rule{margin:.6em 0}details.rule>summary{cursor:pointer}.ERROR{color:#b00020}.WARNING{color:#a15c00}.NOTE{color:#555}")
                    .append(".file{margin:1.5em 0;display:flex;gap:1em}nav ol{columns:2}")
                    .append("img{border:1px solid #999}code{font-size:90%}.next{color:#0b5394}td{overflow-wrap:anywhere}")
                    .append("table.groups img{width:128px}td.example{min-width:24em}div.next{margin-top:.4em}")
                    .append("details.series{margin:.3em 0;content-visibility:auto}details.series>summary{cursor:pointer}")
                    .append("ul.findings{margin:.2em 0 .8em;font-size:95%}</style></head><body>\n");
            h.append("<h1>Validation of ").append(esc(root.toString())).append("</h1>\n");
            h.append("<nav id=\"toc\"><b>Contents</b><ol><li><a href=\"#summary\">Summary</a></li>")
                    .append("<li><a href=\"#rules\">Findings by rule</a> (").append(Long.toString(rules.size())).append(")</li>")
                    .append("<li><a href=\"#groups\">Findings by rule and series, with what to do next</a> (")
                    .append(Long.toString(groups.size() + (otherGroups.count > 0 ? 1 : 0))).append(")</li>")
                    .append("<li><a href=\"#files\">Files with the most findings, with pictures</a> (").append(Long.toString(ranked.size())).append(")</li>")
                    .append("<li><a href=\"#all\">All findings, series by series</a> (").append(Long.toString(total)).append(")</li></ol></nav>\n");

            h.append("<h2 id=\"summary\">Summary</h2>\n<p>").append(Long.toString(report.series())).append(" series, ")
                    .append(Long.toString(report.images())).append(" images, ").append(Long.toString(report.jsonFiles()))
                    .append(" JSON files, ").append(Long.toString(report.masks())).append(" masks checked: ")
                    .append(count("findings", total, "", " findings")).append(": ")
                    .append(count(Severity.ERROR.plural(), totals[Severity.ERROR.ordinal()], Severity.ERROR.label(), " " + Severity.ERROR.plural())).append(", ")
                    .append(count(Severity.WARNING.plural(), totals[Severity.WARNING.ordinal()], Severity.WARNING.label(), " " + Severity.WARNING.plural())).append(", ")
                    .append(count(Severity.INFO.plural(), totals[Severity.INFO.ordinal()], Severity.INFO.label(), " " + Severity.INFO.plural())).append(". Paths are relative to ")
                    .append("<code>").append(esc(root.toString())).append("</code>.</p>\n");

            h.append("<h2 id=\"rules\">Findings by rule</h2>\n<table><tr><th>rule</th><th>severity</th><th>count</th>")
                    .append("<th>what to do next</th><th>example</th></tr>\n");
            List<Map.Entry<String, RuleRow>> rows = new ArrayList<>(rules.entrySet());
            rows.sort(Comparator.comparing((Map.Entry<String, RuleRow> e) -> e.getValue().severity)
                    .thenComparing(e -> -e.getValue().count));
            for (Map.Entry<String, RuleRow> e : rows) {
                h.append("<tr class=\"rule\" data-rule=\"").append(esc(e.getKey())).append("\" data-count=\"")
                        .append(Long.toString(e.getValue().count)).append("\"><td><code>").append(esc(e.getKey()))
                        .append("</code></td><td class=\"sev ").append(e.getValue().severity.label()).append("\">")
                        .append(e.getValue().severity.label()).append("</td><td class=\"n\">").append(Long.toString(e.getValue().count))
                        .append("</td><td class=\"next\">").append(esc(FindingAdvice.whatToDo(e.getKey()))).append("</td><td>")
                        .append(esc(e.getValue().example)).append("</td></tr>\n");
            }
            h.append("</table>\n");

            h.append("<h2 id=\"groups\">Findings by rule and series</h2>\n<p>A finding repeated in a series is one row: ")
                    .append("its count, how many files it touches and one example. The first rows of each rule show the example's ")
                    .append("image with what the finding is about drawn and framed. Rules with more than ")
                    .append(Integer.toString(OPEN_RULE_UP_TO)).append(" series are folded.</p>\n");
            List<Group> ordered = new ArrayList<>(groups.values());
            ordered.sort(Group.ORDER);
            Map<String, List<Group>> byRule = new LinkedHashMap<>();
            for (Map.Entry<String, RuleRow> e : rows) {
                byRule.put(e.getKey(), new ArrayList<>());
            }
            for (Group g : ordered) {
                byRule.computeIfAbsent(g.code, k -> new ArrayList<>()).add(g);
            }
            int rowsWritten = 0;
            int thumbnails = 0;
            long notShownFindings = otherGroups.count;
            long notShown = 0;
            for (Map.Entry<String, List<Group>> e : byRule.entrySet()) {
                List<Group> ofRule = e.getValue();
                if (ofRule.isEmpty()) {
                    continue;
                }
                RuleRow rule = rules.get(e.getKey());
                h.append("<details class=\"rule\"").append(ofRule.size() <= OPEN_RULE_UP_TO ? " open" : "").append(" data-rule=\"")
                        .append(esc(e.getKey())).append("\" data-series=\"").append(Integer.toString(ofRule.size())).append("\"><summary><code>")
                        .append(esc(e.getKey())).append("</code> <span class=\"").append(rule.severity.label()).append("\">")
                        .append(rule.severity.name()).append("</span>: ").append(Long.toString(rule.count)).append(" in ")
                        .append(Integer.toString(ofRule.size())).append(ofRule.size() == 1 ? " series" : " series")
                        .append(". <span class=\"next\">Next: ").append(esc(FindingAdvice.whatToDo(e.getKey()))).append("</span></summary>\n")
                        .append("<table class=\"groups\"><tr><th>picture</th><th>series</th><th>count</th><th>files</th><th>example</th></tr>\n");
                int ofThisRule = 0;
                for (Group g : ofRule) {
                    if (rowsWritten == GROUP_ROWS) {
                        notShown++;
                        notShownFindings += g.count;
                        continue;
                    }
                    h.append("<tr class=\"group\" data-rule=\"").append(esc(g.code)).append("\" data-series=\"").append(esc(relative(g.series, root)))
                            .append("\" data-count=\"").append(Long.toString(g.count)).append("\" data-files=\"").append(Long.toString(g.files))
                            .append("\"><td>");
                    if (thumbnails < GROUPS_WITH_THUMBNAILS && ofThisRule < THUMBNAILS_PER_RULE && g.example.location().file() != null
                            && thumbnailImg(Path.of(g.example.location().file()), List.of(g.example), layout, reader, h)) {
                        thumbnails++;
                        ofThisRule++;
                    }
                    h.append("</td><td>").append(esc(relative(g.series, root))).append("</td><td class=\"n\">")
                            .append(Long.toString(g.count)).append("</td><td class=\"n\">").append(Long.toString(g.files))
                            .append("</td><td class=\"example\">").append(esc(relative(g.example.location().file(), root))).append(": ");
                    if (g.example.location().pointer() != null) {
                        h.append("<code>").append(esc(g.example.location().pointer())).append("</code> ");
                    }
                    h.append(esc(g.example.message())).append("</td></tr>\n");
                    rowsWritten++;
                }
                h.append("</table></details>\n");
            }
            if (notShownFindings > 0) {
                h.append("<p id=\"groups-not-shown\" data-count=\"").append(Long.toString(notShownFindings)).append("\">")
                        .append(Long.toString(notShownFindings)).append(" more findings")
                        .append(notShown > 0 ? " in " + notShown + " more groups" : "")
                        .append(" are listed under <a href=\"#all\">All findings</a>.</p>\n");
            }

            h.append("<h2 id=\"files\">Files with the most findings</h2>\n");
            if (ranked.isEmpty()) {
                h.append("<p>No file has an error or a warning.</p>\n");
            }
            Map<String, List<Finding>> ofWorst = findingsOf(ranked);
            for (FileRank r : ranked) {
                List<Finding> findings = ofWorst.getOrDefault(r.file(), List.of());
                h.append("<div class=\"file\">");
                thumbnailImg(Path.of(r.file()), findings, layout, reader, h);
                h.append("<div>");
                fileFindings(r.file(), findings, root, h, FINDINGS_PER_WORST_FILE);
                h.append("</div></div>\n");
            }

            h.append("<h2 id=\"all\">All findings, series by series</h2>\n");
            boolean open = total <= OPEN_ALL_UP_TO;
            if (!open) {
                h.append("<p>").append(Long.toString(total)).append(" findings: each series is folded; open one to see its findings.");
                if (total > ALL_FINDINGS_LISTED) {
                    h.append(" The first ").append(Long.toString(ALL_FINDINGS_LISTED)).append(" are listed; run pulmo validate --format json for all of them.");
                }
                h.append("</p>\n");
            }
            String currentSeries = null;
            long listed = 0;
            List<Finding> ofSeries = new ArrayList<>();
            try (Reading in = new Reading(file)) {
                for (Finding f = in.next(); f != null && listed < ALL_FINDINGS_LISTED; f = in.next(), listed++) {
                    String series = seriesOf(f.location().file(), root);
                    if (!series.equals(currentSeries) && !ofSeries.isEmpty()) {
                        seriesFindings(currentSeries, ofSeries, open, root, h);
                        ofSeries.clear();
                    }
                    currentSeries = series;
                    ofSeries.add(f);
                }
            }
            if (!ofSeries.isEmpty()) {
                seriesFindings(currentSeries, ofSeries, open, root, h);
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

    /** The findings of one rule in one series. */
    private static final class Group {
        static final Comparator<Group> ORDER = Comparator.comparing((Group g) -> g.severity).thenComparing(g -> -g.count)
                .thenComparing(g -> g.code).thenComparing(g -> g.series);
        final String code;
        final Severity severity;
        final String series;
        final Finding example;
        long count;
        long files;
        String lastFile;

        Group(String code, Severity severity, String series, Finding example) {
            this.code = code;
            this.severity = severity;
            this.series = series;
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

    private static String count(String id, long n, String css, String words) {
        return "<b id=\"count-" + id + "\" data-count=\"" + n + "\"" + (css.isEmpty() ? "" : " class=\"" + css + "\"") + ">" + n
                + words + "</b>";
    }

    private static void seriesFindings(String series, List<Finding> findings, boolean open, Path root, Writer h) throws IOException {
        h.append("<details class=\"series\"").append(open ? " open" : "").append(" data-series=\"").append(esc(series))
                .append("\" data-count=\"").append(Integer.toString(findings.size())).append("\"><summary>").append(esc(series))
                .append(": ").append(Integer.toString(findings.size())).append(findings.size() == 1 ? " finding" : " findings")
                .append("</summary>\n");
        int from = 0;
        for (int i = 1; i <= findings.size(); i++) {
            if (i == findings.size() || !String.valueOf(findings.get(i).location().file()).equals(String.valueOf(findings.get(from).location().file()))) {
                fileFindings(findings.get(from).location().file(), findings.subList(from, i), root, h, Integer.MAX_VALUE);
                from = i;
            }
        }
        h.append("</details>\n");
    }

    private static void fileFindings(String file, List<Finding> findings, Path root, Writer h, int max) throws IOException {
        h.append("<p><b>").append(esc(relative(file, root))).append("</b></p><ul class=\"findings\">");
        int n = 0;
        for (Finding f : findings) {
            if (n++ == max) {
                h.append("<li>… ").append(Integer.toString(findings.size() - max)).append(" more under <a href=\"#all\">All findings</a></li>");
                break;
            }
            // one element per finding: at 100,000 findings the page's element count is what a browser pays for
            h.append(max == Integer.MAX_VALUE ? "<li class=\"finding " : "<li class=\"worst ").append(f.severity().label())
                    .append("\">").append(f.severity().label()).append(" ").append(esc(f.code())).append(" ");
            if (f.location().pointer() != null) {
                h.append(esc(f.location().pointer())).append(" ");
            }
            h.append("— ").append(esc(f.message())).append("</li>");
        }
        h.append("</ul>\n");
    }

    /** {@code file} relative to the dataset's root when it is inside it (both made absolute), else as it is. */
    static String relative(String file, Path root) {
        if (file == null || file.equals("null")) {
            return TREE;
        }
        if (file.equals(TREE) || root == null) {
            return file;
        }
        Path p = Path.of(file).toAbsolutePath().normalize();
        if (p.equals(root)) {
            return ".";
        }
        return p.startsWith(root) ? root.relativize(p).toString() : file;
    }

    /**
     * The series folder a finding's file belongs to (its {@code dcm/}, {@code json/} or {@code binary/} folder's parent;
     * a folder named by a series rule is itself), relative to {@code root} when given.
     */
    static String seriesOf(String file, Path root) {
        if (file == null || file.equals("null")) {
            return TREE;
        }
        Path p = Path.of(file);
        Path parent = p.getParent();
        String folder = parent == null || parent.getFileName() == null ? "" : parent.getFileName().toString();
        Path series;
        if (parent != null && (folder.equals(DatasetLayout.DICOM_FOLDER) || folder.equals(DatasetLayout.JSON_FOLDER)
                || folder.equals(DatasetLayout.MASK_FOLDER)) && parent.getParent() != null) {
            series = parent.getParent();
        } else if (p.getFileName() != null && !p.getFileName().toString().contains(".")) {
            series = p;
        } else {
            series = parent == null ? p : parent;
        }
        return relative(series.toString(), root);
    }

    private static final String TREE = "(the tree)";

    /** Writes the thumbnail of {@code file} when it can be drawn; true when it was. */
    private static boolean thumbnailImg(Path file, List<Finding> about, DatasetLayout layout, TreeReader reader, Writer h)
            throws IOException {
        Optional<String> png = thumbnail(file, about, layout, reader);
        if (png.isPresent()) {
            h.append("<img class=\"thumb\" alt=\"").append(esc(file.getFileName() == null ? "" : file.getFileName().toString()))
                    .append("\" src=\"data:image/png;base64,").append(png.get()).append("\">");
        }
        return png.isPresent();
    }

    /**
     * The image the file belongs to (itself, or the image of a JSON or mask), with what the findings are about drawn:
     * for a JSON, the annotations their JSON pointers name ({@code /annotations/3/…}; all of them when none is named)
     * as {@link AnnotatedImage} draws them; for a mask, the mask filled; for an image, its masks outlined. Each drawn
     * box is also framed in the thumbnail, so that a lesion of a few pixels can still be seen. Base64 PNG.
     */
    static Optional<String> thumbnail(Path file, List<Finding> about, DatasetLayout layout) {
        return thumbnail(file, about, layout, TreeReader.local());
    }

    /** {@link #thumbnail(Path, List, DatasetLayout)}, each file read once through {@code reader}. */
    static Optional<String> thumbnail(Path file, List<Finding> about, DatasetLayout layout, TreeReader reader) {
        Path image = imageOf(file);
        if (image == null || !Files.isRegularFile(image)) {
            return Optional.empty();
        }
        try {
            Grey8Image grey = AnnotatedImage.grey(DicomReader.create().readOwned(reader.readAllBytes(image), image.toString()), Optional.empty());
            List<BoundingBox> boxes = new ArrayList<>();
            BufferedImage drawn = overlay(file, image, grey, about, layout, reader, boxes);
            double scale = Math.min(1, (double) THUMBNAIL_PIXELS / Math.max(grey.columns(), grey.rows()));
            int w = Math.max(1, (int) Math.round(grey.columns() * scale));
            int hgt = Math.max(1, (int) Math.round(grey.rows() * scale));
            BufferedImage small = new BufferedImage(w, hgt, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = small.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(drawn.getScaledInstance(w, hgt, java.awt.Image.SCALE_AREA_AVERAGING), 0, 0, null);
            g.setColor(FRAME);
            g.setStroke(new BasicStroke(2));
            for (BoundingBox b : boxes) {
                int x1 = (int) Math.floor(b.x1() * scale) - 3;
                int y1 = (int) Math.floor(b.y1() * scale) - 3;
                int x2 = (int) Math.ceil(b.x2() * scale) + 3;
                int y2 = (int) Math.ceil(b.y2() * scale) + 3;
                g.drawRect(x1, y1, x2 - x1, y2 - y1);
            }
            g.dispose();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PngFiles.write(small, out);
            return Optional.of(Base64.getEncoder().encodeToString(out.toByteArray()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a file that cannot be drawn has its findings already; no thumbnail is no loss
        }
    }

    /** Colour of the frame around what a finding is about, in thumbnails. */
    static final Color FRAME = new Color(0xFFD400);

    private static final Pattern ANNOTATION = Pattern.compile("^/annotations/(\\d+)(/.*)?$");

    /** The full-size image with the findings' subject drawn; the boxes drawn go to {@code boxes}. */
    private static BufferedImage overlay(Path file, Path image, Grey8Image grey, List<Finding> about, DatasetLayout layout,
                                         TreeReader reader, List<BoundingBox> boxes) {
        String name = file.getFileName().toString();
        Optional<DatasetLayout.ParsedName> parsed = DatasetLayout.parse(image.getFileName().toString(), "dcm", false);
        CategoryTable table = parsed.flatMap(n -> layout.catalog().all().stream().filter(p -> p.filePrefix().equals(n.prefix())).findFirst())
                .map(ModalityPlugin::categoryTable).orElse(new CategoryTable(Modality.of("UNK", "unknown"), List.of()));
        try {
            if (name.endsWith(".json")) {
                AnnotationFile json = GuidelineJsonReader.lenient().read(new ByteArrayInputStream(reader.readAllBytes(file)), file.toString());
                Set<Integer> named = new TreeSet<>();
                for (Finding f : about) {
                    Matcher m = f.location().pointer() == null ? null : ANNOTATION.matcher(f.location().pointer());
                    if (m != null && m.matches()) {
                        named.add(Integer.parseInt(m.group(1)));
                    }
                }
                List<Annotation> chosen = new ArrayList<>();
                for (int i = 0; i < json.annotations().size(); i++) {
                    if (named.isEmpty() || named.contains(i)) {
                        chosen.add(json.annotations().get(i));
                        boxes.add(json.annotations().get(i).bbox());
                    }
                }
                return AnnotatedImage.withAnnotations(grey, new AnnotationFile(json.info(), json.categories(), json.images(), chosen), table);
            }
            Map<Integer, BinaryMask> masks = new TreeMap<>();
            List<Path> maskFiles = name.endsWith("_binary.dcm") ? List.of(file) : masksOf(image);
            for (Path m : maskFiles) {
                MaskImage read = BinaryMaskDicom.read(reader.readAllBytes(m), m.getFileName().toString());
                BinaryMask mask = BinaryMask.fromPackedRows(read.packedRowsView(), read.columns(), read.rows());
                int category = DatasetLayout.parse(m.getFileName().toString(), "dcm", true).map(DatasetLayout.ParsedName::categoryId).orElse(1);
                masks.merge(category, mask, BinaryMask::or);
                for (TracedComponent c : MaskTracer.trace(mask)) {
                    boxes.add(c.bounds());
                }
            }
            return AnnotatedImage.withMasks(grey, masks, table, name.endsWith("_binary.dcm")
                    ? AnnotatedImage.MaskStyle.FILLED : AnnotatedImage.MaskStyle.OUTLINE);
        } catch (IOException | RuntimeException e) {
            // what the finding is about cannot be drawn (a malformed JSON, a mask of another size): the image alone
            boxes.clear();
            return AnnotatedImage.withMasks(grey, Map.of(), table, AnnotatedImage.MaskStyle.OUTLINE);
        }
    }

    /** The mask files of an image in the layout ({@code ../binary/<stem>_<category>_binary.dcm}). */
    private static List<Path> masksOf(Path image) {
        Path series = image.getParent() == null ? null : image.getParent().getParent();
        String file = image.getFileName().toString();
        if (series == null || !file.endsWith(".dcm")) {
            return List.of();
        }
        String stem = file.substring(0, file.length() - 4) + "_";
        try (Stream<Path> s = Files.list(series.resolve(DatasetLayout.MASK_FOLDER))) {
            return s.filter(p -> p.getFileName().toString().startsWith(stem) && p.getFileName().toString().endsWith("_binary.dcm"))
                    .sorted().toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
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
