package dev.pulmo.dicom.pixel.internal.j2k;

import static dev.pulmo.dicom.pixel.internal.j2k.Codestream.ceilDivPow2;

import dev.pulmo.dicom.pixel.internal.j2k.CodingParameters.ComponentCoding;
import dev.pulmo.dicom.pixel.internal.j2k.CodingParameters.ProgressionChange;
import dev.pulmo.dicom.pixel.internal.j2k.CodingParameters.Quantization;
import dev.pulmo.dicom.pixel.internal.j2k.CodingParameters.TileCoding;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Decodes one tile: its structure (B.5–B.7), its packets in progression order (B.9–B.12, with POC),
 * the code-blocks (Annex D, or 15444-15 for HT), dequantization (E.1, with ROI max-shift of Annex H),
 * the inverse wavelet (Annex F), the inverse component transform (G.2/G.3) and the DC level shift (G.1).
 * Arithmetic on irreversible data follows OpenJPEG 2.5 step for step, so lossy frames come out equal to
 * what {@code opj_decompress} writes.
 */
final class TileDecoder {
    private final Codestream codestream;
    private final Codestream.Tile tile;
    private final int reduce;
    /** Whether large tile-components may spread their code-blocks over the common pool. */
    private final boolean parallel;
    private final TileCoding coding;
    final int tileX0;
    final int tileY0;
    final int tileX1;
    final int tileY1;
    final TileComponent[] components;

    static final class TileComponent {
        int index;
        int x0;
        int y0;
        int x1;
        int y1;
        ComponentCoding coding;
        Quantization quantization;
        int regionShift;
        int levels;
        /** Index of the highest resolution decoded: levels − reduce. */
        int top;
        Resolution[] resolutions;
        int width;
        int height;
        int[] samples;
        float[] real;
    }

    static final class Resolution {
        int level;
        int x0;
        int y0;
        int x1;
        int y1;
        int precinctWidthExponent;
        int precinctHeightExponent;
        int precinctsWide;
        int precinctsHigh;
        int precinctX0;
        int precinctY0;
        Band[] bands;
        Precinct[] precincts;
    }

    static final class Band {
        /** 0 LL, 1 HL, 2 LH, 3 HH. */
        int orientation;
        int bandIndex;
        int x0;
        int y0;
        int x1;
        int y1;
        int codeBlockWidthExponent;
        int codeBlockHeightExponent;
        /** Mb of E.2: guard bits + exponent − 1. */
        int magnitudeBits;
        float stepSize;

        boolean isEmpty() {
            return x1 <= x0 || y1 <= y0;
        }
    }

    static final class Precinct {
        CodeBlockGrid[] grids;
    }

    static final class CodeBlockGrid {
        int columns;
        int rows;
        TagTree inclusion;
        TagTree zeroBitPlanes;
        CodeBlock[] blocks;
    }

    TileDecoder(Codestream codestream, Codestream.Tile tile, int reduce, int tileIndex, boolean parallel) {
        this.parallel = parallel;
        this.codestream = codestream;
        this.tile = tile;
        this.reduce = reduce;
        this.coding = codestream.tileCoding(tile);
        int p = tileIndex % codestream.tilesAcross;
        int q = tileIndex / codestream.tilesAcross;
        tileX0 = (int) Math.max((long) codestream.tileX0 + (long) p * codestream.tileWidth, codestream.imageX0);
        tileY0 = (int) Math.max((long) codestream.tileY0 + (long) q * codestream.tileHeight, codestream.imageY0);
        tileX1 = (int) Math.min((long) codestream.tileX0 + (long) (p + 1) * codestream.tileWidth, codestream.imageX1);
        tileY1 = (int) Math.min((long) codestream.tileY0 + (long) (q + 1) * codestream.tileHeight, codestream.imageY1);
        components = new TileComponent[codestream.components];
        for (int c = 0; c < components.length; c++) {
            components[c] = buildComponent(c);
        }
    }

