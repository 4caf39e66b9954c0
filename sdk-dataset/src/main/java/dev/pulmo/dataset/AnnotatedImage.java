package dev.pulmo.dataset;

import dev.pulmo.api.Annotation;
import dev.pulmo.api.AnnotationFile;
import dev.pulmo.api.BoundingBox;
import dev.pulmo.api.CategoryDefinition;
import dev.pulmo.api.CategoryTable;
import dev.pulmo.api.Segmentation;
import dev.pulmo.dicom.DicomFile;
import dev.pulmo.dicom.DicomReader;
import dev.pulmo.dicom.Tag;
import dev.pulmo.dicom.pixel.Frame;
import dev.pulmo.dicom.pixel.Grey8Image;
import dev.pulmo.dicom.pixel.PixelData;
import dev.pulmo.dicom.pixel.PixelDescription;
import dev.pulmo.dicom.pixel.VoiWindow;
import dev.pulmo.geometry.BinaryMask;
import dev.pulmo.geometry.MaskTracer;
import dev.pulmo.geometry.TracedComponent;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Polygon;

/**
 * An image rendered for viewing with its annotations drawn on it ({@code pulmo render}): the frame windowed to
 * 8-bit grey ({@link Grey8Image}), then, in the category's colour ({@link #colourOf}), the boxes or polygon rings
 * of a guideline JSON file with the category's English name, or binary masks as outlines (traced along pixel
 * edges by {@link MaskTracer}) or filled translucently.
 *
 * <p>Pixel geometry is SPEC.md §3's: a box {@code [x1, y1, x2, y2]} covers pixel columns {@code x1 … x2−1} and
 * rows {@code y1 … y2−1}, and its outline is drawn on the box's own border pixels, {@link #lineWidth} pixels thick,
 * inside the box. A filled mask pixel becomes {@code round((1−α)·grey + α·colour)} per channel with
 * α = {@value #FILL_OPACITY}.
 */
public final class AnnotatedImage {
    /** Opacity of filled masks. */
    public static final double FILL_OPACITY = 0.4;

    /** How masks are drawn. */
    public enum MaskStyle { OUTLINE, FILLED }

    /**
     * Colours by category id (1-based, repeating after 9): malignant ids 1–2 red and orange, benign ones green,
     * cyan, blue, magenta, yellow, pink, violet.
     */
    private static final Color[] COLOURS = {
            new Color(0xFF0000), new Color(0xFF8C00), new Color(0x00C800), new Color(0x00C8C8), new Color(0x3264FF),
            new Color(0xFF00FF), new Color(0xFFFF00), new Color(0xFF96B4), new Color(0x9650FF)};

    private AnnotatedImage() {
    }

    /** The colour of category {@code id} (ids 1–9 have distinct colours; the sequence repeats after). */
    public static Color colourOf(int categoryId) {
        return COLOURS[Math.floorMod(categoryId - 1, COLOURS.length)];
    }

    /** Outline thickness for an image: 1 pixel up to 767 pixels across, then one more per 512. */
    public static int lineWidth(int columns, int rows) {
        return Math.max(1, (int) Math.round(Math.max(columns, rows) / 512.0));
    }

    /**
     * The first frame of {@code dicom} in 8-bit grey. The window is {@code window} when given, else the file's
     * first Window Center/Width, else {@link VoiWindow#LUNG} for CT (Modality CT), else one spanning the frame.
     *
     * @throws dev.pulmo.dicom.DicomException when the file cannot be read or its pixels decoded
     */
    public static Grey8Image grey(Path dicom, Optional<VoiWindow> window) {
        return grey(DicomReader.create().read(dicom), window);
    }

    /**
     * {@link #grey(Path, Optional)} of a file already read.
     *
     * @throws dev.pulmo.dicom.DicomException when its pixels cannot be decoded
     */
    public static Grey8Image grey(DicomFile file, Optional<VoiWindow> window) {
        PixelData pixels = PixelData.from(file);
        PixelDescription d = pixels.description();
        Frame frame = pixels.frame(0);
        if (window.isPresent()) {
            return Grey8Image.render(frame, d.modalityLut(), window.get());
        }
        if (d.windows().isEmpty() && file.dataset().getString(Tag.Modality).orElse("").trim().equals("CT")) {
            return Grey8Image.render(frame, d.modalityLut(), VoiWindow.LUNG);
        }
        return Grey8Image.render(frame, d);
    }

    /**
     * {@code grey} with the annotations of {@code file} drawn: a box where the segmentation is the box's four
     * corners (box modalities) or empty, else the segmentation's ring; the category's English name from
     * {@code table} above the box (below it when there is no room), kept inside the image.
     */
    public static BufferedImage withAnnotations(Grey8Image grey, AnnotationFile file, CategoryTable table) {
        return withAnnotations(rgb(grey), new AffineTransform(), file, table);
    }

