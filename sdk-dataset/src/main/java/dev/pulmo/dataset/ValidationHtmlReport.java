package dev.pulmo.dataset;

import dev.pulmo.api.Finding;
import dev.pulmo.api.Severity;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.pixel.Grey8Image;
import dev.pulmo.dicom.pixel.PixelData;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;

/**
 * A validation report a person can read: totals, a table of findings per rule, then the files with the most
 * errors first, each with a thumbnail of its image (window from the file, else its value range) and its findings.
 * One self-contained HTML file (thumbnails inline as PNG data), no scripts.
 */
public final class ValidationHtmlReport {
    private static final int WORST_FILES_WITH_THUMBNAILS = 24;
    private static final int THUMBNAIL_PIXELS = 160;

    private ValidationHtmlReport() {
    }

    public static String render(DatasetValidator.Report report, DatasetLayout layout) {
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>pulmo validate: ")
                .append(esc(layout.root().toString())).append("</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f3f3f3}")
                .append(".ERROR{color:#b00020}.WARNING{color:#a15c00}.INFO{color:#555}.file{margin:1.5em 0;display:flex;gap:1em}")
                .append("img{image-rendering:pixelated;border:1px solid #999}code{font-size:90%}</style></head><body>\n");
        h.append("<h1>Validation of ").append(esc(layout.root().toString())).append("</h1>\n<p>")
                .append(report.series()).append(" series, ").append(report.images()).append(" images, ")
                .append(report.jsonFiles()).append(" JSON files, ").append(report.masks()).append(" masks checked: <b class=\"ERROR\">")
                .append(count(report.findings(), Severity.ERROR)).append(" errors</b>, <b class=\"WARNING\">")
                .append(count(report.findings(), Severity.WARNING)).append(" warnings</b>, ")
                .append(count(report.findings(), Severity.INFO)).append(" notes.</p>\n");

        h.append("<h2>Findings by rule</h2>\n<table><tr><th>rule</th><th>severity</th><th>count</th><th>example</th></tr>\n");
        Map<String, List<Finding>> byCode = new TreeMap<>();
        report.findings().forEach(f -> byCode.computeIfAbsent(f.code(), k -> new ArrayList<>()).add(f));
        byCode.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, List<Finding>> e) -> e.getValue().get(0).severity())
                        .thenComparing(e -> -e.getValue().size()))
                .forEach(e -> {
                    Finding first = e.getValue().get(0);
                    h.append("<tr><td><code>").append(esc(e.getKey())).append("</code></td><td class=\"").append(first.severity())
                            .append("\">").append(first.severity()).append("</td><td>").append(e.getValue().size())
                            .append("</td><td>").append(esc(first.message())).append("</td></tr>\n");
                });
        h.append("</table>\n");

        Map<String, List<Finding>> byFile = report.findings().stream().filter(f -> f.severity() != Severity.INFO)
                .collect(Collectors.groupingBy(f -> String.valueOf(f.location().file()), LinkedHashMap::new, Collectors.toList()));
        List<Map.Entry<String, List<Finding>>> worst = byFile.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, List<Finding>> e) -> -count(e.getValue(), Severity.ERROR))
                        .thenComparing(e -> -e.getValue().size()).thenComparing(Map.Entry::getKey))
                .toList();
        h.append("<h2>Files, worst first</h2>\n");
        if (worst.isEmpty()) {
            h.append("<p>No file has an error or a warning.</p>\n");
        }
        int shown = 0;
        for (Map.Entry<String, List<Finding>> e : worst) {
            h.append("<div class=\"file\">");
            if (shown++ < WORST_FILES_WITH_THUMBNAILS) {
                thumbnail(Path.of(e.getKey()), layout).ifPresent(png -> h.append("<img alt=\"thumbnail\" src=\"data:image/png;base64,")
                        .append(png).append("\">"));
            }
            h.append("<div><b>").append(esc(relative(e.getKey(), layout))).append("</b><ul>");
            for (Finding f : e.getValue()) {
                h.append("<li class=\"").append(f.severity()).append("\">").append(f.severity()).append(" <code>")
                        .append(esc(f.code())).append("</code> ");
                if (f.location().pointer() != null) {
                    h.append("<code>").append(esc(f.location().pointer())).append("</code> ");
                }
                h.append(esc(f.message())).append("</li>");
            }
            h.append("</ul></div></div>\n");
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    private static long count(List<Finding> findings, Severity s) {
        return findings.stream().filter(f -> f.severity() == s).count();
    }

    private static String relative(String file, DatasetLayout layout) {
        Path p = Path.of(file);
        return p.startsWith(layout.root()) ? layout.root().relativize(p).toString() : file;
    }

    /** The image the file belongs to (itself, or the image of a JSON or mask), small, as base64 PNG. */
    private static Optional<String> thumbnail(Path file, DatasetLayout layout) {
        Path image = imageOf(file, layout);
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
            ImageIO.write(small, "png", out);
            return Optional.of(Base64.getEncoder().encodeToString(out.toByteArray()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a file that cannot be drawn has its findings already; no thumbnail is no loss
        }
    }

    private static Path imageOf(Path file, DatasetLayout layout) {
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