    private TileComponent buildComponent(int c) {
        TileComponent tc = new TileComponent();
        tc.index = c;
        tc.x0 = Codestream.ceilDiv(tileX0, codestream.subsamplingX[c]);
        tc.y0 = Codestream.ceilDiv(tileY0, codestream.subsamplingY[c]);
        tc.x1 = Codestream.ceilDiv(tileX1, codestream.subsamplingX[c]);
        tc.y1 = Codestream.ceilDiv(tileY1, codestream.subsamplingY[c]);
        tc.coding = codestream.componentCoding(tile, c);
        tc.quantization = codestream.quantization(tile, c);
        tc.regionShift = codestream.regionShift(tile, c);
        tc.levels = tc.coding.levels();
        if (reduce > tc.levels) {
            throw new J2kException(tile.firstOffset, "cannot discard " + reduce + " resolution levels of component "
                    + c + " of tile " + tile.index + ", which has " + tc.levels + " decomposition levels");
        }
        tc.top = tc.levels - reduce;
        int bandsNeeded = 3 * tc.levels + 1;
        Quantization quant = tc.quantization;
        if (quant.style() != 1 && quant.exponents().length < bandsNeeded) {
            throw new J2kException(tile.firstOffset, "quantization of component " + c + " gives "
                    + quant.exponents().length + " sub-band(s) but " + tc.levels + " decomposition levels need "
                    + bandsNeeded);
        }
        if (tc.coding.reversible() != (quant.style() == 0) && !tc.coding.reversible()) {
            throw new J2kException(tile.firstOffset, "component " + c
                    + " uses the irreversible 9/7 wavelet without scalar quantization");
        }
        if (tc.coding.isHighThroughput() && tc.regionShift > 0) {
            throw new J2kException(tile.firstOffset, "ROI (RGN) with HT code-blocks is not supported");
        }
        tc.resolutions = new Resolution[tc.levels + 1];
        for (int r = 0; r <= tc.levels; r++) {
            tc.resolutions[r] = buildResolution(tc, r);
        }
        Resolution topResolution = tc.resolutions[tc.top];
        tc.width = topResolution.x1 - topResolution.x0;
        tc.height = topResolution.y1 - topResolution.y0;
        return tc;
    }

    private Resolution buildResolution(TileComponent tc, int r) {
        Resolution res = new Resolution();
        res.level = r;
        int shift = tc.levels - r;
        res.x0 = ceilDivPow2(tc.x0, shift);
        res.y0 = ceilDivPow2(tc.y0, shift);
        res.x1 = ceilDivPow2(tc.x1, shift);
        res.y1 = ceilDivPow2(tc.y1, shift);
        res.precinctWidthExponent = tc.coding.precinctWidthExponent(r);
        res.precinctHeightExponent = tc.coding.precinctHeightExponent(r);
        int ppx = res.precinctWidthExponent;
        int ppy = res.precinctHeightExponent;
        res.precinctX0 = res.x0 >> ppx;
        res.precinctY0 = res.y0 >> ppy;
        res.precinctsWide = res.x1 > res.x0 ? ceilDivPow2(res.x1, ppx) - res.precinctX0 : 0;
        res.precinctsHigh = res.y1 > res.y0 ? ceilDivPow2(res.y1, ppy) - res.precinctY0 : 0;
        long precincts = (long) res.precinctsWide * res.precinctsHigh;
        long area = (long) (res.x1 - res.x0) * (res.y1 - res.y0);
        if (precincts > Math.max(1, area)) {
            throw new J2kException(tile.firstOffset, "resolution " + r + " of component " + tc.index
                    + " would have " + precincts + " precincts for " + area + " samples");
        }
        res.precincts = new Precinct[(int) precincts];
        int bandCount = r == 0 ? 1 : 3;
        res.bands = new Band[bandCount];
        int cbw = Math.min(tc.coding.codeBlockWidthExponent(), r == 0 ? ppx : ppx - 1);
        int cbh = Math.min(tc.coding.codeBlockHeightExponent(), r == 0 ? ppy : ppy - 1);
        for (int b = 0; b < bandCount; b++) {
            Band band = new Band();
            band.orientation = r == 0 ? 0 : b + 1;
            band.bandIndex = r == 0 ? 0 : 1 + 3 * (r - 1) + b;
            if (r == 0) {
                band.x0 = res.x0;
                band.y0 = res.y0;
                band.x1 = res.x1;
                band.y1 = res.y1;
            } else {
                int level = tc.levels - r + 1;
                long xob = band.orientation & 1;
                long yob = band.orientation >> 1;
                band.x0 = ceilDivPow2(tc.x0 - (xob << (level - 1)), level);
                band.y0 = ceilDivPow2(tc.y0 - (yob << (level - 1)), level);
                band.x1 = ceilDivPow2(tc.x1 - (xob << (level - 1)), level);
                band.y1 = ceilDivPow2(tc.y1 - (yob << (level - 1)), level);
            }
            band.codeBlockWidthExponent = cbw;
            band.codeBlockHeightExponent = cbh;
            Quantization quant = tc.quantization;
            int exponent = quant.exponent(band.bandIndex, tc.levels);
            int mantissa = quant.mantissa(band.bandIndex);
            if (exponent < 0) {
                throw new J2kException(tile.firstOffset, "quantization of component " + tc.index
                        + " has no exponent for sub-band " + band.bandIndex);
            }
            band.magnitudeBits = quant.guardBits() + exponent - 1;
            if (!tc.coding.reversible()) {
                // OpenJPEG (tcd.c, BUG_WEIRD_TWO_INVK): Rb = precision for every band when decoding 9/7, the
                // sub-band gain being folded into its synthesis constants
                int rb = codestream.precision[tc.index];
                band.stepSize = (float) ((1.0 + mantissa / 2048.0) * Math.pow(2.0, rb - exponent));
            }
            res.bands[b] = band;
        }
        return res;
    }

