package dev.pulmo.dicom.pixel.internal.j2k;

import java.util.concurrent.ForkJoinPool;

/**
 * A JPEG 2000 Part 1 decoder (ISO/IEC 15444-1) with the HT block coder of ISO/IEC 15444-15, for raw
 * codestreams (J2K) and JP2 files. Pure Java, no state between calls, safe to call from several threads.
 *
 * <p>A tile-component of at least {@value #PARALLEL_MIN_SAMPLES} samples has its code-blocks decoded by the
 * calling thread together with tasks of the common fork-join pool (as many threads in all as the pool's
 * parallelism plus one); the system property {@code pulmo.j2k.parallel=false} keeps every decode on the
 * calling thread. The result is the same either way: each code-block is decoded alone.
 *
 * <p>Allocations are bounded by the image: the caller gives the largest number of samples it accepts,
 * checked against SIZ before anything else is allocated; precincts and code-blocks are bounded by the
 * samples they cover, packets by the bytes they take.
 */
public final class J2kDecoder {
    /** Tile-components smaller than this (512 x 512) are decoded on the calling thread only. */
    public static final int PARALLEL_MIN_SAMPLES = 1 << 18;
    /** Code-blocks per thread below which a parallel decode is not worth its start. */
    private static final int MIN_BLOCKS_PER_WORKER = 8;

    private J2kDecoder() {
    }

    /** @return how many threads decode the code-blocks of a tile-component */
    static int workers(int codeBlocks, long samples, boolean parallel) {
        if (!parallel || samples < PARALLEL_MIN_SAMPLES) {
            return 1;
        }
        int threads = ForkJoinPool.getCommonPoolParallelism() + 1;
        return Math.max(1, Math.min(threads, codeBlocks / MIN_BLOCKS_PER_WORKER));
    }

    /**
     * @param data       a J2K codestream or a JP2 file
     * @param reduce     resolution levels to discard (0 for the full image)
     * @param maxSamples the most samples (all components, after reduction) the caller accepts
     * @return the decoded image
     * @throws J2kException when the data is malformed, truncated, larger than {@code maxSamples}, or uses
     *                      a feature this decoder lacks; the message says what and where
     */
    public static J2kImage decode(byte[] data, int reduce, long maxSamples) {
        return decode(data, reduce, maxSamples, !"false".equals(System.getProperty("pulmo.j2k.parallel")));
    }

    /**
     * How the main header of a codestream says its components are coded, read from its COD and COC marker
     * segments only (15444-1 A.6.1, A.6.2; 15444-15 A.4): enough to tell a lossy stream from the first bytes of a
     * frame, without decoding it. Tile-part headers, which may change the coding of one tile, are not read.
     *
     * @param irreversible   some component uses the irreversible 9/7 wavelet (lossy by construction)
     * @param highThroughput some component uses the HT block coder (ISO/IEC 15444-15)
     */
    public record MainHeaderCoding(boolean irreversible, boolean highThroughput) {
    }

    /**
     * @param data a J2K codestream or a JP2 file; bytes after the main header may be missing
     * @return the coding of its main header
     * @throws J2kException when the data is not a codestream or its main header is cut short or malformed
     */
    public static MainHeaderCoding mainHeaderCoding(byte[] data) {
        int[] bounds = Jp2Boxes.codestreamBounds(data);
        int end = bounds[1];
        int at = bounds[0] + 2;
        int componentIndexBytes = 1;
        boolean irreversible = false;
        boolean highThroughput = false;
        while (true) {
            if (at + 4 > end) {
                throw new J2kException(at, "the main header ends at byte " + end + " before the first tile-part (SOT)");
            }
            int marker = (data[at] & 0xFF) << 8 | data[at + 1] & 0xFF;
            if (marker == Markers.SOT || marker == Markers.EOC) {
                return new MainHeaderCoding(irreversible, highThroughput);
            }
            int length = (data[at + 2] & 0xFF) << 8 | data[at + 3] & 0xFF;
            if ((marker & 0xFF00) != 0xFF00 || length < 2 || at + 2 + length > end) {
                throw new J2kException(at, String.format("marker %04X with segment length %d is not a main-header"
                        + " marker segment within the %d bytes there are", marker, length, end - at));
            }
            int styleAt = -1;
            if (marker == Markers.SIZ && length >= 38) {
                componentIndexBytes = ((data[at + 38] & 0xFF) << 8 | data[at + 39] & 0xFF) > 256 ? 2 : 1;
            } else if (marker == Markers.COD && length >= 12) {
                styleAt = at + 12;
            } else if (marker == Markers.COC && length >= 8 + componentIndexBytes) {
                styleAt = at + 8 + componentIndexBytes;
            }
            if (styleAt >= 0) {
                highThroughput |= (data[styleAt] & CodingParameters.STYLE_HT) != 0;
                irreversible |= data[styleAt + 1] == 0;
            }
            at += 2 + length;
        }
    }