    /**
     * {@code base} (an RGB image: a windowed, colour-mapped, scaled or fused rendering) with the annotations of
     * {@code file} drawn as {@link #withAnnotations(Grey8Image, AnnotationFile, CategoryTable)} draws them, their
     * pixel coordinates mapped to {@code base} by {@code toBase} (a scale and a translation; the identity for an
     * image of the annotations' own size). Lines are {@link #lineWidth} of {@code base} thick. {@code base} is
     * drawn on and returned.
     */
    public static BufferedImage withAnnotations(BufferedImage base, AffineTransform toBase, AnnotationFile file, CategoryTable table) {
        int line = lineWidth(base.getWidth(), base.getHeight());
        Graphics2D g = graphics(base, line);
        for (Annotation a : file.annotations()) {
            Color colour = colourOf(a.categoryId());
            g.setColor(colour);
            Segmentation s = a.segmentation();
            if (s.pointCount() >= 3 && !s.equals(a.bbox().toSegmentation())) {
                Path2D.Double ring = new Path2D.Double();
                ring.moveTo(s.get(0), s.get(1));
                for (int i = 2; i < s.size(); i += 2) {
                    ring.lineTo(s.get(i), s.get(i + 1));
                }
                ring.closePath();
                ring.transform(toBase);
                g.draw(ring);
            } else {
                drawBox(g, a.bbox(), toBase, line);
            }
            label(g, a.bbox(), toBase, name(table, a.categoryId()), base);
        }
        g.dispose();
        return base;
    }

    /** {@code grey} with {@code masks} (by category id, each the image's size) drawn in {@code style}. */
    public static BufferedImage withMasks(Grey8Image grey, Map<Integer, BinaryMask> masks, CategoryTable table, MaskStyle style) {
        for (Map.Entry<Integer, BinaryMask> e : masks.entrySet()) {
            BinaryMask mask = e.getValue();
            if (mask.width() != grey.columns() || mask.height() != grey.rows()) {
                throw new IllegalArgumentException("the mask of category " + e.getKey() + " is " + mask.width() + "x"
                        + mask.height() + " but the image is " + grey.columns() + "x" + grey.rows());
            }
        }
        return withMasks(rgb(grey), new AffineTransform(), masks, table, style);
    }

    /**
     * {@code base} with {@code masks} drawn in {@code style}, mask pixels mapped to {@code base} by {@code toBase}
     * (a scale and a translation); a filled pixel blends the base's colour with the category's. {@code base} is
     * drawn on and returned.
     */
    public static BufferedImage withMasks(BufferedImage base, AffineTransform toBase, Map<Integer, BinaryMask> masks,
                                          CategoryTable table, MaskStyle style) {
        int line = lineWidth(base.getWidth(), base.getHeight());
        Graphics2D g = graphics(base, line);
        for (Map.Entry<Integer, BinaryMask> e : masks.entrySet()) {
            BinaryMask mask = e.getValue();
            Color colour = colourOf(e.getKey());
            if (style == MaskStyle.FILLED) {
                fill(base, toBase, mask, colour);
            }
            g.setColor(colour);
            for (TracedComponent c : MaskTracer.trace(mask)) {
                if (style == MaskStyle.OUTLINE) {
                    drawRings(g, c.geometry(), toBase);
                }
                label(g, c.bounds(), toBase, name(table, e.getKey()), base);
            }
        }
        g.dispose();
        return base;
    }