    /** Reads every packet of the tile, then decodes its code-blocks and transforms. */
    void decode(byte[] tileData, byte[] packedHeaders, long tileDataOffset) {
        readPackets(tileData, packedHeaders, tileDataOffset);
        for (TileComponent tc : components) {
            decodeComponent(tc);
        }
        inverseComponentTransform();
    }

    // ---------------------------------------------------------------- packets (Tier 2)

    private PacketHeaderBits header;
    private boolean packed;
    private byte[] body;
    private int bodyPosition;
    private long bodyOffset;
    private final List<CodeBlock> pendingBlocks = new ArrayList<>();
    private int[] pendingLengths = new int[64];
    private int[] pendingKinds = new int[64];
    private int[] pendingPasses = new int[64];
    private int pendingCount;
    private static final int KIND_PART1 = 0;
    private static final int KIND_HT_CLEANUP = 1;
    private static final int KIND_HT_REFINEMENT = 2;
    private static final int KIND_HT_EMPTY = 3;

    /** Next layer to read for each (component, resolution, precinct), to honour POC volumes. */
    private int[][][] nextLayer;

    private void readPackets(byte[] tileData, byte[] packedHeaders, long tileDataOffset) {
        body = tileData;
        bodyPosition = 0;
        bodyOffset = tileDataOffset;
        packed = packedHeaders != null;
        header = packed ? new PacketHeaderBits(packedHeaders, 0, packedHeaders.length, -1)
                : new PacketHeaderBits(tileData, 0, tileData.length, tileDataOffset);
        nextLayer = new int[components.length][][];
        int maxResolutions = 0;
        for (int c = 0; c < components.length; c++) {
            Resolution[] rs = components[c].resolutions;
            nextLayer[c] = new int[rs.length][];
            for (int r = 0; r < rs.length; r++) {
                nextLayer[c][r] = new int[rs[r].precincts.length];
            }
            maxResolutions = Math.max(maxResolutions, rs.length);
        }
        List<ProgressionChange> changes = codestream.progressionChanges(tile);
        if (changes.isEmpty()) {
            readVolume(coding.progression(), 0, 0, coding.layers(), maxResolutions, components.length);
        } else {
            for (ProgressionChange change : changes) {
                readVolume(change.progression(), change.resolutionStart(), change.componentStart(),
                        Math.min(change.layerEnd(), coding.layers()), Math.min(change.resolutionEnd(), maxResolutions),
                        Math.min(change.componentEnd(), components.length));
            }
        }
    }

    private void readVolume(int order, int rs, int cs, int layerEnd, int re, int ce) {
        switch (order) {
            case CodingParameters.LRCP -> {
                for (int l = 0; l < layerEnd; l++) {
                    for (int r = rs; r < re; r++) {
                        for (int c = cs; c < ce; c++) {
                            readPrecincts(c, r, l);
                        }
                    }
                }
            }
            case CodingParameters.RLCP -> {
                for (int r = rs; r < re; r++) {
                    for (int l = 0; l < layerEnd; l++) {
                        for (int c = cs; c < ce; c++) {
                            readPrecincts(c, r, l);
                        }
                    }
                }
            }
            case CodingParameters.RPCL -> {
                for (int r = rs; r < re; r++) {
                    readPositions(positions(cs, ce, r, r + 1, Comparator.comparingLong((long[] k) -> k[0])
                            .thenComparingLong(k -> k[1]).thenComparingLong(k -> k[2])), layerEnd);
                }
            }
            case CodingParameters.PCRL -> readPositions(positions(cs, ce, rs, re, Comparator
                    .comparingLong((long[] k) -> k[0]).thenComparingLong(k -> k[1]).thenComparingLong(k -> k[2])
                    .thenComparingLong(k -> k[3])), layerEnd);
            default -> {
                for (int c = cs; c < ce; c++) {
                    readPositions(positions(c, c + 1, rs, re, Comparator.comparingLong((long[] k) -> k[0])
                            .thenComparingLong(k -> k[1]).thenComparingLong(k -> k[3])), layerEnd);
                }
            }
        }
    }

    private void readPrecincts(int c, int r, int layer) {
        TileComponent tc = components[c];
        if (r >= tc.resolutions.length) {
            return;
        }
        Resolution res = tc.resolutions[r];
        for (int p = 0; p < res.precincts.length; p++) {
            if (nextLayer[c][r][p] <= layer) {
                readPacket(tc, res, p, layer);
                nextLayer[c][r][p] = layer + 1;
            }
        }
    }

