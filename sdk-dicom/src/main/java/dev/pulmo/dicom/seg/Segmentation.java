package dev.pulmo.dicom.seg;

import dev.pulmo.dicom.DicomException;
import dev.pulmo.dicom.Tag;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Segmentation read by {@link SegReader}.
 *
 * @param source                  the file it was read from
 * @param sopInstanceUid          the Segmentation's SOP Instance UID
 * @param studyInstanceUid        its study, empty when absent
 * @param frameOfReferenceUid     its Frame of Reference, empty when absent (projection images)
 * @param segmentationType        {@code BINARY}, {@code FRACTIONAL} or {@code LABELMAP}
 * @param fractionalType          {@code PROBABILITY} or {@code OCCUPANCY} for fractional SEGs, else empty
 * @param segments                the Segment Sequence (for a label map, without the item that describes the
 *                                background, whose number is the Pixel Padding Value)
 * @param referencedImages        SOP Instance UID → SOP Class UID of the images the SEG references (Referenced Series
 *                                Sequence, Source Image Sequence and the frames' Source Image Sequences), in order of
 *                                first mention
 * @param frames                  the frames in order (a label map frame gives one per segment present in it)
 * @param warnings                what a user should know: fractional frames thresholded, overlapping segments,
 *                                frames without a source image, repeated (segment, image) pairs, label map values no
 *                                segment describes, JPEG streams that contradict the transfer syntax
 * @param totalPixelMatrixColumns Total Pixel Matrix Columns (0048,0006) of a tiled Segmentation, 0 when not tiled
 * @param totalPixelMatrixRows    Total Pixel Matrix Rows (0048,0007) of a tiled Segmentation, 0 when not tiled
 */
public record Segmentation(String source, String sopInstanceUid, String studyInstanceUid, String frameOfReferenceUid,
                           String segmentationType, String fractionalType, List<SegmentDescription> segments,
                           Map<String, String> referencedImages, List<SegFrame> frames, List<String> warnings,
                           long totalPixelMatrixColumns, long totalPixelMatrixRows) {
    /** The largest total pixel matrix {@link #masks()} assembles (8192 x 8192 pixels, one byte each). */
    public static final long MAX_ASSEMBLED_PIXELS = 1L << 26;

    public Segmentation {
        Objects.requireNonNull(source, "source");
        segments = List.copyOf(segments);
        referencedImages = Collections.unmodifiableMap(new LinkedHashMap<>(referencedImages));
        frames = List.copyOf(frames);
        warnings = List.copyOf(warnings);
    }

    /**
     * One mask per (segment, source image) that has a frame, in frame order. Several frames of the same segment and
     * image are combined by union; tiles ({@link SegFrame#isTile()}) are placed at their position in a mask of the
     * total pixel matrix (tiles of several focal planes fall on one another). Images without a frame have none.
     *
     * @throws DicomException naming the file when tiles must be assembled into a total pixel matrix of more than
     *                        {@link #MAX_ASSEMBLED_PIXELS} pixels (read {@link #frames()} instead)
     */
    public List<SegmentMask> masks() {
        Map<String, SegmentMask> combined = new LinkedHashMap<>();
        Map<String, byte[]> assembled = new LinkedHashMap<>();
        for (SegFrame f : frames) {
            SegmentMask m = f.mask();
            String key = m.segmentNumber() + "\u0000" + m.sourceSopInstanceUid();
            if (f.isTile()) {
                combined.putIfAbsent(key, null);
                place(f, assembled.computeIfAbsent(key, k -> newTotalMatrix()));
            } else {
                combined.merge(key, m, Segmentation::union);
            }
        }
        List<SegmentMask> out = new ArrayList<>(combined.size());
        for (Map.Entry<String, SegmentMask> e : combined.entrySet()) {
            if (e.getValue() != null) {
                out.add(e.getValue());
            } else {
                String[] key = e.getKey().split("\u0000", -1);
                out.add(new SegmentMask(Integer.parseInt(key[0]), key[1], (int) totalPixelMatrixColumns,
                        (int) totalPixelMatrixRows, assembled.get(e.getKey())));
            }
        }
        return out;
    }

    private byte[] newTotalMatrix() {
        if (totalPixelMatrixColumns * totalPixelMatrixRows > MAX_ASSEMBLED_PIXELS) {
            throw new DicomException(source, DicomException.NO_OFFSET, Tag.TotalPixelMatrixColumns, "a total pixel matrix"
                    + " of " + totalPixelMatrixColumns + " x " + totalPixelMatrixRows + " is more than masks() assembles ("
                    + MAX_ASSEMBLED_PIXELS + " pixels); read the tiles with frames()");
        }
        return new byte[(int) (totalPixelMatrixColumns * totalPixelMatrixRows)];
    }

    /** ORs the tile into the total matrix at its position, clipped at the matrix's right and bottom edges. */
    private void place(SegFrame tile, byte[] total) {
        int columns = (int) totalPixelMatrixColumns;
        int rows = (int) totalPixelMatrixRows;
        SegmentMask m = tile.mask();
        int x0 = tile.columnPositionInTotalPixelMatrix() - 1;
        int y0 = tile.rowPositionInTotalPixelMatrix() - 1;
        int width = Math.min(m.columns(), columns - x0);
        for (int y = 0; y < m.rows() && y0 + y < rows; y++) {
            for (int x = 0; x < width; x++) {
                if (m.isForeground(y * m.columns() + x)) {
                    total[(y0 + y) * columns + x0 + x] = 1;
                }
            }
        }
    }

    private static SegmentMask union(SegmentMask a, SegmentMask b) {
        byte[] out = a.foreground();
        byte[] other = b.foreground();
        for (int i = 0; i < out.length; i++) {
            out[i] |= other[i];
        }
        return new SegmentMask(a.segmentNumber(), a.sourceSopInstanceUid(), a.columns(), a.rows(), out);
    }
}