    /** {@code grey} as an RGB image, each pixel {@code factor × factor} pixels (nearest neighbour: pixels stay sharp). */
    public static BufferedImage rgb(Grey8Image grey, int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("a scale is a whole number from 1, got " + factor);
        }
        BufferedImage one = rgb(grey);
        return factor == 1 ? one : scaled(one, factor);
    }

    /** {@code image} with each pixel {@code factor × factor} pixels (nearest neighbour). */
    public static BufferedImage scaled(BufferedImage image, int factor) {
        BufferedImage out = new BufferedImage(image.getWidth() * factor, image.getHeight() * factor, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(image, 0, 0, out.getWidth(), out.getHeight(), null);
        g.dispose();
        return out;
    }

    private static String name(CategoryTable table, int categoryId) {
        return table.byId(categoryId).map(CategoryDefinition::englishName).orElse("category " + categoryId);
    }

    private static BufferedImage rgb(Grey8Image grey) {
        BufferedImage image = new BufferedImage(grey.columns(), grey.rows(), BufferedImage.TYPE_INT_RGB);
        byte[] levels = grey.grey();
        int[] rgb = new int[levels.length];
        for (int i = 0; i < levels.length; i++) {
            int v = levels[i] & 0xFF;
            rgb[i] = v << 16 | v << 8 | v;
        }
        image.setRGB(0, 0, grey.columns(), grey.rows(), rgb, 0, grey.columns());
        return image;
    }

    private static Graphics2D graphics(BufferedImage image, int line) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setStroke(new BasicStroke(line));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(11, 6 * line + 5)));
        return g;
    }

    /** The box's border pixels, {@code line} thick, inside the box (SPEC.md §3 pixel geometry), in base pixels. */
    private static void drawBox(Graphics2D g, BoundingBox box, AffineTransform toBase, int line) {
        Point2D a = toBase.transform(new Point2D.Double(box.x1(), box.y1()), null);
        Point2D b = toBase.transform(new Point2D.Double(box.x2(), box.y2()), null);
        int x1 = (int) Math.floor(Math.min(a.getX(), b.getX()) + 1e-9);
        int y1 = (int) Math.floor(Math.min(a.getY(), b.getY()) + 1e-9);
        int x2 = (int) Math.ceil(Math.max(a.getX(), b.getX()) - 1e-9);
        int y2 = (int) Math.ceil(Math.max(a.getY(), b.getY()) - 1e-9);
        int t = Math.max(1, Math.min(line, Math.min(x2 - x1, y2 - y1) / 2));
        g.fillRect(x1, y1, x2 - x1, t);
        g.fillRect(x1, y2 - t, x2 - x1, t);
        g.fillRect(x1, y1, t, y2 - y1);
        g.fillRect(x2 - t, y1, t, y2 - y1);
    }

    private static void drawRings(Graphics2D g, Geometry geometry, AffineTransform toBase) {
        for (int i = 0; i < geometry.getNumGeometries(); i++) {
            Polygon p = (Polygon) geometry.getGeometryN(i);
            draw(g, p.getExteriorRing(), toBase);
            for (int h = 0; h < p.getNumInteriorRing(); h++) {
                draw(g, p.getInteriorRingN(h), toBase);
            }
        }
    }

    private static void draw(Graphics2D g, LineString ring, AffineTransform toBase) {
        Coordinate[] c = ring.getCoordinates();
        Path2D.Double path = new Path2D.Double();
        path.moveTo(c[0].x, c[0].y);
        for (int i = 1; i < c.length; i++) {
            path.lineTo(c[i].x, c[i].y);
        }
        path.closePath();
        path.transform(toBase);
        g.draw(path);
    }

    private static void fill(BufferedImage image, AffineTransform toBase, BinaryMask mask, Color colour) {
        for (int r = 0; r < mask.height(); r++) {
            for (int c = 0; c < mask.width(); c++) {
                if (!mask.get(c, r)) {
                    continue;
                }
                Point2D a = toBase.transform(new Point2D.Double(c, r), null);
                Point2D b = toBase.transform(new Point2D.Double(c + 1, r + 1), null);
                int x2 = Math.min(image.getWidth(), (int) Math.round(b.getX()));
                int y2 = Math.min(image.getHeight(), (int) Math.round(b.getY()));
                for (int y = Math.max(0, (int) Math.round(a.getY())); y < y2; y++) {
                    for (int x = Math.max(0, (int) Math.round(a.getX())); x < x2; x++) {
                        int v = image.getRGB(x, y);
                        image.setRGB(x, y, blend(v >> 16 & 0xFF, colour.getRed()) << 16 | blend(v >> 8 & 0xFF, colour.getGreen()) << 8
                                | blend(v & 0xFF, colour.getBlue()));
                    }
                }
            }
        }
    }

    private static int blend(int grey, int colour) {
        return (int) Math.round((1 - FILL_OPACITY) * grey + FILL_OPACITY * colour);
    }

    /** The name above the box (below it when there is no room), moved left and up or down to stay inside the image. */
    private static void label(Graphics2D g, BoundingBox box, AffineTransform toBase, String text, BufferedImage base) {
        Point2D a = toBase.transform(new Point2D.Double(box.x1(), box.y1()), null);
        Point2D b = toBase.transform(new Point2D.Double(box.x2(), box.y2()), null);
        int ascent = g.getFontMetrics().getAscent();
        int descent = g.getFontMetrics().getDescent();
        int width = g.getFontMetrics().stringWidth(text);
        int y = a.getY() - 3 >= ascent ? (int) a.getY() - 3 : (int) Math.round(b.getY()) + ascent + 1;
        y = Math.max(ascent, Math.min(base.getHeight() - descent, y));
        int x = Math.max(0, Math.min(base.getWidth() - width - 1, (int) Math.round(a.getX())));
        g.drawString(text, x, y);
    }
}