    /**
     * The precincts of components [cs, ce) and resolutions [rs, re) keyed by where B.12.1.3's loops over
     * the reference grid first meet them: y = max(ty0, top of the precinct on the grid), x likewise.
     * Each key is {y, x, component, resolution, precinct}.
     */
    private List<long[]> positions(int cs, int ce, int rs, int re, Comparator<long[]> order) {
        List<long[]> keys = new ArrayList<>();
        for (int c = cs; c < ce; c++) {
            TileComponent tc = components[c];
            for (int r = rs; r < re && r < tc.resolutions.length; r++) {
                Resolution res = tc.resolutions[r];
                int shift = tc.levels - r;
                for (int py = 0; py < res.precinctsHigh; py++) {
                    long y = Math.max(tileY0, (long) (res.precinctY0 + py) * codestream.subsamplingY[c]
                            << (res.precinctHeightExponent + shift));
                    for (int px = 0; px < res.precinctsWide; px++) {
                        long x = Math.max(tileX0, (long) (res.precinctX0 + px) * codestream.subsamplingX[c]
                                << (res.precinctWidthExponent + shift));
                        keys.add(new long[] {y, x, c, r, (long) py * res.precinctsWide + px});
                    }
                }
            }
        }
        keys.sort(order);
        return keys;
    }

    private void readPositions(List<long[]> keys, int layerEnd) {
        for (long[] key : keys) {
            int c = (int) key[2];
            int r = (int) key[3];
            int p = (int) key[4];
            for (int l = nextLayer[c][r][p]; l < layerEnd; l++) {
                readPacket(components[c], components[c].resolutions[r], p, l);
                nextLayer[c][r][p] = l + 1;
            }
        }
    }

    private Precinct precinct(TileComponent tc, Resolution res, int index) {
        Precinct precinct = res.precincts[index];
        if (precinct != null) {
            return precinct;
        }
        precinct = new Precinct();
        precinct.grids = new CodeBlockGrid[res.bands.length];
        int px = res.precinctX0 + index % res.precinctsWide;
        int py = res.precinctY0 + index / res.precinctsWide;
        for (int b = 0; b < res.bands.length; b++) {
            Band band = res.bands[b];
            CodeBlockGrid grid = new CodeBlockGrid();
            precinct.grids[b] = grid;
            if (band.isEmpty()) {
                grid.blocks = new CodeBlock[0];
                continue;
            }
            int pw = res.level == 0 ? res.precinctWidthExponent : res.precinctWidthExponent - 1;
            int ph = res.level == 0 ? res.precinctHeightExponent : res.precinctHeightExponent - 1;
            long bx0 = Math.max(band.x0, (long) px << pw);
            long by0 = Math.max(band.y0, (long) py << ph);
            long bx1 = Math.min(band.x1, (long) (px + 1) << pw);
            long by1 = Math.min(band.y1, (long) (py + 1) << ph);
            if (bx1 <= bx0 || by1 <= by0) {
                grid.blocks = new CodeBlock[0];
                continue;
            }
            int cw = band.codeBlockWidthExponent;
            int ch = band.codeBlockHeightExponent;
            int cbx0 = (int) (bx0 >> cw);
            int cby0 = (int) (by0 >> ch);
            int cbx1 = (int) ((bx1 + (1L << cw) - 1) >> cw);
            int cby1 = (int) ((by1 + (1L << ch) - 1) >> ch);
            grid.columns = cbx1 - cbx0;
            grid.rows = cby1 - cby0;
            grid.blocks = new CodeBlock[grid.columns * grid.rows];
            for (int j = 0; j < grid.rows; j++) {
                for (int i = 0; i < grid.columns; i++) {
                    int x0 = (int) Math.max(bx0, (long) (cbx0 + i) << cw);
                    int y0 = (int) Math.max(by0, (long) (cby0 + j) << ch);
                    int x1 = (int) Math.min(bx1, (long) (cbx0 + i + 1) << cw);
                    int y1 = (int) Math.min(by1, (long) (cby0 + j + 1) << ch);
                    grid.blocks[j * grid.columns + i] = new CodeBlock(x0, y0, x1, y1);
                }
            }
            grid.inclusion = new TagTree(grid.columns, grid.rows);
            grid.zeroBitPlanes = new TagTree(grid.columns, grid.rows);
        }
        res.precincts[index] = precinct;
        return precinct;
    }

