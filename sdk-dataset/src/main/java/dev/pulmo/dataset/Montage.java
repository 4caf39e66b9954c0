package dev.pulmo.dataset;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import dev.pulmo.api.io.AtomicFiles;

/**
 * Renderings of a series' images side by side ({@code pulmo render SERIES_FOLDER}): a grid of tiles in reading order,
 * each labelled inside its top-left corner on a dark band, with a {@value #GAP}-pixel black gap; or an animated GIF
 * strip, one frame per image, looping.
 */
public final class Montage {
    /** Black pixels between tiles. */
    public static final int GAP = 2;

    private Montage() {
    }

    /** Columns of a grid of {@code n} tiles: the smallest {@code c} with {@code c² ≥ n}. */
    public static int columnsFor(int n) {
        return Math.max(1, (int) Math.ceil(Math.sqrt(n)));
    }

    /**
     * A grid of {@code tiles} (of any sizes: each cell is the largest tile's size) in {@code columns} columns, each
     * tile labelled with {@code labels}' entry.
     */
    public static BufferedImage grid(List<BufferedImage> tiles, List<String> labels, int columns) {
        if (tiles.isEmpty() || tiles.size() != labels.size() || columns < 1) {
            throw new IllegalArgumentException("a montage needs tiles, one label each and at least one column");
        }
        int cellW = tiles.stream().mapToInt(BufferedImage::getWidth).max().orElseThrow();
        int cellH = tiles.stream().mapToInt(BufferedImage::getHeight).max().orElseThrow();
        int rows = (tiles.size() + columns - 1) / columns;
        int cols = Math.min(columns, tiles.size());
        BufferedImage out = new BufferedImage(cols * cellW + (cols - 1) * GAP, rows * cellH + (rows - 1) * GAP, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        for (int i = 0; i < tiles.size(); i++) {
            int x = i % columns * (cellW + GAP);
            int y = i / columns * (cellH + GAP);
            g.drawImage(tiles.get(i), x, y, null);
            label(g, labels.get(i), x, y, cellW);
        }
        g.dispose();
        return out;
    }

    private static void label(Graphics2D g, String text, int x, int y, int width) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        int w = Math.min(width, g.getFontMetrics().stringWidth(text) + 8);
        int h = g.getFontMetrics().getHeight() + 2;
        g.setColor(new Color(0, 0, 0, 170));
        g.fillRect(x, y, w, h);
        g.setColor(Color.WHITE);
        g.setClip(x, y, w, h);
        g.drawString(text, x + 4, y + g.getFontMetrics().getAscent() + 1);
        g.setClip(null);
    }

    /**
     * Writes {@code frames} (each labelled) as an animated GIF to {@code target}, atomically: {@code delayMillis}
     * per frame, looping for ever. GIF has 256 colours per frame; ImageIO's writer picks them.
     */
    public static void writeAnimatedGif(List<BufferedImage> frames, List<String> labels, int delayMillis, Path target) {
        AtomicFiles.write(target, out -> writeGif(frames, labels, delayMillis, out));
    }

    private static void writeGif(List<BufferedImage> frames, List<String> labels, int delayMillis, OutputStream out) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.prepareWriteSequence(null);
            for (int i = 0; i < frames.size(); i++) {
                BufferedImage frame = new BufferedImage(frames.get(i).getWidth(), frames.get(i).getHeight(), BufferedImage.TYPE_INT_RGB);
                Graphics2D g = frame.createGraphics();
                g.drawImage(frames.get(i), 0, 0, null);
                label(g, labels.get(i), 0, 0, frame.getWidth());
                g.dispose();
                IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), null);
                String format = metadata.getNativeMetadataFormatName();
                IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
                IIOMetadataNode control = child(root, "GraphicControlExtension");
                control.setAttribute("disposalMethod", "none");
                control.setAttribute("userInputFlag", "FALSE");
                control.setAttribute("transparentColorFlag", "FALSE");
                control.setAttribute("delayTime", Integer.toString(Math.max(1, delayMillis / 10)));
                control.setAttribute("transparentColorIndex", "0");
                if (i == 0) {
                    IIOMetadataNode extensions = child(root, "ApplicationExtensions");
                    IIOMetadataNode loop = new IIOMetadataNode("ApplicationExtension");
                    loop.setAttribute("applicationID", "NETSCAPE");
                    loop.setAttribute("authenticationCode", "2.0");
                    loop.setUserObject(new byte[] {1, 0, 0}); // loop count 0: for ever
                    extensions.appendChild(loop);
                }
                metadata.setFromTree(format, root);
                writer.writeToSequence(new IIOImage(frame, null, metadata), null);
            }
            writer.endWriteSequence();
            stream.flush();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            writer.dispose();
        }
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