    /** {@link #decode(byte[], int, long)} with the choice of threads made by the caller. */
    static J2kImage decode(byte[] data, int reduce, long maxSamples, boolean parallel) {
        int[] bounds = Jp2Boxes.codestreamBounds(data);
        Codestream codestream = Codestream.parse(data, bounds[0], bounds[1]);
        int components = codestream.components;
        int[] planeX0 = new int[components];
        int[] planeY0 = new int[components];
        int[] widths = new int[components];
        int[] heights = new int[components];
        long total = 0;
        for (int c = 0; c < components; c++) {
            int x0 = Codestream.ceilDivPow2(Codestream.ceilDiv(codestream.imageX0, codestream.subsamplingX[c]), reduce);
            int y0 = Codestream.ceilDivPow2(Codestream.ceilDiv(codestream.imageY0, codestream.subsamplingY[c]), reduce);
            int x1 = Codestream.ceilDivPow2(Codestream.ceilDiv(codestream.imageX1, codestream.subsamplingX[c]), reduce);
            int y1 = Codestream.ceilDivPow2(Codestream.ceilDiv(codestream.imageY1, codestream.subsamplingY[c]), reduce);
            planeX0[c] = x0;
            planeY0[c] = y0;
            widths[c] = x1 - x0;
            heights[c] = y1 - y0;
            total += (long) widths[c] * heights[c];
        }
        if (total > maxSamples) {
            throw new J2kException(bounds[0], "the image holds " + total + " samples ("
                    + (codestream.imageX1 - codestream.imageX0) + "x" + (codestream.imageY1 - codestream.imageY0)
                    + ", " + components + " components) but at most " + maxSamples + " are expected");
        }
        int[][] planes = new int[components][];
        for (int c = 0; c < components; c++) {
            planes[c] = new int[widths[c] * heights[c]];
        }
        int transform = codestream.mainTileCoding.multipleComponentTransform();
        boolean reversible = codestream.mainComponentCoding.reversible();
        for (int t = 0; t < codestream.tiles.length; t++) {
            Codestream.Tile tile = codestream.tiles[t];
            if (tile == null) {
                throw new J2kException(bounds[1], "tile " + t + " of " + codestream.tiles.length
                        + " has no tile-part: truncated or corrupt codestream");
            }
            if (tile.declaredTileParts != 0 && tile.tileParts != tile.declaredTileParts) {
                throw new J2kException(tile.firstOffset, "tile " + t + " declares " + tile.declaredTileParts
                        + " tile-parts but " + tile.tileParts + " are present: truncated or corrupt codestream");
            }
            TileDecoder decoder = new TileDecoder(codestream, tile, reduce, t, parallel);
            byte[] tileData;
            long tileDataOffset;
            if (tile.bodies.size() == 1) {
                int[] only = tile.bodies.get(0);
                tileData = java.util.Arrays.copyOfRange(data, only[0], only[0] + only[1]);
                tileDataOffset = only[0];
            } else {
                int length = 0;
                for (int[] part : tile.bodies) {
                    length += part[1];
                }
                tileData = new byte[length];
                int at = 0;
                for (int[] part : tile.bodies) {
                    System.arraycopy(data, part[0], tileData, at, part[1]);
                    at += part[1];
                }
                tileDataOffset = -1;
            }
            decoder.decode(tileData, codestream.packedHeaders(tile), tileDataOffset);
            decoder.writeInto(planes, widths, planeX0, planeY0);
        }
        return new J2kImage(widths[0] == 0 ? 0 : Codestream.ceilDivPow2(codestream.imageX1, reduce)
                - Codestream.ceilDivPow2(codestream.imageX0, reduce),
                Codestream.ceilDivPow2(codestream.imageY1, reduce) - Codestream.ceilDivPow2(codestream.imageY0, reduce),
                planes, widths, heights, codestream.precision.clone(), codestream.signed.clone(), transform,
                reversible);
    }
}