    private void readPacket(TileComponent tc, Resolution res, int precinctIndex, int layer) {
        Precinct precinct = precinct(tc, res, precinctIndex);
        if (coding.sop() && bodyPosition + 6 <= body.length && (body[bodyPosition] & 0xFF) == 0xFF
                && (body[bodyPosition + 1] & 0xFF) == 0x91) {
            bodyPosition += 6;
        }
        if (!packed) {
            header.moveTo(bodyPosition);
        }
        long packetOffset = packed ? -1 : bodyOffset + bodyPosition;
        pendingCount = 0;
        pendingBlocks.clear();
        if (header.bit() != 0) {
            for (int b = 0; b < res.bands.length; b++) {
                CodeBlockGrid grid = precinct.grids[b];
                Band band = res.bands[b];
                for (int k = 0; k < grid.blocks.length; k++) {
                    readCodeBlockHeader(tc, band, grid, k, layer, packetOffset);
                }
            }
        }
        header.align();
        if (coding.eph() && header.peek(0) == 0xFF && header.peek(1) == 0x92) {
            header.skip(2);
        }
        if (!packed) {
            bodyPosition = header.position();
        }
        for (int i = 0; i < pendingCount; i++) {
            CodeBlock block = pendingBlocks.get(i);
            int length = pendingLengths[i];
            if (length > body.length - bodyPosition) {
                throw new J2kException(bodyOffset + bodyPosition, "code-block data of " + length
                        + " bytes runs past the end of tile " + tile.index + "'s data ("
                        + (body.length - bodyPosition) + " bytes left): truncated or corrupt");
            }
            int at = block.length;
            block.append(body, bodyPosition, length);
            bodyPosition += length;
            switch (pendingKinds[i]) {
                case KIND_PART1 -> {
                    int s = block.segments - 1;
                    // the segment a record belongs to was noted in pendingPasses as its index
                    int segment = pendingPasses[i];
                    block.segmentLengths[segment] += length;
                    if (s < segment) {
                        throw new IllegalStateException("segment bookkeeping");
                    }
                }
                case KIND_HT_CLEANUP -> {
                    block.htCleanupPass = pendingPasses[i];
                    block.htCleanupOffset = at;
                    block.htCleanupLength = length;
                    block.htRefinementPasses = 0;
                    block.htRefinementLength = 0;
                    block.htRefinementOffset = at + length;
                    block.htEmptySet = false;
                }
                case KIND_HT_REFINEMENT -> {
                    if (block.htRefinementLength == 0) {
                        block.htRefinementOffset = at;
                    }
                    block.htRefinementLength += length;
                    block.htRefinementPasses += pendingPasses[i];
                }
                default -> {
                    // an empty HT set: nothing to keep
                }
            }
        }
    }

    private void pending(CodeBlock block, int kind, int value, int length) {
        if (pendingCount == pendingLengths.length) {
            pendingLengths = Arrays.copyOf(pendingLengths, pendingCount * 2);
            pendingKinds = Arrays.copyOf(pendingKinds, pendingCount * 2);
            pendingPasses = Arrays.copyOf(pendingPasses, pendingCount * 2);
        }
        pendingBlocks.add(block);
        pendingKinds[pendingCount] = kind;
        pendingPasses[pendingCount] = value;
        pendingLengths[pendingCount] = length;
        pendingCount++;
    }

    private void readCodeBlockHeader(TileComponent tc, Band band, CodeBlockGrid grid, int k, int layer,
            long packetOffset) {
        CodeBlock block = grid.blocks[k];
        boolean included;
        if (!block.included) {
            included = grid.inclusion.decode(header, k, layer + 1);
            if (!included) {
                return;
            }
            block.included = true;
            block.zeroBitPlanes = grid.zeroBitPlanes.decodeValue(header, k, 74, packetOffset);
        } else {
            included = header.bit() != 0;
            if (!included) {
                return;
            }
        }
        int newPasses = readPassCount();
        while (header.bit() != 0) {
            block.lengthBits++;
            if (block.lengthBits > 32) {
                throw new J2kException(packetOffset, "code-block length indicator (Lblock) above 32 bits");
            }
        }
        int style = tc.coding.style();
        if ((style & CodingParameters.STYLE_HT) != 0 && !block.part1InMixedMode) {
            readHighThroughputLengths(block, newPasses, (style & CodingParameters.STYLE_HT_MIXED) != 0,
                    packetOffset);
        } else {
            readPart1Lengths(block, newPasses, style, packetOffset);
        }
    }

    private int readPassCount() {
        // B.10.6, Table B.4
        if (header.bit() == 0) {
            return 1;
        }
        if (header.bit() == 0) {
            return 2;
        }
        int n = header.bits(2);
        if (n != 3) {
            return 3 + n;
        }
        n = header.bits(5);
        if (n != 31) {
            return 6 + n;
        }
        return 37 + header.bits(7);
    }

    private int readLength(int bitCount, long packetOffset) {
        if (bitCount > 31) {
            throw new J2kException(packetOffset, "code-block segment length of " + bitCount
                    + " bits (corrupt packet header)");
        }
        return header.bits(bitCount);
    }

    private static int maxPassesOfNewSegment(CodeBlock block, int style) {
        if ((style & CodingParameters.STYLE_TERMALL) != 0) {
            return 1;
        }
        if ((style & CodingParameters.STYLE_BYPASS) != 0) {
            // D.6: 10 passes in the first segment, then raw SP+MR (2) and MQ cleanup (1) alternately
            if (block.segments == 0) {
                return 10;
            }
            int previous = block.segmentMaxPasses[block.segments - 1];
            return previous == 1 || previous == 10 ? 2 : 1;
        }
        return Integer.MAX_VALUE;
    }

    private void readPart1Lengths(CodeBlock block, int newPasses, int style, long packetOffset) {
        if (block.segments == 0 || block.segmentPasses[block.segments - 1]
                == block.segmentMaxPasses[block.segments - 1]) {
            block.openSegment(maxPassesOfNewSegment(block, style));
        }
        int n = newPasses;
        while (n > 0) {
            int s = block.segments - 1;
            int take = Math.min(block.segmentMaxPasses[s] - block.segmentPasses[s], n);
            int length = readLength(block.lengthBits + floorLog2(take), packetOffset);
            block.segmentPasses[s] += take;
            pending(block, KIND_PART1, s, length);
            n -= take;
            if (n > 0) {
                block.openSegment(maxPassesOfNewSegment(block, style));
            }
        }
        block.passes += newPasses;
    }

    /**
     * 15444-15 B.3/B.4: placeholder passes before the first HT Cleanup pass, then HT sets of a Cleanup
     * segment (one pass) and a refinement segment (SigProp, MagRef). In mixed mode a code-block whose
     * first contribution cannot be an HT Cleanup pass is a Part 1 code-block.
     */
    private void readHighThroughputLengths(CodeBlock block, int newPasses, boolean mixed, long packetOffset) {
        int n = newPasses;
        if (block.htPlaceholders) {
            int refinementPasses = (block.passes + n - 1) % 3;
            int segmentPasses = n - refinementPasses;
            int bits = block.lengthBits;
            if (segmentPasses < 1) {
                int length = readLength(bits + floorLog2(n), packetOffset);
                if (length != 0) {
                    switchToPart1(block, n, length, mixed, packetOffset);
                    return;
                }
                block.passes += n;
                return;
            }
            int length = readLength(bits + floorLog2(segmentPasses), packetOffset);
            if (length == 0) {
                int extra = floorLog2(n) - floorLog2(segmentPasses);
                length = extra > 0 ? header.bits(extra) : 0;
                if (length != 0) {
                    int totalBits = bits + floorLog2(n);
                    switchToPart1(block, n, length, mixed, packetOffset);
                    if (totalBits < 0) {
                        throw new IllegalStateException();
                    }
                    return;
                }
                block.passes += n;
                return;
            }
            int lengthBits = bits + floorLog2(segmentPasses);
            if (mixed && !(block.lengthBits > 3 && length > 1 && (length >> (lengthBits - 1)) == 0)) {
                int extra = floorLog2(n) - floorLog2(segmentPasses);
                if (extra > 0) {
                    length = length << extra | header.bits(extra);
                }
                switchToPart1(block, n, length, true, packetOffset);
                return;
            }
            if (length < 2) {
                throw new J2kException(packetOffset, "HT Cleanup segment of " + length + " byte(s); at least 2");
            }
            block.htPlaceholders = false;
            block.passes += segmentPasses;
            pending(block, KIND_HT_CLEANUP, block.passes - 1, length);
            n -= segmentPasses;
        }
        while (n > 0) {
            int phase = block.passes % 3;
            int segmentPasses;
            if (phase == 0) {
                segmentPasses = 1;
            } else {
                segmentPasses = n > 1 ? 3 - phase : 1;
            }
            int length = readLength(block.lengthBits + segmentPasses - 1, packetOffset);
            if (phase == 0) {
                if (length != 0) {
                    if (length < 2) {
                        throw new J2kException(packetOffset, "HT Cleanup segment of 1 byte; at least 2");
                    }
                    block.htEmptySet = false;
                    pending(block, KIND_HT_CLEANUP, block.passes, length);
                } else {
                    block.htEmptySet = true;
                    pending(block, KIND_HT_EMPTY, 0, 0);
                }
            } else if (block.htEmptySet) {
                if (length != 0) {
                    throw new J2kException(packetOffset, "HT refinement data after an empty HT Cleanup pass");
                }
            } else {
                pending(block, KIND_HT_REFINEMENT, segmentPasses, length);
            }
            block.passes += segmentPasses;
            n -= segmentPasses;
        }
    }

    private void switchToPart1(CodeBlock block, int newPasses, int length, boolean mixed, long packetOffset) {
        if (!mixed) {
            throw new J2kException(packetOffset, "HT code-block has data where only placeholder passes can be");
        }
        if (block.passes != 0) {
            throw new J2kException(packetOffset, "a mixed-mode code-block that turns out to be a Part 1 code-block"
                    + " after placeholder passes is not supported");
        }
        block.part1InMixedMode = true;
        // its first contribution was one segment of all new passes, as if not mixed
        block.openSegment(Integer.MAX_VALUE);
        block.segmentPasses[0] = newPasses;
        block.passes = newPasses;
        pending(block, KIND_PART1, 0, length);
    }

    static int floorLog2(int n) {
        return 31 - Integer.numberOfLeadingZeros(n);
    }

    // ---------------------------------------------------------------- code-blocks, wavelet

    /** A code-block to decode and where its values go in the tile-component's buffer. */
    private record BlockJob(Band band, CodeBlock block, int x, int y) {
    }

    private void decodeComponent(TileComponent tc) {
        int width = tc.width;
        int height = tc.height;
        boolean reversible = tc.coding.reversible();
        long size = (long) width * height;
        if (reversible) {
            tc.samples = new int[(int) size];
        } else {
            tc.real = new float[(int) size];
        }
        List<BlockJob> jobs = new ArrayList<>();
        for (int r = 0; r <= tc.top; r++) {
            Resolution res = tc.resolutions[r];
            for (Band band : res.bands) {
                if (band.isEmpty()) {
                    continue;
                }
                int xOffset = 0;
                int yOffset = 0;
                if (r > 0) {
                    Resolution lower = tc.resolutions[r - 1];
                    if ((band.orientation & 1) != 0) {
                        xOffset = lower.x1 - lower.x0;
                    }
                    if ((band.orientation & 2) != 0) {
                        yOffset = lower.y1 - lower.y0;
                    }
                }
                int b = r == 0 ? 0 : band.orientation - 1;
                for (Precinct precinct : res.precincts) {
                    if (precinct == null) {
                        continue;
                    }
                    for (CodeBlock block : precinct.grids[b].blocks) {
                        if (block.passes == 0 && block.htCleanupPass < 0) {
                            continue;
                        }
                        jobs.add(new BlockJob(band, block, block.x0 - band.x0 + xOffset, block.y0 - band.y0 + yOffset));
                    }
                }
            }
        }
        int workers = J2kDecoder.workers(jobs.size(), size, parallel);
        AtomicInteger next = new AtomicInteger();
        if (workers <= 1) {
            decodeBlocks(tc, jobs, next);
        } else {
            decodeBlocksInParallel(tc, jobs, next, workers);
        }
        if (reversible) {
            Wavelet.inverse53(tc, tc.samples, width);
        } else {
            Wavelet.inverse97(tc, tc.real, width);
        }
    }

    /** Decodes the jobs not yet taken from {@code next}; each job writes only its own code-block's area. */
    private void decodeBlocks(TileComponent tc, List<BlockJob> jobs, AtomicInteger next) {
        EbcotDecoder ebcot = null;
        HtBlockDecoder ht = null;
        boolean highThroughput = tc.coding.isHighThroughput();
        for (int i = next.getAndIncrement(); i < jobs.size(); i = next.getAndIncrement()) {
            BlockJob job = jobs.get(i);
            CodeBlock block = job.block();
            int[] values;
            if (highThroughput && !block.part1InMixedMode) {
                if (ht == null) {
                    ht = new HtBlockDecoder();
                }
                values = ht.decode(block, job.band(), tc.coding.style(), tile.index, tc.index);
            } else {
                if (ebcot == null) {
                    ebcot = new EbcotDecoder();
                }
                values = ebcot.decode(block, job.band(), tc.coding.style(), tc.regionShift);
            }
            if (values != null) {
                place(tc, job.band(), block, values, job.x(), job.y(), tc.width);
            }
        }
    }

    /**
     * {@link #decodeBlocks} on this thread and {@code workers − 1} tasks of the common fork-join pool, all
     * taking jobs from one counter. The first failure is rethrown as it was (the others stop taking jobs).
     */
    private void decodeBlocksInParallel(TileComponent tc, List<BlockJob> jobs, AtomicInteger next, int workers) {
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Runnable work = () -> {
            try {
                decodeBlocks(tc, jobs, next);
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
                next.set(jobs.size());
            }
        };
        ForkJoinTask<?>[] helpers = new ForkJoinTask<?>[workers - 1];
        for (int i = 0; i < helpers.length; i++) {
            helpers[i] = ForkJoinPool.commonPool().submit(work);
        }
        work.run();
        for (ForkJoinTask<?> helper : helpers) {
            helper.join();
        }
        RuntimeException e = failure.get();
        if (e != null) {
            throw e;
        }
    }

    /** Dequantizes a code-block's doubled magnitudes (OpenJPEG's t1 representation) into the tile buffer. */
    private static void place(TileComponent tc, Band band, CodeBlock block, int[] values, int x, int y,
            int stride) {
        int w = block.width();
        int h = block.height();
        int shift = tc.regionShift;
        if (shift > 0) {
            // Annex H max-shift: a coefficient of magnitude at least 2^s belongs to the ROI (doubled values
            // here, so the threshold is 2^(s+1))
            long threshold = 1L << (shift + 1);
            for (int i = 0; i < w * h; i++) {
                int v = values[i];
                long magnitude = Math.abs((long) v);
                if (magnitude >= threshold) {
                    magnitude >>= shift;
                    values[i] = (int) (v < 0 ? -magnitude : magnitude);
                }
            }
        }
        if (tc.samples != null) {
            int[] out = tc.samples;
            for (int j = 0; j < h; j++) {
                int row = (y + j) * stride + x;
                int from = j * w;
                for (int i = 0; i < w; i++) {
                    out[row + i] = values[from + i] / 2;
                }
            }
        } else {
            float step = 0.5f * band.stepSize;
            float[] out = tc.real;
            for (int j = 0; j < h; j++) {
                int row = (y + j) * stride + x;
                int from = j * w;
                for (int i = 0; i < w; i++) {
                    out[row + i] = (float) values[from + i] * step;
                }
            }
        }
    }

    // ---------------------------------------------------------------- component transform, DC shift

    private void inverseComponentTransform() {
        if (coding.multipleComponentTransform() == 0 || components.length < 3) {
            return;
        }
        TileComponent c0 = components[0];
        TileComponent c1 = components[1];
        TileComponent c2 = components[2];
        if (c0.width != c1.width || c0.width != c2.width || c0.height != c1.height || c0.height != c2.height) {
            throw new J2kException(tile.firstOffset, "the multiple component transform needs components 0 to 2 of"
                    + " equal size, but tile " + tile.index + " has " + c0.width + "x" + c0.height + ", "
                    + c1.width + "x" + c1.height + " and " + c2.width + "x" + c2.height);
        }
        if (c0.coding.reversible()) {
            if (c0.samples == null || c1.samples == null || c2.samples == null) {
                throw new J2kException(tile.firstOffset, "RCT across reversible and irreversible components");
            }
            int[] a = c0.samples;
            int[] b = c1.samples;
            int[] d = c2.samples;
            for (int i = 0; i < a.length; i++) {
                // G.2, equation G-7
                int y = a[i];
                int u = b[i];
                int v = d[i];
                int g = y - ((u + v) >> 2);
                a[i] = v + g;
                b[i] = g;
                d[i] = u + g;
            }
        } else {
            if (c0.real == null || c1.real == null || c2.real == null) {
                throw new J2kException(tile.firstOffset, "ICT across reversible and irreversible components");
            }
            float[] a = c0.real;
            float[] b = c1.real;
            float[] d = c2.real;
            for (int i = 0; i < a.length; i++) {
                // G.3 with OpenJPEG's float constants and operation order (mct.c)
                float y = a[i];
                float u = b[i];
                float v = d[i];
                a[i] = y + v * 1.402f;
                b[i] = y - u * 0.34413f - v * 0.71414f;
                d[i] = y + u * 1.772f;
            }
        }
    }

    /**
     * Writes the tile's components into the image planes: DC level shift (G.1), rounding of irreversible
     * values to nearest even (OpenJPEG's lrintf) and clamping to the component's range.
     */
    void writeInto(int[][] planes, int[] planeWidths, int[] planeX0, int[] planeY0) {
        for (TileComponent tc : components) {
            int c = tc.index;
            int precision = codestream.precision[c];
            boolean isSigned = codestream.signed[c];
            int min = isSigned ? -(1 << (precision - 1)) : 0;
            int max = isSigned ? (1 << (precision - 1)) - 1 : (1 << precision) - 1;
            int shift = isSigned ? 0 : 1 << (precision - 1);
            Resolution res = tc.resolutions[tc.top];
            int[] plane = planes[c];
            int stride = planeWidths[c];
            for (int j = 0; j < tc.height; j++) {
                int out = (res.y0 - planeY0[c] + j) * stride + (res.x0 - planeX0[c]);
                int in = j * tc.width;
                if (tc.samples != null) {
                    int[] s = tc.samples;
                    for (int i = 0; i < tc.width; i++) {
                        int v = s[in + i] + shift;
                        plane[out + i] = v < min ? min : Math.min(v, max);
                    }
                } else {
                    float[] s = tc.real;
                    for (int i = 0; i < tc.width; i++) {
                        float f = s[in + i];
                        long v;
                        if (f > Integer.MAX_VALUE) {
                            v = max;
                        } else if (f < Integer.MIN_VALUE) {
                            v = min;
                        } else {
                            v = (long) Math.rint(f) + shift;
                        }
                        plane[out + i] = (int) (v < min ? min : Math.min(v, max));
                    }
                }
            }
        }
    }
}
